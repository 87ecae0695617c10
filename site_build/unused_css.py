"""Site step: Material's main stylesheet, without what no page can use.

Material's `main.*.min.css` styles everything the theme and its Markdown
extensions can produce (admonitions, code blocks, tabs, versions, …): 137
KB, every rule parsed before the first paint of every page. This step
keeps the rules that can apply to the site as built:

- a selector stays unless it needs a class that no page carries (in a
  `class` attribute) and no script names (in a string: Material's bundle
  builds the search results, the tooltips and the wrappers of tables
  itself; a string ending in `-` or `_` is a prefix it completes; the
  search worker's files are not read);
  classes inside `:is()`, `:not()`, `:where()` and `:has()` never rule a
  selector out;
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

The result is written under a name of its own content hash (so that a
cache never mixes it up with Material's file, or with another build's),
every page links it instead, and Material's file and its source map go.
Built pages that gain a class (a new post with an admonition) gain its
rules at the next build. A preview (`make serve`) keeps Material's file.
"""

from __future__ import annotations

import hashlib
import re

from .css import rewrite_rules, top_level

MAIN = re.compile(r"assets/stylesheets/(?:[a-z]+/)?main\.[0-9a-f]{8,}\.min\.css")
CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
INLINE_STYLE = re.compile(r"<style>(.*?)</style>|\sstyle=\"([^\"]*)\"", re.S)
STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`([^`]*)`')
WORD = re.compile(r"-?[_a-zA-Z][\w-]*")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
VARIABLE_USE = re.compile(r"var\(\s*(--[\w-]+)")
# A type selector that requires no class attribute, and the tags a page
# writes with a class (only pages are read: the one table a script builds,
# Material's placeholder while it wraps a table, has no class).
NOT_CLASS = re.compile(r"(?<![\w.#:-])([a-zA-Z][\w-]*):not\(\[class\]\)")
CLASSED_TAG = re.compile(r'<([a-zA-Z][\w-]*)\s[^>]*?\bclass="')
# A class no page carries (checked), so `:not(.site-unclassed)` holds for
# every element and weighs what `:not([class])` weighs.
UNCLASSED = "site-unclassed"
COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Material's search worker and its language files, which never touch a page.
SEARCH_ONLY = {"workers", "lunr"}


class Names:
    """The classes the pages carry, the words the scripts' strings hold and
    the tags the pages write with a class."""

    def __init__(self, classes: set[str], words: set[str], classed_tags: set[str] = frozenset()):
        self.classed_tags = classed_tags
        self.known = classes | words
        self.prefixes = tuple(w for w in words if w.endswith(("-", "_")) and len(w) > 3)

    def has(self, name: str) -> bool:
        return name in self.known or name.startswith(self.prefixes)


def _script_words(text: str) -> set[str]:
    words = set()
    for match in STRING.finditer(text):
        for part in match.groups():
            if part:
                words.update(WORD.findall(part))
    return words


def _outside_parentheses(selector: str) -> str:
    kept, depth = [], 0
    for char in selector:
        if char in "([":
            depth += 1
        elif char in ")]":
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
        selectors = [NOT_CLASS.sub(unclassed, s.strip()) for s in top_level(prelude, ",")
                     if all(names.has(c) for c in CLASS.findall(_outside_parentheses(s)))]
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


def run(build) -> None:
    site = build.site
    pages = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    linked = {m.group(0) for text in pages.values() for m in MAIN.finditer(text)}
    if len(linked) != 1:
        return  # no Material stylesheet, or more than one: left as it is
    (name,) = linked
    source = site / name
    if not source.is_file():
        return
    classes, words, variables, classed_tags = set(), set(), set(), set()
    for text in pages.values():
        classed_tags.update(tag.lower() for tag in CLASSED_TAG.findall(text))
        for match in CLASS_ATTRIBUTE.finditer(text):
            classes.update(match.group(1).split())
        for match in INLINE_SCRIPT.finditer(text):
            words |= _script_words(match.group(1))
        for match in INLINE_STYLE.finditer(text):
            variables.update(VARIABLE_USE.findall(match.group(1) or match.group(2) or ""))
    for script in site.rglob("*.js"):
        if SEARCH_ONLY.intersection(script.relative_to(site).parts):
            continue
        text = script.read_text(encoding="utf-8")
        words |= _script_words(text)
        variables.update(re.findall(r"--[\w-]+", text))
    css = COMMENT.sub("", source.read_text(encoding="utf-8"))
    purged = without_unused_variables(used_rules(css, Names(classes, words, classed_tags)), variables)
    digest = hashlib.sha256(purged.encode("utf-8")).hexdigest()[:8]
    new_name = re.sub(r"main\.[0-9a-f]+\.min\.css$", f"main.{digest}.min.css", name)
    (site / new_name).write_text(purged, encoding="utf-8")
    for path, text in pages.items():
        if name in text:
            path.write_text(text.replace(name, new_name), encoding="utf-8")
    if new_name != name:
        source.unlink()
    map_file = source.with_name(source.name + ".map")
    if map_file.is_file():
        map_file.unlink()
