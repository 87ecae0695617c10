"""The self-assessment "Di chi hai bisogno?": data, scoring and HTML.

Two separate needs are measured, not two ends of one scale: **execution**
(tasks that eat the owner's time: the work of a virtual assistant) and
**management** (priorities, projects, people, numbers: the work of an
Online Business Manager). Every answer gives 0 to 2 points to each. A need
is strong from its ``strong`` total up; the result is

    both needs strong          -> "both"
    only execution strong      -> "va"
    only management strong     -> "obm"
    neither strong             -> "first"  (what to do first)

The data file (``data/self-assessment.yml``) holds the two measures, the
questions with their points, and for each result its text, the role-table
rows that explain it and a second next step (a page of the site). Problems
in the file raise ``AssessmentDataError`` naming the file and the line.

The same rule runs in the browser (assets/javascripts/self-assessment.js,
reading the points and thresholds from the HTML) and here (``result_for``,
used by the tests).
"""

from __future__ import annotations

from html import escape

from .datafile import cached, read_yaml, typographic
from .errors import ContentError
from .roles import RoleData, render_table

RESULTS = ("va", "obm", "both", "first")
MEASURES = ("execution", "management")
QUESTIONS_MIN, QUESTIONS_MAX = 8, 12


class AssessmentDataError(ContentError):
    """The self-assessment data file is missing, malformed or incomplete."""


_cache: dict[tuple, dict] = {}


def load_assessment(path: str, roles: RoleData) -> dict:
    return cached(path, lambda: _parse(path, roles), AssessmentDataError, "self-assessment file", _cache,
                  roles.rows)


def _text(fail, where, entry, field, doc):
    """A text field of `entry`, as the file writes it (doc.text)."""
    value = doc.text(entry, field) if isinstance(entry, dict) else None
    if not isinstance(value, str) or not value.strip():
        fail(entry, f"{where}: '{field}' must be a non-empty text")
    return typographic(" ".join(value.split()))


def _whole(fail, where, entry, field, low, high=None):
    value = entry.get(field)
    if not isinstance(value, int) or isinstance(value, bool) or value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"of at least {low}"
        fail(entry, f"{where}: '{field}' must be a whole number {span}")
    return value


