"""The self-assessment "Di chi hai bisogno?": data, scoring and HTML.

The data file (``data/self-assessment.yml``) holds the questions, the points
each answer gives to the VA side and to the OBM side, the margin that decides
the result, and for each result its text and the role-table rows that explain
it. Problems in the file raise ``AssessmentDataError`` naming the file.

The same scoring rule runs in the browser (assets/javascripts/self-assessment.js,
reading the points from the HTML) and here (``result_for``, used by the tests).
"""

from __future__ import annotations

from .errors import ContentError

import os
from html import escape

import yaml

from .roles import RoleData, render_table

RESULTS = ("va", "obm", "both")
QUESTIONS_MIN, QUESTIONS_MAX = 8, 12


class AssessmentDataError(ContentError):
    """The self-assessment data file is missing, malformed or incomplete."""


_cache: dict[tuple, dict] = {}


def load_assessment(path: str, roles: RoleData) -> dict:
    try:
        stat = os.stat(path)
    except OSError as e:
        raise AssessmentDataError(f"{path}: cannot read the self-assessment file ({e.strerror})") from None
    key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size, roles.rows)
    if key not in _cache:
        _cache.clear()
        _cache[key] = _parse(path, roles)
    return _cache[key]


def _fail(path: str, message: str):
    raise AssessmentDataError(f"{path}: {message}")


def _text(path, where, entry, field):
    value = entry.get(field) if isinstance(entry, dict) else None
    if not isinstance(value, str) or not value.strip():
        _fail(path, f"{where}: '{field}' must be a non-empty text")
    return " ".join(value.split())


def _points(path, where, entry, field):
    value = entry.get(field)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 2:
        _fail(path, f"{where}: '{field}' must be a whole number from 0 to 2")
    return value


def _parse(path: str, roles: RoleData) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            raw = yaml.safe_load(f)
    except yaml.YAMLError as e:
        _fail(path, f"not valid YAML: {e}")
    if not isinstance(raw, dict):
        _fail(path, "expected a mapping with 'margin', 'questions' and 'results'")
    margin = raw.get("margin")
    if not isinstance(margin, int) or isinstance(margin, bool) or margin < 1:
        _fail(path, "'margin' must be a whole number of at least 1")

    questions_raw = raw.get("questions")
    if not isinstance(questions_raw, list) or not QUESTIONS_MIN <= len(questions_raw) <= QUESTIONS_MAX:
        _fail(path, f"'questions' must be a list of {QUESTIONS_MIN} to {QUESTIONS_MAX} questions")
    questions, seen = [], set()
    for n, entry in enumerate(questions_raw, start=1):
        qid = entry.get("id") if isinstance(entry, dict) else None
        where = f"question {n}" + (f" ('{qid}')" if qid else "")
        if not isinstance(qid, str) or not qid.strip() or qid in seen:
            _fail(path, f"{where}: 'id' must be a non-empty text used only once")
        seen.add(qid)
        options_raw = entry.get("options")
        if not isinstance(options_raw, list) or len(options_raw) < 2:
            _fail(path, f"{where}: 'options' must list at least two answers")
        options = []
        for m, option in enumerate(options_raw, start=1):
            owhere = f"{where}, answer {m}"
            if not isinstance(option, dict):
                _fail(path, f"{owhere}: expected 'text', 'va' and 'obm'")
            options.append({
                "text": _text(path, owhere, option, "text"),
                "va": _points(path, owhere, option, "va"),
                "obm": _points(path, owhere, option, "obm"),
            })
        questions.append({"id": qid, "text": _text(path, where, entry, "text"), "options": options})

    results_raw = raw.get("results")
    if not isinstance(results_raw, dict) or set(results_raw) != set(RESULTS):
        _fail(path, f"'results' must have exactly these keys: {', '.join(RESULTS)}")
    known_rows = {r.id for r in roles.rows}
    results = {}
    for key in RESULTS:
        entry = results_raw[key]
        where = f"result '{key}'"
        rows = entry.get("rows") if isinstance(entry, dict) else None
        if not isinstance(rows, list) or not rows:
            _fail(path, f"{where}: 'rows' must list the role-table rows that explain it")
        unknown = [r for r in rows if r not in known_rows]
        if unknown:
            _fail(path, f"{where}: unknown role-table row(s) {', '.join(map(str, unknown))} (see {roles.path})")
        results[key] = {
            "title": _text(path, where, entry, "title"),
            "text": _text(path, where, entry, "text"),
            "rows": rows,
        }
    return {"path": path, "margin": margin, "questions": questions, "results": results}


def result_for(data: dict, answers: dict[str, int]) -> tuple[str, int, int]:
    """The result for the chosen answer (its index) of every question,
    with the VA and OBM totals."""
    va = obm = 0
    for question in data["questions"]:
        option = question["options"][answers[question["id"]]]
        va += option["va"]
        obm += option["obm"]
    if obm - va >= data["margin"]:
        return "obm", va, obm
    if va - obm >= data["margin"]:
        return "va", va, obm
    return "both", va, obm


def render(data: dict, roles: RoleData) -> str:
    """The questionnaire as a real form, the scoring rule in words for
    readers without JavaScript, and the three results."""
    q_count = len(data["questions"])
    titles = {k: escape(v["title"], quote=False) for k, v in data["results"].items()}
    margin = data["margin"]
    out = [
        f'<div class="self-assessment" data-self-assessment data-margin="{margin}">',
        # Only without JavaScript: with it, the page scores by itself.
        '<noscript><div class="self-assessment__instructions">',
        "<p><strong>Come si usa:</strong> per ogni domanda scegli la risposta più vicina alla tua "
        "situazione e segna i punti indicati accanto, per l'Assistente Virtuale (VA) e per "
        "l'Online Business Manager (OBM). Alla fine somma i punti dei due lati.</p>",
        "<ul>",
        f"<li>Se i punti OBM superano i punti VA di {margin} o più, leggi «{titles['obm']}».</li>",
        f"<li>Se i punti VA superano i punti OBM di {margin} o più, leggi «{titles['va']}».</li>",
        f"<li>Altrimenti leggi «{titles['both']}».</li>",
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
                f'data-va="{option["va"]}" data-obm="{option["obm"]}"> '
                f'<span>{escape(option["text"], quote=False)}</span> '
                f'<noscript><span class="self-assessment__points">(VA {option["va"]}, OBM {option["obm"]})</span></noscript></label>'
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
        '<h2 class="self-assessment__results-title" id="aut-risultati">I tre risultati possibili</h2>',
        '<p class="self-assessment__announce" role="status"></p>',
    ]
    rows_by_id = {r.id: r for r in roles.rows}
    for key, result in data["results"].items():
        rid = f"aut-risultato-{key}"
        out += [
            f'<section class="self-assessment__result" id="{rid}" data-result="{key}" tabindex="-1" aria-labelledby="{rid}-title">',
            f'<h3 id="{rid}-title">{titles[key]}</h3>',
            '<p class="self-assessment__score" hidden></p>',
            f"<p>{escape(result['text'], quote=False)}</p>",
            render_table(
                [rows_by_id[r] for r in result["rows"]],
                compact=False,
                caption="Le differenze tra i due ruoli che spiegano questo risultato",
                anchors=False,
            ),
            '<p class="self-assessment__next" hidden>',
            '<a class="md-button md-button--primary" data-contact-link href="#autovalutazione">Scrivimi con questo risultato</a> ',
            '<button type="button" class="md-button" data-restart>Rifai il test</button>',
            "</p>",
            "</section>",
        ]
    out += ["</div>", "</div>"]
    return "\n".join(out)
