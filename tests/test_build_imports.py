"""What a build loads: reading the build's configuration (its plugins, the
hook and through it the pipeline, the Markdown extensions) imports nothing
the build does not run, so every build does not pay for it (README, "Build
cost")."""

from __future__ import annotations

import subprocess
import sys

from support.project import ROOT

# Modules a build has no use for: GitPython and requests (mkdocs-rss-plugin
# imported them, though the site gives no post its date from Git and fetches
# nothing; site_build/feeds.py writes the feeds), and Material's emoji index
# (read when a page names an emoji, site_extensions/emoji.py).
NOT_NEEDED = ("git", "requests", "urllib3", "mkdocs_rss_plugin", "pymdownx.twemoji_db", "material.extensions.emoji")


def test_loading_the_build_configuration_imports_nothing_it_does_not_run():
    script = (
        "import sys\n"
        "from mkdocs.config import load_config\n"
        "config = load_config('mkdocs.yml')\n"
        "assert config.hooks, 'the hook was not loaded'\n"
        "assert 'pipeline' in sys.modules['site_build.pipeline'].__name__\n"
        f"print(' '.join(m for m in {NOT_NEEDED!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                         env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [], f"imported though no build step runs them: {out.stdout.strip()}"


def _after_on_config(command: str) -> list[str]:
    """What the hook leaves after the start of a `command` (build or serve):
    the blog plugin's front matter loader and how many objects were set
    aside from the cycle collector."""
    script = (
        "import gc, yaml\n"
        "from mkdocs.config import load_config\n"
        "config = load_config('mkdocs.yml')\n"
        f"config.plugins.on_startup(command={command!r}, dirty=False)\n"
        "config = config.plugins.on_config(config)\n"
        "from material.plugins.blog import structure\n"
        "print(structure.SafeLoader.__name__, gc.get_freeze_count())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                         env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_a_build_reads_posts_front_matter_with_libyaml_and_sets_its_start_aside_from_the_collector():
    loader, frozen = _after_on_config("build")
    assert loader == "CSafeLoader"
    assert int(frozen) > 10_000  # the modules and the configuration


def test_a_preview_keeps_everything_collectable():
    loader, frozen = _after_on_config("serve")
    assert loader == "CSafeLoader"
    assert int(frozen) == 0  # it builds again and again: nothing held for good
