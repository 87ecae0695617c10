"""`python -m site_build.zensical_run build -f mkdocs.yml`: Zensical's own
command, with the settings the rest of the build reads.

Zensical parses mkdocs.yml itself, which holds only the machinery. Its
parse is handed the settings (data/titolare.yml, site_build/settings.py:
the site's address, the owner's values as text as written) before its
templates and the shortcodes see them, as hooks/pipeline.py does for
MkDocs (project.hand_over), with the host the build targets
(hosting.hand_over), and the navigation without the sections that hold
only examples to replace (navigation.visible).
"""

from __future__ import annotations

import functools


def _with_settings(parse):
    """Zensical's `parse_mkdocs_config`, followed by the settings."""

    @functools.wraps(parse)
    def parse_mkdocs_config(path: str) -> dict:
        from .hosting import hand_over
        from .navigation import visible
        from .project import Project, hand_over as settings_hand_over

        config = parse(path)
        project = Project.load(path)
        settings_hand_over(project, config)
        hand_over(project, config)
        config["nav"] = visible(project, config.get("nav"))
        return config

    return parse_mkdocs_config


def main() -> None:
    """Run Zensical's command line with the settings handed over."""
    import zensical.config
    from zensical.main import cli

    zensical.config.parse_mkdocs_config = _with_settings(zensical.config.parse_mkdocs_config)
    cli(prog_name="zensical")


if __name__ == "__main__":
    main()
