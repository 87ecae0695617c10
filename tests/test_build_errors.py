"""Bad input in a post fails the build with a message that names the file.

Each front-matter case is checked by calling the content checks that every
build runs first (site_build/checks.py) on a copy of the project holding
the post; one real build holding every case, a post each, shows that the
build stops and names each post's file with its message. Broken links are
MkDocs' own check, so they go through a build."""

from __future__ import annotations

import pytest

from support.project import build, content_problems, copy_project

POST = """---
title: {title}
description: {description}
date:
  created: {date}
categories:
  - {category}
authors:
  - {author}
tags:
  - prova
---
# {title}

Un paragrafo di estratto.

<!-- more -->

{body}
"""

GOOD = dict(title="Articolo di prova", description="Un articolo scritto solo per vedere come reagisce la build a un errore nei suoi metadati.", date="2026-05-04", category="Delega", author="titolare", body="Testo.")

# Mistakes in the front matter that the content checks report (site_build/posts.py).
CASES = {
    "unknown category": (dict(category="Cucina"), "category 'Cucina' is not allowed"),
    "unknown author": (dict(author="sconosciuta"), "author 'sconosciuta' is not in the authors file"),
    "missing description": (dict(description=""), "'description' is missing"),
    "description too long": (dict(description="Parole " * 30), "'description' has 209 characters"),
    "date that is not a date": (dict(date="ieri"), "'date' 'ieri' is not a valid date"),
}
# Broken links, which MkDocs reports in a strict build.
LINKS = {
    "link to a missing page": (dict(body="Vedi [qui](../../pagina-che-non-esiste.md)."), "pagina-che-non-esiste.md"),
    "link to a missing anchor": (dict(body="Vedi [qui](../../faq.md#ancora-inesistente)."), "ancora-inesistente"),
}


def post(**change) -> str:
    return POST.format(**{**GOOD, **change})


def file_name(case: str) -> str:
    """The file of `case`'s post when several cases share a build."""
    return "articolo-" + case.replace(" ", "-") + ".md"


def write_posts(project, cases: dict):
    """A post per case, each with a title (and so an address) of its own."""
    for case, (change, _message) in cases.items():
        text = post(**{"title": f"Articolo di prova, {case}", **change})
        (project / "docs/blog/posts" / file_name(case)).write_text(text, encoding="utf-8")


@pytest.mark.build
def test_a_good_post_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/blog/posts/articolo-di-prova.md").write_text(post(), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/blog/articolo-di-prova/index.html").exists()


def checked(tmp_path, text: str) -> list[str]:
    """The content checks' problems with `text` as a new post."""
    project = copy_project(tmp_path / "project")
    (project / "docs/blog/posts/articolo-di-prova.md").write_text(text, encoding="utf-8")
    return content_problems(project)


def test_a_good_post_has_nothing_to_report(tmp_path):
    assert checked(tmp_path, post()) == []


@pytest.mark.parametrize("case", CASES)
def test_bad_front_matter_is_reported_naming_the_file(tmp_path, case):
    change, message = CASES[case]
    found = checked(tmp_path, post(**change))
    assert len(found) == 1, found
    assert found[0].startswith("docs/blog/posts/articolo-di-prova.md: ") and message in found[0], found


def test_a_malformed_date_is_reported_naming_the_file(tmp_path):
    """A date such as 2026-13-45 cannot even be read as YAML gives it."""
    found = checked(tmp_path, post(date="2026-13-45"))
    assert len(found) == 1 and "articolo-di-prova.md" in found[0], found
    assert "a date in the front matter is not valid (month must be in 1..12)" in found[0]


def test_an_incomplete_owner_identity_is_reported():
    found = content_problems(env={"OWNER_EMAIL": "non-una-email"})
    assert len(found) == 1 and "campo email" in found[0] and "OWNER_EMAIL" in found[0], found


@pytest.mark.build
def test_bad_posts_fail_the_build_naming_each_file(tmp_path):
    """Every front-matter case at once, a post each: the build stops and
    names each post's file with its message."""
    project = copy_project(tmp_path / "project")
    write_posts(project, CASES)
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0, "the build passed with bad posts"
    for case, (_change, message) in CASES.items():
        assert f"docs/blog/posts/{file_name(case)}: {message}" in output, f"{case}:\n{output}"
    assert "is the address of" not in output, "the posts' addresses must differ"


@pytest.mark.build
def test_broken_links_fail_the_build_naming_the_file(tmp_path):
    project = copy_project(tmp_path / "project")
    write_posts(project, LINKS)
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0, "the build passed with broken links"
    lines = output.splitlines()
    for case, (_change, message) in LINKS.items():
        assert any(file_name(case) in line and message in line for line in lines), f"{case}:\n{output}"
