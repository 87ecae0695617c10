"""The self-assessment "Di chi hai bisogno?": the model's properties derived
from the data (every answer set enumerated), the page in Chromium with and
without JavaScript, and build errors for bad data (each case called
directly, one through a real build)."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
import yaml

from support.project import ROOT, build, copy_data, copy_project, render_shortcodes
from site_extensions.roles import load_roles
from site_extensions.self_assessment import (
    MEASURES,
    RESULTS,
    answer_sets,
    contradictions,
    decide,
    facts_for,
    load_assessment,
    missing_conditions,
    result_for,
    shown_notes,
)
from site_extensions.self_assessment import shares as result_shares
from site_extensions.shortcodes import ShortcodeError

PAGE = "/di-chi-hai-bisogno/"
MAX_SHARE = 0.40


@pytest.fixture(scope="module")
def data():
    return load_assessment(str(ROOT / "data/self-assessment.yml"), load_roles(str(ROOT / "data/roles.yml")))


@pytest.fixture(scope="module")
def every(data):
    """ALL answer sets, enumerated, each with its facts and result."""
    sets = [(a, facts_for(data, a), result_for(data, a)[0]) for a in answer_sets(data)]
    assert len(sets) == math.prod(len(q["options"]) for q in data["questions"])
    return sets


@pytest.fixture(scope="module")
def shares(data, every):
    """The share of every result over ALL answer sets (the module's helper,
    checked against a count of the enumeration here)."""
    counts = Counter(key for _a, _f, key in every)
    computed = result_shares(data)
    assert computed == pytest.approx({k: counts[k] / len(every) for k in RESULTS})
    return computed


def option_with(data, fact, value):
    """(question, index) of the one answer that says `fact` is `value`."""
    found = [(q, i) for q in data["questions"] for i, o in enumerate(q["options"]) if o["facts"].get(fact) is value]
    assert found, f"no answer says {fact}={value}"
    return found[0]


def share_of(every, results, where):
    """Among the answer sets for which `where(answers, facts)` holds, the
    share that reaches one of `results`."""
    chosen = [key for a, f, key in every if where(a, f)]
    assert chosen
    return sum(key in results for key in chosen) / len(chosen)


def middle(data):
    return {q["id"]: len(q["options"]) // 2 for q in data["questions"]}


def answers_for(data, key):
    """A set of answers that leads to `key`: per question, the answer that
    gives most (or, for a weak need, least) points to each measure."""
    want = {
        "both": {"execution": 1, "management": 1},
        "va": {"execution": 1, "management": -1},
        "obm": {"execution": -1, "management": 1},
        "first": {"execution": -1, "management": -1},
    }[key]
    return {
        q["id"]: max(
            range(len(q["options"])),
            key=lambda i: sum(want[m] * q["options"][i][m] for m in MEASURES),
        )
        for q in data["questions"]
    }


def test_the_questionnaire_has_eight_to_twelve_questions(data):
    assert 8 <= len(data["questions"]) <= 12


def test_the_two_needs_are_separate_measures(data):
    """Not two ends of one scale: some answers raise one need and leave the
    other alone, and no answer trades one need against the other."""
    options = [o for q in data["questions"] for o in q["options"]]
    assert any(o["execution"] > 0 and o["management"] == 0 for o in options)
    assert any(o["management"] > 0 and o["execution"] == 0 for o in options)
    assert not all(o["execution"] + o["management"] == 2 for o in options)


def test_the_rule_both_only_when_both_needs_are_strong(data):
    strong = {m: data["measures"][m]["strong"] for m in MEASURES}
    ex, mg = strong["execution"], strong["management"]
    assert decide(data, {"execution": ex, "management": mg}) == "both"
    assert decide(data, {"execution": ex, "management": mg - 1}) == "va"
    assert decide(data, {"execution": ex - 1, "management": mg}) == "obm"
    assert decide(data, {"execution": ex - 1, "management": mg - 1}) == "first"


def test_no_result_is_reached_by_more_than_40_percent_of_all_answer_sets(shares):
    assert sum(shares.values()) == pytest.approx(1)
    too_common = {k: round(v, 3) for k, v in shares.items() if v > MAX_SHARE}
    assert not too_common, f"results reached too often: {too_common} (all: {shares})"


@pytest.mark.parametrize("key", RESULTS)
def test_every_result_is_reachable(data, shares, key):
    assert shares[key] > 0
    assert result_for(data, answers_for(data, key))[0] == key


def test_answering_the_middle_everywhere_does_not_recommend_both(data):
    key, execution, management = result_for(data, middle(data))
    assert key != "both", (execution, management)


def test_every_result_names_rows_of_the_role_table(data):
    roles = {r.id for r in load_roles(str(ROOT / "data/roles.yml")).rows}
    for key, result in data["results"].items():
        assert result["rows"] and set(result["rows"]) <= roles, key


def read(path: str) -> str:
    return " ".join((ROOT / path).read_text(encoding="utf-8").split())


# -- what the texts say agrees with the answers (issue 25, point 1) ----------

def test_no_result_text_contradicts_an_answer_that_reaches_it(data):
    """Over every answer set: the result's text (what it `asserts`) and
    each note it shows agree with the facts of the answers given and with
    the totals."""
    assert contradictions(data) == []


def test_the_check_catches_a_text_that_claims_too_much(data):
    """The old "va" text said priorities and projects work today: answer
    sets that reach "va" with "Le decidono le emergenze del giorno" deny it,
    and the check must say so."""
    claims = {**data, "results": {**data["results"], "va": {
        **data["results"]["va"], "asserts": {"esecuzione-forte": True, "priorita-chiare": True, "progetti-avanti": True}}}}
    found = contradictions(claims)
    assert found and all("result 'va'" in f for f in found), found
    assert all("priorita-chiare=True" in f or "progetti-avanti=True" in f for f in found), found


def test_each_fact_is_said_by_one_question_only(data):
    """Two answers of one set can then never disagree about a fact."""
    askers = Counter(f for q in data["questions"] for f in {f for o in q["options"] for f in o["facts"]})
    assert not [f for f, n in askers.items() if n > 1], askers


def test_every_note_can_be_shown_and_can_be_hidden(data, every):
    """A note that always shows belongs in the text; one that never shows
    is dead words."""
    for key, result in data["results"].items():
        for note in result["notes"]:
            shown = [note in shown_notes(data, key, f) for _a, f, k in every if k == key]
            assert any(shown) and not all(shown), (key, note["text"])


# -- answers that mean one thing each, scored as the site says (point 2) -----

def test_no_answer_bundles_two_situations(data):
    """"Poco, oppure lavoro senza collaboratori" gave one score to two
    different situations."""
    bundled = [o["text"] for q in data["questions"] for o in q["options"] if re.search(r"\boppure\b", o["text"], re.I)]
    assert not bundled


def test_working_alone_leads_to_an_obm_at_least_as_often_as_a_team_that_runs_itself(data, every):
    """FAQ: with no collaborators, an OBM helps decide what to delegate,
    to whom and how (order first, then delegation)."""
    assert "Se non hai ancora nessuno, una OBM ti aiuta a capire quali attività delegare" in read("docs/faq.md")
    alone_q, alone = option_with(data, "collaboratori", False)
    team = [i for i, o in enumerate(alone_q["options"]) if o["facts"].get("collaboratori") is True]
    least = min(team, key=lambda i: alone_q["options"][i]["management"])
    assert alone_q["options"][alone]["management"] > alone_q["options"][least]["management"]
    obm = {"obm", "both"}
    when_alone = share_of(every, obm, lambda a, f: a[alone_q["id"]] == alone)
    assert when_alone > share_of(every, obm, lambda a, f: a[alone_q["id"]] == least)
    assert when_alone >= share_of(every, obm, lambda a, f: True)


def test_not_knowing_what_to_delegate_is_a_management_need(data):
    """FAQ and services: working out what to delegate is the OBM's and the
    check-up's job, so the answer that does not know scores management."""
    assert "ti aiuta a capire quali attività delegare" in read("docs/faq.md")
    assert "che cosa delegare" in read("data/services.yml")
    q, i = option_with(data, "sai-cosa-delegare", False)
    assert q["options"][i]["management"] >= 1 and q["options"][i]["execution"] == 0


