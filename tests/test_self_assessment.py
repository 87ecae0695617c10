"""The self-assessment "Di chi hai bisogno?": the model's properties derived
from the data (every answer set enumerated), the page in Chromium with and
without JavaScript, and build errors for bad data (each case called
directly, one through a real build)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ROOT, build, copy_data, copy_project, render_shortcodes
from site_extensions.roles import load_roles
from site_extensions.self_assessment import MEASURES, RESULTS, decide, load_assessment, result_for
from site_extensions.shortcodes import ShortcodeError

PAGE = "/di-chi-hai-bisogno/"
MAX_SHARE = 0.40


@pytest.fixture(scope="module")
def data():
    return load_assessment(str(ROOT / "data/self-assessment.yml"), load_roles(str(ROOT / "data/roles.yml")))


@pytest.fixture(scope="module")
def shares(data):
    """The share of every result over ALL answer sets, enumerated."""
    questions = data["questions"]
    counts = Counter()
    for combo in itertools.product(*(range(len(q["options"])) for q in questions)):
        counts[result_for(data, {q["id"]: i for q, i in zip(questions, combo)})[0]] += 1
    total = sum(counts.values())
    assert total == __import__("math").prod(len(q["options"]) for q in questions)
    return {key: counts[key] / total for key in RESULTS}


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


def test_scoring_agrees_with_the_rest_of_the_site(data):
    """Statements the site makes elsewhere (FAQ, posts) that the scoring must
    not contradict."""
    questions = {q["id"]: q for q in data["questions"]}
    # FAQ: an OBM also helps someone without collaborators, so having none is
    # no point for the assistant.
    no_team = questions["coordinamento"]["options"][0]
    assert no_team["execution"] == 0
    # Post "Quando è il momento…": a launch you do not know how to start is
    # a management project.
    launch = questions["lanci"]["options"][-1]
    assert "non so da dove cominciare" in launch["text"] and launch["management"] == 2 and launch["execution"] == 0


def answer(page, data, answers):
    for q in data["questions"]:
        page.check(f'input[name="{q["id"]}"][value="{answers[q["id"]]}"]')


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
    assert page.inner_text(".self-assessment__count") == f"{total} su {total}"
    page.click("text=Scopri il risultato")
    result = page.locator(f'[data-result="{expected}"]')
    assert result.is_visible()
    assert page.evaluate("document.activeElement.dataset.result") == expected
    for other in set(RESULTS) - {expected}:
        assert page.locator(f'[data-result="{other}"]').is_hidden()
    title = data["results"][expected]["title"]
    assert title in page.text_content(".self-assessment__announce")
    ex_max, mg_max = data["measures"]["execution"]["max"], data["measures"]["management"]["max"]
    assert f"Punti: esecuzione {execution} su {ex_max}, gestione {management} su {mg_max}." in result.inner_text()
    # The card: recommendation, why, and two next steps.
    assert data["results"][expected]["text"] in result.inner_text()
    steps = result.locator(".self-assessment__next li a")
    assert steps.count() == 2
    assert data["results"][expected]["next"]["text"] in steps.nth(1).inner_text()
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
    assert page.evaluate("document.activeElement.name") == "message"
    assert posts == [], "no answer leaves the browser"


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


def test_restart_clears_the_answers(data, base_url, new_page):
    page = new_page()
    page.goto(base_url + PAGE)
    answer(page, data, answers_for(data, "va"))
    page.click("text=Scopri il risultato")
    page.locator('[data-result="va"] [data-restart]').click()
    assert page.locator(".self-assessment__results").is_hidden()
    assert page.evaluate("document.querySelectorAll('.self-assessment input:checked').length") == 0
    assert page.inner_text(".self-assessment__count").startswith("0 su")
    assert page.evaluate("document.activeElement.name") == data["questions"][0]["id"]


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


def test_without_javascript_it_is_a_checklist_with_the_rule_in_words(data, base_url, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(base_url + PAGE)
    instructions = page.inner_text(".self-assessment__instructions")
    for measure in data["measures"].values():
        assert measure["label"] in instructions
        assert f"{measure['strong']} punti su {measure['max']}" in instructions
    assert "separatamente" in instructions
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


@pytest.mark.parametrize("width, scheme", [("360px", "chiaro"), ("desktop", "scuro")])
def test_the_shown_result_card_has_no_axe_violations(data, browser, base_url, site_dir, width, scheme):
    from test_accessibility import describe, open_view, run_axe, visit
    from waits import settle

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
