"""The owner's identity, written once in `extra.owner` of mkdocs.yml.

Every value is text as written (site_build/project.py reads it so).
`problems()` checks, in every build, that it is complete (a missing field
is named, with where to set it), that the e-mail is an address, the
partita IVA (when set) 11 digits with their check digit, the photo's path
safe to write into an address, and that every social link is an https
address of the network its icon shows, and the booking link (when set) an
https address (`link_problem`, the one rule for a link to the owner's page
on another site). The steps give the owner's name and photo to the blog
author who stands for her: the generator shows the name and picture that
docs/blog/.authors.yml gives that entry (`extra.owner.author_id`),
stand-ins, and the steps put the owner's name in place of the stand-in's
in every page and feed, and her photo in place of its picture in every
page (the post's author line, the post's sidebar, the blog's lists), so
that neither is ever written twice. A raster photo is shown there as a
small WebP copy (AVATAR_WIDTH pixels wide), not as the full picture.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape

from . import html, theme
from .images import RASTER
from .project import Project

REQUIRED = ("name", "role", "city", "email", "author_id")
# The widest the theme shows an author's picture (Material's .md-author--long:
# 2.4rem of 20 px), twice over for sharp screens.
AVATAR_WIDTH = 96
# An e-mail address as a visitor's mail program takes it: letters, digits
# and . _ % + - before the @, a domain of letters, digits and hyphens.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}")
# The photo's path inside docs/: letters, digits, - _ . and / only (the
# templates write it into an address as it is).
PHOTO = re.compile(r"[\w.-]+(?:/[\w.-]+)*")
# A partita IVA: 11 digits (an optional IT in front, as in the EU VAT number).
VAT_NUMBER = re.compile(r"(?:IT)?(\d{11})")
# Social networks by the icon Material shows for them (the icon's name
# without its family, e.g. fontawesome/brands/linkedin): the hosts of each
# network's profile pages. An icon not listed (a globe, a blog) takes any
# https address.
NETWORKS = {
    "linkedin": ("linkedin.com",),
    "linkedin-in": ("linkedin.com",),
    "instagram": ("instagram.com",),
    "facebook": ("facebook.com",),
    "facebook-f": ("facebook.com",),
    "square-facebook": ("facebook.com",),
    "x-twitter": ("x.com", "twitter.com"),
    "twitter": ("x.com", "twitter.com"),
    "square-x-twitter": ("x.com", "twitter.com"),
    "youtube": ("youtube.com",),
    "tiktok": ("tiktok.com",),
    "pinterest": ("pinterest.com", "pinterest.it"),
    "pinterest-p": ("pinterest.com", "pinterest.it"),
    "threads": ("threads.net", "threads.com"),
    "bluesky": ("bsky.app",),
    "whatsapp": ("wa.me", "whatsapp.com"),
    "telegram": ("t.me", "telegram.me"),
    "github": ("github.com",),
    "gitlab": ("gitlab.com",),
    "medium": ("medium.com",),
    "behance": ("behance.net",),
    "dribbble": ("dribbble.com",),
    "xing": ("xing.com",),
    "vimeo": ("vimeo.com",),
    "vimeo-v": ("vimeo.com",),
    "spotify": ("spotify.com",),
    "substack": ("substack.com",),
    "calendly": ("calendly.com",),
}


def vat_number_valid(value: str) -> bool:
    """Whether `value` is a partita IVA: 11 digits (optionally after IT)
    whose last is the check digit of the first ten (Luhn's sum: the digits
    in odd places as they are, those in even places doubled, less 9 when
    over 9; the check digit makes the total a multiple of 10)."""
    match = VAT_NUMBER.fullmatch(value)
    if not match:
        return False
    digits = [int(d) for d in match.group(1)]
    total = sum(digits[0:10:2]) + sum(2 * d - 9 if 2 * d > 9 else 2 * d for d in digits[1:10:2])
    return (10 - total % 10) % 10 == digits[10]


def _set_it(project: Project, place: str, shown: str | None = None) -> str:
    """How to set a value of mkdocs.yml (at its dotted `place`, `shown` as
    another name): its environment variable, when the file reads one
    there, or the file itself."""
    env, shown = project.env.get(place), shown or place
    return f"set {env} (or {shown} in mkdocs.yml)" if env else f"set {shown} in mkdocs.yml"


def link_problem(link, place: str, how: str, hosts: tuple[str, ...] = ()) -> str | None:
    """Why `link` cannot be published as a link to the owner's profile or
    page elsewhere (a social network, a booking page), or None: it must be
    an absolute https address, and, when `hosts` are given, on one of them
    (or one of their subdomains). `place` names the value, `how` says how
    to change it."""
    text = link if isinstance(link, str) else ""
    parts = urlsplit(text.strip()) if re.fullmatch(r"\S+", text.strip()) else None
    host = (parts.hostname or "") if parts else ""
    if (not parts or parts.scheme != "https" or not host or "." not in host
            or re.search(r"[\"'<>`\\]", text)):
        example = f"https://www.{hosts[0]}/..." if hosts else "https://..."
        return (f"mkdocs.yml: {place} '{link}' is not an absolute https address: "
                f"write it in full, e.g. {example}; {how}")
    if hosts and not any(host == h or host.endswith("." + h) for h in hosts):
        return (f"mkdocs.yml: {place} '{link}' is not an address of {' or '.join(hosts)}, the network its "
                f"icon shows: write the address of the profile there; {how}")
    return None


def social_problems(project: Project) -> list[str]:
    """Every social link (extra.social) that is not an https address of
    the network its icon shows."""
    found = []
    links = project.extra.get("social") or []
    for n, item in enumerate(links if isinstance(links, list) else []):
        item = item if isinstance(item, dict) else {}
        icon = str(item.get("icon") or "").rsplit("/", 1)[-1]
        name = item.get("name") or icon or f"number {n + 1}"
        problem = link_problem(item.get("link"), f"extra.social: the {name} link",
                               _set_it(project, f"extra.social.{n}.link", "extra.social"),
                               NETWORKS.get(icon, ()))
        if problem:
            found.append(problem)
    return found


def problems(project: Project) -> list[str]:
    """What is wrong with the owner's identity (extra.owner) and her links
    (extra.social), in every build: each value must be text, the required
    ones set, the e-mail an address, the partita IVA (when set) valid."""
    owner = project.extra.get("owner")
    if not isinstance(owner, dict):
        return ["mkdocs.yml: extra.owner (the owner's identity) is missing"]
    found = []
    for key, value in owner.items():
        if not isinstance(value, str):
            found.append(f"mkdocs.yml: extra.owner.{key} must be a text (one value on the line), "
                         "not a list or a group of values")
    if found:
        return found
    missing = [k for k in REQUIRED if not str(owner.get(k) or "").strip()]
    if missing:
        return [f"mkdocs.yml: extra.owner.{missing[0]} is empty; {_set_it(project, f'extra.owner.{missing[0]}')}"]
    if not EMAIL.fullmatch(owner["email"]):
        found.append(f"mkdocs.yml: extra.owner.email '{owner['email']}' is not an e-mail address "
                     f"(such as nome@tuodominio.it); {_set_it(project, 'extra.owner.email')}")
    photo = owner.get("photo") or ""
    if photo and not photo_path_valid(photo):
        found.append(f"mkdocs.yml: extra.owner.photo '{photo}' is not a path of a picture inside docs/ made of "
                     "letters, digits, - _ . and / (rename the file: no spaces, quotes or other signs); "
                     f"{_set_it(project, 'extra.owner.photo')}")
    vat = str(owner.get("vat_number") or "")
    if vat.strip() and not vat_number_valid(vat):
        found.append(f"mkdocs.yml: extra.owner.vat_number '{vat}' is not a valid partita IVA (11 digits, "
                     "the last one a check digit: copy it from a tax document); "
                     f"{_set_it(project, 'extra.owner.vat_number')}")
    booking = owner.get("booking_link") or ""
    if booking.strip():
        problem = link_problem(booking, "extra.owner.booking_link (the page to book the first call)",
                               _set_it(project, "extra.owner.booking_link") + ", or leave it empty")
        if problem:
            found.append(problem)
    if owner["author_id"] not in authors(project):
        found.append(f"docs/blog/.authors.yml: no author '{owner['author_id']}' "
                     "(extra.owner.author_id in mkdocs.yml names the owner's entry)")
    return found + social_problems(project)


def photo_path_valid(photo: str) -> bool:
    """Whether the owner's photo path can be written into an address as it
    is: inside docs/, letters, digits, - _ . and / only (the other checks of
    the photo, that it exists and its size, need such a path)."""
    return bool(PHOTO.fullmatch(photo.lstrip("/"))) and ".." not in photo.split("/")


def authors(project: Project) -> dict:
    """The blog's authors file (docs/blog/.authors.yml), by author id."""
    blog_dir = str(project.blog["blog_dir"]).strip("/")
    name = str(project.blog.get("authors_file", "{blog}/.authors.yml")).replace("{blog}", blog_dir)
    data = project.yaml_file(project.docs_dir / name)
    found = data.get("authors") if isinstance(data, dict) else None
    return {key: dict(value or {}) for key, value in found.items()} if isinstance(found, dict) else {}


