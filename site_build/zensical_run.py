"""`python -m site_build.zensical_run build -f mkdocs.yml`: Zensical's own
command, with the owner's identity read as the rest of the build reads it.

Zensical parses mkdocs.yml itself, and YAML turns some of the owner's
values into other things (`vat_number: 00743110157` into the octal number
126652527). Its parse is handed the text values of site_build/project.py's
reading (text_values) before its templates and the shortcodes see them, as
hooks/pipeline.py does for MkDocs, with the host the build targets
(hosting.hand_over), and the navigation without the sections that hold
only examples to replace (navigation.visible).
"""

from __future__ import annotations

import functools


def _with_text_values(parse):
    """Zensical's `parse_mkdocs_config`, followed by text_values."""

    @functools.wraps(parse)
    def parse_mkdocs_config(path: str) -> dict:
        from .hosting import hand_over
        from .navigation import visible
        from .project import Project, text_values

        config = parse(path)
        project = Project.load(path)
        text_values(project.config, config)
        hand_over(project, config)
        config["nav"] = visible(project, config.get("nav"))
        return config

    return parse_mkdocs_config


def main() -> None:
    """Run Zensical's command line with the owner's values as text."""
    import zensical.config
    from zensical.main import cli

    zensical.config.parse_mkdocs_config = _with_text_values(zensical.config.parse_mkdocs_config)
    cli(prog_name="zensical")


if __name__ == "__main__":
    main()
