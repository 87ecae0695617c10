"""How working together starts, as three or four numbered steps: data and HTML.

The data lives in one YAML file (``data/process.yml``): a list of steps under
``steps``, each with a short ``title`` and one sentence (``text``). Pages
show it with ``<!-- md:processo -->`` (the home page). Every problem in the
file raises ``ProcessDataError`` naming the file and, where known, the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .datafile import cached, read_yaml, typographic
from .errors import ContentError

STEPS_MIN, STEPS_MAX = 3, 4


class ProcessDataError(ContentError):
    """The process data file is missing, malformed or incomplete."""


@dataclass(frozen=True)
class Step:
    """One step: a few words and the sentence that explains them."""

    title: str
    text: str


_cache: dict[tuple, tuple[Step, ...]] = {}


def load_process(path: str) -> tuple[Step, ...]:
    """Read and check the process file (cached until the file changes)."""
    return cached(path, lambda: _parse(path), ProcessDataError, "process file", _cache)


def _parse(path: str) -> tuple[Step, ...]:
    doc = read_yaml(path, ProcessDataError)

    def fail(obj: object, message: str):
        raise ProcessDataError(f"{doc.at(obj)}: {message}")

    raw = doc.data
    if not isinstance(raw, dict) or set(raw) != {"steps"}:
        fail(raw, "expected one key, 'steps', with the list of steps")
    entries = raw["steps"]
    if not isinstance(entries, list) or not STEPS_MIN <= len(entries) <= STEPS_MAX:
        fail(raw, f"'steps' must list {STEPS_MIN} to {STEPS_MAX} steps, each with 'title' and 'text'")
    steps = []
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            fail(raw, f"step {n}: expected 'title' and 'text'")
        unknown = set(entry) - {"title", "text"}
        if unknown:
            fail(entry, f"step {n}: unknown field(s) {', '.join(sorted(map(str, unknown)))}; "
                        "a step has 'title' and 'text'")
        values = {}
        for field in ("title", "text"):
            value = doc.text(entry, field)
            if not isinstance(value, str) or not value.strip():
                fail(entry, f"step {n}: '{field}' must be a non-empty text")
            values[field] = typographic(" ".join(value.split()))
        steps.append(Step(**values))
    return tuple(steps)


def render(steps: tuple[Step, ...]) -> str:
    """The steps as a numbered list, each with its number drawn large."""
    out = ['<ol class="process">']
    for step in steps:
        out += ['<li class="process__step">',
                f'<p class="process__title"><strong>{escape(step.title, quote=False)}</strong></p>',
                f'<p class="process__text">{escape(step.text, quote=False)}</p>',
                "</li>"]
    out.append("</ol>")
    return "\n".join(out)
