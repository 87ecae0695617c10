"""The preview (`make serve`): after a save, only what changed is built again.

`mkdocs serve --dirty` writes again only the pages whose source changed
(and the blog's lists); around it, the hook (hooks/pipeline.py) uses what
this module gives:

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
  compiled again);
- everything built again when what many pages show changes: the
  configuration, the templates, the data files (`wide_change`).

`make build` builds everything, always.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jinja2


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


def clear(site: Path) -> None:
    """Empty the output folder, so that the next dirty build writes every page."""
    for path in sorted(site.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_file() or path.is_symlink():
            path.unlink()
        elif path.is_dir():
            path.rmdir()


class SearchIndex:
    """Material's search index, kept whole across dirty builds."""

    NAME = "search/search_index.json"

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
