"""Typographic punctuation in one pass: the ``smarty`` and
``pymdownx.smartsymbols`` substitutions, applied together.

Both extensions register their own copy of Python-Markdown's inline
processor, each walking every text of the page and trying its patterns
one Python call at a time. That machinery is built for patterns that make
elements; these only put text in place of text (’ for ', – for --, © for
(c)). This extension, listed after both in ``markdown_extensions``, takes
their patterns (with their options) and their place in the order, and runs
them in one walk over the same texts, with the inline processor's own rule
for each pattern: search from the start, and after a replacement from just
past it; a pattern that cannot match (its mark is not in the text) is not
tried. The HTML is byte for byte the one the two extensions give
(tests/test_typography.py compares them on every page and on random text);
a blog post's conversion takes about half the time.

Without either extension in the list it does nothing for that one.
"""

from __future__ import annotations

import re
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
        super().__init__(md)
        # per replaced processor, in the order they ran: (regex, pattern, mark)
        self.groups = []
        for patterns in groups:
            group = []
            for pattern in patterns:
                regex = pattern.getCompiledRegExp()
                marks = required(regex.pattern)
                if regex.flags & re.IGNORECASE:
                    marks = {m for m in marks if m.lower() == m.upper()}
                group.append((regex, pattern, min(marks, default=None)))
            self.groups.append(group)

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
        for element in root.iter():
            if element is root:
                continue
            text = element.text
            if text and not isinstance(text, util.AtomicString):
                element.text = self._text(text)
            tail = element.tail
            if tail and not isinstance(tail, util.AtomicString):
                element.tail = self._text(tail)


class TypographyExtension(Extension):
    def extendMarkdown(self, md):
        groups, priority = [], None
        for name, at in REPLACED:
            if name in md.treeprocessors:
                groups.append(list(md.treeprocessors[name].inlinePatterns))
                priority = at if priority is None else priority
                md.treeprocessors.deregister(name)
        if groups:
            md.treeprocessors.register(TypographyTreeprocessor(md, groups), "typography", priority)


def makeExtension(**kwargs):
    return TypographyExtension(**kwargs)
