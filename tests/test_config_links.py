"""Every link the configuration holds is checked like a link in a page
(site_build/config_links.py): a target inside the site that does not exist
stops every build with one line naming the setting and what to do. The
header's button, the owner's photo, the favicon, the navigation, the
redirects, the blog's authors file and the self-assessment's next steps,
each with a broken value, are
called through the content checks every build runs first; one build shows
that the header's button to a missing page stops it."""

from __future__ import annotations

import pytest

from support.project import ROOT, build, content_problems, copy_project


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


DRAFT = """---
title: Una bozza
description: Una bozza che nessuno deve ancora leggere.
date:
  created: 2026-01-02
categories:
  - Delega
draft: true
---
# Una bozza

Introduzione.

<!-- more -->

Testo.
"""

# A broken value of each setting -> (file, old text, new text), the words
# that name the setting in the message, and the words that say what to do.
# The line of the owner's photo in her settings file.
PHOTO_LINE = next(n for n, line in enumerate((ROOT / "data/titolare.yml").read_text(encoding="utf-8").splitlines(), 1)
                  if line.startswith("photo:"))

BROKEN = {
    "header action to a missing page": (
        ("mkdocs.yml", "link: contatti/", "link: contattami/"),
        "mkdocs.yml: extra.header_action.link 'contattami/' leads to no page", "write the address of a published page"),
    "header action to a source file": (
        ("mkdocs.yml", "link: contatti/", "link: contatti.md"),
        "mkdocs.yml: extra.header_action.link 'contatti.md' names a source file", "(e.g. contatti/)"),
    "header action to a draft": (
        ("mkdocs.yml", "link: contatti/", "link: blog/una-bozza/"),
        "mkdocs.yml: extra.header_action.link 'blog/una-bozza/' leads to no page", "a published page"),
    "owner's photo missing": (
        ("data/titolare.yml", "assets/images/foto-segnaposto.svg", "assets/images/ritratto.jpg"),
        f"data/titolare.yml, riga {PHOTO_LINE}, campo photo: docs/assets/images/ritratto.jpg non esiste",
        "correggi il percorso"),
    "favicon missing": (
        ("mkdocs.yml", "favicon: assets/images/favicon.svg", "favicon: assets/images/icona.svg"),
        "mkdocs.yml: theme.favicon 'assets/images/icona.svg' does not exist in docs/", "correct the path"),
    "nav entry missing": (
        ("mkdocs.yml", "Chi sono: chi-sono.md", "Chi sono: chi.md"),
        "mkdocs.yml: nav > Chi sono: 'chi.md' is not a file in docs/", "correct the file name"),
    "nested nav entry missing": (
        ("mkdocs.yml", "OBM o assistente virtuale?: obm-o-assistente-virtuale.md",
         "OBM o assistente virtuale?: confronto.md"),
        "mkdocs.yml: nav > Blog > OBM o assistente virtuale?: 'confronto.md' is not a file in docs/",
        "remove the entry"),
    "redirect to a missing page": (
        ("mkdocs.yml", "redirect_maps:", "redirect_maps:\n        vecchia.md: nuova.md"),
        "mkdocs.yml: redirect_maps: 'vecchia.md' leads to 'nuova.md', which is not a published page", "source file"),
    "redirect to a draft": (
        ("mkdocs.yml", "redirect_maps:", "redirect_maps:\n        vecchia.md: blog/posts/una-bozza.md"),
        "mkdocs.yml: redirect_maps: 'vecchia.md' leads to 'blog/posts/una-bozza.md', which is not a published",
        "source file"),
    "author's url to a missing page": (
        ("docs/blog/.authors.yml", "url: chi-sono/", "url: chi-sonoo/"),
        "docs/blog/.authors.yml: authors.titolare.url 'chi-sonoo/' leads to no page", "a published page"),
    "author's avatar missing": (
        ("docs/blog/.authors.yml", "avatar: assets/images/avatar.svg", "avatar: assets/images/volto.svg"),
        "docs/blog/.authors.yml: authors.titolare.avatar 'assets/images/volto.svg' does not exist in docs/",
        "correct the path"),
    "self-assessment's next step to a missing page": (
        ("data/self-assessment.yml", "page: blog/posts/primi-90-giorni-con-una-obm.md", "page: blog/posts/primi-90-giorni.md"),
        "data/self-assessment.yml: results.obm.next.page 'blog/posts/primi-90-giorni.md' is not a published page",
        "write the source file of a page"),
}

