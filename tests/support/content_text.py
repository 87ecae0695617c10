"""The readable text of the built pages: what a reader reads in the main
column, without code, forms, navigation or the share buttons. Shared by the
content checks (readability, spelling, calls to action)."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

# Elements whose text is not prose written for the page.
SKIP = (
    "script, style, noscript, pre, code, form, nav, aside, .headerlink, "
    ".md-source-file, .contact-form, .share, .md-post__meta, .md-content__button, "
    ".site-visually-hidden, .self-assessment__announce, .self-assessment__score"
)
BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "dt", "dd", "caption", "summary", "legend", "label")

# Content pages and posts, as built: (source under docs/, built file).
# Generated listings (archive, categories, authors, pagination) are left out.
LISTINGS = re.compile(r"^blog/(archivio|categoria|pagina|tag)/|^404\.html$")


def main(path: Path) -> BeautifulSoup | None:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
    article = soup.select_one(".md-content__inner")
    if article is None:
        return None
    for element in article.select(SKIP):
        element.decompose()
    return article


def blocks(article) -> list[str]:
    """The text of each innermost block (a paragraph, a list item, a cell…)."""
    out = []
    for element in article.find_all(BLOCKS):
        if element.find(BLOCKS):
            # Only the text that is not inside a nested block.
            parts = [s for s in element.find_all(string=True, recursive=False)]
            text = " ".join(p.strip() for p in parts if p.strip())
        else:
            text = element.get_text(" ", strip=True)
        text = " ".join(text.split())
        if text:
            out.append(text)
    return out


def content_pages(site: Path) -> list[str]:
    pages = []
    for p in sorted(site.rglob("index.html")):
        rel = p.relative_to(site).as_posix()
        if rel.startswith("assets/") or LISTINGS.search(rel):
            continue
        pages.append(rel)
    return pages


WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)")


def gulpease(texts: list[str]) -> float:
    """The Gulpease readability index of Italian text:
    89 + (300 × sentences − 10 × letters) / words. Every block (heading,
    paragraph, list item, cell) ends a sentence even without a full stop."""
    words = letters = sentences = 0
    for text in texts:
        found = WORD.findall(text)
        words += len(found)
        letters += sum(len(re.sub(r"['’]", "", w)) for w in found)
        ends = len(SENTENCE_END.findall(text))
        sentences += ends if SENTENCE_END.search(text.rstrip()[-1:] or "x") else ends + 1
    if not words:
        return 100.0
    return 89 + (300 * sentences - 10 * letters) / words
