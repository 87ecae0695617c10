"""Content checks for every page (site_extensions/content_checks.py), fed by
MkDocs:

- every page's front matter is read before anything else: broken front
  matter stops the build with the file and line (MkDocs alone publishes it
  as text, and the page loses its title and settings);
- every rendered page is checked for pictures without alt text or file,
  content the security policy would block (unless `extra.security` allows
  it) and links to posts that are not published. All problems of all pages
  are reported together, and the build stops before anything else runs.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from site_extensions.content_checks import front_matter, page_problems, security_allowances
from site_extensions.errors import ContentError

_state: dict = {"problems": []}


def _docs(config: MkDocsConfig) -> str:
    return os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path or "."))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state["allowed"] = security_allowances(config.extra.get("security"))
    _state["problems"] = []
    return config


@event_priority(100)  # before the blog plugin reads posts' front matter
def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs = _docs(config)
    errors = []
    for file in files.documentation_pages():
        path = f"{docs}/{file.src_uri}"
        with open(file.abs_src_path, encoding="utf-8-sig") as f:
            text = f.read()
        try:
            front_matter(text, path)
        except ContentError as e:
            errors.append(str(e))
    if errors:
        raise ContentError("A page's front matter cannot be read:\n  " + "\n  ".join(errors))
    return files


@event_priority(-100)  # after the blog plugin has decided which posts are drafts
def on_nav(nav, config: MkDocsConfig, files: Files):
    """What the page checks look up: every file the build writes, and the
    address of every page that is not published."""
    docs = _docs(config)
    _state["dests"] = {file.dest_uri for file in files}
    _state["unpublished"] = {
        file.url: f"{docs}/{file.src_uri}"
        for file in files
        if file.is_documentation_page() and file.inclusion.is_excluded()
    }
    return nav


def _exists(target: str) -> bool:
    dests = _state["dests"]
    return target in dests or (target.endswith("/") or not target) and target + "index.html" in dests


def _unpublished(target: str) -> str | None:
    hidden = _state["unpublished"]
    return hidden.get(target) or hidden.get(target.removesuffix("index.html"))


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        source = page.file.content_string
    except (OSError, TypeError):
        source = page.markdown or ""
    _state["problems"] += page_problems(
        html,
        page_url=page.url,
        path=f"{_docs(config)}/{page.file.src_uri}",
        source=source,
        exists=_exists,
        unpublished=_unpublished,
        allowed=_state["allowed"],
    )
    return html


@event_priority(100)  # before anything else is written after the pages
def on_post_build(config: MkDocsConfig) -> None:
    problems, _state["problems"] = _state["problems"], []
    if problems:
        raise ContentError("Pages have problems to fix before publishing:\n  " + "\n  ".join(problems))
