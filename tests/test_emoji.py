"""Emoji and icon shortcodes (site_extensions/emoji.py): the site's Markdown
writes what Material's index and generator write, and a build whose pages
name no emoji never reads Material's index."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

from support.project import ROOT
from site_build.checks import site_markdown
from site_build.project import Project

NAME = "pymdownx.emoji"
TEXT = """\
Un sorriso :smile:, un pollice :+1: e un'icona :material-account-circle:, poi
:octicons-mark-github-16: e :fontawesome-brands-linkedin:; non sono nomi: :nessuna-icona-cosi:, 10:30:45.

- in un elenco :heart:
"""


@pytest.fixture(scope="module")
def converters():
    """The site's Markdown as mkdocs.yml configures it, and the same with
    Material's own index and generator in the emoji extension's options."""
    project = Project.load(ROOT / "mkdocs.yml")
    from material.extensions.emoji import to_svg, twemoji

    listed = []
    for entry in project.config["markdown_extensions"]:
        if isinstance(entry, dict) and NAME in entry:
            entry = {NAME: {**entry[NAME], "emoji_index": twemoji, "emoji_generator": to_svg}}
        listed.append(entry)
    material = types.SimpleNamespace(root=project.root, config={**project.config, "markdown_extensions": listed},
                                     settings=project.settings)
    return site_markdown(project), site_markdown(material)


def test_shortcodes_come_out_as_materials(converters):
    ours, materials = converters
    ours.reset()
    materials.reset()
    html = ours.convert(TEXT)
    assert html == materials.convert(TEXT)
    # ... and they are drawn: an emoji as Twemoji's picture, an icon as inline SVG
    assert 'class="twemoji"' in html and "<svg" in html and "twemoji" in html and "1f604" in html
    assert ":nessuna-icona-cosi:" in html and "10:30:45" in html


def test_a_page_without_shortcodes_reads_no_index():
    script = (
        "import sys\n"
        "from site_build.checks import site_markdown\n"
        "from site_build.project import Project\n"
        f"md = site_markdown(Project.load({str(ROOT / 'mkdocs.yml')!r}))\n"
        "html = md.convert('# Titolo\\n\\nTesto con due punti: ore 10, *niente* icone.')\n"
        "assert '<em>niente</em>' in html, html\n"
        "print(sorted(m for m in ('pymdownx.twemoji_db', 'material.extensions.emoji') if m in sys.modules))\n"
        "md.reset(); md.convert('Ciao :smile:')\n"
        "print(sorted(m for m in ('pymdownx.twemoji_db', 'material.extensions.emoji') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    before, after = out.stdout.splitlines()
    assert before == "[]"
    assert after == "['material.extensions.emoji', 'pymdownx.twemoji_db']"
