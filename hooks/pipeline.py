"""MkDocs and ProperDocs run the site's pipeline: its content checks
(site_build/checks.py) before anything is read, and its steps
(site_build/pipeline.py) over the output at the end of every build,
`mkdocs serve` included. Zensical, which runs no hooks, gets the same from
`python -m site_build build`.

The preview (`mkdocs serve --dirty`, as `make serve` runs it) rebuilds only
what a save changed (site_build/preview.py)."""

from __future__ import annotations

import gc
import logging
import time

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from site_build import hosting, navigation, preview, render
from site_build.checks import check
from site_build.files import text_problems
from site_build.pipeline import finish
from site_build.project import Project, hand_over
from site_extensions.errors import ContentError

# The command MkDocs runs, this build's start and project (read once, at
# the start of each build, and used again at its end); for a preview, the
# previous build's start, whether it went through, and the sources it
# built, and what this build keeps (search index) and leaves (lists).
_command = {"name": "build", "dirty": False, "start": None, "project": None, "config": None,
            "previous": None, "done": False, "sources": None, "search": None, "lists": False}


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that links and navigation may be
    stale, and strict mode stops on a warning: the preview answers it by
    building everything again whenever a save changes what other pages
    show (preview.wide_change, preview.only_their_pages), so the notice is
    left out."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


def on_startup(command: str, dirty: bool) -> None:
    _command.update(name=command, dirty=dirty)
    if command == "serve" and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


def _serving() -> bool:
    return _command["name"] == "serve"


def _project(config: MkDocsConfig) -> Project:
    """This build's project, read once (in on_config, which MkDocs runs at
    the start of every build, `mkdocs serve`'s included) with its settings."""
    if _command.get("config") is config and _command.get("project") is not None:
        return _command["project"]
    project = Project.load(config.config_file_path)
    _command.update(config=config, project=project)
    return project


def _resolved(project: Project, config: MkDocsConfig) -> None:
    """The values MkDocs resolved win over the project's reading of the
    file (the same !ENV variables, but a test may pass a config of its own)."""
    project.config.update(extra=dict(config.extra), docs_dir=config.docs_dir, site_dir=config.site_dir)


@event_priority(100)  # before any plugin reads a page
def on_pre_build(config: MkDocsConfig) -> None:
    done, _command["done"] = _command["done"], False
    _command["previous"], _command["start"] = _command["start"], time.time()
    project = _project(config)
    _command.update(search=None, lists=False)
    if _serving() and _command["dirty"]:
        sources = preview.sources(project)
        if (done and not preview.wide_change(project, config.config_file_path, _command["previous"])
                and preview.only_their_pages(project, _command["sources"], sources)):
            # Nothing the checks read changed (front matter, data, configuration):
            # the changed pages' text is checked as built, by the pipeline.
            _command.update(search=preview.SearchIndex(project.site_dir), lists=True, sources=sources)
            return
        _command["sources"] = sources
        preview.clear(project.site_dir)  # every page is written again
    # The pages themselves are checked as built, by the pipeline's first step.
    # Every file's text was checked in on_config, at this build's start.
    check(project, serving=_serving(), pages=False, text_checked=True)


def _settled() -> None:
    """What the process holds before the build starts (the modules, the
    configuration) set aside from Python's cycle collector, in a one-off
    `build` only: each of the collector's passes walked all of it again
    (about half of its time, 2-3% of a build's CPU time). A preview
    (`serve`), which builds again and again, keeps all of it collectable."""
    if _command["name"] == "build":
        gc.freeze()


def _blog_front_matter_in_c() -> None:
    """Material's blog plugin reads each post's front matter with PyYAML's
    pure-Python SafeLoader (about 0.35 ms a post): it reads it with
    libyaml's CSafeLoader instead, the same safe loading and values. The
    checks read every page's front matter with it first
    (site_extensions/content_checks.py) and report one that is not valid
    YAML before the plugin reads it."""
    import yaml

    try:
        from material.plugins.blog import structure
    except ImportError:  # no blog plugin here
        return
    if getattr(structure, "SafeLoader", None) is yaml.SafeLoader and hasattr(yaml, "CSafeLoader"):
        structure.SafeLoader = yaml.CSafeLoader


@event_priority(100)  # before the plugins that make Jinja environments, and the blog's authors file
def on_config(config: MkDocsConfig):
    # Every file read as text is UTF-8, before any plugin reads one.
    _command.update(config=None, project=None)
    project = _project(config)
    unreadable = text_problems(project)
    if unreadable:
        raise ContentError("The site has files to fix before it is built:\n  " + "\n  ".join(unreadable))
    # The settings (data/titolare.yml, site_build/settings.py), read once,
    # for the templates and the shortcodes as for every step; the host the
    # build targets, for the privacy page.
    hand_over(project, config)
    hosting.hand_over(project, config)
    _resolved(project, config)
    # The navigation without the sections that hold only examples to
    # replace (site_build/navigation.py), before MkDocs builds it.
    config.nav = navigation.visible(project, config.nav)
    _blog_front_matter_in_c()
    _settled()
    # Compiled templates kept: once per preview in memory, across builds in
    # .cache/templates/ (by their source's checksum: a changed one is
    # compiled again).
    preview.cache_templates(config.theme, preview.TEMPLATES if _serving() else render.compiled_templates(project, "theme"))
    return config


@event_priority(-100)  # after the blog plugin has made its lists
def on_files(files, config: MkDocsConfig):
    if _command["lists"]:
        preview.keep_lists(files)
    return files


@event_priority(-200)  # after every plugin has written its files
def on_post_build(config: MkDocsConfig) -> None:
    # `mkdocs serve --dirty` rewrites only the pages that changed: only those
    # go through the page steps again.
    project = _project(config)
    since = _command["start"] if _command["dirty"] else None
    rewritten = finish(project, config.site_dir, since=since, preview=_serving())
    if _command["search"] is not None:
        _command["search"].merge(set(rewritten))
    _command["done"] = True
