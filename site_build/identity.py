"""The owner's identity, written once in `extra.owner` of mkdocs.yml.

`problems()` checks that it is complete (a missing field is named, with
where to set it). The step `run` gives the owner's name to the blog author
who stands for her: the generator shows the name docs/blog/.authors.yml
gives that entry (`extra.owner.author_id`), a stand-in, and the step puts
the owner's name in its place in every page and feed, so that the name is
never written twice.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import escape

from .project import Project

REQUIRED = ("name", "role", "city", "email", "author_id")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def problems(project: Project) -> list[str]:
    owner = project.extra.get("owner")
    if not isinstance(owner, dict):
        return ["mkdocs.yml: extra.owner (the owner's identity) is missing"]
    missing = [k for k in REQUIRED if not str(owner.get(k) or "").strip()]
    if missing:
        return [f"mkdocs.yml: extra.owner.{missing[0]} is empty; set it"]
    if not EMAIL.match(str(owner["email"])):
        return [f"mkdocs.yml: extra.owner.email '{owner['email']}' is not an e-mail address"]
    if owner["author_id"] not in authors(project):
        return [f"docs/blog/.authors.yml: no author '{owner['author_id']}' "
                "(extra.owner.author_id in mkdocs.yml names the owner's entry)"]
    return []


def authors(project: Project) -> dict:
    """The blog's authors file (docs/blog/.authors.yml), by author id."""
    blog_dir = str(project.blog["blog_dir"]).strip("/")
    name = str(project.blog.get("authors_file", "{blog}/.authors.yml")).replace("{blog}", blog_dir)
    data = project.yaml_file(project.docs_dir / name)
    found = data.get("authors") if isinstance(data, dict) else None
    return {key: dict(value or {}) for key, value in found.items()} if isinstance(found, dict) else {}


def _replacements(project: Project) -> list[tuple[str, str]]:
    owner = project.extra.get("owner") or {}
    entry = authors(project).get(owner.get("author_id"), {})
    stand_in, name = str(entry.get("name") or ""), str(owner.get("name") or "")
    if not stand_in or not name or stand_in == name:
        return []
    return [(str(escape(stand_in)), str(escape(name))), (stand_in, name)]


def page(build, output, html: str) -> str:
    for old, new in build.identity:
        html = html.replace(old, new)
    return html


def run(project: Project, site: Path) -> None:
    """The feeds: the owner's name where the authors file has its stand-in."""
    replacements = _replacements(project)
    if not replacements:
        return
    for path in list(site.glob("*.xml")) + list(site.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        new = text
        for old, replacement in replacements:
            new = new.replace(old, replacement)
        if new != text:
            path.write_text(new, encoding="utf-8")
