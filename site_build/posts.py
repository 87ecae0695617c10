"""Blog posts' front matter, checked before anything reads it.

A post must have a title, a description of at most 160 characters, a valid
creation date, categories from `categories_allowed` and known authors; an
`image` it names (its link-preview picture, a path inside docs/) must exist
and have alt text (`image_alt`), and a post's address must not be another
page's. With `post_excerpt: required` (mkdocs.yml), a post must hold the
excerpt separator (`<!-- more -->`): the blog plugin would stop the build
with an error of its own. (Pictures in the text, of posts and pages alike,
are checked with every page: site_build/checks.py.)

A description that still holds the placeholder `make new-post` writes
(scripts/new_post.py) is refused everywhere but in `mkdocs serve`, so a new
draft can be previewed before its description is written, never published.
"""

from __future__ import annotations

import datetime as dt
import json
import os


from .project import Project

DESCRIPTION_MAX = 160
# What scripts/new_post.py writes as the description until the owner does.
PLACEHOLDER = "SCRIVI QUI"


# The text under the heading of a new post (the editor at /admin/ offers it
# as the body of a new post too).
BODY = """\
Scrivi qui l'introduzione: due o tre frasi che fanno venire voglia di leggere
il resto. Compaiono anche nell'elenco degli articoli.

<!-- more -->

## Il primo punto

Il testo dell'articolo.
"""

# A new post, the one definition of its file: `make new-post` fills it here
# (render, for
# scripts/new_post.py), the editor at /admin/ fills it in the browser (the
# build hands it over: site_build/editor). Placeholders are {name}, with no other braces;
# the lists (categories, tags) and the picture lines come with their own
# line breaks (see render).
TEMPLATE = """\
---
title: {title}
description: {description}
slug: {slug}
date:
  created: {date}
categories:{categories}
# Parole chiave, una per riga, per esempio:
#   - delega
tags:{tags}
# Una bozza si vede solo in anteprima (make serve). Togli questa riga per
# pubblicare l'articolo.
draft: {draft}{image}
---
# {heading}

{body}"""


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _list(items: list[str]) -> str:
    """A YAML list after its key: " []", or one quoted item a line."""
    return "".join(f"\n  - {_quoted(item)}" for item in items) if items else " []"


def render(title: str, description: str, slug: str, date: dt.date, categories: list[str], tags: list[str] | None = None,
           draft: bool = True, image: str = "", image_alt: str = "", body: str = BODY) -> str:
    """The text of a new post: TEMPLATE filled. site_build/editor/formati.js
    fills the same template the same way in the browser."""
    return TEMPLATE.format(
        title=_quoted(title), description=_quoted(description), slug=slug, date=date.isoformat(),
        categories=_list(categories), tags=_list(tags or []), draft="true" if draft else "false",
        image=f"\nimage: {image}\nimage_alt: {_quoted(image_alt)}" if image else "",
        heading=title, body=body,
    )


def _is_date(value) -> bool:
    return isinstance(value, (dt.date, dt.datetime))


def post_problems(meta: dict, defaults: dict, authors: set[str], categories: set[str], docs_dir: str = "docs", root: str = "",
             placeholder_ok: bool = False) -> list[str]:
    found = []
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        found.append("'title' is missing")
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        found.append("'description' is missing (one or two sentences, at most 160 characters)")
    elif PLACEHOLDER in description.upper() and not placeholder_ok:
        found.append(f"'description' still says '{PLACEHOLDER}': write one or two sentences (at most "
                     f"{DESCRIPTION_MAX} characters) that tell readers and search engines what the post is about")
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

    image = meta.get("image")
    if image is not None:
        if not isinstance(image, str) or not image.strip() or "://" in image:
            found.append(f"'image' {image!r} must be the path of a picture inside docs/ (e.g. assets/images/foto.jpg)")
        elif not os.path.isfile(os.path.join(root, docs_dir, image.strip().lstrip("/"))):
            found.append(f"'image' {image} does not exist in {docs_dir}/ (the path is relative to {docs_dir}/)")
        alt = meta.get("image_alt")
        if not isinstance(alt, str) or not alt.strip():
            found.append(f"'image' {image} has no alt text: add 'image_alt' with a few words on what it shows")

    for name in (meta.get("authors") or []) + (defaults.get("authors") or []):
        if name not in authors:
            found.append(f"author '{name}' is not in the authors file; known: " + ", ".join(sorted(authors)))
    return found



def excerpt_problem(project: Project, text: str) -> str | None:
    """What is wrong with a post's text (`text`, its front matter included)
    as the blog's lists read it: without the separator that ends its excerpt
    when mkdocs.yml requires one (`post_excerpt: required`), the blog plugin
    stops every build, the preview's included."""
    if project.blog.get("post_excerpt") != "required":
        return None
    from .project import FRONT_MATTER

    separator = str(project.blog.get("post_excerpt_separator") or "<!-- more -->")
    if separator in FRONT_MATTER.sub("", text.lstrip("\ufeff"), count=1):
        return None
    return (f"no '{separator}' line: add a line holding only {separator} after the introduction "
            "(the first paragraph or two, which the blog's lists show)")


def defaults(project: Project, src: str) -> dict:
    """Front-matter defaults that .meta.yml files give the page at `src`
    (as the meta plugin merges them: lists add up)."""
    folder = tuple(src.split("/")[:-1])
    key = ("defaults", folder)  # once per folder and build, beside the files read (Project.yaml_file)
    if key not in project._read:
        merged: dict = {}
        for depth in range(len(folder) + 1):
            data = project.yaml_file(project.docs_dir.joinpath(*folder[:depth], ".meta.yml")) or {}
            for name, value in (data.items() if isinstance(data, dict) else []):
                merged[name] = merged.get(name, []) + value if isinstance(value, list) else value
        project._read[key] = merged
    return {name: list(value) if isinstance(value, list) else value for name, value in project._read[key].items()}


def problems(project: Project, metas: dict[str, dict], placeholder_ok: bool = False) -> list[str]:
    """Every problem of the posts' front matter (`metas`: the readable
    ones, by path inside docs/), each naming the post."""
    docs = project.docs_dir.relative_to(project.root).as_posix() if project.docs_dir.is_relative_to(project.root) \
        else project.docs_dir.as_posix()
    from .identity import authors

    known = set(authors(project))
    categories = set(project.blog.get("categories_allowed") or [])
    report = []
    addresses: dict[str, list[str]] = {}  # an address -> the posts and pages that have it
    for src, meta in sorted(metas.items()):
        where = f"{docs}/{src}"
        if not meta:
            report.append(f"{where}: no front matter (title, description, date, categories)")
            continue
        report += [f"{where}: {p}" for p in
                   post_problems(meta, defaults(project, src), known, categories, docs, str(project.root),
                                 placeholder_ok)]
        excerpt = excerpt_problem(project, project.pages[src].text)
        if excerpt:
            report.append(f"{where}: {excerpt}")
        address = project.post_url(project.pages[src])
        if address:
            addresses.setdefault(address, []).append(where)
    for src in project.pages:
        if not project.is_post(src) and project.url(src) in addresses:
            addresses[project.url(src)].append(f"{docs}/{src}")
    for address, owners in addresses.items():
        if len(owners) > 1:
            names = sorted(owners)
            both = f"both {names[0]} and {names[1]}" if len(names) == 2 else "each of " + ", ".join(names)
            report.append(f"/{address} is the address of {both}; give the post another 'slug' in its front matter")
    return report
