"""The post checks that go with publishing: a picture without alt text
(site_build/checks.py, for every page), and in site_build/posts.py a
front-matter picture without `image_alt`, an address that another page
already has, and the description placeholder of `make new-post`. Each fails
the build with a message that names the file.

The cases are checked by calling the content checks directly
(site_build/checks.py, as `make check` runs them) on one copy of the
project holding a post per case; each case's message must name its post.
A real build shows the same for the front matter and the addresses; the
pictures' build path is test_content_checks.py's build."""

from __future__ import annotations

import pytest

from support.project import build, content_problems, copy_project

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

# Pictures in the text without alt text (site_extensions/content_checks.py).
PICTURES = {
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
}
# Front matter that site_build/posts.py refuses.
FRONT_MATTER = {
    "front-matter image without image_alt": (
        dict(slug="image: assets/images/foto-di-prova.png\n"),
        "'image' assets/images/foto-di-prova.png has no alt text: add 'image_alt'",
    ),
    "description placeholder": (
        dict(description="SCRIVI QUI una o due frasi."),
        "'description' still says 'SCRIVI QUI'",
    ),
}
# Addresses another post or page has: the change, the address, and the file
# that has it.
COLLISIONS = {
    "slug of another post": (
        dict(slug="slug: errori-di-delega\n"), "/blog/errori-di-delega/", "docs/blog/posts/errori-di-delega.md",
    ),
    "title that makes another post's slug": (
        dict(title="A ore o a canone", slug=""), "/blog/a-ore-o-a-canone/", "docs/blog/posts/a-ore-o-a-canone.md",
    ),
    "slug of a page": (dict(slug="slug: tag\n"), "/blog/tag/", "docs/blog/tag.md"),
}


def file_name(case: str) -> str:
    """The file of `case`'s post when several cases share a project."""
    return "articolo-" + case.replace(" ", "-").replace("'", "") + ".md"


def write_posts(project, cases: dict) -> None:
    """A post per case, each with a title (and so an address) of its own
    unless the case changes it."""
    for case, (change, *_rest) in cases.items():
        write_post(project, name=file_name(case), **{"title": f"Articolo di prova, {case}", **change})


def write_post(project, name="articolo-di-prova.md", **change):
    from PIL import Image

    Image.new("RGB", (1200, 630), "#3f51b5").save(project / "docs/assets/images/foto-di-prova.png")
    values = {**GOOD, **change}
    path = project / "docs/blog/posts" / name
    path.write_text(POST.format(**values), encoding="utf-8")
    return path


@pytest.mark.build
def test_a_post_with_described_pictures_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    write_post(project)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/blog/articolo-di-prova/index.html").exists()


@pytest.fixture(scope="module")
def reported(tmp_path_factory) -> list[str]:
    """The content checks' problems in a copy of the project holding a post
    for every case of this module, each page rendered as in `make check`."""
    project = copy_project(tmp_path_factory.mktemp("posts") / "project")
    for cases in (PICTURES, FRONT_MATTER, COLLISIONS):
        write_posts(project, cases)
    return content_problems(project, pages=True)


def test_a_good_post_has_nothing_to_report(tmp_path):
    project = copy_project(tmp_path / "project")
    write_post(project)
    assert content_problems(project, pages=True) == []


@pytest.mark.parametrize("case", PICTURES)
def test_a_picture_without_alt_text_is_named(reported, case):
    path = f"docs/blog/posts/{file_name(case)}"
    found = [p for p in reported if p.startswith(path)]
    assert len(found) == 1 and PICTURES[case][1] in found[0], found


@pytest.mark.parametrize("case", FRONT_MATTER)
def test_bad_front_matter_is_named(reported, case):
    path = f"docs/blog/posts/{file_name(case)}"
    found = [p for p in reported if p.startswith(path)]
    assert len(found) == 1 and found[0].startswith(f"{path}: ") and FRONT_MATTER[case][1] in found[0], found


@pytest.mark.parametrize("case", COLLISIONS)
def test_an_address_another_page_has_is_named(reported, case):
    _change, address, other = COLLISIONS[case]
    both = sorted([f"docs/blog/posts/{file_name(case)}", other])
    found = [p for p in reported if f"/{address.strip('/')}/ is the address of" in p]
    assert found == [f"{address} is the address of both {both[0]} and {both[1]}; give the post another 'slug' "
                     "in its front matter"], found


def test_nothing_else_is_reported(reported):
    """One problem per case, and none elsewhere."""
    assert len(reported) == len(PICTURES) + len(FRONT_MATTER) + len(COLLISIONS), reported


@pytest.mark.build
def test_bad_posts_fail_the_build_naming_each_file(tmp_path):
    """The front-matter cases and the address collisions at once, a post
    each, through a real build: it stops and names each file with its
    message."""
    project = copy_project(tmp_path / "project")
    write_posts(project, FRONT_MATTER)
    write_posts(project, COLLISIONS)
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0, "the build passed with bad posts"
    for case, (_change, message) in FRONT_MATTER.items():
        assert f"docs/blog/posts/{file_name(case)}: {message}" in output, f"{case}:\n{output}"
    for case, (_change, address, other) in COLLISIONS.items():
        both = sorted([f"docs/blog/posts/{file_name(case)}", other])
        assert f"{address} is the address of both {both[0]} and {both[1]}" in output, f"{case}:\n{output}"


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