def test_a_launch_you_know_how_to_organise_needs_hands_not_management(data):
    """Services: "ti manca solo il tempo per attività che sai già come fare:
    ti serve un'assistente virtuale"; a launch you cannot start is
    management (post "Quando è il momento…", signal 7)."""
    assert any("sai già come fare" in i["text"] and "assistente virtuale" in i["text"]
               for i in data["for_whom"]["not_yet"])
    q, known = option_with(data, "lancio-organizzato", True)
    assert q["options"][known]["management"] == 0 and q["options"][known]["execution"] >= 1
    q, unknown = option_with(data, "lancio-organizzato", False)
    assert q["options"][unknown]["management"] == 2 and q["options"][unknown]["execution"] == 0


def test_specialist_work_is_not_scored_as_assistant_work(data):
    """The site treats a graphic designer as a professional of her own, whom
    the OBM coordinates: no question scores design as the assistant's job."""
    assert "una grafica esterna" in read("docs/obm-o-assistente-virtuale.md")
    texts = [q["text"] for q in data["questions"]] + [o["text"] for q in data["questions"] for o in q["options"]]
    assert not [t for t in texts if re.search(r"grafic|copywrit|fotograf|sito web", t, re.I)]


# -- the services page's "non fa ancora per te" (point 3) --------------------

