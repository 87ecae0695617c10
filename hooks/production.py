"""A production build (`make production`, which sets PRODUCTION=true) is
right, or it is refused: every placeholder the site ships with, a missing
contact form provider or an insecure endpoint stop it with one message that
lists them all (site_extensions/production.py decides what counts). After
the build, the pipeline checks that no page holds a contact form in demo
mode (site_build/production.py).
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from site_extensions.content_checks import front_matter
from site_extensions.errors import ContentError, truthy
from site_extensions.production import config_problems, data_problems, message, page_problems

_state = {"production": False}



def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state["production"] = truthy(config.extra.get("production", False))
    return config


@event_priority(-100)  # after the blog plugin has set drafts apart: they are not published
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if not _state["production"]:
        return files
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    docs = os.path.relpath(config.docs_dir, root)
    problems = config_problems(config.site_url, config.extra)
    problems += data_problems(os.path.join(root, "data"))
    for file in files.documentation_pages():
        if file.inclusion.is_excluded():
            continue
        text = file.content_string
        path = f"{docs}/{file.src_uri}"
        problems += page_problems(path, text, front_matter(text, path))
    if problems:
        raise ContentError(message(problems))
    return files
