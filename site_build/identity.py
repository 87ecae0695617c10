"""The owner as the blog's author.

Her values are the settings' (data/titolare.yml, site_build/settings.py,
which validates them once). The steps give the owner's name and photo to
the blog author who stands for her: the generator shows the name and
picture that docs/blog/.authors.yml gives that entry (`extra.author_id` of
mkdocs.yml), stand-ins, and the steps put the owner's name in place of
the stand-in's in every page and feed, and her photo in place of its
picture in every page (the post's author line, the post's sidebar, the
blog's lists), so that neither is ever written twice. A raster photo is
shown there as a small WebP copy (AVATAR_WIDTH pixels wide), not as the
full picture.

A post's authors are merged in one place (`post_authors`): the blog's
defaults (.meta.yml) and its front matter, each known entry once, the
owner's entry carrying her name, role and e-mail (`blog_authors`).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape

from . import html, theme
from .images import RASTER
from .project import Project

# The widest the theme shows an author's picture (Material's .md-author--long:
# 2.4rem of 20 px), twice over for sharp screens.
AVATAR_WIDTH = 96


def authors(project: Project) -> dict:
    """The blog's authors file (docs/blog/.authors.yml), by author id."""
    blog_dir = str(project.blog["blog_dir"]).strip("/")
    name = str(project.blog.get("authors_file", "{blog}/.authors.yml")).replace("{blog}", blog_dir)
    data = project.yaml_file(project.docs_dir / name)
    found = data.get("authors") if isinstance(data, dict) else None
    return {key: dict(value or {}) for key, value in found.items()} if isinstance(found, dict) else {}


def blog_authors(project: Project) -> dict:
    """The blog's authors, by id, the owner's entry (`author_id`) with her
    name, role and e-mail from the settings: the one merge of the two."""
    found = authors(project)
    owner = project.settings.owner
    if owner.author_id in found:
        found[owner.author_id].update(name=owner.name, description=owner.role, email=owner.email)
    return found


def post_authors(project: Project, page, known: dict | None = None) -> list[dict]:
    """A post's authors (the blog's defaults, then its front matter; each
    known id once), as entries of `blog_authors` with their `id`; empty
    when it names none."""
    from .posts import defaults

    known = blog_authors(project) if known is None else known
    ids = []
    for key in (defaults(project, page.src).get("authors") or []) + (page.meta.get("authors") or []):
        if key not in ids and key in known:
            ids.append(key)
    return [{"id": key, **known[key]} for key in ids]


def replacements(project: Project) -> list[tuple[str, str]]:
    """The authors file's stand-in name and the owner's name, as text (or
    nothing, when there is nothing to replace); each file escapes them as
    its format needs (_escaped)."""
    owner = project.settings.owner
    entry = authors(project).get(owner.author_id, {})
    stand_in, name = str(entry.get("name") or ""), owner.name
    if not stand_in or not name or stand_in == name:
        return []
    return [(stand_in, name)]


def _escaped(replacements: list[tuple[str, str]], suffix: str) -> list[tuple[str, str]]:
    """The replacements as a file of that kind writes text: as the inside
    of a string for JSON; for HTML and XML the name escaped, in place of the
    stand-in escaped, or as the theme may write it, unescaped; as text
    (a page's tree: its text and attribute values), unchanged."""
    if suffix == "":
        return replacements
    if suffix == ".json":
        return [(json.dumps(old)[1:-1], json.dumps(new)[1:-1]) for old, new in replacements]
    found = []
    for old, new in replacements:
        found.append((str(escape(old)), str(escape(new))))
        if str(escape(old)) != old:
            found.append((old, str(escape(new))))
    return found


def avatar(project: Project, site: Path) -> tuple[str, str, tuple[Path, int] | None] | None:
    """What shows the owner's photo in place of her entry's picture: that
    picture's path in the site, the photo's site path (or its small
    copy's), and the copy to write (source, width), if any."""
    owner = project.settings.owner
    stand_in = str(authors(project).get(owner.author_id, {}).get("avatar") or "").lstrip("/")
    photo = owner.photo.lstrip("/")
    if not stand_in or not photo or stand_in == photo or urlsplit(stand_in).scheme or urlsplit(photo).scheme:
        return None
    stem, suffix = posixpath.splitext(photo)
    if suffix.lower() not in RASTER | {".webp"}:
        return stand_in, photo, None  # a drawing scales without a copy
    small = f"{stem}-{AVATAR_WIDTH}.webp"  # named as images.py names its copies
    return stand_in, small, (site / photo, AVATAR_WIDTH)


def _is(src: str, path: str) -> bool:
    """Whether the address `src`, as a page writes it (relative: ../../,
    absolute: /, or with the site's address in front), is the picture at
    the site path `path`."""
    return src == path or src.endswith("/" + path)


def photo(project: Project) -> str | None:
    """The owner's own photo (a path inside docs/), or None while it is
    unset, the shipped placeholder (its name says so) or the authors file's
    stand-in: then the blog shows no picture of her rather than a
    placeholder."""
    from .production import is_placeholder_text

    owner = project.settings.owner
    found = owner.photo.strip().lstrip("/")
    stand_in = str(authors(project).get(owner.author_id, {}).get("avatar") or "").lstrip("/")
    if not found or is_placeholder_text(found) or found == stand_in:
        return None
    return found


def placeholder_pictures(project: Project) -> set[str]:
    """The pictures that stand in for the owner while she has no photo of
    her own: the authors file's stand-in and the shipped placeholder."""
    if photo(project):
        return set()
    owner = project.settings.owner
    found = {str(authors(project).get(owner.author_id, {}).get("avatar") or "").lstrip("/"),
             owner.photo.lstrip("/")}
    return {p for p in found if p}


def without_placeholders(page: html.Page, pictures: set[str]) -> None:
    """The blog's lists without an author picture that is a stand-in (and
    without the authors' row, when nothing is left in it)."""
    if not pictures:
        return
    for author in page.select(theme.LIST_AUTHOR.css):
        img = author.css_first("img[src]")
        if img is not None and any(_is(img.attributes.get("src") or "", p) for p in pictures):
            html.remove(author, spaces_before=True)
    for authors in page.select(theme.LIST_AUTHORS_ROW.css):
        if not html.text(authors) and next(html.elements(authors), None) is None:
            html.remove(authors)


def page(build, output, page: html.Page) -> None:
    # The stand-in's name, wherever the page has it (a quick look at the
    # page as written first: most pages do not name the blog's author).
    if any(old in output.html for old, _new in _escaped(build.identity, ".html")):
        html.replace_everywhere(page, build.identity)
    without_placeholders(page, build.placeholder_pictures)
    if build.avatar:
        stand_in, photo, copy = build.avatar
        found = 0
        for img in page.select("img[src]"):
            src = img.attributes.get("src") or ""
            if _is(src, stand_in):
                img.attrs["src"] = src[: len(src) - len(stand_in)] + photo
                found += 1
        if found and copy:
            build.webp[photo] = copy


def run(project: Project, site: Path) -> None:
    """The feeds: the owner's name where the authors file has its stand-in."""
    names = replacements(project)
    if not names:
        return
    for path in list(site.glob("*.xml")) + list(site.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        new = text
        for old, replacement in _escaped(names, path.suffix):
            new = new.replace(old, replacement)
        if new != text:
            path.write_text(new, encoding="utf-8")
