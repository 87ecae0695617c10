"""MkDocs and ProperDocs run the site's pipeline: its content checks
(site_build/checks.py) before anything is read, and its steps
(site_build/pipeline.py) over the output at the end of every build,
`mkdocs serve` included. Zensical, which runs no hooks, gets the same from
`python -m site_build build`."""

from __future__ import annotations

import time

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from site_build.checks import check
from site_build.pipeline import finish
from site_build.project import Project

# The command MkDocs runs, and this build's start and project (read once, at
# the start of each build, and used again at its end).
_command = {"name": "build", "dirty": False, "start": None, "project": None}


def on_startup(command: str, dirty: bool) -> None:
    _command.update(name=command, dirty=dirty)


def _project(config: MkDocsConfig) -> Project:
    project = Project.load(config.config_file_path)
    # The values MkDocs resolved win over a second reading of the file
    # (the same !ENV variables, but a test may pass a config of its own).
    project.config.update(site_url=config.site_url, extra=dict(config.extra),
                          docs_dir=config.docs_dir, site_dir=config.site_dir)
    return project


@event_priority(100)  # before any plugin reads a page
def on_pre_build(config: MkDocsConfig) -> None:
    _command["start"] = time.time()
    _command["project"] = _project(config)
    # The pages themselves are checked as built, by the pipeline's first step.
    check(_command["project"], serving=_command["name"] == "serve", pages=False)


@event_priority(-200)  # after every plugin has written its files
def on_post_build(config: MkDocsConfig) -> None:
    # `mkdocs serve --dirty` rewrites only the pages that changed: only those
    # go through the page steps again.
    project = _command["project"] or _project(config)
    finish(project, config.site_dir, since=_command["start"] if _command["dirty"] else None)
