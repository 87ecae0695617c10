"""A build holds one page's text at a time, not the whole site's: the
pipeline reads each page when a step needs it and forgets it after
(site_build/outputs.py, Output.release)."""

from __future__ import annotations

import functools
import weakref

import pytest

from support.project import copy_project
from site_build import outputs as outputs_module
from site_build.project import Project


def _counting(monkeypatch) -> list[int]:
    """Count, at every read of a page's text, how many pages hold theirs."""
    held, peak = {}, [0]  # id -> weak reference (an Output is not hashable)
    read = outputs_module.Output.html.func

    def html(self):
        text = read(self)
        held[id(self)] = weakref.ref(self)
        alive = [ref() for ref in held.values()]
        peak[0] = max(peak[0], 1 + sum(1 for o in alive if o is not None and o is not self and "html" in o.__dict__))
        return text

    prop = functools.cached_property(html)
    prop.__set_name__(outputs_module.Output, "html")
    monkeypatch.setattr(outputs_module.Output, "html", prop)
    return peak


def test_listing_the_pages_reads_no_page_whole(site_dir):
    found = outputs_module.outputs(Project.load("mkdocs.yml"), site_dir, with_404=True)
    assert found and not any("html" in output.__dict__ for output in found)


@pytest.mark.build
def test_a_build_holds_few_pages_at_once(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    peak = _counting(monkeypatch)
    project = copy_project(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    pages = outputs_module.outputs(Project.load(project / "mkdocs.yml"), tmp_path / "site", with_404=True)
    posts = [page for page in pages if page.kind == "post"]
    # The feeds read every post they carry while they are written; nothing
    # else holds more than the page being worked on.
    assert 1 <= peak[0] <= len(posts) + 1 < len(pages)
