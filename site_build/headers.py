"""Pipeline step: the site's security and caching headers.

Netlify and Cloudflare Pages read a `_headers` file at the root of the built
site; this step writes it from what the build actually produced (it runs
last, after every step that changes a page):

- a Content-Security-Policy whose `script-src` allows the site's own files
  and the SHA-256 hash of every distinct inline script found in the built
  pages (Material's `__md_scope`, palette and tab scripts; the redirect
  pages have none: site_build/redirects.py), never 'unsafe-inline';
  `style-src` likewise allows the hashes of inline `<style>` elements (the
  feed's XSL stylesheet has one). Scripts that are data (`application/json`,
  `application/ld+json`) are not executed and need no hash. `connect-src`
  and `form-action` allow the site itself and exactly the origin the
  contact form posts to, which is also where its script sends (the
  provider's endpoint: site_build/contact.py, the one place that knows it);
- HSTS, Referrer-Policy, a Permissions-Policy that turns off every device
  feature the site does not use, X-Content-Type-Options and framing bans;
- Cache-Control: a year, immutable, for files whose name carries a content
  hash (Material's bundle, stylesheets and search worker); ten minutes for
  the site's other assets (its own CSS, JavaScript and images keep their
  names from one deploy to the next); revalidation on every visit for
  pages, feeds, the sitemap and the search index.

Every Cache-Control rule covers paths no other Cache-Control rule covers, so
no host has to merge two values for one response (Cloudflare Pages would
join them with a comma; Netlify keeps one).

A file past the limits Cloudflare Pages documents (100 rules, 2,000
characters a line; Netlify documents none) stops the build, naming what
grew: Cloudflare would ignore the line, and send no policy at all.

A host without a headers file (GitHub Pages) gets the policy as a
`<meta http-equiv="Content-Security-Policy">` in every page instead, when
`extra.security.csp_meta` is true (CSP_META=true) or the build targets
GitHub Pages (site_build/hosting.py); `frame-ancestors` is left
out there, since browsers ignore it in a meta element, and no `_headers` is
written. Markup the policy would block (an inline event handler, a
`javascript:` link or a `style` attribute) stops the build with the page's
name.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import os
import re
from functools import lru_cache
from pathlib import Path

from site_extensions.content_checks import Allowances, security_allowances
from site_extensions.errors import ContentError

from . import html
from .outputs import EDITOR_FOLDER
from .log import log

HEADERS_FILE = "_headers"
# The owner's editor (site_build/editor): a folder with a policy of its own,
# left out of the public one's hashes and checks (its scripts are files, and
# it needs what the public pages never get: site_build/editor.policy),
# outputs.EDITOR_FOLDER.
# The files a host reads and does not serve (site_build/redirects.py
# writes _redirects).
HOST_FILES = (HEADERS_FILE, "_redirects")
# Cloudflare Pages reads at most 100 rules, and ignores a line longer than
# 2,000 characters (its policy then is not sent at all); its documentation
# counts the whole line, spacing included, as the build does (its runtime
# measures the line without its indentation, so the build is never looser:
# tests/test_cloudflare_runtime.py). Netlify documents no limit; these are
# the binding ones.
MAX_RULES = 100
MAX_LINE = 2000

# The types of <script> a browser executes; any other type is data.
JS_TYPES = {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
            "text/ecmascript", "application/x-javascript", "text/jscript"}

# A name with a content hash, as Material fingerprints its assets:
# bundle.a5f9d56c.min.js, main.57a0d79d.min.css, search.a7633da7.min.js(.map).
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")
CACHE = {
    "fingerprinted": "public, max-age=31536000, immutable",
    "asset": "public, max-age=600",
    "document": "public, max-age=0, must-revalidate",
}

SECURITY = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # Every device feature off, except the clipboard the "Copia link" button
    # writes to. Only features Chromium knows: it logs an error for others
    # (web-share, for one, on desktop Linux).
    "Permissions-Policy": ", ".join([
        "accelerometer=()", "autoplay=()", "camera=()", "display-capture=()",
        "encrypted-media=()", "fullscreen=()", "geolocation=()", "gyroscope=()",
        "hid=()", "idle-detection=()", "magnetometer=()", "microphone=()",
        "midi=()", "payment=()", "picture-in-picture=()",
        "publickey-credentials-get=()", "screen-wake-lock=()", "serial=()",
        "usb=()", "xr-spatial-tracking=()", "browsing-topics=()",
        "clipboard-read=()", "clipboard-write=(self)",
    ]),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # No Cross-Origin-Opener-Policy. With `same-origin`, a visitor arriving
    # from another site (a search, LinkedIn, a new tab) changes browsing
    # context group, so Chromium starts the page in a fresh renderer
    # process: Lighthouse's phone measured about 100 ms more total blocking
    # time on the home and a post (README, "Speed"). The policy guards what
    # a window that opened the site could reach; the site keeps nothing
    # there (no account, no cookie), and no other site may frame it.
}



@lru_cache(maxsize=1024)  # the same inline scripts and styles on every page
def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# What a policy without 'unsafe-inline' blocks, in a page's elements (not
# in the text of scripts, styles, comments and code examples): an inline
# event handler, a style attribute, a javascript: link.
CODE = frozenset(("pre", "code"))
LINK_ATTRIBUTES = ("href", "src", "action")


# The elements that may hold a style attribute or a javascript: address
# (a superset: `blocked_in` looks at each).
MAYBE_BLOCKED = ", ".join(["[style]", *(f'[{name}*="javascript:" i]' for name in LINK_ATTRIBUTES)])


def _maybe_blocked(page: html.Page) -> bool:
    """Whether the page may hold markup the policy blocks: an attribute
    named on..., or an element MAYBE_BLOCKED matches. Most pages have none,
    and this asks the parser, not Python, about each element."""
    names: set[str] = set()
    for node in page.select("*"):
        names.update(node.attributes)
    return any(name[:2].lower() == "on" for name in names) or page.has(MAYBE_BLOCKED)


def blocked_in(page: html.Page) -> set[str]:
    """The attributes the policy would block in the page's tree."""
    found = set()
    if not _maybe_blocked(page):
        return found
    for node in page.select("*"):
        attributes = node.attributes
        if not attributes:
            continue
        what = []
        for name, value in attributes.items():
            if name[:2] in ("on", "ON", "On", "oN"):
                name = name.lower()
                if name[2:].isalpha() and name[2:].isascii():
                    what.append(f"an inline event handler ({name} on <{{tag}}>)")
            elif name.lower() == "style":
                what.append("a style attribute (on <{tag}>)")
            elif name.lower() in LINK_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                what.append("a javascript: link (on <{tag}>)")
        if what and not _in_code(node):
            found.update(item.format(tag=node.tag.lower()) for item in what)
    return found


