"""Bad input in a post fails the build with a message that names the file."""

from __future__ import annotations

import pytest

from conftest import ROOT, build, copy_project

POST = """---
title: Articolo di prova
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
# Articolo di prova

Un paragrafo di estratto.

<!-- more -->

{body}
"""

GOOD = dict(description="Un articolo scritto solo per vedere come reagisce la build a un errore nei suoi metadati.", date="2026-05-04", category="Delega", author="titolare", body="Testo.")

CASES = {
    "unknown category": (dict(category="Cucina"), "category 'Cucina' is not allowed"),
    "unknown author": (dict(author="sconosciuta"), "author 'sconosciuta' is not in the authors file"),
    "malformed date": (dict(date="2026-13-45"), "a date in the front matter is not valid (month must be in 1..12)"),
    "missing description": (dict(description=""), "'description' is missing"),
    "description too long": (dict(description="Parole " * 30), "'description' has 209 characters"),
    "date that is not a date": (dict(date="ieri"), "'date' 'ieri' is not a valid date"),
    "link to a missing page": (dict(body="Vedi [qui](../../pagina-che-non-esiste.md)."), "pagina-che-non-esiste.md"),
    "link to a missing anchor": (dict(body="Vedi [qui](../../faq.md#ancora-inesistente)."), "ancora-inesistente"),
}


def test_a_good_post_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/blog/posts/articolo-di-prova.md").write_text(POST.format(**GOOD), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/blog/articolo-di-prova/index.html").exists()


@pytest.mark.parametrize("case", CASES)
def test_bad_post_fails_naming_the_file(tmp_path, case):
    change, message = CASES[case]
    project = copy_project(tmp_path / "project")
    (project / "docs/blog/posts/articolo-di-prova.md").write_text(POST.format(**{**GOOD, **change}), encoding="utf-8")
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0, f"the build passed with a {case}"
    assert "articolo-di-prova.md" in output, f"the message does not name the file:\n{output}"
    assert message in output, output


def test_incomplete_owner_identity_fails(tmp_path):
    project = copy_project(tmp_path / "project")
    result = build(project, tmp_path / "site", env={"OWNER_EMAIL": "non-una-email"})
    assert result.returncode != 0
    assert "extra.owner.email" in result.stderr
