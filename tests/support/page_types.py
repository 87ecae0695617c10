"""The kinds of page the quality gates must cover (issue #3), recognised in a
build: every HTML page of the build belongs to at most one kind, and a gate
asserts that each kind has at least one page, so a kind that disappears (or
moves) fails the gates instead of silently going unchecked."""

from __future__ import annotations

import re
from pathlib import Path

from site_build import html
from support.pages import html_pages


def _is_post(site: Path, rel: str) -> bool:
    # Material's blog-post.html wraps a post in `md-content--post` (an
    # element's class: the page's inline styles name the class too).
    return rel.startswith("blog/") and html.parse((site / rel).read_text(encoding="utf-8")).has(".md-content--post")


# kind -> test on (site, path of the page relative to the build)
KINDS = {
    "home": lambda site, rel: rel == "index.html",
    "confronto": lambda site, rel: rel == "obm-o-assistente-virtuale/index.html",
    "modello": lambda site, rel: re.fullmatch(r"modelli/[^/]+/index\.html", rel) is not None,
    "articolo": _is_post,
    "blog": lambda site, rel: rel == "blog/index.html",
    "archivio": lambda site, rel: rel.startswith("blog/archivio/"),
    "categoria": lambda site, rel: rel.startswith("blog/categoria/"),
    "faq": lambda site, rel: rel == "faq/index.html",
    "contatti": lambda site, rel: rel == "contatti/index.html",
    "privacy": lambda site, rel: rel == "privacy/index.html",
    "404": lambda site, rel: rel == "404.html",
}


def pages_by_kind(site: Path) -> dict[str, list[str]]:
    """Every kind with its pages (sorted), plus "altre" for the rest."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    found["altre"] = []
    for rel in html_pages(site):
        kind = next((k for k, test in KINDS.items() if test(site, rel)), "altre")
        found[kind].append(rel)
    return found


def missing_kinds(site: Path) -> list[str]:
    """Kinds of page the issue lists that the build has no page of."""
    return [kind for kind, pages in pages_by_kind(site).items() if kind != "altre" and not pages]