def test_a_missing_condition_never_leads_to_an_obm(data, every):
    """For every answer set: if the answers say a condition of the services
    page is missing, the result recommends no OBM; if none is missing, a
    strong management need does."""
    strong = data["measures"]["management"]["strong"]
    assert set(data["for_whom"]["conditions"]) >= {"entrate-regolari", "lasci-decisioni"}
    for answers, facts, key in every:
        if missing_conditions(data, facts):
            assert key in ("va", "first"), answers
        elif result_for(data, answers)[2] >= strong:
            assert key in ("obm", "both"), answers


@pytest.mark.parametrize("condition", ["entrate-regolari", "lasci-decisioni"])
def test_each_condition_turns_an_obm_result_into_its_advice(data, condition):
    q, i = option_with(data, condition, False)
    for key, instead in (("obm", "first"), ("both", "va")):
        answers = answers_for(data, key)
        assert result_for(data, answers)[0] == key
        assert result_for(data, {**answers, q["id"]: i})[0] == instead


def test_the_services_page_shows_the_lists_from_the_data(data, site_dir):
    """One home: docs/servizi.md places the lists, data/self-assessment.yml
    holds them, and the page shows every item."""
    source = read("docs/servizi.md")
    assert "<!-- md:per-chi-e -->" in source
    html = (site_dir / "servizi/index.html").read_text(encoding="utf-8")
    from html import unescape
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())
    for name in ("fits", "not_yet"):
        for item in data["for_whom"][name]:
            plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", item["text"]).replace("'", "’")
            assert plain in text, plain
            assert plain.replace("’", "'")[:40] not in source, "the list is written in the page again"
    assert re.search(r'href="(\./)?#avvio-della-delega"', html) and 'id="avvio-della-delega"' in html


def answer(page, data, answers):
    for q in data["questions"]:
        page.check(f'input[name="{q["id"]}"][value="{answers[q["id"]]}"]')


