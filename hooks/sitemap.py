"""For search engines: real `lastmod` dates in sitemap.xml, and robots.txt.

MkDocs writes the build date as every page's `lastmod`. This hook gives each
page the date its content last changed instead:

- a blog post: `date.updated` in its front matter, else `date.created`;
- another page: `date` in its front matter if it has one (a date, or
  `updated`/`created` under it), else the date of the last commit that
  changed its source file (one `git log` for the whole docs folder), else
  none, and the sitemap leaves `lastmod` out;
- a blog index, archive, category or author page: the newest of its posts'
  dates and its own.

robots.txt allows every crawler and names the sitemap, unless docs/ has a
robots.txt of its own.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.utils.meta import YAML_RE
from mkdocs.utils.yaml import yaml_load

log = get_plugin_logger("sitemap")

_state: dict = {}


def _as_date(value) -> dt.date | None:
    if isinstance(value, list):
        dates = [d for d in map(_as_date, value) if d]
        return max(dates) if dates else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def front_matter_date(meta: dict) -> dt.date | None:
    """`date.updated`, else `date.created`, else a plain `date`."""
    date = meta.get("date") if isinstance(meta, dict) else None
    if isinstance(date, dict):
        return _as_date(date.get("updated")) or _as_date(date.get("created"))
    return _as_date(date)


def git_dates(folder: Path) -> dict[str, dt.date]:
    """The date of the last commit that touched each file under `folder`,
    by path relative to it. Empty when git or the repository is missing."""
    try:
        out = subprocess.run(
            ["git", "-c", "core.quotePath=false", "log", "--format=%x00%cs", "--name-only",
             "--relative", "--no-renames", "--", "."],
            cwd=folder, capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("\x00"):
            current = _as_date(line[1:])
        elif line and current:
            dates.setdefault(line, current)  # newest first: keep the first
    return dates


def _read_meta(path: str) -> dict:
    try:
        with open(path, encoding="utf-8-sig") as f:
            match = YAML_RE.match(f.read())
        return (yaml_load(match.group(1)) or {}) if match else {}
    except Exception:  # a broken front matter is reported by the build itself
        return {}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _state["robots"] = files.get_file_from_path("robots.txt") is not None
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    docs = Path(config.docs_dir).resolve()
    from_git = git_dates(docs)
    own: dict[int, dt.date | None] = {}

    def own_date(page) -> dt.date | None:
        if id(page) not in own:
            meta = page.meta if page.meta else _read_meta(page.file.abs_src_path)
            own[id(page)] = front_matter_date(meta) or from_git.get(page.file.src_uri)
        return own[id(page)]

    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    dates = {}
    for page in pages:
        candidates = [own_date(page)]
        # Blog views (index, archive, category, author, their later pages).
        for post in getattr(page, "posts", None) or []:
            candidates.append(own_date(post))
        found = [d for d in candidates if d]
        dates[id(page)] = max(found).isoformat() if found else ""

    if not any(dates.values()):
        log.info("No page has a date of its own: sitemap.xml keeps the build date")
        return env
    for page in pages:
        page.update_date = dates[id(page)]
    return env


def on_post_build(config: MkDocsConfig) -> None:
    if _state.get("robots"):
        return
    robots = Path(config.site_dir) / "robots.txt"
    sitemap = f"{config.site_url}sitemap.xml" if config.site_url else "/sitemap.xml"
    robots.write_text(f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", encoding="utf-8")
