"""The content checks, without a build: what every build runs first, what
`make check` runs before its strict build (readiness.py), and what tests
call directly.

- every file read as text is UTF-8, and no file is over the host's limit
  (files.py); every picture can be published (pictures.py: readable, not
  too large, a format browsers show, the owner's photo square);
- every page's front matter can be read (file and line otherwise);
- the settings (data/titolare.yml: the owner's identity, the brand
  colours, the social links, the contact form's provider, the tax regime:
  settings.py), the host, the editor's repository and the navigation's
  length (hosting.py, editor/, navigation.py);
- every post's front matter is complete (site_build/posts.py);
- the data files (roles, self-assessment, services) are valid;
- every link the configuration holds leads somewhere (config_links.py:
  the header's button, the owner's photo, nav, redirects, the authors file);
- every page, rendered by Python-Markdown with the site's extensions:
  pictures exist and have alt text, nothing the security policy would
  block, no link to a post that is not published (a draft, or dated in
  the future);
- PRODUCTION=true: no placeholder left (settings.py, production.py).

`problems(project)` returns every problem as one line naming the file
(and the line where known); `check(project)` raises them as one
ContentError.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from site_extensions.content_checks import front_matter, page_problems, security_allowances
from site_extensions.errors import ContentError
from site_extensions.testimonials import load_testimonials, photo_problems
from site_extensions.testimonials import production_problems as testimonial_production_problems

from . import config_links, contact, editor, hosting, html, identity, navigation, pictures, posts, production, settings, sitemap, theme
from .files import size_problems, text_problems
from .project import Project

# Markdown links to other pages' sources, rewritten to their addresses
# before the page checks (as the generators do).
MD_LINK = re.compile(r'(href=")([^"#:]+\.md)(#[^"]*)?"')


def site_markdown(project: Project):
    """Python-Markdown with the site's extensions, configured as in
    mkdocs.yml, the shortcodes given the settings' values."""
    import markdown

    extensions, configs = [], {}
    for item in project.config.get("markdown_extensions") or []:
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        extensions.append(name)
        if isinstance(options, dict):
            options = dict(options)
            if name == "site_extensions.shortcodes":
                values = project.settings.template_values()
                options.update(owner=values["owner"], contact_form=values["contact_form"])
                for key in ("roles_file", "assessment_file", "services_file", "process_file",
                            "testimonials_file"):
                    if key in options:
                        options[key] = str(project.root / options[key])
            configs[name] = options
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def _docs(project: Project) -> str:
    try:
        return project.docs_dir.relative_to(project.root).as_posix()
    except ValueError:
        return project.docs_dir.as_posix()


def problems(project: Project, serving: bool = False, pages: bool = True,
             placeholders_apart: bool = False, text_checked: bool = False) -> list[str]:
    """Every problem; `pages`: also each page as Markdown renders it (the
    build checks the generator's output instead: `output_problems`). A
    production build's placeholders are one message, listing them all;
    `placeholders_apart`: one line each (`make check`, readiness.py)."""
    docs = _docs(project)
    # `text_checked`: the build's hook checked every file's text already.
    found = [] if text_checked else text_problems(project)
    if found:
        return found  # nothing else can be read as meant
    found += size_problems(project) + pictures.problems(project)
    # The settings (data/titolare.yml and their variables), validated once.
    found += settings.problems(project.settings, project.docs_dir, identity.authors(project))
    found += contact.page_problems(project)
    found += hosting.problems(project)
    found += editor.problems(project)
    found += sitemap.page_problems(project)
    found += navigation.problems(project)

    # Front matter first: a page whose front matter cannot be read is
    # reported once, and not checked further.
    readable = {}
    for src, page in project.pages.items():
        try:
            readable[src] = front_matter(page.text, f"{docs}/{src}")
        except ContentError as e:
            found.append(str(e))
    found += posts.problems(project, {src: meta for src, meta in readable.items() if project.is_post(src)},
                            placeholder_ok=serving)

    # The data files, through the shortcodes' own loaders.
    md = site_markdown(project)
    try:
        md.convert("<!-- md:servizi -->\n\n<!-- md:tabella-ruoli -->\n\n<!-- md:autovalutazione -->\n\n"
                   "<!-- md:processo -->\n\n<!-- md:testimonianze -->\n")
    except ContentError as e:
        # The data files were named from the project's folder: say them so.
        found.append(str(e).replace(str(project.root) + "/", ""))
        return found
    # What the site publishes, for the links of the configuration and of pages.
    files = {p.relative_to(project.docs_dir).as_posix() for p in project.docs_dir.rglob("*") if p.is_file()}
    unpublished = unpublished_posts(project, readable)
    published_urls = {project.url(src) for src in project.pages if not project.is_post(src)}
    published_urls |= {project.post_url(p) for s, p in project.posts.items() if s not in unpublished}

    def exists(target: str) -> bool:
        return target in files or target in published_urls or target.rstrip("/") + "/" in published_urls

    testimonials = load_testimonials(
        str(project.root / project.shortcode_file("testimonials_file", "data/testimonianze.yml")))
    found += [p.replace(str(project.root) + "/", "") for p in photo_problems(testimonials, project.docs_dir)]
    found += config_links.problems(project, files, exists, {src for src in project.pages if src not in unpublished})
    if project.production:
        placeholders = _production(project, readable, unpublished, docs)
        if placeholders and placeholders_apart:
            found += placeholders
        elif placeholders:
            found.append(production.message(placeholders).replace("\n  ", "\n    "))
    if not pages:
        return found

    # Each page as Markdown renders it.

    def hidden(target: str) -> str | None:
        return unpublished.get(target) or unpublished.get(target.removesuffix("index.html"))

    allowed = security_allowances(project.extra.get("security"))
    for src, page in project.pages.items():
        if src not in readable or src in unpublished:
            continue
        md.reset()
        try:
            html = md.convert(page.text[len(_front(page.text)):])
        except ContentError as e:
            found.append(f"{docs}/{src}: {e}" if docs not in str(e) else str(e))
            continue
        folder = posixpath.dirname(src)
        # Links to other pages' sources, from the site's root; pictures
        # stay relative to the page's file, as in Markdown.
        html = MD_LINK.sub(lambda m: m.group(1) + "/" + posixpath.normpath(posixpath.join(folder, m.group(2)))
                           + '"', html)
        found += page_problems(html, page_url=(folder + "/" if folder else ""), path=f"{docs}/{src}",
                               source=page.text, exists=exists, unpublished=hidden, allowed=allowed)
    return found


