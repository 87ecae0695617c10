"""`make check` gives the answer `make production` gives: for each mistake
an owner makes, `python -m site_build check` fails with a line naming it
if and only if the production build refuses the site; for each change that
is no mistake, both pass. Each case is a copy of the project with its
placeholders written (support.project.production_ready), the one change made,
then both commands run as the owner and the host run them: the check
without PRODUCTION, the build with it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.project import PRODUCTION_ENV, copy_project, production_ready

POST = "docs/blog/posts/errori-di-delega.md"


def edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_to_faq(project: Path, markdown: str) -> None:
    edit(project, "docs/faq.md", "\n\n", f"\n\n{markdown}\n\n")


def garbage_picture(project: Path, name: str) -> None:
    (project / "docs/assets/images" / name).write_bytes(b"\x00not a picture\xff" * 64)


# A change -> (what it does to the copy, environment changes, whether
# publishing refuses it, the words that name it in both answers).
CASES = {
    "no change": (lambda p: None, {}, False, None),
    "a link to an existing section": (
        lambda p: add_to_faq(p, "Vedi [come lavoro](chi-sono.md#come-lavoro)."), {}, False, None),
    "a picture that exists": (
        lambda p: add_to_faq(p, "![Il logo](assets/images/logo.svg)"), {}, False, None),
    "a post without <!-- more -->": (
        lambda p: edit(p, POST, "<!-- more -->", ""), {}, True, "errori-di-delega.md: no '<!-- more -->' line"),
    "a broken link": (
        lambda p: add_to_faq(p, "Vedi [qui](pagina-inesistente.md)."), {}, True, "pagina-inesistente.md"),
    "a broken anchor": (
        lambda p: add_to_faq(p, "Vedi [qui](chi-sono.md#sezione-inesistente)."), {}, True, "sezione-inesistente"),
    "a missing picture": (
        lambda p: add_to_faq(p, "![Una foto](assets/images/manca.jpg)"), {}, True, "manca.jpg"),
    "a missing photo of the owner": (
        lambda p: None, {"OWNER_PHOTO": "assets/images/ritratto.jpg"}, True, "ritratto.jpg"),
    "a corrupt picture": (
        lambda p: (garbage_picture(p, "rotta.jpg"), add_to_faq(p, "![Una foto](assets/images/rotta.jpg)")),
        {}, True, "rotta.jpg"),
    "a corrupt photo of the owner": (
        lambda p: garbage_picture(p, "ritratto.jpg"), {"OWNER_PHOTO": "assets/images/ritratto.jpg"}, True,
        "ritratto.jpg"),
    "the header's button to a missing page": (
        lambda p: edit(p, "mkdocs.yml", "link: contatti/", "link: contattami/"), {}, True, "contattami/"),
    "a next step of the self-assessment to a missing section": (
        lambda p: edit(p, "data/self-assessment.yml", "blog/posts/primi-90-giorni-con-una-obm.md",
                       "servizi.md#gestione-annuale"),
        {}, True, "gestione-annuale"),
    "a nav entry to a missing page": (
        lambda p: edit(p, "mkdocs.yml", "Chi sono: chi-sono.md", "Chi sono: chi.md"), {}, True, "chi.md"),
    "a page left out of the nav": (
        lambda p: (p / "docs/nuova-pagina.md").write_text("# Nuova pagina\n\nTesto.\n", encoding="utf-8"),
        {}, True, "nuova-pagina.md"),
    "a redirect to a missing page": (
        lambda p: edit(p, "mkdocs.yml", "redirect_maps:", "redirect_maps:\n        vecchia.md: nuova.md"),
        {}, True, "nuova.md"),
    "a placeholder price": (
        lambda p: edit(p, "data/services.yml", '"da concordare (es. 30 minuti', '"DA DEFINIRE (es. 30 minuti'), {}, True,
        "data/services.yml, line"),
    "the shipped placeholders": ("shipped", {}, True, "campo site_url: è ancora l'esempio"),
}


def run(project: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_build", *args, "-f", str(project / "mkdocs.yml")],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.build
@pytest.mark.parametrize("case", CASES)
def test_check_fails_naming_a_mistake_iff_production_refuses_it(tmp_path, case):
    change, env_change, refused, names = CASES[case]
    project = copy_project(tmp_path / "project")
    owner_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if change == "shipped":
        owner_env = {k: v for k, v in owner_env.items() if k not in PRODUCTION_ENV}
    else:
        production_ready(project)
        change(project)
        owner_env.update({k: v for k, v in PRODUCTION_ENV.items() if k != "PRODUCTION"}, **env_change)
    owner_env.pop("PRODUCTION", None)

    check = run(project, "check", env=owner_env)
    production = run(project, "build", "--strict", "--site-dir", str(tmp_path / "site"),
                     env={**owner_env, "PRODUCTION": "true"})
    answer = check.stdout + check.stderr
    published = production.stdout + production.stderr

    assert (production.returncode != 0) == refused, f"make production, {case}:\n{published}"
    assert (check.returncode != 0) == (production.returncode != 0), f"make check, {case}:\n{answer}"
    assert "Traceback" not in answer
    if refused:
        # One line names the mistake (its file, or the setting), and the
        # answer says plainly that the site cannot be published.
        named = [line for line in answer.splitlines() if names in line]
        assert named, f"make check does not name {names!r}:\n{answer}"
        assert "The site is not ready to publish" in answer.splitlines()[-1], answer
    else:
        assert answer.strip().startswith("No problems found: `make production` would publish this site"), answer


@pytest.mark.parametrize("draft", [False, True])
def test_a_post_without_the_excerpt_separator_is_one_line_naming_it(tmp_path, draft):
    """The blog plugin stops a build on it with its own error (a draft's
    in the preview); the content checks name the post and what to add."""
    from support.project import content_problems

    project = copy_project(tmp_path / "project")
    edit(project, POST, "<!-- more -->", "")
    if draft:
        edit(project, POST, "\n---\n", "\ndraft: true\n---\n")
    found = content_problems(project)
    # A draft is no longer published: a setting that links to it (the
    # self-assessment's next step) is a problem of its own.
    found = [line for line in found if "is not a published page" not in line] if draft else found
    assert len(found) == 1 and "\n" not in found[0], found
    assert found[0].startswith(f"{POST}: ") and "add a line holding only <!-- more -->" in found[0], found
