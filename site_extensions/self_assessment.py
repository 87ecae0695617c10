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

A condition of ``for_whom`` (the "Per chi è e per chi non è" lists of the
services page, kept here so that the page and the quiz read one list) that
an answer says is missing rules an OBM out: the management need then does
not count, and the result is "va" or "first".

What the texts may say is data too: ``facts`` names statements about the
reader; an answer declares the facts it implies (``facts``), a result the
facts its text asserts (``asserts``) and optional sentences shown only when
the answers imply their ``when`` facts (``notes``). Two facts always exist,
from the totals: ``esecuzione-forte`` and ``gestione-forte``. The tests
enumerate every answer set and check that no shown text contradicts an
answer given (``contradictions``).

The data file (``data/self-assessment.yml``) holds the two measures, the
facts, the two lists, the questions with their points, and for each result
its text, the role-table rows that explain it and a second next step (a page
of the site). Problems in the file raise ``AssessmentDataError`` naming the
file and the line.

The same rule runs in the browser (assets/javascripts/self-assessment.js,
reading the points and thresholds from the HTML) and here (``result_for``,
used by the tests).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any
from html import escape

from .datafile import cached, read_yaml, typographic
from .errors import ContentError
from .roles import RoleData, render_table

# The page that holds every service in full (site_extensions/services.py).
SERVICES_PAGE = "servizi.md"

