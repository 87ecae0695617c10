"""A static host that applies a `_headers` file the way Netlify and Cloudflare
Pages do, for the tests: a rule is a path pattern on its own line followed by
indented `Name: value` lines; `*` (a splat) matches any run of characters,
`:name` one path segment; every matching rule applies, and a header named by
more than one of them has its values joined with a comma (Cloudflare's
documented behaviour; the site's file never relies on it). A `! Name` line
(Cloudflare's "detach") drops the header as the rules before it set it."""

from __future__ import annotations

import re
from pathlib import Path

from support.server import StaticHandler


class HeadersFileError(ValueError):
    pass


def parse(text: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """[(pattern, [(name, value), …]), …] in file order (value None: a
    detached header); raises HeadersFileError on a line that fits no form."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if not line.startswith("/"):
                raise HeadersFileError(f"line {number}: a path must start with '/': {line!r}")
            if line.count("*") > 1:
                raise HeadersFileError(f"line {number}: at most one '*' in a path: {line!r}")
            rules.append((line.strip(), []))
            continue
        if not rules:
            raise HeadersFileError(f"line {number}: a header before any path")
        detached = re.fullmatch(r"!\s*([A-Za-z0-9-]+)", line.strip())
        if detached:
            rules[-1][1].append((detached.group(1), None))
            continue
        name, sep, value = line.strip().partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z0-9-]+", name) or not value.strip():
            raise HeadersFileError(f"line {number}: not 'Name: value': {line!r}")
        rules[-1][1].append((name, value.strip()))
    return rules


def _regex(pattern: str) -> re.Pattern:
    parts = []
    for piece in re.split(r"(\*|:[A-Za-z]\w*)", pattern):
        if piece == "*":
            parts.append(".*")
        elif piece.startswith(":"):
            parts.append("[^/]+")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts))


def matching(rules, path: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules whose pattern matches the URL path."""
    return [rule for rule in rules if _regex(rule[0]).fullmatch(path)]


def headers_for(rules, path: str) -> dict[str, str]:
    """The headers a response for `path` gets, by lower-case name."""
    merged: dict[str, list[str]] = {}
    for _pattern, headers in matching(rules, path):
        for name, value in headers:
            if value is None:
                merged.pop(name.lower(), None)
            else:
                merged.setdefault(name.lower(), []).append(value)
    return {name: ", ".join(values) for name, values in merged.items()}


class HeadersHandler(StaticHandler):
    """StaticHandler plus the headers that the served folder's `_headers`
    gives the requested path (the file itself is not served, as on the hosts)."""

    def end_headers(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        file = Path(self.directory) / "_headers"
        if file.exists():
            for name, value in headers_for(parse(file.read_text(encoding="utf-8")), path).items():
                self.send_header(name, value)
        super().end_headers()

    def send_head(self):
        if self.path.split("?", 1)[0] == "/_headers":
            self.send_error(404)
            return None
        return super().send_head()