# Values that lead somewhere, each written another way a link may be.
GOOD = {
    "header action from the root": ("mkdocs.yml", "link: contatti/", "link: /contatti/"),
    "header action without the slash": ("mkdocs.yml", "link: contatti/", "link: contatti"),
    "header action to a section": ("mkdocs.yml", "link: contatti/", "link: contatti/#cf-full"),
    "header action to a blog category": ("mkdocs.yml", "link: contatti/", "link: blog/categoria/delega/"),
    "header action to a post": ("mkdocs.yml", "link: contatti/", "link: blog/errori-di-delega/"),
    "header action to another site": ("mkdocs.yml", "link: contatti/", "link: https://calendly.com/giulia"),
    "header action by e-mail": ("mkdocs.yml", "link: contatti/", "link: mailto:giulia@studio-rossi.it"),
    "redirect to a page": ("mkdocs.yml", "redirect_maps:", "redirect_maps:\n        vecchia.md: faq.md"),
    "redirect to another site": ("mkdocs.yml", "redirect_maps:",
                                 "redirect_maps:\n        vecchia.md: https://www.studio-rossi.it/"),
    "author's url to a post": ("docs/blog/.authors.yml", "url: chi-sono/", "url: /blog/errori-di-delega/"),
}


def project_with(tmp_path, file: str, old: str, new: str):
    project = copy_project(tmp_path / "project")
    (project / "docs/blog/posts/una-bozza.md").write_text(DRAFT, encoding="utf-8")
    edit(project / file, old, new)
    return project


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_link_in_the_configuration_is_one_line_naming_the_setting(tmp_path, case):
    change, names, todo = BROKEN[case]
    found = content_problems(project_with(tmp_path, *change))
    assert len(found) == 1, found
    assert found[0].startswith(names) and todo in found[0], found
    assert "\n" not in found[0]


@pytest.mark.parametrize("case", GOOD)
def test_a_link_that_leads_somewhere_is_accepted(tmp_path, case):
    assert content_problems(project_with(tmp_path, *GOOD[case])) == []


def test_the_shipped_configuration_leads_somewhere():
    assert content_problems() == []


@pytest.mark.build
def test_a_header_action_to_a_missing_page_stops_the_build(tmp_path):
    """Built as before, the button on every page led to a 404."""
    change, names, _todo = BROKEN["header action to a missing page"]
    project = project_with(tmp_path, *change)
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0, "the build published a header button to a missing page"
    assert any(line.strip().startswith(names) for line in output.splitlines()), output
    assert "Traceback" not in output


@pytest.mark.build
def test_links_to_a_missing_section_stop_the_build(tmp_path):
    """A section (#id) may exist only in the page as built (the services'
    cards, the contact form): the pipeline looks for it there, as MkDocs
    does for a link between pages. The header's button and a next step of
    the self-assessment, each to a section its page does not have."""
    project = project_with(tmp_path, "mkdocs.yml", "link: contatti/", "link: contatti/#modulo-inesistente")
    edit(project / "data/self-assessment.yml", "page: blog/posts/primi-90-giorni-con-una-obm.md",
         "page: servizi.md#gestione-inesistente")
    assert content_problems(project) == []
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0, "the build published links to missing sections"
    lines = [line.strip() for line in output.splitlines()]
    for expected in ("mkdocs.yml: extra.header_action.link 'contatti/#modulo-inesistente' leads to a section "
                     "/contatti/ does not have (#modulo-inesistente)",
                     "data/self-assessment.yml: results.obm.next.page 'servizi.md#gestione-inesistente' leads to "
                     "a section /servizi/ does not have (#gestione-inesistente)"):
        assert any(line.startswith(expected) for line in lines), output
    assert "Traceback" not in output


@pytest.mark.build
def test_a_header_action_to_an_existing_section_builds(tmp_path):
    project = project_with(tmp_path, "mkdocs.yml", "link: contatti/", "link: contatti/#cf-full")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr + result.stdout
    assert 'href="../contatti/#cf-full"' in (tmp_path / "site/faq/index.html").read_text(encoding="utf-8")