def unpublished_posts(project: Project, readable) -> dict[str, str]:
    """The posts a build leaves out, by their source path and address."""
    docs = _docs(project)
    found = {}
    for src, page in project.posts.items():
        if src in readable and project.is_draft(page):
            found[src] = f"{docs}/{src}"
            url = project.post_url(page)
            if url:
                found[url] = f"{docs}/{src}"
    return found


def output_problems(build, output, page: html.Page | None = None) -> list[str]:
    """The page checks on a page as the generator built it (`page`: its
    tree, when the caller holds it): its article (pictures, blocked
    content, links to posts that are not published)."""
    if output.page is None:
        return []
    article = (page or html.parse(output.html)).first(theme.ARTICLE.css)
    if article is None:
        return []
    docs = _docs(build.project)
    return page_problems(html.inner(article), page_url=output.url, path=f"{docs}/{output.src}",
                         source=output.page.text, exists=build.exists, unpublished=build.unpublished,
                         allowed=build.allowed, links=build.has_unpublished)


def _front(text: str) -> str:
    from .project import FRONT_MATTER
    match = FRONT_MATTER.match(text)
    return match.group(0) if match else ""


def _production(project: Project, readable: dict, unpublished: dict, docs: str) -> list[str]:
    from site_extensions.services import load_services

    found = settings.production_problems(project.settings)
    found += hosting.production_problems(project)
    found += editor.production_problems(project)
    found += production.data_problems(str(project.data_dir), skip=(Path(settings.SETTINGS_FILE).name,))
    vat = project.settings.owner.vat_number
    # Read (and checked) before: `problems` renders the services first.
    regime = load_services(str(project.root / project.services_file)).tax.regime
    found += production.tax_problems(settings.SETTINGS_FILE, regime, vat)
    testimonials = load_testimonials(
        str(project.root / project.shortcode_file("testimonials_file", "data/testimonianze.yml")))
    found += [p.replace(str(project.root) + "/", "") for p in testimonial_production_problems(testimonials)]
    for path in sorted(project.data_dir.glob("*.y*ml")):
        found += production.vat_claim_problems(f"data/{path.name}", path.read_text(encoding="utf-8"), vat,
                                               markdown=False)
    for src, meta in readable.items():
        if src in unpublished:
            continue
        found += production.page_problems(f"{docs}/{src}", project.pages[src].text, meta)
        found += production.vat_claim_problems(f"{docs}/{src}", project.pages[src].text, vat)
    return found


def check(project: Project, serving: bool = False, pages: bool = True, text_checked: bool = False) -> None:
    """Every problem, as one error; `serving`: a preview (`mkdocs serve`),
    where a new post may keep its description placeholder; `text_checked`:
    every file's text was checked already in this build (the hook's
    on_config), so it is not read again."""
    found = problems(project, serving, pages, text_checked=text_checked)
    if found:
        raise ContentError("The site has problems to fix before it is built:\n  " + "\n  ".join(found))