def _in_code(node: html.Node) -> bool:
    """Whether `node` is part of a code example (inside <pre> or <code>)."""
    parent = node.parent
    while parent is not None and parent.is_element_node:
        if parent.tag in CODE:
            return True
        parent = parent.parent
    return False


def blocked_markup(text: str) -> set[str]:
    """The attributes the policy would block in the page `text`."""
    return blocked_in(html.parse(text))


def _script_type(node: html.Node) -> str:
    return (node.attributes.get("type") or "").lower().split(";")[0].strip()


class Inline:
    """The inline scripts and styles of the built pages and what the policy
    would block in them, read one page at a time (`read`)."""

    def __init__(self) -> None:
        self.scripts: set[str] = set()
        self.styles: set[str] = set()
        self.blocked: list[str] = []
        self.holders: dict[str, set[str]] = {}  # each inline script's hash: the files that have it
        self.read_files: set[str] = set()

    def read(self, where: str, page: html.Page, markup: bool = True) -> None:
        """Notes the page `page` (the file `where`, in the site); with
        `markup`, what the policy would block in it (a page, not a feed's
        stylesheet)."""
        self.read_files.add(where)
        for node in page.select("script"):
            if "src" not in node.attributes and _script_type(node) in JS_TYPES:
                digest = _sha256(html.inner(node))
                self.scripts.add(digest)
                self.holders.setdefault(digest, set()).add(where)
        for node in page.select("style"):
            self.add_style(html.inner(node))
        if markup:
            self.blocked += [f"{where}: {what}" for what in sorted(blocked_in(page))]

    def add_style(self, text: str) -> None:
        """Allows the inline style element whose content is `text` (one a
        site step writes into pages already read: unused_css.py's)."""
        self.styles.add(_sha256(text))

    def found(self, origins: list[str] | tuple = ()) -> dict:
        """What the policy must allow (see `scan`)."""
        return {"scripts": sorted(self.scripts), "styles": sorted(self.styles), "origins": sorted(origins),
                "blocked": sorted(self.blocked),
                "script_files": {digest: sorted(files) for digest, files in self.holders.items()}}


def read(build, output, page: html.Page) -> None:
    """The page reader of this step (pipeline.READERS)."""
    build.inline.read(output.path.relative_to(build.site).as_posix(), page)


