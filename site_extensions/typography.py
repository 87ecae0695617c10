"""Typographic punctuation in one pass: the ``smarty`` and
``pymdownx.smartsymbols`` substitutions, applied together.

Both extensions register their own copy of Python-Markdown's inline
processor, each walking every text of the page and trying its patterns
one Python call at a time. That machinery is built for patterns that make
elements; these only put text in place of text (’ for ', – for --, © for
(c)). This extension, listed in ``markdown_extensions`` in their place
with their options (``smarty:`` and ``smartsymbols:``; ``false`` turns
one off), takes their patterns and their place in the order, and runs
them in one walk over the same texts, with the inline processor's own rule
for each pattern: search from the start, and after a replacement from just
past it; a pattern that cannot match (its mark is not in the text) is not
tried. The HTML is byte for byte the one the two extensions give
(tests/test_typography.py compares them on every page and on random text);
a blog post's conversion takes about half the time.

The patterns are made once per set of options (on a Markdown of their
own) and each Markdown gets copies bound to it: a build makes a Markdown
for every page and every blog excerpt, and making the two extensions'
patterns each time cost about 40% of setting one up.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import xml.etree.ElementTree as etree
from functools import lru_cache

from markdown import util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# The inline processors these two extensions register (name, priority).
REPLACED = (("smart-symbols", 6.1), ("smarty", 6))


@lru_cache(maxsize=256)  # a blog builds one Markdown per post, with the same patterns
def required(regex: str) -> frozenset[str]:
    """Characters that every match of `regex` contains, read from its parsed
    form (a sequence needs what each of its parts needs; alternatives, what
    all of them need; look-arounds and classes need nothing). Empty when
    nothing is certain, or when the parser is not available."""
    try:
        from re import _constants as c, _parser
    except ImportError:  # pragma: no cover - another Python
        return frozenset()

    def of(items) -> set[str]:
        found = set()
        for op, arg in items:
            if op is c.LITERAL:
                found.add(chr(arg))
            elif op is c.SUBPATTERN:
                found |= of(arg[-1])
            elif op is c.BRANCH:
                alternatives = [of(a) for a in arg[1]]
                found |= set.intersection(*alternatives) if alternatives else set()
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
                found |= of(arg[2])
        return found

    try:
        return frozenset(of(_parser.parse(regex)))
    except Exception:  # pragma: no cover - a form the reading does not know
        return frozenset()


# How Python-Markdown's inline processor keeps a replacement out of the
# patterns that follow it (util.INLINE_PLACEHOLDER): as one opaque token,
# so that a space taken into a replacement is no longer a space to them.
TOKEN = "\u0002klzzwxh:%04d\u0003"
TOKENS = re.compile("\u0002klzzwxh:(\\d{4,})\u0003")


class TypographyTreeprocessor(Treeprocessor):
    def __init__(self, md, groups):
        """`groups`: per replaced processor, in the order they ran, its
        patterns as (regex, pattern, mark) (`_prepared`), shared (`_bind`)."""
        super().__init__(md)
        self.groups = groups

    def _text(self, data: str) -> str:
        for group in self.groups:
            kept: list[str] = []
            for regex, pattern, mark in group:
                if mark is not None and mark not in data:
                    continue
                start = 0
                while True:
                    for match in regex.finditer(data, start):
                        text, begin, end = pattern.handleMatch(match, data)
                        if begin is None or end is None:
                            continue
                        token = TOKEN % len(kept)
                        kept.append(text)
                        data = data[:begin] + token + data[end:]
                        start = begin + len(token)
                        break
                    else:
                        break
            while kept and TOKENS.search(data):
                data = TOKENS.sub(lambda m: kept[int(m.group(1))], data)
        return data

    def run(self, root: etree.Element) -> None:
        _bind(self.groups, self.md)
        for element in root.iter():
            if element is root:
                continue
            text = element.text
            if text and not isinstance(text, util.AtomicString):
                element.text = self._text(text)
            tail = element.tail
            if tail and not isinstance(tail, util.AtomicString):
                element.tail = self._text(tail)


def _prepared(groups) -> list[list[tuple]]:
    """Each group's patterns as (compiled regex, pattern, the one mark a
    text must hold for it to match, or None)."""
    prepared = []
    for patterns in groups:
        group = []
        for pattern in patterns:
            regex = pattern.getCompiledRegExp()
            marks = required(regex.pattern)
            if regex.flags & re.IGNORECASE:
                marks = {m for m in marks if m.lower() == m.upper()}
            group.append((regex, pattern, min(marks, default=None)))
        prepared.append(group)
    return prepared


@lru_cache(maxsize=16)
def _template(smarty: str | None, smartsymbols: str | None) -> list[list[tuple]]:
    """The two extensions' patterns for these options (JSON; None: the
    extension is off), made once on a Markdown of their own: every thread's
    Markdowns share copies of them (`_shared`), not a new set each."""
    import markdown

    extensions, configs = [], {}
    for name, options in (("smarty", smarty), ("pymdownx.smartsymbols", smartsymbols)):
        if options is not None:
            extensions.append(name)
            configs[name] = json.loads(options)
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    return _prepared(list(md.treeprocessors[name].inlinePatterns) for name, _at in REPLACED
                     if name in md.treeprocessors)


# Each thread's copies of the template's patterns (`_shared`).
_THREAD = threading.local()


def _shared(smarty: str | None, smartsymbols: str | None) -> list[list[tuple]]:
    """The template's patterns (`_template`) for these options, as copies
    that every Markdown of this thread shares: no copy for each page and
    each excerpt. The treeprocessor binds them to its Markdown each time it
    runs (`_bind`): a thread runs one conversion at a time, and no pattern
    converts Markdown, so they are never bound to two at once."""
    kept = _THREAD.__dict__.setdefault("groups", {})
    key = (smarty, smartsymbols)
    if key not in kept:
        kept[key] = [[(regex, copy.copy(pattern), mark) for regex, pattern, mark in group]
                     for group in _template(smarty, smartsymbols)]
    return kept[key]


def _bind(groups: list[list[tuple]], md) -> None:
    """The patterns of `groups` bound to `md`, so that what they replace is
    stored in its stash."""
    for group in groups:
        for _regex, pattern, _mark in group:
            pattern.md = md


def _options(value) -> str | None:
    """An extension's options as the template's key (None: off)."""
    if value is False or value is None:
        return None
    return json.dumps(dict(value or {}), sort_keys=True)


class TypographyExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "smarty": [{}, "the smarty extension's options (false: no smarty)"],
            "smartsymbols": [{}, "the pymdownx.smartsymbols extension's options (false: no symbols)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        smarty, symbols = _options(self.getConfig("smarty")), _options(self.getConfig("smartsymbols"))
        groups = _shared(smarty, symbols)
        if smarty is not None:
            # What smarty does besides its patterns (its extendMarkdown).
            if json.loads(smarty).get("smart_angled_quotes"):
                from markdown.extensions.smarty import HTML_STRICT_RE
                from markdown.inlinepatterns import HtmlInlineProcessor

                md.inlinePatterns.register(HtmlInlineProcessor(HTML_STRICT_RE, md), "html", 90)
            md.ESCAPED_CHARS.extend(['"', "'"])
        if groups:
            # The place of the first of the two to run (smartsymbols', when on).
            priority = dict(REPLACED)["smart-symbols" if symbols is not None else "smarty"]
            md.treeprocessors.register(TypographyTreeprocessor(md, groups), "typography", priority)


def makeExtension(**kwargs):
    return TypographyExtension(**kwargs)
