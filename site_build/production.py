"""Pipeline step, production builds only (PRODUCTION=true): no page may
hold a contact form in demo mode. The placeholders themselves are refused
before the generator runs (checks.py, rules in site_extensions/production.py)."""

from __future__ import annotations

from pathlib import Path

from site_extensions.errors import ContentError

from . import html
from .project import Project

# A contact form the build left in demo mode (templates: the form's
# `data-format` when no provider is configured).
DEMO_FORM = '[data-format="demo"]'


def read(build, output, page: html.Page) -> None:
    """The page reader of this step (pipeline.READERS): notes a page with a
    demo form."""
    if build.project.production and page.has(DEMO_FORM):
        build.demo_pages.add(output.path.relative_to(build.site).as_posix())


def run(project: Project, site: Path, demo: set[str] | None = None) -> None:
    """Stops a production build whose pages hold a demo form; `demo`: the
    pages the reader found (else every page of `site` is read)."""
    if not project.production:
        return
    if demo is None:
        demo = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
                if html.parse(p.read_text(encoding="utf-8")).has(DEMO_FORM)}
    if demo:
        raise ContentError("A production build produced a contact form in demo mode in: "
                           + ", ".join(sorted(demo)) + "; set CONTACT_PROVIDER (README.md, \"Connecting the contact form\")")
