"""The post checks that go with publishing: a picture without alt text
(site_build/checks.py, for every page), and in site_build/posts.py a
front-matter picture without `image_alt`, an address that another page
already has, and the description placeholder of `make new-post`. Each fails
the build with a message that names the file."""

from __future__ import annotations

import pytest

from conftest import ROOT, build, copy_project

POST = """---
title: {title}
description: {description}
{slug}date:
  created: 2026-05-04
categories:
  - Delega
tags:
  - prova
---
# {title}

Un paragrafo di estratto.

<!-- more -->

{body}
"""

GOOD = dict(
    title="Articolo di prova",
    description="Un articolo scritto solo per vedere come reagisce la build a un errore nei suoi metadati.",
    slug="image: assets/images/foto-di-prova.png\nimage_alt: Un riquadro blu\n",
    body=(
        "![Il logo del sito](../../assets/images/logo.svg)\n\n"
        '<img src="../../assets/images/avatar.svg" alt="La titolare">\n\n'
        "Un esempio di sintassi, che non è una figura: `![](foto.jpg)`.\n\n"
        "```markdown\n![](foto.jpg)\n```\n"
    ),
)

CASES = {
    "picture without alt text": (
        dict(body="Testo.\n\n![](../../assets/images/logo.svg)"),
        "line 21: the picture '../../assets/images/logo.svg' has no alt text",
    ),
    "picture with blank alt text": (
        dict(body="![   ](../../assets/images/logo.svg)"),
        "the picture '../../assets/images/logo.svg' has no alt text",
    ),
    "HTML picture without alt": (
        dict(body='<img src="../../assets/images/avatar.svg">'),
        "the picture '../../assets/images/avatar.svg' has no alt text; describe what it shows",
    ),
    "HTML picture with empty alt": (
        dict(body='<img alt="" src="../../assets/images/avatar.svg">'),
        "the picture '../../assets/images/avatar.svg' has no alt text",
    ),
    "front-matter image without image_alt": (
        dict(slug="image: assets/images/foto-di-prova.png\n"),
        "'image' assets/images/foto-di-prova.png has no alt text: add 'image_alt'",
    ),
    "slug of another post": (
        dict(slug="slug: errori-di-delega\n"),
        "/blog/errori-di-delega/ is the address of both docs/blog/posts/articolo-di-prova.md and "
        "docs/blog/posts/errori-di-delega.md",
    ),
    "title that makes another post's slug": (
        dict(title="Errori di delega"),
        "/blog/errori-di-delega/ is the address of both docs/blog/posts/articolo-di-prova.md and "
        "docs/blog/posts/errori-di-delega.md",
    ),
    "slug of a page": (
        dict(slug="slug: tag\n"),
        "/blog/tag/ is the address of both docs/blog/posts/articolo-di-prova.md and docs/blog/tag.md",
    ),
    "description placeholder": (
        dict(description="SCRIVI QUI una o due frasi."),
        "'description' still says 'SCRIVI QUI'",
    ),
}


def write_post(project, **change):
    from PIL import Image

    Image.new("RGB", (1200, 630), "#3f51b5").save(project / "docs/assets/images/foto-di-prova.png")
    values = {**GOOD, **change}
    path = project / "docs/blog/posts/articolo-di-prova.md"
    path.write_text(POST.format(**values), encoding="utf-8")
    return path


def test_a_post_with_described_pictures_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    write_post(project)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/blog/articolo-di-prova/index.html").exists()


@pytest.mark.parametrize("case", CASES)
def test_bad_post_fails_naming_the_file(tmp_path, case):
    change, message = CASES[case]
    project = copy_project(tmp_path / "project")
    write_post(project, **change)
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0, f"the build passed with a {case}"
    assert "docs/blog/posts/articolo-di-prova.md" in output, output
    assert message in output, output


def test_pictures_in_code_and_comments_are_examples():
    """Only pictures a reader sees need alt text: not examples in code, nor
    comments. The check reads the page as Markdown renders it."""
    import markdown

    from site_extensions.content_checks import Allowances, page_problems

    text = (
        "```\n![](a.png)\n```\n\n"
        "~~~~\n<img src=b.png>\n~~~~\n\n"
        "Scrivi `![](c.png)` per una figura.\n\n"
        "<!-- ![](d.png) -->\n\n"
        "![Una foto](e.png) e ![](f.png \"titolo\")\n\n"
        "<IMG SRC='g.png' ALT='Descritta'> <img src='h.png' alt=''>\n"
    )
    html = markdown.markdown(text, extensions=["fenced_code"])
    found = page_problems(html, page_url="blog/x/", path="docs/blog/posts/x.md", source=text,
                          exists=lambda target: True, unpublished=lambda target: None, allowed=Allowances())
    assert [f.split(":")[0] for f in found] == ["docs/blog/posts/x.md, line 13", "docs/blog/posts/x.md, line 15"]
    assert "'f.png'" in found[0] and "'h.png'" in found[1]


def test_the_placeholder_is_allowed_only_while_serving():
    from site_build.posts import post_problems

    meta = {"title": "x", "description": "SCRIVI QUI qualcosa", "date": {"created": __import__("datetime").date(2026, 1, 1)},
            "categories": ["Delega"]}
    args = (meta, {}, set(), {"Delega"})
    assert any("SCRIVI QUI" in p for p in post_problems(*args))
    assert not any("SCRIVI QUI" in p for p in post_problems(*args, placeholder_ok=True))
