"""Checks the front matter of every blog post before the blog plugin reads it.

A post must have a title, a description of at most 160 characters, a valid
creation date, categories from `categories_allowed` and known authors; an
`image` it names (its link-preview picture, a path inside docs/) must exist
and have alt text (`image_alt`), and a post's address must not be another
page's. (Pictures in the text, of posts and pages alike, are checked by
hooks/content_checks.py.) Every problem found is reported with the post's path, and the
build stops.

A description that still holds the placeholder `make new-post` writes
(scripts/new_post.py) stops every build but `mkdocs serve`, so a new draft
can be previewed before its description is written, never published.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from site_extensions.content_checks import front_matter
from site_extensions.errors import ContentError

DESCRIPTION_MAX = 160
# What scripts/new_post.py writes as the description until the owner does.
PLACEHOLDER = "SCRIVI QUI"

_command = {"name": "build"}


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


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


def _address(blog, meta: dict, file, config: MkDocsConfig) -> str | None:
    """The address (URL path) the blog plugin will give a post, as MkDocs
    writes page URLs (blog/<slug>/), or None when its front matter is too
    broken to tell."""
    title, date = meta.get("title"), meta.get("date")
    created = date.get("created") if isinstance(date, dict) else date
    slug = meta.get("slug")
    if not isinstance(slug, str) or not slug.strip():
        if not isinstance(title, str) or not title.strip():
            return None
        slug = blog.config.post_slugify(title, blog.config.post_slugify_separator)
    cats = meta.get("categories") if isinstance(meta.get("categories"), list) else []
    cats = [blog.config.categories_slugify(str(c), blog.config.categories_slugify_separator)
            for c in cats[: blog.config.post_url_max_categories]]
    values = {"slug": slug.strip(), "categories": "/".join(cats), "file": file.name}
    if "{date}" in blog.config.post_url_format:
        if not _is_date(created):
            return None
        values["date"] = blog._format_date_for_post_url(created, config)
    path = posixpath.normpath(blog.config.post_url_format.format(**values).strip("/"))
    path = posixpath.join(blog.config.blog_dir, path)
    return path + "/" if config.use_directory_urls else path + ".html"


def _is_date(value) -> bool:
    return isinstance(value, (dt.date, dt.datetime))


def problems(meta: dict, defaults: dict, authors: set[str], categories: set[str], docs_dir: str = "docs",
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
        elif not os.path.isfile(os.path.join(docs_dir, image.strip().lstrip("/"))):
            found.append(f"'image' {image} does not exist in {docs_dir}/ (the path is relative to {docs_dir}/)")
        alt = meta.get("image_alt")
        if not isinstance(alt, str) or not alt.strip():
            found.append(f"'image' {image} has no alt text: add 'image_alt' with a few words on what it shows")

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
    serving = _command["name"] == "serve"

    report = []
    addresses: dict[str, list[str]] = {}  # an address -> the posts and pages that have it
    for file in files.documentation_pages():
        if not file.src_uri.startswith(post_dir + "/"):
            continue
        where = f"{docs}/{file.src_uri}"
        with open(file.abs_src_path, encoding="utf-8-sig") as f:
            text = f.read()
        try:
            meta = front_matter(text, where)
        except ContentError as e:
            report.append(str(e))
            continue
        if not meta:
            report.append(f"{where}: no front matter (title, description, date, categories)")
            continue
        defaults = _defaults(config, file.src_path)
        report += [f"{where}: {p}" for p in problems(meta, defaults, authors, categories, docs, serving)]
        address = _address(blog, meta, file, config)
        if address:
            addresses.setdefault(address, []).append(where)

    for file in files.documentation_pages():
        if not file.src_uri.startswith(post_dir + "/") and file.url in addresses:
            addresses[file.url].append(f"{docs}/{file.src_uri}")
    for address, owners in addresses.items():
        if len(owners) > 1:
            names = sorted(owners)
            both = f"both {names[0]} and {names[1]}" if len(names) == 2 else "each of " + ", ".join(names)
            report.append(f"/{address} is the address of {both}; give the post another 'slug' in its front matter")

    if report:
        raise PluginError("Blog post front matter has errors:\n  " + "\n  ".join(report))
    return files
