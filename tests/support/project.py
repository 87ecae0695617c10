"""The project and its builds: a copy of the sources a test may change, a
strict build of it, the owner's values a production build needs, and the
content checks and shortcodes called directly (no build)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What a build reads from the project folder.
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "hooks", "site_extensions", "site_build")


def build(project: Path, site: Path, env: dict | None = None, generator: str = "mkdocs") -> subprocess.CompletedProcess:
    """Run a strict build of `project` into `site` with `generator` (mkdocs,
    or properdocs, which reads the same mkdocs.yml); never raises."""
    return subprocess.run(
        [sys.executable, "-m", generator, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


def render_shortcodes(text: str, data: Path = ROOT / "data", owner: dict | None = None) -> str:
    """`text` as Python-Markdown renders it with the site's shortcodes
    (site_extensions/shortcodes.py, configured as in mkdocs.yml), reading
    the data files in `data`: no build. A mistake raises the error that
    stops the build; MkDocs then adds the page's name to its message, which
    one build per kind of mistake checks."""
    import markdown

    from site_extensions.shortcodes import ShortcodeExtension

    extension = ShortcodeExtension(
        roles_file=str(data / "roles.yml"),
        assessment_file=str(data / "self-assessment.yml"),
        services_file=str(data / "services.yml"),
        owner=owner or {},
    )
    return markdown.markdown(text, extensions=[extension])


def content_problems(project: Path = ROOT, env: dict | None = None, pages: bool = False) -> list[str]:
    """The content checks every build runs before the generator
    (site_build/checks.py), called directly on `project` with `env` set:
    every problem, one line each naming its file (and line where known).
    `pages`: also each page as Python-Markdown renders it, as
    `make check` does (a build checks the pages as the generator made
    them instead)."""
    from site_build.checks import problems
    from site_build.project import Project

    saved = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    try:
        return problems(Project.load(project / "mkdocs.yml"), pages=pages)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def copy_data(dest: Path) -> Path:
    """A copy of the project's data/ folder that a test may change freely."""
    shutil.copytree(ROOT / "data", dest)
    return dest


def owner_settings(root: Path, replace: dict[str, str] | None = None) -> Path:
    """The project's settings file (data/titolare.yml) copied into `root`,
    with some of its text replaced (each `old` must be there)."""
    text = (ROOT / "data" / "titolare.yml").read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path = root / "data" / "titolare.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def copy_project(dest: Path) -> Path:
    """A copy of the project's sources that a test may change freely."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


# Real values for every placeholder the site ships (a production build
# refuses the placeholders), and a contact form provider.
PRODUCTION_ENV = {
    "PRODUCTION": "true",
    "SITE_URL": "https://www.studio-rossi.it/",
    "OWNER_NAME": "Giulia Rossi",
    "OWNER_CITY": "Bologna",
    "OWNER_EMAIL": "giulia@studio-rossi.it",
    "OWNER_LINKEDIN": "https://www.linkedin.com/in/giulia-rossi-obm/",
    # A partita IVA whose check digit is right (the FAQ says she has one).
    "OWNER_VAT_NUMBER": "12345678903",
    "OWNER_PHOTO": "assets/images/favicon.svg",
    "CONTACT_PROVIDER": "formspree",
    "CONTACT_ENDPOINT": "https://formspree.io/f/abc",
    # The host (a production build must know it); Netlify takes every provider.
    "SITE_HOST": "netlify",
    # The repository the editor saves to (Netlify's own build says it).
    "EDITOR_REPO": "giulia-rossi/sito",
}


def production_ready(project: Path) -> Path:
    """In a copy of the project, what only the owner can write, written: the
    values that wait for her ('DA DEFINIRE') and the pages that are marked
    as illustrative examples ('segnaposto: true')."""
    for path in list(project.joinpath("data").glob("*.yml")) + list(project.joinpath("docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        new = re.sub(r"DA DEFINIRE", "da concordare", text, flags=re.I)
        if path.name in ("services.yml", "titolare.yml"):
            # Values the site reads, not only shows: a tax regime, a reply time.
            new = re.sub(r"^(\s*regime:).*$", r"\1 ordinario", new, flags=re.M)
            new = re.sub(r"^(\s*rivalsa_inps:).*$", r"\1 no", new, flags=re.M)
            new = re.sub(r"^(\s*reply_time:).*$", r"\1 entro due giorni lavorativi", new, flags=re.M)
        new = re.sub(r"^segnaposto:\s*true\s*$", "segnaposto: false", new, flags=re.M)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return project


def built(result: subprocess.CompletedProcess) -> None:
    """Fail (naming the build's errors) unless the build succeeded."""
    if result.returncode != 0:
        pytest.fail(f"the build failed:\n{result.stdout}\n{result.stderr}")


# The owner's settings that a build takes from the environment, each set to
# a value of its own (OWNER_PHOTO names a red square that owner_site adds).
OWNER_ENV = {
    "OWNER_NAME": "Giulia Prova Unica",
    "OWNER_CITY": "Cittàprova",
    "OWNER_VAT_NUMBER": "IT01234567897",
    "OWNER_PHOTO": "assets/images/ritratto.png",
}
