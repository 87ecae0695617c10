"""Site step: Material's main stylesheet, without what no page can use.

Material's `main.*.min.css` styles everything the theme and its Markdown
extensions can produce (admonitions, code blocks, tabs, versions, …): 137
KB, every rule parsed before the first paint of every page. This step
keeps the rules that can apply to the site as built:

- a selector stays unless it needs a class that no page carries (in a
  `class` attribute) and no script names (in a string: Material's bundle
  builds the search results, the tooltips and the wrappers of tables
  itself; a string ending in `-` or `_` is a prefix it completes; the
  search worker's files are not read, nor the pages' structured data,
  `application/ld+json`, which no script runs);
  classes inside `:is()`, `:not()`, `:where()` and `:has()` never rule a
  selector out;
- a selector that needs a writing direction no element of a page has
  (`[dir=rtl]` on a site whose pages are all left to right) goes;
- a rule goes when none of its selectors stays, an `@media` or `@supports`
  block when none of its rules does; other at-rules stay as they are;
- a custom property (`--md-…`) goes when nothing uses it any more: no
  `var()` in the stylesheet, the pages (their styles) or the scripts;
- `table:not([class])` (Material's tables of Markdown content), while no
  page writes a table with a class, becomes `table:not(.site-unclassed)`:
  the same elements and the same weight, without a test of the `class`
  attribute. Such a test, in rules like `.md-typeset table:not([class])
  td > :first-child`, makes the browser restyle every element inside an
  element whose class changes, and Material's bundle changes the root's
  class when it starts (`no-js` to `js`) and the header's on scroll.

The result goes into every page that linked Material's file, as an
inline style element in the link's place (the same rules in the same
order, one hash in the security policy, headers.py), and Material's file
and its source map go. A page then needs no request before its first
paint: on a phone's first visit, the one a reader coming from a shared
link makes, the stylesheet's request was a second round trip before the
first paint (and, in Lighthouse's simulated phone, a connection of its
own); the price is the stylesheet's compressed bytes in every page
instead of once in the cache (README, "Speed"). SITE_STYLESHEET=linked
builds the previous way instead, for the benchmarks: the result written
under a name of its own content hash (so that a cache never mixes it up
with Material's file, or with another build's) and linked by every page.
Built pages that gain a class (a new post with an admonition) gain its
rules at the next build. A preview (`make serve`) keeps Material's file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache

from pathlib import Path

from . import html, theme
from .css import rewrite_rules, top_level

STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`([^`]*)`')
WORD = re.compile(r"-?[_a-zA-Z][\w-]*")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
DIRECTION = re.compile(r"""\[dir=["']?([a-zA-Z]+)["']?\]""")
VARIABLE_USE = re.compile(r"var\(\s*(--[\w-]+)")
# A type selector that requires no class attribute (the tags the pages
# write with a class are read from their trees: the one table a script
# builds, Material's placeholder while it wraps a table, has no class).
NOT_CLASS = re.compile(r"(?<![\w.#:-])([a-zA-Z][\w-]*):not\(\[class\]\)")
# A class no page carries (checked), so `:not(.site-unclassed)` holds for
# every element and weighs what `:not([class])` weighs.
UNCLASSED = "site-unclassed"
COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Material's search worker and its language files, which never touch a page.
SEARCH_ONLY = {"workers", "lunr"}


class Names:
    """The classes the pages carry, the words the scripts' strings hold,
    the tags the pages write with a class and, when known, the writing
    directions (`dir` values) the pages give an element."""

    def __init__(self, classes: set[str], words: set[str], classed_tags: set[str] = frozenset(),
                 directions: set[str] | None = None):
        self.classed_tags = classed_tags
        self.directions = directions
        self.known = classes | words
        self.prefixes = tuple(w for w in words if w.endswith(("-", "_")) and len(w) > 3)

    def has(self, name: str) -> bool:
        return name in self.known or name.startswith(self.prefixes)

    def can_match(self, selector: str) -> bool:
        """Whether `selector` (outside its parentheses) needs nothing the
        pages lack: a class no page carries and no script names, or a
        writing direction (`[dir=rtl]`) no element of a page has."""
        if not all(self.has(c) for c in CLASS.findall(_outside_parentheses(selector))):
            return False
        return self.directions is None or all(
            d.lower() in self.directions for d in DIRECTION.findall(_outside_parentheses(selector, brackets=False)))


@lru_cache(maxsize=256)  # every page carries the same few inline scripts
def _inline_words(text: str) -> frozenset[str]:
    """The words of an inline script's strings, once per distinct script."""
    return frozenset(_script_words(text))


def _script_words(text: str) -> set[str]:
    """The words in the strings of the script `text`."""
    words = set()
    for match in STRING.finditer(text):
        for part in match.groups():
            if part:
                words.update(WORD.findall(part))
    return words


def _outside_parentheses(selector: str, brackets: bool = True) -> str:
    """`selector` without what its parentheses hold (and, with `brackets`,
    without its attribute tests)."""
    opening, closing = ("([", ")]") if brackets else ("(", ")")
    kept, depth = [], 0
    for char in selector:
        if char in opening:
            depth += 1
        elif char in closing:
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def used_rules(css: str, names: Names) -> str:
    """The stylesheet's rules that can apply (see the module's text)."""

    def unclassed(match: re.Match) -> str:
        if match.group(1).lower() in names.classed_tags or names.has(UNCLASSED):
            return match.group(0)
        return f"{match.group(1)}:not(.{UNCLASSED})"

    def rule(prelude: str, body: str) -> str:
        selectors = [NOT_CLASS.sub(unclassed, s.strip()) for s in top_level(prelude, ",") if names.can_match(s)]
        return f"{','.join(selectors)}{{{body}}}" if selectors else ""

    return rewrite_rules(css, rule)


def without_unused_variables(css: str, used_elsewhere: set[str]) -> str:
    """The stylesheet without the custom properties nothing reads."""
    used = used_elsewhere | set(VARIABLE_USE.findall(css))

    def rule(prelude: str, body: str) -> str:
        kept = [d for d in top_level(body, ";") if d.strip()
                and not (d.strip().startswith("--") and d.split(":", 1)[0].strip() not in used)]
        return f"{prelude}{{{';'.join(kept)}}}" if kept else ""

    return rewrite_rules(css, rule)


# The inline scripts whose strings may name a class: not the structured
# data (head.py), which each page has its own of and no script reads.
INLINE_SCRIPTS = 'script:not([src]):not([type="application/ld+json" i])'


class Usage:
    """What the built pages use, read one page at a time (`read`, while
    the pipeline holds the page's tree): the classes, the words of the
    inline scripts' strings, the custom properties the inline styles read,
    the tags written with a class, and the pages that link Material's
    stylesheet (each with how many links name it)."""

    def __init__(self) -> None:
        self.classes: set[str] = set()
        self.words: set[str] = set()
        self.variables: set[str] = set()
        self.classed_tags: set[str] = set()
        # stylesheet's site path -> page file -> its links, as written
        self.linked: dict[str, dict[Path, list[str]]] = {}
        self.directions: set[str] = set()  # the `dir` values of the pages' elements

    def read(self, path: Path, page: html.Page) -> None:
        """Notes what the page `page` (the file `path`) uses."""
        classed = page.select("[class]")
        self.classes.update(" ".join([node.attrs.get("class") or "" for node in classed]).split())
        self.classed_tags.update({node.tag.lower() for node in classed})
        for node in page.select("[dir]"):
            self.directions.add((node.attributes.get("dir") or "").strip().lower())
        for node in page.select(INLINE_SCRIPTS):
            self.words |= _inline_words(html.inner(node))
        for node in page.select("style"):
            self.variables.update(VARIABLE_USE.findall(html.inner(node)))
        for node in page.select("[style]"):
            self.variables.update(VARIABLE_USE.findall(node.attributes.get("style") or ""))
        for node in page.select(theme.STYLESHEET_LINK.css):
            found = _MAIN_PATH.search((node.attributes.get("href") or "").split("?")[0])
            if found:
                self.linked.setdefault(found.group(0), {}).setdefault(path, []).append(html.outer(node))


# Material's stylesheet's path in the site, at the end of a link's address.
_MAIN_PATH = re.compile(theme.MAIN_CSS.pattern + "$")


def read(build, output, page: html.Page) -> None:
    """The page reader of this step (pipeline.READERS)."""
    build.css_usage.read(output.path, page)


def _relink(path: Path, links: list[str], name: str, new_name: str) -> None:
    """The page at `path` linking `new_name` where it linked `name`. The
    name carries a content hash, so it stands in the page only where its
    `links` have it: those are renamed as text; anywhere else as well (an
    inline script naming the file), through the page's tree."""
    text = path.read_text(encoding="utf-8")
    if text.count(name) == len(links):
        text = text.replace(name, new_name)
    else:
        page = html.parse(text)
        for node in page.select(theme.STYLESHEET_LINK.css):
            node.attrs["href"] = (node.attributes.get("href") or "").replace(name, new_name)
        text = page.serialise()
    path.write_text(text, encoding="utf-8")


def _inline(path: Path, links: list[str], name: str, style: str, encoded: bytes | None = None) -> None:
    """The page at `path` with the element `style` where it linked `name`.
    Each of its `links` (as the page's writer wrote them) is replaced as
    text where it stands once, in the file's UTF-8 bytes (`encoded`: `style`
    encoded, given once for every page); otherwise through the page's tree."""
    data = path.read_bytes()
    found = [link.encode("utf-8") for link in links]
    if all(data.count(link) == 1 for link in found):
        replacement = encoded if encoded is not None else style.encode("utf-8")
        for link in found:
            data = data.replace(link, replacement)
        path.write_bytes(data)
        return
    page = html.parse(data.decode("utf-8"))
    for node in page.select(theme.STYLESHEET_LINK.css):
        if _MAIN_PATH.search((node.attributes.get("href") or "").split("?")[0]):
            html.replace(node, style)
    path.write_text(page.serialise(), encoding="utf-8")


# SITE_STYLESHEET=linked: the purged stylesheet stays a file every page
# links (the module's text); anything else inlines it.
LINKED_SWITCH = "SITE_STYLESHEET"


def inlined() -> bool:
    """Whether the purged stylesheet goes into the pages (unless
    SITE_STYLESHEET=linked)."""
    return os.environ.get(LINKED_SWITCH, "inline").strip().lower() != "linked"


# Where a purged stylesheet is kept (under the project's .cache/), named
# by a hash of everything it is made from: Material's stylesheet, what the
# pages and scripts use, and this step's code. A build whose pages and
# scripts use what the last one's did reads it instead of purging again.
CACHE_DIR = "unused-css"
CACHE_KEEP = 8  # the newest entries kept
_CODE = [Path(__file__), Path(__file__).with_name("css.py")]


def _key(css: str, usage: Usage, scripts: list[str]) -> str:
    """The cache key of the stylesheet purged from these inputs."""
    digest = hashlib.sha256()
    for part in ([path.read_bytes() for path in _CODE] + [css.encode("utf-8")]
                 + [json.dumps(sorted(found), ensure_ascii=False).encode("utf-8")
                    for found in (usage.classes, usage.words, usage.classed_tags, usage.variables,
                                  usage.directions)]
                 + [text.encode("utf-8") for text in scripts]):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:32]


def _purged(css: str, usage: Usage, scripts: list[str]) -> str:
    """Material's stylesheet `css` without what the pages (`usage`) and the
    scripts (their texts) cannot use."""
    words, variables = set(usage.words), set(usage.variables)
    for text in scripts:
        words |= _script_words(text)
        variables.update(re.findall(r"--[\w-]+", text))
    names = Names(usage.classes, words, usage.classed_tags, usage.directions)
    return without_unused_variables(used_rules(COMMENT.sub("", css), names), variables)


def run(build) -> None:
    """Material's stylesheet without what no page uses (see the module's
    text), from what the page readers found (`Usage`), in every page that
    linked it: no page is held in memory, and each is read once more only
    to put the result in."""
    site, usage = build.site, build.css_usage
    if len(usage.linked) != 1:
        return  # no Material stylesheet, or more than one: left as it is
    ((name, pages),) = usage.linked.items()
    source = site / name
    if not source.is_file():
        return
    scripts = sorted(script for script in site.rglob("*.js")
                     if not SEARCH_ONLY.intersection(script.relative_to(site).parts))
    texts = [script.read_text(encoding="utf-8") for script in scripts]
    css = source.read_text(encoding="utf-8")
    project = getattr(build, "project", None)
    cache = project.cache_dir / CACHE_DIR if project is not None else None
    cached = cache / f"{_key(css, usage, texts)}.css" if cache is not None else None
    if cached is not None and cached.is_file():
        purged = cached.read_text(encoding="utf-8")
    else:
        purged = _purged(css, usage, texts)
        if cached is not None:
            cache.mkdir(parents=True, exist_ok=True)
            temp = cached.with_name(f"{cached.stem}.{os.getpid()}.tmp")
            temp.write_text(purged, encoding="utf-8")
            os.replace(temp, cached)  # atomic: an entry is whole or absent
            for old in sorted(cache.glob("*.css"), key=lambda path: path.stat().st_mtime)[:-CACHE_KEEP]:
                old.unlink(missing_ok=True)
    map_file = source.with_name(source.name + ".map")
    if map_file.is_file():
        map_file.unlink()
    if inlined() and "</style" not in purged.lower():
        style = f"<style>{purged}</style>"
        encoded = style.encode("utf-8")
        for path, links in pages.items():
            _inline(path, links, name, style, encoded)
        build.inline.add_style(purged)
        source.unlink()
        return
    digest = hashlib.sha256(purged.encode("utf-8")).hexdigest()[:8]
    new_name = re.sub(r"main\.[0-9a-f]+\.min\.css$", f"main.{digest}.min.css", name)
    (site / new_name).write_text(purged, encoding="utf-8")
    if new_name != name:
        for path, links in pages.items():
            _relink(path, links, name, new_name)
        source.unlink()
