"""The owner's identity, written once in `extra.owner` of mkdocs.yml.

`problems()` checks that it is complete (a missing field is named, with
where to set it). The steps give the owner's name and photo to the blog
author who stands for her: the generator shows the name and picture that
docs/blog/.authors.yml gives that entry (`extra.owner.author_id`),
stand-ins, and the steps put the owner's name in place of the stand-in's
in every page and feed, and her photo in place of its picture in every
page (the post's author line, the post's sidebar, the blog's lists), so
that neither is ever written twice. A raster photo is shown there as a
small WebP copy (AVATAR_WIDTH pixels wide), not as the full picture.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape

from .images import RASTER
from .project import Project

REQUIRED = ("name", "role", "city", "email", "author_id")
# The widest the theme shows an author's picture (Material's .md-author--long:
# 2.4rem of 20 px), twice over for sharp screens.
AVATAR_WIDTH = 96
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


def avatar(project: Project, site: Path) -> tuple[re.Pattern, str, tuple[Path, int] | None] | None:
    """What shows the owner's photo in place of her entry's picture: the
    pattern of that picture's address in a page, the photo's site path (or
    its small copy's), and the copy to write (source, width), if any."""
    owner = project.extra.get("owner") or {}
    stand_in = str(authors(project).get(owner.get("author_id"), {}).get("avatar") or "").lstrip("/")
    photo = str(owner.get("photo") or "").lstrip("/")
    if not stand_in or not photo or stand_in == photo or urlsplit(stand_in).scheme or urlsplit(photo).scheme:
        return None
    # The address as a page writes it: relative (../../), absolute (/) or
    # with the site's address in front, always ending in the same path.
    pattern = re.compile(r'(<img src="(?:[^"]*/)?)' + re.escape(stand_in) + '"')
    stem, suffix = posixpath.splitext(photo)
    if suffix.lower() not in RASTER | {".webp"}:
        return pattern, photo, None  # a drawing scales without a copy
    small = f"{stem}-{AVATAR_WIDTH}.webp"  # named as images.py names its copies
    return pattern, small, (site / photo, AVATAR_WIDTH)


def page(build, output, html: str) -> str:
    for old, new in build.identity:
        html = html.replace(old, new)
    if build.avatar:
        pattern, photo, copy = build.avatar
        html, found = pattern.subn(lambda m: f'{m.group(1)}{photo}"', html)
        if found and copy:
            build.webp[photo] = copy
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
