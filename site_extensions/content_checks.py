"""Checks of the site's content that need no site generator.

Each function takes plain values (a file's text, a page's HTML and address,
the set of published files) and returns the problems it finds as messages
for the writer: the file, the line where known, what is wrong and what to
do. site_build/checks.py feeds them (from Markdown, or from the built
pages); tests call them directly.

- ``front_matter``: a page's front matter, or a ``ContentError`` saying where
  it is broken (MkDocs itself would publish broken front matter as text).
- ``page_problems``: in a page's HTML, pictures without alt text or whose
  file does not exist, content the site's Content-Security-Policy would
  block (frames, plug-ins, pictures and scripts from other sites, inline
  scripts) unless the configuration allows it, and links to pages that are
  not published (drafts, posts dated in the future).
- ``security_allowances``: the configuration that allows such content.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import yaml

from .datafile import safe_load
from .errors import ContentError, truthy, where, yaml_error

# The front matter, as MkDocs reads it (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
OPENS_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n")

# Script types a browser runs; any other type (JSON, JSON-LD) is data.
JS_TYPES = {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
            "text/ecmascript", "application/x-javascript", "text/jscript"}
ORIGIN = re.compile(r"^https://[a-z0-9.-]+(?::\d+)?$")


def front_matter(text: str, path: str) -> dict:
    """The front matter of a Markdown file (`{}` when it has none)."""
    text = text.lstrip("\ufeff")
    if not OPENS_FRONT_MATTER.match(text):
        return {}
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError(
            f"{where(path, 1)}: the front matter opened by '---' is never closed; "
            "end it with a line holding only '---'"
        )
    try:
        data = safe_load(match.group(1))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        if mark is not None:  # the opening '---' is the file's first line
            e.problem_mark = yaml.Mark(mark.name, mark.index, mark.line + 1, mark.column, None, None)
        raise yaml_error(path, e, "the front matter") from None
    except ValueError as e:  # a date such as 2026-13-45 is read as a date, and fails
        raise ContentError(
            f"{path}: a date in the front matter is not valid ({e}); write it as YYYY-MM-DD"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError(
            f"{where(path, 2)}: the front matter must be lines of 'name: value' "
            "(for example 'title: Contatti')"
        )
    return data


@dataclass
class Allowances:
    """Content from elsewhere that the owner allowed in `extra.security`."""

    frame_origins: list[str] = field(default_factory=list)
    image_origins: list[str] = field(default_factory=list)
    inline_scripts: bool = False


def security_allowances(security: dict | None, source: str = "mkdocs.yml extra.security") -> Allowances:
    """`extra.security`'s allowances, checked: each origin is https://host."""
    security = security or {}
    allowed = Allowances()
    for key in ("frame_origins", "image_origins"):
        values = security.get(key) or []
        if not isinstance(values, list):
            raise ContentError(f"{source}.{key} must be a list of addresses such as https://www.example.org")
        for value in values:
            text = str(value).strip().rstrip("/").lower()
            if not ORIGIN.match(text):
                raise ContentError(
                    f"{source}.{key}: '{value}' is not a site's address; write only https:// and the "
                    "host name, without a path (for example https://www.youtube-nocookie.com)"
                )
            getattr(allowed, key).append(text)
    inline = security.get("inline_scripts", False)
    allowed.inline_scripts = truthy(inline)
    return allowed


class _Tags(HTMLParser):
    """The tags of a page's content that the checks look at, outside code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.code = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("pre", "code"):
            self.code += 1
        if not self.code and tag in ("img", "iframe", "frame", "embed", "object", "script", "a",
                                     "video", "audio", "source"):
            self.found.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        if tag in ("pre", "code") and self.code:
            self.code -= 1


def _origin(url: str) -> str | None:
    """The origin of an absolute URL (https://host), or None for a local one."""
    parts = urlsplit(url)
    if url.startswith("//"):
        return f"https://{parts.netloc}".lower()
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}".lower()
    return None


