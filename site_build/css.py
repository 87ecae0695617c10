"""Reading and rewriting stylesheets, rule by rule (brand.py keeps the
palette's rules a custom palette uses; unused_css.py drops what no page
uses)."""

from __future__ import annotations

from collections.abc import Callable

# At-rules whose block holds rules: walked into, and dropped once empty.
GROUPING = ("@media", "@supports", "@layer", "@container")


def _outside_quotes(text: str):
    """(position, character) of each character of `text` outside quoted
    text (a data URL, a `content` string), which is read past whole."""
    quote = ""
    for at, char in enumerate(text):
        if quote:
            if char == quote and text[at - 1] != "\\":
                quote = ""
        elif char in "\"'":
            quote = char
        else:
            yield at, char


def blocks(css: str) -> list[tuple[str, str]]:
    """The top-level blocks of a stylesheet: (prelude, body) pairs."""
    found, depth, start, prelude = [], 0, 0, ""
    for at, char in _outside_quotes(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:at].strip(), at + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                found.append((prelude, css[start:at]))
                start = at + 1
    return found


def top_level(text: str, separator: str) -> list[str]:
    """`text` split at each `separator` outside parentheses, brackets and
    quotes: a selector list at its commas, a rule's body at its semicolons."""
    parts, depth, start = [], 0, 0
    for at, char in _outside_quotes(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:at])
            start = at + 1
    parts.append(text[start:])
    return parts


def rewrite_rules(css: str, rule: Callable[[str, str], str]) -> str:
    """The stylesheet with each style rule replaced by `rule(prelude,
    body)`, which returns the new rule or "" to drop it. Rules inside
    grouping at-rules are rewritten too, and a group left empty goes;
    other at-rules (@keyframes, @font-face, …) stay as they are."""
    out = []
    for prelude, body in blocks(css):
        if prelude.startswith(GROUPING):
            inner = rewrite_rules(body, rule)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            out.append(rule(prelude, body))
    return "".join(out)
