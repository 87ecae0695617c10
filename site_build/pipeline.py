"""The steps over the generator's output, in the order they run.

Each step is `run(project, site)`: a plain function of the project (what
mkdocs.yml and docs/ say) and the output folder, which it reads and
changes. The order matters where a step reads what another writes: the
headers come last, because they hash every inline script and style the
pages end up with.

MkDocs and ProperDocs run these steps from hooks/pipeline.py at the end of
every build (`mkdocs serve` included); after Zensical, `python -m
site_build finish` runs them.
"""

from __future__ import annotations

import time
from pathlib import Path

from . import cards, feeds, headers, production, sitemap
from .log import log
from .project import Project

STEPS = (
    ("sitemap dates", sitemap.run),
    ("robots.txt", sitemap.robots),
    ("no demo form in production", production.run),
    ("link-preview cards and icons", cards.run),
    ("feeds finished", feeds.run),  # after the cards, which the items name
    ("security and caching headers", headers.run),
)


def finish(project: Project, site: Path | str | None = None) -> None:
    """Every step over the output folder (mkdocs.yml's site_dir unless given)."""
    site = Path(site) if site is not None else project.site_dir
    for name, step in STEPS:
        start = time.perf_counter()
        step(project, site)
        log.debug("%s: %.0f ms", name, (time.perf_counter() - start) * 1000)
