"""The preview (`make serve`): after a save, only what changed is built again.

`mkdocs serve --dirty` writes again only the pages whose source is newer
than their output; around it, the hook (hooks/pipeline.py) uses what this
module gives:

- a save that changes only its own page (a post's text below the excerpt,
  with the same reading time; a page's text) writes that page alone: the
  blog's lists stay as they are (`only_their_pages`, `keep_lists`);
- everything built again when a save changes what other pages show: a
  page added or removed; a page's front matter or heading; a post's
  excerpt or reading time; the configuration, the templates, the data
  files (`wide_change`); and after a build that failed;
- the pipeline's page steps for the rewritten pages only, and none of the
  steps that make files only a deployed site uses (link-preview cards,
  finished feeds, sitemap, robots.txt, `_headers`): `pipeline.finish(...,
  preview=True)`;
- the search index whole and up to date: a dirty build's search index
  has the entries of the pages it rewrote, and Material's plugin keeps
  the previous index's for one page only; the others are taken from the
  index before the build (`SearchIndex`);
- the templates compiled once per preview, not once per save
  (`TEMPLATES`, a Jinja bytecode cache: a template that changes is
  compiled again).

`make build` builds everything, always.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jinja2

from site_extensions.content_checks import FRONT_MATTER

from . import theme


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory by name and source checksum."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = _MemoryBytecodeCache()


def cache_templates(theme, cache: jinja2.BytecodeCache = TEMPLATES) -> None:
    """Every Jinja environment the theme makes (the pages', and those the
    plugins make for their translations) keeps compiled templates in
    `cache`: TEMPLATES for a preview, .cache/templates/ for a build
    (render.compiled_templates)."""
    make = theme.get_env

    def get_env():
        env = make()
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env


def _shaping_files(project, config_file: Path):
    """The files that shape many pages: mkdocs.yml, the template overrides,
    the data files and the docs' .meta.yml and .authors.yml."""
    yield config_file
    for folder in (project.root / "overrides", project.data_dir):
        if folder.is_dir():
            yield from (p for p in folder.rglob("*") if p.is_file())
    yield from project.docs_dir.rglob(".meta.yml")
    yield from project.docs_dir.rglob(".authors.yml")


def wide_change(project, config_file: str | Path, since: float | None) -> bool:
    """Whether a file that shapes many pages changed after `since` (the
    previous build's start; None: there was none)."""
    if since is None:
        return True
    for path in _shaping_files(project, Path(config_file)):
        try:
            if path.stat().st_mtime >= since:
                return True
        except OSError:
            continue
    return False


def sources(project) -> dict[str, str]:
    """The docs' Markdown, by path in docs/ (read at each build's start)."""
    found = {}
    for path in project.docs_dir.rglob("*.md"):
        try:
            found[path.relative_to(project.docs_dir).as_posix()] = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
    return found


_HEADING = re.compile(r"^#[ \t]+.*$", re.M)


def _shown_elsewhere(project, src: str, text: str) -> tuple:
    """What other pages show of a page: its front matter (title,
    description, date, categories...) and its heading; for a post, also its
    excerpt (the text above the separator), shown in the blog's lists."""
    match = FRONT_MATTER.match(text)
    front, body = (match.group(), text[match.end():]) if match else ("", text)
    heading = _HEADING.search(body)
    shown = (front, heading.group().strip() if heading else "")
    if project.is_post(src):
        separator = project.blog.get("post_excerpt_separator", "<!-- more -->")
        shown += (body.split(separator, 1)[0],)
    return shown


def _readtime(project, text: str, markdown) -> int | None:
    """A post's reading time as the blog plugin computes it (from its HTML)."""
    from material.plugins.blog.readtime import readtime

    match = FRONT_MATTER.match(text)
    html = markdown.convert(text[match.end():] if match else text)
    markdown.reset()
    return readtime(html, int(project.blog.get("post_readtime_words_per_minute", 265)))


def only_their_pages(project, before: dict[str, str] | None, after: dict[str, str]) -> bool:
    """Whether the pages that changed between two readings (`sources`)
    change nothing other pages show: no page added or removed, and each
    changed one with the same front matter, heading, and for a post the same
    excerpt and reading time. Then a dirty build, which writes those pages
    alone, shows the whole truth."""
    if before is None or before.keys() != after.keys():
        return False
    changed = [src for src in after if after[src] != before[src]]
    if any(_shown_elsewhere(project, src, before[src]) != _shown_elsewhere(project, src, after[src])
           for src in changed):
        return False
    posts = [src for src in changed if project.is_post(src)]
    if posts and project.blog.get("post_readtime", True):
        from .checks import site_markdown

        markdown = site_markdown(project)
        for src in posts:
            if _readtime(project, before[src], markdown) != _readtime(project, after[src], markdown):
                return False
    return True


def keep_lists(files) -> None:
    """Leave the blog's lists (pages the blog plugin writes, marked as
    generated) as they are: a dirty build writes a page again only when its
    source is newer than its output, and the plugin writes their sources
    anew at every build."""
    for file in files:  # the lists are left out of the navigation: all files
        if file.is_documentation_page() and getattr(file, "generated_by", None) and file.abs_src_path and os.path.isfile(file.abs_dest_path):
            built = os.path.getmtime(file.abs_dest_path)
            os.utime(file.abs_src_path, (built - 1, built - 1))


def clear(site: Path) -> None:
    """Empty the output folder, so that the next dirty build writes every page."""
    for path in sorted(site.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_file() or path.is_symlink():
            path.unlink()
        elif path.is_dir():
            path.rmdir()


class SearchIndex:
    """Material's search index, kept whole across dirty builds."""

    NAME = theme.SEARCH_INDEX["mkdocs"]

    def __init__(self, site: Path):
        self.path = Path(site) / self.NAME
        self.before = self._read()

    def _read(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    @staticmethod
    def _page(location: str) -> str:
        return location.split("#", 1)[0]

    def merge(self, rewritten: set[str]) -> None:
        """The new index's entries for the pages in `rewritten` (site
        addresses, 'blog/post/'), the index before's for the others, in the
        order of the index before (new pages at the end)."""
        after = self._read()
        if after is None or self.before is None:
            return
        # A page's entries are its own, then its sections'. Material's
        # plugin also keeps entries of its previous index across dirty
        # builds, though for one page only: a rewritten page may appear twice,
        # and its last run of entries is the new one.
        new: dict[str, list] = {}
        previous = None
        for doc in after.get("docs", []):
            location = doc.get("location", "")
            page = self._page(location)
            if page != previous or location == page:
                new[page] = []
            new[page].append(doc)
            previous = page
        docs, done = [], set()
        for doc in self.before.get("docs", []):
            page = self._page(doc.get("location", ""))
            if page in rewritten or page in new:
                if page not in done:
                    docs += new.get(page, [])
                    done.add(page)
                continue
            docs.append(doc)
        for page, entries in new.items():
            if page not in done:
                docs += entries
        after["docs"] = docs
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(after, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        temporary.replace(self.path)