@pytest.mark.browser
@pytest.mark.parametrize("key", RESULTS)
def test_a_known_set_of_answers_gives_its_result_and_message(data, base_url, new_page, key):
    page = new_page(width=360, height=740, is_mobile=True, has_touch=True)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method != "GET" else None)
    page.goto(base_url + PAGE)
    answers = answers_for(data, key)
    expected, execution, management = result_for(data, answers)
    assert expected == key
    answer(page, data, answers)
    total = len(data["questions"])
    assert page.inner_text(".self-assessment__count") == f"{total} di {total}"
    page.click("text=Scopri il risultato")
    result = page.locator(f'[data-result="{expected}"]')
    assert result.is_visible()
    assert page.evaluate("document.activeElement.dataset.result") == expected
    for other in set(RESULTS) - {expected}:
        assert page.locator(f'[data-result="{other}"]').is_hidden()
    title = data["results"][expected]["title"]
    assert title in page.text_content(".self-assessment__announce")
    ex_max = data["measures"]["execution"]["max"]
    # The card: recommendation, the two needs as bars, why, the service, the next steps.
    assert data["results"][expected]["text"] in result.inner_text()
    for measure, total_points in (("execution", execution), ("management", management)):
        meter = result.locator(f'meter[data-measure="{measure}"]')
        assert float(meter.get_attribute("max")) == data["measures"][measure]["max"]
        assert meter.evaluate("m => m.value") == total_points
    steps = result.locator(".self-assessment__next li a")
    assert data["results"][expected]["next"]["text"] in steps.last.inner_text()
    # The rows that explain the result go with it.
    labels = {r.id: r.label for r in load_roles(str(ROOT / "data/roles.yml")).rows}
    shown = [t.strip() for t in result.locator("tbody th").all_text_contents()]
    assert shown == [labels[r] for r in data["results"][expected]["rows"]]
    # The contact form opens with the summary in the message.
    link = result.locator("[data-contact-link]")
    href = link.get_attribute("href")
    assert urlsplit(href).query == "", "answers must not travel in the query string"
    assert "#messaggio=" in href
    link.click()
    page.wait_for_url("**/contatti/**")
    message = page.input_value("#cf-full [name=message]")
    assert title in message and f"esecuzione {execution} su {ex_max}".lower() in message.lower()
    first = data["questions"][0]
    assert first["options"][answers[first["id"]]]["text"] in message
    assert "#messaggio" not in page.url, "the fragment is cleared once read"
    assert "risultato del test" in page.inner_text("#cf-full-message-prefill")
    assert page.evaluate("document.activeElement.name") == "name", "the focus is on the first empty field"
    assert posts == [], "no answer leaves the browser"


def shown_sentences(page, key):
    """The result's visible notes and "non fa ancora per te" items."""
    card = page.locator(f'[data-result="{key}"]')
    return [t.strip() for t in card.locator(".self-assessment__note:visible, .self-assessment__not-yet li:visible").all_inner_texts()]


