"""Pipeline step, production builds only (PRODUCTION=true): no page may
hold a contact form in demo mode. The placeholders themselves are refused
before the generator runs (checks.py, rules in site_extensions/production.py)."""

from __future__ import annotations

from pathlib import Path

from site_extensions.errors import ContentError

from .project import Project


def run(project: Project, site: Path) -> None:
    if not project.production:
        return
    demo = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if 'data-format="demo"' in p.read_text(encoding="utf-8"))
    if demo:
        raise ContentError("A production build produced a contact form in demo mode in: "
                           + ", ".join(demo) + "; set CONTACT_PROVIDER (README.md, \"Connecting the contact form\")")