def _parse(path: str, roles: RoleData) -> dict:
    doc = read_yaml(path, AssessmentDataError)

    def fail(obj, message):
        raise AssessmentDataError(f"{doc.at(obj)}: {message}")

    raw = doc.data
    if not isinstance(raw, dict):
        fail(raw, "expected a mapping with 'measures', 'questions' and 'results'")
    unknown = set(raw) - {"measures", "questions", "results"}
    if unknown:
        fail(raw, f"unknown key(s) {', '.join(sorted(unknown))}")

    measures_raw = raw.get("measures")
    if not isinstance(measures_raw, dict) or set(measures_raw) != set(MEASURES):
        fail(measures_raw if isinstance(measures_raw, dict) else raw,
             f"'measures' must have exactly these keys: {', '.join(MEASURES)}")
    measures = {}
    for key in MEASURES:
        entry = measures_raw[key]
        where = f"measure '{key}'"
        if not isinstance(entry, dict):
            fail(measures_raw, f"{where}: expected 'label', 'question' and 'strong'")
        measures[key] = {
            "label": _text(fail, where, entry, "label", doc),
            "question": _text(fail, where, entry, "question", doc),
            "strong": _whole(fail, where, entry, "strong", 1),
        }

    questions_raw = raw.get("questions")
    if not isinstance(questions_raw, list) or not QUESTIONS_MIN <= len(questions_raw) <= QUESTIONS_MAX:
        fail(raw, f"'questions' must be a list of {QUESTIONS_MIN} to {QUESTIONS_MAX} questions")
    questions, seen = [], set()
    for n, entry in enumerate(questions_raw, start=1):
        qid = entry.get("id") if isinstance(entry, dict) else None
        where = f"question {n}" + (f" ('{qid}')" if qid else "")
        if not isinstance(qid, str) or not qid.strip() or qid in seen:
            fail(entry, f"{where}: 'id' must be a non-empty text used only once")
        seen.add(qid)
        options_raw = entry.get("options")
        if not isinstance(options_raw, list) or len(options_raw) < 2:
            fail(entry, f"{where}: 'options' must list at least two answers")
        options = []
        for m, option in enumerate(options_raw, start=1):
            owhere = f"{where}, answer {m}"
            if not isinstance(option, dict):
                fail(entry, f"{owhere}: expected 'text', 'execution' and 'management'")
            extra = set(option) - {"text", *MEASURES}
            if extra:
                fail(option, f"{owhere}: unknown field(s) {', '.join(sorted(extra))}")
            options.append({
                "text": _text(fail, owhere, option, "text", doc),
                **{k: _whole(fail, owhere, option, k, 0, 2) for k in MEASURES},
            })
        questions.append({"id": qid, "text": _text(fail, where, entry, "text", doc), "options": options})

    for key, measure in measures.items():
        top = sum(max(o[key] for o in q["options"]) for q in questions)
        if measure["strong"] > top:
            fail(measures_raw[key], f"measure '{key}': 'strong' is {measure['strong']}, "
                               f"but the answers give at most {top} points")
        measure["max"] = top

    results_raw = raw.get("results")
    if not isinstance(results_raw, dict) or set(results_raw) != set(RESULTS):
        fail(results_raw if isinstance(results_raw, dict) else raw,
             f"'results' must have exactly these keys: {', '.join(RESULTS)}")
    known_rows = {r.id for r in roles.rows}
    results = {}
    for key in RESULTS:
        entry = results_raw[key]
        where = f"result '{key}'"
        rows = entry.get("rows") if isinstance(entry, dict) else None
        if not isinstance(rows, list) or not rows:
            fail(entry if isinstance(entry, dict) else results_raw,
                 f"{where}: 'rows' must list the role-table rows that explain it")
        unknown_rows = [r for r in rows if r not in known_rows]
        if unknown_rows:
            fail(entry, f"{where}: unknown role-table row(s) {', '.join(map(str, unknown_rows))} (see {roles.path})")
        step = entry.get("next")
        if not isinstance(step, dict):
            fail(entry, f"{where}: 'next' must give the second next step as 'text' and 'page'")
        page = step.get("page")
        if not isinstance(page, str) or not page.split("#")[0].endswith(".md"):
            fail(step, f"{where}: 'next.page' must be a page of docs/, like servizi.md#check-up-operativo")
        results[key] = {
            "title": _text(fail, where, entry, "title", doc),
            "text": _text(fail, where, entry, "text", doc),
            "rows": rows,
            "next": {"text": _text(fail, where + ", next", step, "text", doc), "page": page},
        }
    return {"path": path, "measures": measures, "questions": questions, "results": results}


def decide(data: dict, totals: dict[str, int]) -> str:
    """The result for the two totals."""
    strong = {k: totals[k] >= data["measures"][k]["strong"] for k in MEASURES}
    if strong["execution"] and strong["management"]:
        return "both"
    if strong["execution"]:
        return "va"
    if strong["management"]:
        return "obm"
    return "first"


def result_for(data: dict, answers: dict[str, int]) -> tuple[str, int, int]:
    """The result for the chosen answer (its index) of every question, with
    the execution and management totals."""
    totals = dict.fromkeys(MEASURES, 0)
    for question in data["questions"]:
        option = question["options"][answers[question["id"]]]
        for k in MEASURES:
            totals[k] += option[k]
    return decide(data, totals), totals["execution"], totals["management"]


