"""MkDocs and ProperDocs run the site's pipeline (site_build/pipeline.py)
over their output at the end of every build, `mkdocs serve` included.
Zensical, which runs no hooks, gets the same steps from
`python -m site_build build`."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from site_build.pipeline import finish
from site_build.project import Project


@event_priority(-200)  # after every plugin has written its files
def on_post_build(config: MkDocsConfig) -> None:
    project = Project.load(config.config_file_path)
    # The values MkDocs resolved win over a second reading of the file
    # (the same !ENV variables, but a test may pass a config of its own).
    project.config["site_url"] = config.site_url
    project.config["extra"] = dict(config.extra)
    project.config["docs_dir"] = config.docs_dir
    project.config["site_dir"] = config.site_dir
    finish(project, config.site_dir)
