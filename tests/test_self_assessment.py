"""The self-assessment "Di chi hai bisogno?": scoring from the data, the
page in Chromium with and without JavaScript, and build errors for bad data."""

from __future__ import annotations

import random
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import ROOT, build, copy_project
from site_extensions.roles import load_roles
from site_extensions.self_assessment import load_assessment, result_for

PAGE = "/di-chi-hai-bisogno/"


@pytest.fixture(scope="module")
def data():
    return load_assessment(str(ROOT / "data/self-assessment.yml"), load_roles(str(ROOT / "data/roles.yml")))


def answers_for(data, key):
    """A set of answers that leads to `key`: the answer that favours that
    side most in every question (for 'both', the most balanced one)."""
    def weight(option):
        if key == "obm":
            return option["obm"] - option["va"]
        if key == "va":
            return option["va"] - option["obm"]
        return -abs(option["obm"] - option["va"])

    return {
        q["id"]: max(range(len(q["options"])), key=lambda i: weight(q["options"][i]))
        for q in data["questions"]
    }


def test_the_questionnaire_has_eight_to_twelve_questions(data):
    assert 8 <= len(data["questions"]) <= 12


@pytest.mark.parametrize("key", ["va", "obm", "both"])
def test_each_result_is_reachable(data, key):
    assert result_for(data, answers_for(data, key))[0] == key


def test_the_scoring_rule_on_many_answer_sets(data):
    rng = random.Random(20261127)
    seen = set()
    for _ in range(2000):
        answers = {q["id"]: rng.randrange(len(q["options"])) for q in data["questions"]}
        key, va, obm = result_for(data, answers)
        chosen = [q["options"][answers[q["id"]]] for q in data["questions"]]
        assert va == sum(o["va"] for o in chosen) and obm == sum(o["obm"] for o in chosen)
        expected = "obm" if obm - va >= data["margin"] else "va" if va - obm >= data["margin"] else "both"
        assert key == expected
        seen.add(key)
    assert seen == {"va", "obm", "both"}


def test_each_result_points_to_rows_of_the_role_table(data):
    roles = {r.id for r in load_roles(str(ROOT / "data/roles.yml")).rows}
    for key, result in data["results"].items():
        assert result["rows"] and set(result["rows"]) <= roles, key


def answer(page, data, answers):
    for q in data["questions"]:
        page.check(f'input[name="{q["id"]}"][value="{answers[q["id"]]}"]')


@pytest.mark.parametrize("key", ["va", "obm", "both"])
def test_a_known_set_of_answers_gives_its_result_and_message(data, base_url, new_page, key):
    page = new_page(width=360, height=740, is_mobile=True, has_touch=True)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method != "GET" else None)
    page.goto(base_url + PAGE)
    answers = answers_for(data, key)
    expected, va, obm = result_for(data, answers)
    answer(page, data, answers)
    total = len(data["questions"])
    assert page.inner_text(".self-assessment__count") == f"{total} su {total}"
    page.click("text=Scopri il risultato")
    result = page.locator(f'[data-result="{expected}"]')
    assert result.is_visible()
    assert page.evaluate("document.activeElement.dataset.result") == expected
    for other in {"va", "obm", "both"} - {expected}:
        assert page.locator(f'[data-result="{other}"]').is_hidden()
    title = data["results"][expected]["title"]
    assert title in page.inner_text(".self-assessment__announce")
    assert f"Punti VA: {va} · punti OBM: {obm}." in result.inner_text()
    # The rows that explain the result are shown with it.
    labels = {r.id: r.label for r in load_roles(str(ROOT / "data/roles.yml")).rows}
    shown = result.locator("tbody th").all_inner_texts()
    assert shown == [labels[r] for r in data["results"][expected]["rows"]]
    # The contact form opens with the summary in the message.
    link = result.locator("[data-contact-link]")
    href = link.get_attribute("href")
    assert urlsplit(href).query == "", "answers must not travel in the query string"
    link.click()
    page.wait_for_url("**/contatti/**")
    message = page.input_value("#cf-full [name=message]")
    assert title in message and f"punti VA {va}, punti OBM {obm}" in message
    first = data["questions"][0]
    assert first["options"][answers[first["id"]]]["text"] in message
    assert "#messaggio" not in page.url, "the fragment is cleared once read"
    assert posts == [], "no answer leaves the browser"


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


def test_without_javascript_it_is_a_checklist(data, base_url, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(base_url + PAGE)
    instructions = page.inner_text(".self-assessment__instructions")
    assert f"di {data['margin']} o più" in instructions
    for result in data["results"].values():
        assert result["title"] in instructions
    assert page.locator(".self-assessment__points").first.is_visible()
    assert page.locator("[data-result]").count() == 3
    assert all(page.locator(f'[data-result="{k}"]').is_visible() for k in ("va", "obm", "both"))
    assert page.locator(".self-assessment button[type=submit]").is_hidden()
    legends = page.locator(".self-assessment legend").count()
    assert legends == len(data["questions"])


BAD = {
    "not YAML": (lambda d: "margin: [", "not valid YAML"),
    "too few questions": (lambda d: {**d, "questions": d["questions"][:7]}, "'questions' must be a list of 8 to 12"),
    "points out of range": (
        lambda d: {**d, "questions": [{**d["questions"][0], "options": [{"text": "A", "va": 3, "obm": 0}, {"text": "B", "va": 0, "obm": 1}]}] + d["questions"][1:]},
        "'va' must be a whole number from 0 to 2",
    ),
    "unknown role row": (
        lambda d: {**d, "results": {**d["results"], "va": {**d["results"]["va"], "rows": ["inesistente"]}}},
        "unknown role-table row(s) inesistente",
    ),
    "missing result": (lambda d: {**d, "results": {k: v for k, v in d["results"].items() if k != "both"}}, "'results' must have exactly"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_data_fails_the_build_naming_the_file(tmp_path, case):
    change, message = BAD[case]
    project = copy_project(tmp_path / "project")
    path = project / "data/self-assessment.yml"
    changed = change(yaml.safe_load(path.read_text(encoding="utf-8")))
    path.write_text(changed if isinstance(changed, str) else yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0
    assert "data/self-assessment.yml" in output and message in output and "di-chi-hai-bisogno.md" in output, output