def render(data: dict, roles: RoleData, link) -> str:
    """The questionnaire as a real form, the scoring rule in words for
    readers without JavaScript, and the four results.

    ``link(page)`` turns a page of docs/ (``servizi.md#id``) into the URL
    that works from the page being built."""
    q_count = len(data["questions"])
    titles = {k: escape(v["title"], quote=False) for k, v in data["results"].items()}
    ex, mg = data["measures"]["execution"], data["measures"]["management"]
    exl, mgl = escape(ex["label"], quote=False), escape(mg["label"], quote=False)
    out = [
        f'<div class="self-assessment" data-self-assessment '
        f'data-strong-execution="{ex["strong"]}" data-strong-management="{mg["strong"]}">',
        # Only without JavaScript: with it, the page scores by itself.
        '<noscript><div class="self-assessment__instructions">',
        "<p><strong>Come si usa:</strong> il test misura due bisogni diversi, separatamente. "
        f"Il primo è <strong>{exl}</strong>: {escape(ex['question'], quote=False)} "
        f"Il secondo è <strong>{mgl}</strong>: {escape(mg['question'], quote=False)} "
        "Accanto a ogni risposta trovi i punti che dà a ciascuno dei due. "
        "Scegli la risposta più vicina alla tua situazione e, alla fine, somma a parte "
        "i punti di ciascun bisogno.</p>",
        f"<p>Un bisogno è forte se raggiunge la soglia: {ex['strong']} punti su {ex['max']} per "
        f"{exl.lower()}, {mg['strong']} punti su {mg['max']} per {mgl.lower()}.</p>",
        "<ul>",
        f"<li>Se sono forti tutti e due, leggi «{titles['both']}».</li>",
        f"<li>Se è forte solo {exl.lower()}, leggi «{titles['va']}».</li>",
        f"<li>Se è forte solo {mgl.lower()}, leggi «{titles['obm']}».</li>",
        f"<li>Se nessuno dei due raggiunge la soglia, leggi «{titles['first']}».</li>",
        "</ul>",
        "</div></noscript>",
        '<form class="self-assessment__form" id="autovalutazione" aria-label="Di chi hai bisogno? Le domande">',
    ]
    for n, q in enumerate(data["questions"], start=1):
        qid = escape(q["id"])
        out += [
            f'<fieldset class="self-assessment__question" id="aut-q-{qid}">',
            f'<legend><span class="self-assessment__number">{n}.</span> {escape(q["text"], quote=False)}</legend>',
        ]
        for i, option in enumerate(q["options"]):
            out.append(
                f'<label class="self-assessment__option"><input type="radio" name="{qid}" value="{i}" '
                f'data-execution="{option["execution"]}" data-management="{option["management"]}"> '
                f'<span>{escape(option["text"], quote=False)}</span> '
                f'<noscript><span class="self-assessment__points">({exl.lower()} {option["execution"]}, '
                f'{mgl.lower()} {option["management"]})</span></noscript></label>'
            )
        out.append("</fieldset>")
    # Progress and button appear with the script, after the questions, so
    # that nothing above them moves.
    out += [
        '<div class="self-assessment__actions" hidden>',
        '<p class="self-assessment__progress">',
        f'<label for="aut-progress">Risposte date:</label> <progress id="aut-progress" max="{q_count}" value="0"></progress> '
        f'<span class="self-assessment__count">0 su {q_count}</span>',
        "</p>",
        '<button type="submit" class="md-button md-button--primary">Scopri il risultato</button>',
        '<p class="self-assessment__error" role="alert"></p>',
        "</div>",
        "</form>",
        '<div class="self-assessment__results">',
        '<h2 class="self-assessment__results-title" id="aut-risultati">I quattro risultati possibili</h2>',
        '<p class="self-assessment__announce" role="status"></p>',
    ]
    rows_by_id = {r.id: r for r in roles.rows}
    for key, result in data["results"].items():
        rid = f"aut-risultato-{key}"
        out += [
            f'<section class="self-assessment__result" id="{rid}" data-result="{key}" tabindex="-1" aria-labelledby="{rid}-title">',
            f'<h3 id="{rid}-title">{titles[key]}</h3>',
            f'<p class="self-assessment__score" hidden data-execution-label="{exl}" data-management-label="{mgl}" '
            f'data-execution-max="{ex["max"]}" data-management-max="{mg["max"]}"></p>',
            f'<p class="self-assessment__why"><strong>Perché:</strong> {escape(result["text"], quote=False)}</p>',
            '<p class="self-assessment__steps-title"><strong>I prossimi due passi:</strong></p>',
            '<ol class="self-assessment__next">',
            '<li><a class="md-button md-button--primary" data-contact-link href="'
            + escape(link("contatti.md")) + '">Scrivimi con questo risultato</a></li>',
            f'<li><a class="md-button" href="{escape(link(result["next"]["page"]))}">'
            f'{escape(result["next"]["text"], quote=False)}</a></li>',
            "</ol>",
            '<details class="self-assessment__rows">',
            "<summary>Le differenze tra i due ruoli che spiegano questo risultato</summary>",
            render_table(
                [rows_by_id[r] for r in result["rows"]],
                compact=False,
                caption="Le righe del confronto che spiegano questo risultato",
                anchors=False,
            ),
            "</details>",
            '<p class="self-assessment__restart" hidden><button type="button" class="md-button" data-restart>Rifai il test</button></p>',
            "</section>",
        ]
    out += ["</div>", "</div>"]
    return "\n".join(out)