def _replacements(project: Project) -> list[tuple[str, str]]:
    """The authors file's stand-in name and the owner's name, as text (or
    nothing, when there is nothing to replace); each file escapes them as
    its format needs (_escaped)."""
    owner = project.extra.get("owner") or {}
    entry = authors(project).get(owner.get("author_id"), {})
    stand_in, name = str(entry.get("name") or ""), str(owner.get("name") or "")
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
    owner = project.extra.get("owner") or {}
    stand_in = str(authors(project).get(owner.get("author_id"), {}).get("avatar") or "").lstrip("/")
    photo = str(owner.get("photo") or "").lstrip("/")
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
    from site_extensions.production import _is_placeholder_text

    owner = project.extra.get("owner") or {}
    found = str(owner.get("photo") or "").strip().lstrip("/")
    stand_in = str(authors(project).get(owner.get("author_id"), {}).get("avatar") or "").lstrip("/")
    if not found or _is_placeholder_text(found) or found == stand_in:
        return None
    return found


def placeholder_pictures(project: Project) -> set[str]:
    """The pictures that stand in for the owner while she has no photo of
    her own: the authors file's stand-in and the shipped placeholder."""
    if photo(project):
        return set()
    owner = project.extra.get("owner") or {}
    found = {str(authors(project).get(owner.get("author_id"), {}).get("avatar") or "").lstrip("/"),
             str(owner.get("photo") or "").lstrip("/")}
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
    replacements = _replacements(project)
    if not replacements:
        return
    for path in list(site.glob("*.xml")) + list(site.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        new = text
        for old, replacement in _escaped(replacements, path.suffix):
            new = new.replace(old, replacement)
        if new != text:
            path.write_text(new, encoding="utf-8")