def scan(site: Path, origins: list[str] | tuple = (), inline: Inline | None = None) -> dict:
    """What the policy must allow, read from the built files: the hashes of
    inline scripts and styles, and the markup the policy would block, per
    page; `origins`, the other sites forms post to, come from the contact
    form's provider (site_build/contact.py), not from the pages. `inline`:
    what the page readers found already; the files they did not read (the
    redirect pages, the feed's stylesheet) are read here."""
    inline = inline or Inline()
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".xsl") or not path.is_file() or _in_editor(site, path):
            continue
        where = path.relative_to(site).as_posix()
        if where not in inline.read_files:
            inline.read(where, html.parse(path.read_text(encoding="utf-8")), markup=path.suffix == ".html")
    return inline.found(origins)


def _in_editor(site: Path, path: Path) -> bool:
    """Whether `path` is one of the editor's files (site/admin/...)."""
    return path.relative_to(site).parts[:1] == (EDITOR_FOLDER,)


def policy(found: dict, meta: bool = False, allowed: Allowances | None = None) -> str:
    """The Content-Security-Policy for what `scan` found, and for the content
    from other sites the owner allowed in `extra.security`."""
    allowed = allowed or Allowances()
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *found["scripts"]]),
        ("style-src", ["'self'", *found["styles"]]),
        ("img-src", ["'self'", "data:", *allowed.image_origins]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'", *found["origins"]]),
        ("form-action", ["'self'", *found["origins"]]),
        ("worker-src", ["'self'"]),
        ("manifest-src", ["'self'"]),
        ("frame-src", allowed.frame_origins or ["'none'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
    ]
    if not meta:  # ignored (with a console warning) in a <meta> element
        directives.append(("frame-ancestors", ["'none'"]))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def cache_class(rel: str) -> str:
    if FINGERPRINTED.search(rel):
        return "fingerprinted"
    return "asset" if rel.startswith("assets/") else "document"


def cache_rules(site: Path, rel: str = "", skip: frozenset[str] = frozenset(),
                classes: dict[str, set[str]] | None = None) -> list[tuple[str, str]]:
    """(path pattern, cache class) pairs that never overlap: a folder whose
    files share one class gets one `/folder/*` rule, any other is split into
    its files and sub-folders. A folder's index.html also answers as `/folder/`.
    The files in `skip` (site paths) get no rule of their own: the pages at
    old addresses, which `_redirects` sends on before any file is served on
    Cloudflare Pages, and which Netlify serves with its default caching
    (revalidated on every visit): renamed pages add no rule. `classes`:
    the cache classes under each folder (`_classes_under`, one walk of the
    output for every folder)."""
    if classes is None:
        classes = _classes_under(site, skip)
    folder = site / rel
    found = set(classes.get(rel, ()))
    if rel and len(found) <= 1:
        return [(f"/{rel}/*", found.pop())] if found else []
    rules = []
    for entry in sorted(folder.iterdir()):
        path = entry.relative_to(site).as_posix()
        if path == EDITOR_FOLDER and entry.is_dir():
            continue  # its own block (site_build/editor.headers_rules)
        if entry.is_dir():
            rules += cache_rules(site, path, skip, classes)
        elif entry.name not in HOST_FILES and path not in skip:
            if entry.name == "index.html":
                rules.append((f"/{rel}/" if rel else "/", cache_class(path)))
            rules.append((f"/{path}", cache_class(path)))
    return rules


def _classes_under(site: Path, skip: frozenset[str]) -> dict[str, set[str]]:
    """The cache classes of the files under each folder of the output (by
    its site path, "" for the root), but the host's own files and `skip`."""
    classes: dict[str, set[str]] = {}
    for folder, subfolders, names in os.walk(site, topdown=False):
        rel = Path(folder).relative_to(site).as_posix()
        rel = "" if rel == "." else rel
        found = classes.setdefault(rel, set())
        for name in names:
            path = f"{rel}/{name}" if rel else name
            if name not in HOST_FILES and path not in skip and os.path.isfile(os.path.join(folder, name)):
                found.add(cache_class(path))
        for sub in subfolders:
            found |= classes.get(f"{rel}/{sub}" if rel else sub, set())
    return classes


def headers_file(csp: str, rules: list[tuple[str, str]]) -> str:
    lines = [
        "# Response headers for Netlify and Cloudflare Pages, written at build",
        "# time by site_build/headers.py: do not edit, rebuild instead.",
        "",
        "/*",
        f"  Content-Security-Policy: {csp}",
        *(f"  {name}: {value}" for name, value in SECURITY.items()),
    ]
    for pattern, kind in rules:
        lines += ["", pattern, f"  Cache-Control: {CACHE[kind]}"]
    return "\n".join(lines) + "\n"


def limit_problems(text: str, rules: list[tuple[str, str]], found: dict) -> list[str]:
    """What in a `_headers` file goes past the limits Cloudflare Pages
    documents, each naming what grew: a line longer than MAX_LINE (the
    header, and for the policy the inline scripts and styles it hashes and
    the pages with a script of their own), more than MAX_RULES rules (the
    caching rules, by folder)."""
    problems = []
    for line in text.splitlines():
        if len(line) <= MAX_LINE:
            continue
        name = line.strip().partition(":")[0]
        what = ""
        if name == "Content-Security-Policy":
            own = sorted({files[0] for files in found.get("script_files", {}).values() if len(files) == 1})
            what = (f": {len(found['scripts'])} inline script hashes, {len(found['styles'])} inline style hashes"
                    + (f"; pages with an inline script of their own: {', '.join(own[:5])}"
                       + (f" and {len(own) - 5} more" if len(own) > 5 else "") if own else "")
                    + "; move those scripts into a .js file")
        problems.append(f"{HEADERS_FILE}: the {name} line has {len(line)} characters; Cloudflare Pages ignores a "
                        f"line longer than {MAX_LINE} and would send no {name} at all{what}")
    if len(rules) + 1 > MAX_RULES:
        folders: dict[str, int] = {}
        for pattern, _kind in rules:
            parts = pattern.strip("/").split("/")
            top = f"/{parts[0]}/" if len(parts) > 1 or pattern.endswith(("/", "/*")) else "the top folder"
            folders[top] = folders.get(top, 0) + 1
        biggest = ", ".join(f"{name} {count}" for name, count in
                            sorted(folders.items(), key=lambda item: -item[1])[:3])
        problems.append(f"{HEADERS_FILE}: {len(rules) + 1} rules; Cloudflare Pages reads at most {MAX_RULES}: the "
                        f"caching rules grew, most in {biggest} (files cached differently in one folder "
                        "each need a rule)")
    return problems


def insert_meta(page: str, csp: str) -> str:
    """The page with the policy as the first thing after its charset (a meta
    policy covers only what follows it)."""
    tags = (f'<meta http-equiv="Content-Security-Policy" content="{htmllib.escape(csp)}">'
            '<meta name="referrer" content="strict-origin-when-cross-origin">')
    tree = html.parse(page)
    charset = tree.first("head meta[charset]")
    if charset is not None:
        html.insert_after(charset, tags)
    elif tree.head is not None:
        html.prepend(tree.head, tags)
    else:
        return page
    return tree.serialise()


def run(project, site: Path, inline: Inline | None = None, redirects: dict[str, str] | None = None) -> None:
    """The headers (or the meta policy in every page); `inline`: what the
    page readers found in the pages (`read`); `redirects`: the build's
    redirect pages (redirects.redirect_pages), when the caller has them."""
    from .contact import origin
    from .hosting import meta_policy
    from .redirects import redirect_pages

    security = project.extra.get("security") or {}
    meta = meta_policy(project)
    found = scan(site, [origin(project)] if origin(project) else [], inline)
    if found["blocked"]:
        raise ContentError(
            "The Content-Security-Policy would block markup in these pages; move the "
            "script to a .js file and the style to the stylesheet:\n  " + "\n  ".join(found["blocked"])
        )
    csp = policy(found, meta=meta, allowed=security_allowances(security))
    target = site / HEADERS_FILE

    if meta:
        for page in site.rglob("*.html"):
            if _in_editor(site, page):
                continue  # the editor's page has its own policy (site_build/editor)
            page.write_text(insert_meta(page.read_text(encoding="utf-8"), csp), encoding="utf-8")
        if target.exists():
            target.unlink()
        log.info("Content-Security-Policy in every page (%d inline script hashes)", len(found["scripts"]))
        return

    rules = cache_rules(site, skip=frozenset(redirect_pages(site) if redirects is None else redirects))
    text = headers_file(csp, rules)
    if (site / EDITOR_FOLDER).is_dir():
        from .editor import headers_rules

        text += headers_rules(project)
        rules = [*rules, (f"/{EDITOR_FOLDER}/*", "editor")]
    problems = limit_problems(text, rules, found)
    if problems:
        raise ContentError("\n  ".join(problems))
    target.write_text(text, encoding="utf-8")
    log.info("%s: %d rules, %d inline script hashes, %d bytes", HEADERS_FILE, len(rules) + 1,
             len(found["scripts"]), len(text.encode("utf-8")))
