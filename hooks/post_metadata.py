"""Every blog post's front matter checked before the blog plugin reads it
(the checks themselves: site_build/posts.py). `mkdocs serve` lets a new
draft keep the description placeholder `make new-post` writes, so it can be
previewed before its description is written; every other build refuses it.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from site_build.posts import post_problems as problems  # noqa: F401 - for direct calls
from site_build.posts import problems as all_problems
from site_build.project import Project
from site_extensions.content_checks import front_matter
from site_extensions.errors import ContentError

_command = {"name": "build"}


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


@event_priority(50)  # after the front matter checks (hooks/content_checks.py)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    project = Project.load(config.config_file_path)
    project.config["docs_dir"] = config.docs_dir
    metas, report = {}, []
    for src, page in project.posts.items():
        try:
            metas[src] = front_matter(page.text, src)
        except ContentError as e:  # reported by hooks/content_checks.py
            report.append(str(e))
    report += all_problems(project, metas, placeholder_ok=_command["name"] == "serve")
    if report:
        raise ContentError("Blog post front matter has errors:\n  " + "\n  ".join(report))
    return files