RESULTS = ("va", "obm", "both", "first")
MEASURES = ("execution", "management")
QUESTIONS_MIN, QUESTIONS_MAX = 8, 12
# The facts every answer set has, from the totals: measure -> fact
DERIVED = {"execution": "esecuzione-forte", "management": "gestione-forte"}
FACT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A link in a for_whom text, written as in the pages: [testo](pagina.md#id)
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


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
        fail(raw, "expected a mapping with 'measures', 'facts', 'for_whom', 'questions' and 'results'")
    unknown = set(raw) - {"measures", "facts", "for_whom", "questions", "results"}
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
            fail(measures_raw, f"{where}: expected 'label', 'bar', 'question' and 'strong'")
        measures[key] = {
            "label": _text(fail, where, entry, "label", doc),
            "bar": _text(fail, where, entry, "bar", doc),
            "question": _text(fail, where, entry, "question", doc),
            "strong": _whole(fail, where, entry, "strong", 1),
        }

    facts = _facts(fail, raw)
    for_whom = _for_whom(fail, raw, facts, doc)

    def fact_map(entry: dict, field: str, where: str) -> dict[str, bool]:
        """``entry[field]``: declared facts mapped to true or false."""
        value = entry.get(field, {})
        if not isinstance(value, dict) or not value:
            fail(entry, f"{where}: '{field}' must map facts to true or false, like {{priorita-chiare: true}}")
        for fact, truth in value.items():
            if fact not in facts:
                fail(entry, f"{where}: unknown fact '{fact}' in '{field}' (declare it under 'facts')")
            if not isinstance(truth, bool):
                fail(entry, f"{where}: fact '{fact}' in '{field}' must be true or false")
        return dict(value)

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
            extra = set(option) - {"text", "facts", *MEASURES}
            if extra:
                fail(option, f"{owhere}: unknown field(s) {', '.join(sorted(extra))}")
            implied = fact_map(option, "facts", owhere) if "facts" in option else {}
            derived = set(implied) & set(DERIVED.values())
            if derived:
                fail(option, f"{owhere}: '{', '.join(sorted(derived))}' comes from the points, not from one answer")
            options.append({
                "text": _text(fail, owhere, option, "text", doc),
                **{k: _whole(fail, owhere, option, k, 0, 2) for k in MEASURES},
                "facts": implied,
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
        service = entry.get("service")
        if not isinstance(service, str) or not FACT_ID.fullmatch(service):
            fail(entry, f"{where}: 'service' must be the id of the service it recommends, "
                        f"as in data/services.yml (like gestione-mensile)")
        if page.split("#")[0] == "servizi.md" and page.partition("#")[2] == service:
            fail(step, f"{where}: 'next.page' is the recommended service itself, which the result "
                       f"already links; choose another page (an article, come-lavoriamo.md…)")
        if "asserts" not in entry:
            fail(entry, f"{where}: 'asserts' must say what its text states about the reader, "
                        f"like {{esecuzione-forte: true}}")
        notes_raw = entry.get("notes", [])
        if not isinstance(notes_raw, list):
            fail(entry, f"{where}: 'notes' must be a list of 'when' and 'text'")
        notes = []
        for m, note in enumerate(notes_raw, start=1):
            nwhere = f"{where}, note {m}"
            if not isinstance(note, dict) or set(note) != {"when", "text"}:
                fail(note if isinstance(note, dict) else entry, f"{nwhere}: expected 'when' and 'text'")
            notes.append({"when": fact_map(note, "when", nwhere), "text": _text(fail, nwhere, note, "text", doc)})
        results[key] = {
            "title": _text(fail, where, entry, "title", doc),
            "text": _text(fail, where, entry, "text", doc),
            "asserts": fact_map(entry, "asserts", where),
            "notes": notes,
            "rows": rows,
            "next": {"text": _text(fail, where + ", next", step, "text", doc), "page": page},
            "service": service,
            "service_at": doc.at(entry),
        }
    data = {"path": path, "measures": measures, "facts": facts, "for_whom": for_whom,
            "questions": questions, "results": results}
    for condition, entry in for_whom["conditions"].items():
        if not any(o["facts"].get(condition) is False for q in questions for o in q["options"]):
            fail(entry, f"for_whom: no answer says that '{condition}' is missing, so the test never "
                        f"uses this condition; add it to an answer's 'facts' or remove 'condition'")
    return data


def _facts(fail, raw) -> dict[str, str]:
    """The declared facts (id -> what it means) and the two derived ones."""
    facts_raw = raw.get("facts")
    if not isinstance(facts_raw, dict) or not facts_raw:
        fail(raw, "'facts' must map each fact's id to what it means, like priorita-chiare: decidi tu le priorità")
    facts = {}
    for fact, meaning in facts_raw.items():
        if not isinstance(fact, str) or not FACT_ID.fullmatch(fact) or fact in DERIVED.values():
            fail(facts_raw, f"fact '{fact}': the id must be lowercase letters, digits and hyphens, "
                            f"and not {' or '.join(DERIVED.values())}")
        if not isinstance(meaning, str) or not meaning.strip():
            fail(facts_raw, f"fact '{fact}': say what it means in words")
        facts[fact] = meaning
    facts.update({fact: f"the {measure} need is strong" for measure, fact in DERIVED.items()})
    return facts


def _for_whom(fail, raw, facts: dict[str, str], doc) -> dict:
    """The two lists of the services page: each item's text and, where it
    is one, the condition (a fact) that the quiz checks."""
    entry = raw.get("for_whom")
    if not isinstance(entry, dict) or set(entry) != {"fits", "not_yet"}:
        fail(entry if isinstance(entry, dict) else raw,
             "'for_whom' must have two lists: 'fits' (fa per te se) and 'not_yet' (non fa ancora per te se)")
    lists, conditions = {}, {}
    for name in ("fits", "not_yet"):
        items_raw = entry[name]
        if not isinstance(items_raw, list) or not items_raw:
            fail(entry, f"for_whom: '{name}' must list one or more items")
        items = []
        for n, item in enumerate(items_raw, start=1):
            where = f"for_whom, {name} {n}"
            if not isinstance(item, dict) or not set(item) <= {"text", "condition"}:
                fail(item if isinstance(item, dict) else entry, f"{where}: expected 'text' and, optionally, 'condition'")
            condition = item.get("condition")
            if condition is not None:
                if condition not in facts or condition in DERIVED.values():
                    fail(item, f"{where}: condition '{condition}' is not one of the facts declared under 'facts'")
                conditions.setdefault(condition, item)
            items.append({"text": _text(fail, where, item, "text", doc), "condition": condition})
        lists[name] = items
    not_yet = {i["condition"] for i in lists["not_yet"] if i["condition"]}
    for condition in conditions:
        if condition not in not_yet:
            fail(conditions[condition], f"for_whom: condition '{condition}' has no 'not_yet' item: "
                                        f"the quiz needs its words to explain the result")
    return {**lists, "conditions": conditions}


def decide(data: dict, totals: dict[str, int], ruled_out: bool = False) -> str:
    """The result for the two totals; ``ruled_out``: a condition of
    ``for_whom`` is missing, so the management need does not count."""
    strong = {k: totals[k] >= data["measures"][k]["strong"] for k in MEASURES}
    strong["management"] = strong["management"] and not ruled_out
    if strong["execution"] and strong["management"]:
        return "both"
    if strong["execution"]:
        return "va"
    if strong["management"]:
        return "obm"
    return "first"


def facts_for(data: dict, answers: dict[str, int]) -> dict[str, bool]:
    """What the chosen answers say about the reader: the facts the answers
    imply and the two derived from the totals."""
    facts: dict[str, bool] = {}
    totals = dict.fromkeys(MEASURES, 0)
    for question in data["questions"]:
        option = question["options"][answers[question["id"]]]
        facts.update(option["facts"])
        for k in MEASURES:
            totals[k] += option[k]
    for k, fact in DERIVED.items():
        facts[fact] = totals[k] >= data["measures"][k]["strong"]
    return facts


def missing_conditions(data: dict, facts: dict[str, bool]) -> list[str]:
    """The conditions of ``for_whom`` that the answers say are missing."""
    return [c for c in data["for_whom"]["conditions"] if facts.get(c) is False]


def result_for(data: dict, answers: dict[str, int]) -> tuple[str, int, int]:
    """The result for the chosen answer (its index) of every question, with
    the execution and management totals."""
    totals = dict.fromkeys(MEASURES, 0)
    for question in data["questions"]:
        option = question["options"][answers[question["id"]]]
        for k in MEASURES:
            totals[k] += option[k]
    ruled_out = bool(missing_conditions(data, facts_for(data, answers)))
    return decide(data, totals, ruled_out), totals["execution"], totals["management"]


def shown_notes(data: dict, key: str, facts: dict[str, bool]) -> list[dict]:
    """The notes of result ``key`` that the answers' facts call for."""
    return [n for n in data["results"][key]["notes"]
            if all(facts.get(f) is v for f, v in n["when"].items())]


def answer_sets(data: dict) -> Iterator[dict[str, int]]:
    """Every possible set of answers (question id -> answer index)."""
    ids = [q["id"] for q in data["questions"]]
    for combo in itertools.product(*(range(len(q["options"])) for q in data["questions"])):
        yield dict(zip(ids, combo))


def shares(data: dict) -> dict[str, float]:
    """The share of all answer sets that reaches each result."""
    counts = Counter(result_for(data, answers)[0] for answers in answer_sets(data))
    total = sum(counts.values())
    return {key: counts[key] / total for key in RESULTS}


def contradictions(data: dict, limit: int = 5) -> list[str]:
    """Answer sets whose result shows a text that an answer given denies:
    the result's ``asserts`` or a shown note's ``when`` against the facts
    of the answers (and the totals). At most ``limit`` examples, described
    in words; empty when every text agrees with every answer that reaches
    it."""
    found: list[str] = []
    for answers in answer_sets(data):
        facts = facts_for(data, answers)
        key = result_for(data, answers)[0]
        claims = [("text", data["results"][key]["asserts"])]
        claims += [(f"note «{n['text'][:40]}…»", n["when"]) for n in shown_notes(data, key, facts)]
        for what, claimed in claims:
            denied = [f for f, v in claimed.items() if f in facts and facts[f] is not v]
            if denied:
                given = [q["options"][answers[q["id"]]]["text"] for q in data["questions"]
                         if any(f in q["options"][answers[q["id"]]]["facts"] for f in denied)]
                found.append(f"result '{key}', {what}: says {', '.join(f'{f}={claimed[f]}' for f in denied)}, "
                             f"but the answers say otherwise ({'; '.join(given) or 'the points'})")
                if len(found) >= limit:
                    return found
    return found


def _facts_attr(facts: dict[str, bool]) -> str:
    """Facts as the scripts read them: ``id=true id=false``."""
    return " ".join(f"{f}={'true' if v else 'false'}" for f, v in facts.items())


def _inline(text: str, link: Callable[[str], str]) -> str:
    """A for_whom text as HTML: escaped, with its [testo](pagina.md#id)
    links made relative to the page being built."""
    out, last = [], 0
    for match in LINK.finditer(text):
        out.append(escape(text[last:match.start()], quote=False))
        out.append(f'<a href="{escape(link(match[2]))}">{escape(match[1], quote=False)}</a>')
        last = match.end()
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def _plain(text: str) -> str:
    """A for_whom text without its link markup."""
    return LINK.sub(lambda m: m[1], text)


def render_for_whom(data: dict, link: Callable[[str], str]) -> str:
    """The services page's two lists, "Fa per te se" and "Non fa ancora per
    te se", from ``for_whom``."""
    out = ['<div class="for-whom">']
    for name, title in (("fits", "Fa per te se:"), ("not_yet", "Non fa ancora per te se:")):
        items = data["for_whom"][name]
        out += [f"<p><strong>{title}</strong></p>", "<ul>"]
        for n, item in enumerate(items, start=1):
            end = "." if n == len(items) else ";"
            out.append(f"<li>{_inline(item['text'], link)}{end}</li>")
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)


# Numbers as the step list's heading says them ("I prossimi tre passi").
NUMBER_WORDS = {2: "due", 3: "tre", 4: "quattro", 5: "cinque"}


def recommended(data: dict, services: dict[str, Any]) -> dict[str, Any]:
    """Each result's recommended service (result key -> the service of
    data/services.yml its ``service`` names); a name the services file does
    not hold raises AssessmentDataError naming the line of the result."""
    found = {}
    for key, result in data["results"].items():
        if result["service"] not in services:
            raise AssessmentDataError(
                f"{result['service_at']}: result '{key}': service '{result['service']}' is not in the "
                f"services file; use one of {', '.join(services)}")
        found[key] = services[result["service"]]
    return found


def steps_title(count: int) -> str:
    """The heading of a result's list of next steps, naming how many."""
    return f"I prossimi {NUMBER_WORDS.get(count, str(count))} passi:"


def render(data: dict, roles: RoleData, link: Callable[[str], str], services: dict[str, Any]) -> str:
    """The questionnaire as a real form, the scoring rule in words for
    readers without JavaScript, and the four results.

    ``link(page)`` turns a page of docs/ (``servizi.md#id``) into the URL
    that works from the page being built; ``services`` maps the services'
    ids to them (data/services.yml): each result names and links the one it
    recommends."""
    chosen = recommended(data, services)
    q_count = len(data["questions"])
    conditions = list(data["for_whom"]["conditions"])
    not_yet_items = [i for i in data["for_whom"]["not_yet"] if i["condition"]]
    marker = "una Online Business Manager non fa ancora per te"
    short_marker = "OBM: non ancora"
    # The results a missing condition can lead to (decide's rule, asked).
    ruled_out_results = {decide(data, {"execution": e, "management": mg_top}, True)
                         for e in (0, data["measures"]["execution"]["max"])
                         for mg_top in (data["measures"]["management"]["max"],)}
    titles = {k: escape(v["title"], quote=False) for k, v in data["results"].items()}
    ex, mg = data["measures"]["execution"], data["measures"]["management"]
    exl, mgl = escape(ex["label"], quote=False), escape(mg["label"], quote=False)
    out = [
        f'<div class="self-assessment" data-self-assessment '
        f'data-strong-execution="{ex["strong"]}" data-strong-management="{mg["strong"]}" '
        f'data-conditions="{escape(" ".join(conditions))}" '
        f'data-derived="{DERIVED["execution"]} {DERIVED["management"]}">',
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
        f"<p>Alcune risposte sono segnate «{short_marker}»: con quella risposta, {marker}. "
        f"Se ne hai scelta una, il bisogno di "
        f"{mgl.lower()} non conta: leggi «{titles['va']}» se è forte {exl.lower()}, "
        f"altrimenti «{titles['first']}».</p>",
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
            facts = f' data-facts="{escape(_facts_attr(option["facts"]))}"' if option["facts"] else ""
            rules_out = any(option["facts"].get(c) is False for c in conditions)
            out.append(
                f'<label class="self-assessment__option"><input type="radio" name="{qid}" value="{i}" '
                f'data-execution="{option["execution"]}" data-management="{option["management"]}"{facts}> '
                f'<span>{escape(option["text"], quote=False)}</span> '
                f'<noscript><span class="self-assessment__points">({exl.lower()} {option["execution"]}, '
                f'{mgl.lower()} {option["management"]}{"; " + short_marker if rules_out else ""})</span></noscript></label>'
            )
        out.append("</fieldset>")
    # Progress and button appear with the script, after the questions, so
    # that nothing above them moves.
    out += [
        '<div class="self-assessment__actions" hidden>',
        '<p class="self-assessment__progress">',
        f'<label for="aut-progress">Domande a cui hai risposto:</label> <progress id="aut-progress" max="{q_count}" value="0"></progress> '
        f'<span class="self-assessment__count">0 di {q_count}</span>',
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
        service = chosen[key]
        steps = [
            f'<a class="md-button md-button--primary" data-contact-link data-service="{escape(service.id)}" '
            f'href="{escape(link("contatti.md"))}">Scrivimi con questo risultato</a>',
            f'<a class="md-button" href="{escape(link(SERVICES_PAGE + "#" + service.id))}">'
            f'Leggi il servizio «{escape(service.name, quote=False)}»</a>',
            f'<a class="md-button" href="{escape(link(result["next"]["page"]))}">'
            f'{escape(result["next"]["text"], quote=False)}</a>',
        ]
        out += [
            f'<section class="self-assessment__result" id="{rid}" data-result="{key}" tabindex="-1" aria-labelledby="{rid}-title">',
            f'<h3 id="{rid}-title">{titles[key]}</h3>',
            *_measures_html(rid, ex, mg),
            f'<p class="self-assessment__why"><strong>Perché:</strong> {escape(result["text"], quote=False)}</p>',
            *(f'<p class="self-assessment__note" data-when="{escape(_facts_attr(n["when"]))}" hidden>'
              f'{escape(n["text"], quote=False)}</p>' for n in result["notes"]),
            *([
                '<div class="self-assessment__not-yet" hidden>',
                f"<p>Secondo le tue risposte, {marker}:</p>",
                "<ul>",
                *(f'<li data-when="{escape(i["condition"])}=false">{escape(_plain(i["text"]), quote=False)}.</li>'
                  for i in not_yet_items),
                "</ul>",
                "</div>",
            ] if key in ruled_out_results else []),
            *_service_html(service),
            f'<p class="self-assessment__steps-title"><strong>{steps_title(len(steps))}</strong></p>',
            '<ol class="self-assessment__next">',
            *(f"<li>{step}</li>" for step in steps),
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


def _measures_html(rid: str, execution: dict, management: dict) -> list[str]:
    """The two needs as labelled bars (filled in by the page's script with
    the reader's totals), with a word for each: strong or light."""
    labels = (f'data-execution-label="{escape(execution["label"])}" data-management-label="{escape(management["label"])}" '
              f'data-execution-max="{execution["max"]}" data-management-max="{management["max"]}"')
    out = [f'<div class="self-assessment__measures" hidden {labels}>',
           '<p class="self-assessment__measures-title">Quanto pesano i due bisogni nelle tue risposte:</p>']
    for key, measure in (("execution", execution), ("management", management)):
        mid = f"{rid}-{key}"
        out += [
            '<p class="self-assessment__measure">',
            f'<label for="{mid}">{escape(measure["bar"], quote=False)}</label>',
            f'<meter id="{mid}" min="0" max="{measure["max"]}" value="0" data-measure="{key}" '
            f'aria-describedby="{mid}-level"></meter>',
            f'<span class="self-assessment__level" id="{mid}-level"></span>',
            "</p>",
        ]
    out.append("</div>")
    return out


def _service_html(service: Any) -> list[str]:
    """The recommended service, named, with its one line (the next steps
    link it)."""
    return [
        f'<p class="self-assessment__service"><strong>Il servizio adatto a te: '
        f'{escape(service.name, quote=False)}.</strong> {escape(service.summary, quote=False)}</p>',
    ]