def resolve(url: str, page_url: str) -> str | None:
    """The site path (no leading slash) that a local `url` in the page at
    `page_url` (a site path such as 'blog/post/') points to; None when the
    URL is not a local path."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        target = path.lstrip("/")
    else:
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
        target = posixpath.normpath(posixpath.join(base, path))
        if target == ".":
            target = ""
    if path.endswith("/") and target and not target.endswith("/"):
        target += "/"
    return target


def _line_of(source: str, *needles: str) -> int | None:
    for needle in needles:
        if needle:
            index = source.find(needle)
            if index != -1:
                return source.count("\n", 0, index) + 1
    return None


# A tag the checks look at, other than a link (a superset: it also finds
# tags in comments and code, which the parser then leaves out).
_CHECKED_TAG = re.compile(r"<(?:img|iframe|frame|embed|object|script|video|audio|source)\b", re.I)


def page_problems(html: str, *, page_url: str, path: str, source: str, exists, unpublished,
                  allowed: Allowances, links: bool = True) -> list[str]:
    """The problems in one page's content HTML.

    `page_url` is the page's site path ('blog/post/'); `path` names its file
    for the writer ('docs/blog/posts/post.md'); `source` is its Markdown, for
    line numbers; `exists(site_path)` tells whether the build has that file;
    `unpublished(site_path)` returns the source path of an unpublished page
    at that address, or None. `links`: False when no page is unpublished, so
    that no link can be a problem: a page without any other tag the checks
    look at is then not read further.
    """
    if not links and not _CHECKED_TAG.search(html):
        return []
    tags = _Tags()
    tags.feed(html)
    tags.close()
    problems = []

    def report(what: str, *needles: str) -> None:
        problems.append(f"{where(path, _line_of(source, *needles))}: {what}")

    for tag, attrs in tags.found:
        src = attrs.get("src", "").strip()
        name = src.rsplit("/", 1)[-1]
        if tag == "img":
            if not attrs.get("alt", "").strip():
                report(f"the picture '{src or '<img>'}' has no alt text; describe what it shows "
                       "(![what it shows](...) in Markdown, alt=\"...\" in HTML)", src, name)
            origin = _origin(src)
            if origin:
                if origin not in allowed.image_origins:
                    report(f"the picture '{src}' comes from another site ({origin}), which the site's "
                           "security policy blocks: save it in docs/assets/images/ and link it from there, "
                           "or allow that site in extra.security.image_origins in mkdocs.yml", src)
            elif src and not src.startswith("data:"):
                target = resolve(src, page_url)
                if target is not None and not exists(target):
                    report(f"the picture '{src}' does not exist (it would be /{target}); check the file "
                           "name and the path, which is relative to this page's address", src, name)
        elif tag in ("iframe", "frame"):
            origin = _origin(src)
            if not origin or origin not in allowed.frame_origins:
                report(f"an embedded frame (<{tag}> from {origin or src or 'nowhere'}) is blocked by the "
                       "site's security policy; link to the content instead, or allow its site in "
                       "extra.security.frame_origins in mkdocs.yml", f"<{tag}")
        elif tag in ("embed", "object"):
            report(f"<{tag}> (a browser plug-in) is blocked by the site's security policy; "
                   "link to the file instead", f"<{tag}")
        elif tag in ("video", "audio", "source") and _origin(src):
            report(f"<{tag}> from another site ({_origin(src)}) is blocked by the site's security policy; "
                   "put the file in docs/assets/ or link to it", src)
        elif tag == "script":
            kind = attrs.get("type", "").split(";")[0].strip().lower()
            if kind not in JS_TYPES:
                continue  # data, not code
            if src:
                if _origin(src):
                    report(f"a script from another site ({_origin(src)}) is blocked by the site's "
                           "security policy; the site loads no third-party code", src)
            elif not allowed.inline_scripts:
                report("a <script> in the page's text: the site's security policy runs only scripts it "
                       "knows; remove it, or set extra.security.inline_scripts: true in mkdocs.yml if "
                       "it is meant to be there", "<script")
        elif tag == "a":
            target = resolve(attrs.get("href", "").strip(), page_url)
            if target is None:
                continue
            hidden = unpublished(target)
            if hidden:
                report(f"links to {hidden}, which is not published (a draft, or dated in the future); "
                       "remove the link until that post is out, or publish it",
                       posixpath.basename(hidden))
    return problems

