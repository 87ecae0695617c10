"""Checks the front matter of every blog post before the blog plugin reads it.

A post must have a title, a description of at most 160 characters, a valid
creation date, categories from `categories_allowed` and known authors. Every
problem found is reported with the post's path, and the build stops.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.utils.meta import YAML_RE
from mkdocs.utils.yaml import yaml_load

DESCRIPTION_MAX = 160


def _defaults(config: MkDocsConfig, src_path: str) -> dict:
    """Front-matter defaults that .meta.yml files give this post."""
    meta = config.plugins.get("material/meta")
    merged: dict = {}
    for path, defaults in getattr(meta, "meta", {}).items():
        if src_path.startswith(os.path.dirname(path)) and isinstance(defaults, dict):
            for key, value in defaults.items():
                if isinstance(value, list):
                    merged[key] = merged.get(key, []) + value
                else:
                    merged[key] = value
    return merged


def _is_date(value) -> bool:
    return isinstance(value, (dt.date, dt.datetime))


def problems(meta: dict, defaults: dict, authors: set[str], categories: set[str]) -> list[str]:
    found = []
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        found.append("'title' is missing")
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        found.append("'description' is missing (one or two sentences, at most 160 characters)")
    elif len(description.strip()) > DESCRIPTION_MAX:
        found.append(f"'description' has {len(description.strip())} characters; at most {DESCRIPTION_MAX}")

    date = meta.get("date")
    created = date.get("created") if isinstance(date, dict) else date
    if date is None:
        found.append("'date' is missing (date: {created: YYYY-MM-DD})")
    elif not _is_date(created):
        found.append(f"'date' {created!r} is not a valid date; write it as YYYY-MM-DD")
    if isinstance(date, dict):
        for key, value in date.items():
            if key == "created":
                continue
            for item in value if isinstance(value, list) else [value]:
                if not _is_date(item):
                    found.append(f"'date.{key}' {item!r} is not a valid date; write it as YYYY-MM-DD")

    used = meta.get("categories") or []
    if not isinstance(used, list) or not used:
        found.append("'categories' is missing: name one of " + ", ".join(sorted(categories)))
    else:
        for name in used:
            if categories and name not in categories:
                found.append(f"category '{name}' is not allowed; use one of " + ", ".join(sorted(categories)))

    for name in (meta.get("authors") or []) + (defaults.get("authors") or []):
        if name not in authors:
            found.append(f"author '{name}' is not in the authors file; known: " + ", ".join(sorted(authors)))
    return found


def on_files(files: Files, config: MkDocsConfig) -> Files:
    blog = config.plugins.get("material/blog")
    if blog is None:
        return files
    post_dir = posixpath.normpath(blog.config.post_dir.format(blog=blog.config.blog_dir))
    authors = set(blog.authors) if blog.config.authors else set()
    categories = set(blog.config.categories_allowed)
    docs = os.path.relpath(config.docs_dir)

    report = []
    for file in files.documentation_pages():
        if not file.src_uri.startswith(post_dir + "/"):
            continue
        where = f"{docs}/{file.src_uri}"
        with open(file.abs_src_path, encoding="utf-8-sig") as f:
            match = YAML_RE.match(f.read())
        if not match:
            report.append(f"{where}: no front matter (title, description, date, categories)")
            continue
        try:
            meta = yaml_load(match.group(1)) or {}
        except ValueError as e:  # a date such as 2026-13-45 is read as a date, and fails
            report.append(f"{where}: a date in the front matter is not valid ({e}); write it as YYYY-MM-DD")
            continue
        except Exception as e:
            report.append(f"{where}: the front matter is not valid YAML: {e}")
            continue
        defaults = _defaults(config, file.src_path)
        report += [f"{where}: {p}" for p in problems(meta, defaults, authors, categories)]

    if report:
        raise PluginError("Blog post front matter has errors:\n  " + "\n  ".join(report))
    return files