@pytest.mark.browser
def test_the_page_picks_the_same_result_and_sentences_as_the_model(data, every, base_url, new_page):
    """Answer sets drawn from all of them (a fixed seed, every result and
    every missing condition among them): the browser shows the result and
    exactly the sentences that facts_for/shown_notes call for."""
    rng = random.Random(25)
    by_result = {k: [a for a, _f, key in every if key == k] for k in RESULTS}
    sample = [rng.choice(by_result[k]) for k in RESULTS for _ in range(3)]
    for condition in data["for_whom"]["conditions"]:
        sample.append(rng.choice([a for a, f, _k in every if f.get(condition) is False]))
    page = new_page()
    page.goto(base_url + PAGE)
    not_yet = {i["condition"]: i["text"] for i in data["for_whom"]["not_yet"] if i["condition"]}
    for answers in sample:
        facts = facts_for(data, answers)
        key = result_for(data, answers)[0]
        answer(page, data, answers)
        page.click("text=Scopri il risultato")
        assert page.locator(f'[data-result="{key}"]').is_visible(), answers
        expected = [n["text"] for n in shown_notes(data, key, facts)]
        expected += [re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", not_yet[c]) + "." for c in missing_conditions(data, facts)]
        assert shown_sentences(page, key) == [t.replace("'", "’") for t in expected], answers
        page.locator(f'[data-result="{key}"] [data-restart]').click()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_the_result_card_lands_below_the_sticky_header(data, base_url, new_page, width):
    page = new_page(width=width, height=800)
    page.goto(base_url + PAGE)
    answer(page, data, answers_for(data, "obm"))
    page.click("text=Scopri il risultato")
    card = page.locator('[data-result="obm"]')
    header_bottom = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    box = card.bounding_box()
    assert box["y"] >= header_bottom, "the result's top is under the header"
    assert box["y"] <= header_bottom + 60, "the result's top is not at the top of the view"
    heading = card.locator("h3").bounding_box()
    assert heading["y"] + heading["height"] <= 800
    # The live region is announced, not shown.
    announce = page.locator(".self-assessment__announce")
    assert data["results"]["obm"]["title"] in announce.text_content()
    size = announce.bounding_box()
    assert size is None or (size["width"] <= 1 and size["height"] <= 1)


@pytest.mark.browser
def test_a_question_on_two_lines_stays_inside_its_card(data, base_url, new_page):
    page = new_page(width=360, height=800)
    page.goto(base_url + PAGE)
    longest = max(data["questions"], key=lambda q: len(q["text"]))
    fieldset = page.locator(f'#aut-q-{longest["id"]}')
    legend = fieldset.locator("legend").bounding_box()
    card = fieldset.bounding_box()
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.self-assessment legend')).lineHeight)")
    assert legend["height"] > 1.5 * line, "the longest question should wrap at 360 px for this test to mean something"
    assert legend["y"] >= card["y"] + 1, "the question starts on the card's border"
    assert legend["x"] >= card["x"] + 1 and legend["x"] + legend["width"] <= card["x"] + card["width"] - 1


@pytest.mark.browser
def test_unanswered_questions_are_pointed_out(data, base_url, new_page):
    page = new_page()
    page.goto(base_url + PAGE)
    answers = answers_for(data, "obm")
    skipped = data["questions"][3]["id"]
    for q in data["questions"]:
        if q["id"] != skipped:
            page.check(f'input[name="{q["id"]}"][value="{answers[q["id"]]}"]')
    page.click("text=Scopri il risultato")
    assert "Manca una risposta: la prima è la domanda 4." in page.inner_text(".self-assessment__error")
    assert page.evaluate("document.activeElement.name") == skipped
    assert page.locator(".self-assessment__results").is_hidden()


@pytest.mark.browser
def test_restart_clears_the_answers(data, base_url, new_page):
    page = new_page()
    page.goto(base_url + PAGE)
    answer(page, data, answers_for(data, "va"))
    page.click("text=Scopri il risultato")
    page.locator('[data-result="va"] [data-restart]').click()
    assert page.locator(".self-assessment__results").is_hidden()
    assert page.evaluate("document.querySelectorAll('.self-assessment input:checked').length") == 0
    assert page.inner_text(".self-assessment__count").startswith("0 di")
    assert page.evaluate("document.activeElement.name") == data["questions"][0]["id"]


@pytest.mark.browser
def test_keyboard_alone_reaches_a_result(data, base_url, new_page):
    page = new_page()
    page.goto(base_url + PAGE)
    page.focus(f'input[name="{data["questions"][0]["id"]}"]')
    for _ in data["questions"]:
        page.keyboard.press("Space")  # the first answer of this question
        page.keyboard.press("Tab")    # on to the next question (or the button)
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    first = {q["id"]: 0 for q in data["questions"]}
    expected = result_for(data, first)[0]
    assert page.evaluate("document.activeElement.dataset.result") == expected


@pytest.mark.browser
def test_without_javascript_it_is_a_checklist_with_the_rule_in_words(data, base_url, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(base_url + PAGE)
    instructions = page.inner_text(".self-assessment__instructions")
    for measure in data["measures"].values():
        assert measure["label"] in instructions
        assert f"{measure['strong']} punti su {measure['max']}" in instructions
    assert "separatamente" in instructions
    assert "non fa ancora per te" in instructions
    marked = page.locator(".self-assessment__points", has_text="OBM: non ancora")
    assert marked.count() == sum(1 for q in data["questions"] for o in q["options"]
                                 if any(o["facts"].get(c) is False for c in data["for_whom"]["conditions"]))
    for result in data["results"].values():
        assert result["title"] in instructions
    points = page.locator(".self-assessment__points").first
    assert points.is_visible() and "esecuzione" in points.inner_text()
    assert page.locator("[data-result]").count() == len(RESULTS)
    assert all(page.locator(f'[data-result="{k}"]').is_visible() for k in RESULTS)
    assert page.locator(".self-assessment button[type=submit]").is_hidden()
    # Without the script the two next steps are plain links that work.
    assert page.locator('[data-result="first"] [data-contact-link]').get_attribute("href").endswith("contatti/")
    assert page.locator(".self-assessment legend").count() == len(data["questions"])


@pytest.mark.browser
def test_without_javascript_the_questions_fit_a_phone(data, base_url, new_page):
    """The points written next to each answer (the longest carry the "OBM:
    non ancora" mark) wrap inside their card instead of widening the page."""
    page = new_page(width=360, height=800, java_script_enabled=False)
    page.goto(base_url + PAGE)
    assert page.locator(".self-assessment__points", has_text="OBM: non ancora").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def rewrite(d, path, value):
    """A copy of the data with the value at `path` (a list of keys) replaced."""
    d = yaml.safe_load(yaml.safe_dump(d))
    target = d
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return d


BAD = {
    "not YAML": (lambda d: "measures: [\n", "not valid YAML", None),
    "too few questions": (lambda d: {**d, "questions": d["questions"][:7]}, "'questions' must be a list of 8 to 12", None),
    "points out of range": (
        lambda d: rewrite(d, ["questions", 0, "options", 0, "execution"], 3),
        "'execution' must be a whole number from 0 to 2", ":",
    ),
    "threshold out of reach": (
        lambda d: rewrite(d, ["measures", "management", "strong"], 99),
        "'strong' is 99, but the answers give at most", ":",
    ),
    "unknown role row": (
        lambda d: rewrite(d, ["results", "va", "rows"], ["inesistente"]),
        "unknown role-table row(s) inesistente", ":",
    ),
    "unknown fact": (
        lambda d: rewrite(d, ["results", "va", "asserts"], {"inventato": True}),
        "unknown fact 'inventato' in 'asserts'", ":",
    ),
    "condition no answer asks": (
        lambda d: {**d, "facts": {**d["facts"], "nuovo-fatto": "prova"}, "for_whom": {
            "fits": d["for_whom"]["fits"] + [{"text": "prova", "condition": "nuovo-fatto"}],
            "not_yet": d["for_whom"]["not_yet"] + [{"text": "prova", "condition": "nuovo-fatto"}]}},
        "no answer says that 'nuovo-fatto' is missing", ":",
    ),
    "missing result": (lambda d: {**d, "results": {k: v for k, v in d["results"].items() if k != "first"}}, "'results' must have exactly", None),
}


def write_bad_data(path, case: str) -> tuple[str, str | None]:
    """Write the bad data of `case` into `path`; return the words its error
    must contain, and ":" when it must name the line."""
    change, message, line = BAD[case]
    changed = change(yaml.safe_load(path.read_text(encoding="utf-8")))
    path.write_text(changed if isinstance(changed, str) else yaml.safe_dump(changed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return message, line


@pytest.mark.parametrize("case", BAD)
def test_bad_data_is_refused_naming_the_file_and_line(tmp_path, case):
    """The shortcode called directly on bad data: the error names the data
    file, the line where it is known, and what is wrong."""
    data = copy_data(tmp_path / "data")
    message, line = write_bad_data(data / "self-assessment.yml", case)
    with pytest.raises(ShortcodeError) as error:
        render_shortcodes("# Prova\n\n<!-- md:autovalutazione -->\n", data=data)
    text = str(error.value)
    assert "data/self-assessment.yml" in text and message in text, text
    if line:
        assert re.search(r"data/self-assessment\.yml:\d+: ", text), "the line is known and must be named"


@pytest.mark.build
def test_bad_data_fails_the_build_naming_the_file_and_line(tmp_path):
    """One case through a real build: the same words. (The build checks
    the data files before any page, so no page is named.)"""
    project = copy_project(tmp_path / "project")
    message, _line = write_bad_data(project / "data/self-assessment.yml", "points out of range")
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0
    assert re.search(r"data/self-assessment\.yml:\d+: ", output) and message in output, output
    assert "before it is built" in output, "data errors are found before any page is built"


@pytest.mark.browser
@pytest.mark.parametrize("width, scheme", [("360px", "chiaro"), ("desktop", "scuro")])
def test_the_shown_result_card_has_no_axe_violations(data, browser, base_url, site_dir, width, scheme):
    from test_accessibility import describe, open_view, run_axe, visit
    from support.waits import settle

    page = open_view(browser, base_url, site_dir, width, scheme)
    try:
        visit(page, base_url + PAGE, scheme)
        answer(page, data, answers_for(data, "both"))
        page.click("text=Scopri il risultato")
        page.locator('[data-result="both"] details summary').click()
        settle(page)
        violations = run_axe(page)
        assert not violations, "\n".join(describe(f"{PAGE} (result shown)", violations))
    finally:
        page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_the_progress_bar_covers_no_answer_until_the_reader_answers(data, base_url, new_page, width):
    """Every answer in the first screen can be touched where it is drawn; the
    bar follows the reader (sticky at the bottom) once she has answered."""
    page = new_page(width=width, height=800)
    page.goto(base_url + PAGE)
    page.wait_for_selector(".self-assessment__actions:not([hidden])")
    covered = page.evaluate(
        """() => [...document.querySelectorAll('.self-assessment input[type=radio]')].filter(input => {
             const r = input.getBoundingClientRect();
             if (r.top < 0 || r.bottom > innerHeight) return false;
             const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
             return hit !== input && hit !== input.closest('label');
           }).map(input => input.name + '=' + input.value)"""
    )
    shown = page.evaluate(
        """() => [...document.querySelectorAll('.self-assessment input[type=radio]')]
             .filter(input => { const r = input.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }).length"""
    )
    assert shown, "no answer in the first screen: the test would mean nothing"
    assert covered == []
    position = "getComputedStyle(document.querySelector('.self-assessment__actions')).position"
    assert page.evaluate(position) == "static"
    first = data["questions"][0]["id"]
    page.locator(f'input[name="{first}"]').first.check()
    assert page.evaluate(position) == "sticky"


# -- Touch targets, bars, the recommended service, the way to the contact form

def services_by_id():
    return {s["id"]: s for s in yaml.safe_load((ROOT / "data/services.yml").read_text(encoding="utf-8"))["services"]}


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_every_answer_row_is_a_touch_target_of_44_px_that_chooses_it(data, base_url, new_page, width):
    """Every answer of every question (and every choice of the contact
    form's "Di che cosa hai bisogno?") is a row at least 44 px high, and a
    tap on the row away from the radio chooses that answer."""
    page = new_page(width=width, height=800, is_mobile=width == 360, has_touch=width == 360)
    for path, rows in ((PAGE, ".self-assessment__option"), ("/contatti/", "#cf-full-need label")):
        page.goto(base_url + path)
        boxes = page.eval_on_selector_all(rows, "els => els.map(e => e.getBoundingClientRect().height)")
        expected = sum(len(q["options"]) for q in data["questions"]) if path == PAGE else len(services_by_id()) + 1
        assert len(boxes) == expected
        assert min(boxes) >= 44, f"{path}: a row is {min(boxes):.1f} px high"
        for row in page.locator(rows).all():
            box = row.bounding_box()
            row.click(position={"x": box["width"] - 4, "y": box["height"] / 2})
            assert row.locator("input").is_checked(), f"{path}: a tap on the row's end did not choose it"
    # The radios keep their semantics: a group per question, named by it.
    page.goto(base_url + PAGE)
    first = data["questions"][0]
    group = page.get_by_role("group", name=first["text"].replace("'", "’"), exact=False)
    assert group.get_by_role("radio").count() == len(first["options"])


@pytest.mark.browser
@pytest.mark.parametrize("key", RESULTS)
def test_the_result_names_its_service_and_its_heading_counts_its_steps(data, base_url, new_page, key):
    page = new_page(width=360, height=800)
    page.goto(base_url + PAGE)
    answer(page, data, answers_for(data, key))
    page.click("text=Scopri il risultato")
    card = page.locator(f'[data-result="{key}"]')
    service = services_by_id()[data["results"][key]["service"]]
    assert service["name"] in card.locator(".self-assessment__service").inner_text()
    links = [a.get_attribute("href") for a in card.locator(".self-assessment__next a").all()]
    assert any(urlsplit(h).path.endswith("/servizi/") and urlsplit(h).fragment == service["id"] for h in links), links
    words = {2: "due", 3: "tre", 4: "quattro", 5: "cinque"}
    heading = card.locator(".self-assessment__steps-title").inner_text()
    count = card.locator(".self-assessment__next > li").count()
    named = [n for n, w in words.items() if re.search(rf"\b{w}\b", heading)]
    assert named == [count], f"«{heading}» above {count} steps"
    # The two needs: labelled bars with a plain word, no score out of a total.
    meters = card.locator("meter")
    assert meters.count() == 2
    for meter in meters.all():
        label = page.locator(f'label[for="{meter.get_attribute("id")}"]').inner_text()
        assert label in {data["measures"][m]["bar"] for m in MEASURES}
        assert meter.get_attribute("aria-valuetext") in ("forte", "leggero")
    assert not re.search(r"\d+ su \d+", card.inner_text()), "the card reads like a mark out of a total"


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("key", ["va", "both"])
def test_from_the_result_the_contact_form_opens_at_its_top_with_the_need_chosen(data, base_url, new_page, width, key):
    """"Scrivimi con questo risultato": the contact page opens with the
    form's heading below the sticky header, name and e-mail in view, the
    message filled and the recommended service chosen."""
    page = new_page(width=width, height=800, is_mobile=width == 360, has_touch=width == 360)
    page.goto(base_url + PAGE)
    answer(page, data, answers_for(data, key))
    page.click("text=Scopri il risultato")
    page.locator(f'[data-result="{key}"] [data-contact-link]').click()
    page.wait_for_url("**/contatti/**")
    page.wait_for_function("document.querySelector('#cf-full [name=message]').value.length > 0")
    page.wait_for_timeout(300)
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    title = page.locator("#cf-full-title").bounding_box()
    assert header <= title["y"] < header + 60, f"the form's heading is at {title['y']}, the header ends at {header}"
    for name in ("name", "email"):
        box = page.locator(f'#cf-full [name="{name}"]').bounding_box()
        assert header <= box["y"] and box["y"] + box["height"] <= 800, f"{name} is out of view"
    assert data["results"][key]["title"].replace("'", "’") in page.input_value("#cf-full [name=message]")
    service = services_by_id()[data["results"][key]["service"]]
    assert page.is_checked(f'#cf-full input[name="need"][value="{service["name"]}"]')
    assert page.locator('#cf-full input[name="need"]:checked').count() == 1


def test_a_result_must_name_a_service_of_the_services_file(tmp_path):
    data = copy_data(tmp_path / "data")
    write = lambda change: (data / "self-assessment.yml").write_text(  # noqa: E731
        yaml.safe_dump(change(yaml.safe_load((ROOT / "data/self-assessment.yml").read_text(encoding="utf-8"))),
                       allow_unicode=True, sort_keys=False), encoding="utf-8")
    write(lambda d: rewrite(d, ["results", "obm", "service"], "consulenza-inventata"))
    with pytest.raises(ShortcodeError) as error:
        render_shortcodes("# Prova\n\n<!-- md:autovalutazione -->\n", data=data)
    assert re.search(r"data/self-assessment\.yml:\d+: result 'obm': service 'consulenza-inventata' is not in "
                     r"the services file; use one of check-up-operativo", str(error.value)), str(error.value)
    write(lambda d: rewrite(d, ["results", "obm", "next"], {"text": "Vedi", "page": "servizi.md#gestione-mensile"}))
    with pytest.raises(ShortcodeError) as error:
        render_shortcodes("# Prova\n\n<!-- md:autovalutazione -->\n", data=data)
    assert "'next.page' is the recommended service itself" in str(error.value)
