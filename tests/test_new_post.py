"""`make new-post`: from the command to a published page, as GUIDA-AUTRICE.md
tells the owner to do it."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support.project import ROOT, build, copy_project

sys.path.insert(0, str(ROOT / "scripts"))
import new_post  # noqa: E402


@pytest.mark.parametrize("title, slug", [
    ("Perché delegare è difficile", "perche-delegare-e-difficile"),
    ("L'OBM e l'Assistente Virtuale: più città, così è!", "l-obm-e-l-assistente-virtuale-piu-citta-cosi-e"),
    ("  Àncora   ÒTTIMA   ", "ancora-ottima"),
    ("Perché «delegare» — 10 idee per l’estate", "perche-delegare-10-idee-per-l-estate"),
])
def test_the_slug_is_plain_italian(title, slug):
    assert new_post.slugify(title) == slug


def project_with_make(tmp_path: Path) -> Path:
    """A copy of the project where the Makefile's new-post target runs as in
    the real one (scripts/ copied, the environment's Python linked)."""
    project = copy_project(tmp_path / "project")
    (project / "scripts").mkdir()
    (project / "scripts/new_post.py").write_text((ROOT / "scripts/new_post.py").read_text(encoding="utf-8"))
    (project / ".venv").symlink_to(ROOT / ".venv")
    return project


def make_new_post(project: Path, **variables) -> subprocess.CompletedProcess:
    # -o: the environment's packages count as installed (the real target
    # installs them first when requirements.txt changed).
    args = ["make", "-s", "-f", str(ROOT / "Makefile"), "-o", ".venv/.site-deps", "new-post"]
    args += [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(args, cwd=project, capture_output=True, text=True, timeout=60)


def test_new_post_writes_a_draft_with_the_defaults(tmp_path):
    project = project_with_make(tmp_path)
    result = make_new_post(project, TITLE="Perché delegare è difficile: l'OBM \"vera\"")
    assert result.returncode == 0, result.stderr
    path = project / "docs/blog/posts/perche-delegare-e-difficile-l-obm-vera.md"
    assert f"Creato docs/blog/posts/{path.name}" in result.stdout
    text = path.read_text(encoding="utf-8")
    meta = new_post.yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == "Perché delegare è difficile: l'OBM \"vera\""
    assert meta["slug"] == "perche-delegare-e-difficile-l-obm-vera"
    assert meta["date"] == {"created": dt.date.today()}
    assert meta["categories"] == ["OBM e assistente virtuale"]  # the first allowed
    assert meta["draft"] is True
    assert meta["description"].startswith("SCRIVI QUI")
    assert "authors" not in meta  # docs/blog/.meta.yml gives the owner
    assert "<!-- more -->" in text


def test_new_post_takes_an_allowed_category_in_any_case(tmp_path):
    project = project_with_make(tmp_path)
    result = make_new_post(project, TITLE="Tre progetti", CATEGORY="progetti e TEAM")
    assert result.returncode == 0, result.stderr
    text = (project / "docs/blog/posts/tre-progetti.md").read_text(encoding="utf-8")
    assert '  - "Progetti e team"' in text


def test_new_post_refuses_an_unknown_category(tmp_path):
    project = project_with_make(tmp_path)
    result = make_new_post(project, TITLE="Ricette", CATEGORY="Cucina")
    assert result.returncode != 0
    assert "La categoria «Cucina» non esiste" in result.stderr and "Delega" in result.stderr
    assert not (project / "docs/blog/posts/ricette.md").exists()


def test_new_post_needs_a_title(tmp_path):
    project = project_with_make(tmp_path)
    result = make_new_post(project)
    assert result.returncode != 0
    assert "Manca il titolo" in result.stderr


def test_new_post_never_overwrites(tmp_path):
    project = project_with_make(tmp_path)
    path = project / "docs/blog/posts/errori-di-delega.md"
    before = path.read_text(encoding="utf-8")
    result = make_new_post(project, TITLE="Errori di delega")
    assert result.returncode != 0
    assert "Esiste già docs/blog/posts/errori-di-delega.md: non lo sovrascrivo" in result.stderr
    assert path.read_text(encoding="utf-8") == before


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""


def serve_and_fetch(project: Path, path: str) -> tuple[int, str]:
    """What `mkdocs serve` (the preview of `make serve`) shows at `path`."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}",
         "-f", str(project / "mkdocs.yml")],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        end = time.monotonic() + 120
        while time.monotonic() < end:
            if process.poll() is not None:
                pytest.fail(f"mkdocs serve stopped:\n{process.stderr.read()}")
            try:
                fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.5)
        return fetch(f"http://127.0.0.1:{port}{path}")
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.build
def test_from_the_command_to_the_published_page(tmp_path):
    project = project_with_make(tmp_path)
    assert make_new_post(project, TITLE="Perché delegare è difficile").returncode == 0
    post = project / "docs/blog/posts/perche-delegare-e-difficile.md"

    # 1. The placeholder stops the build, naming the file.
    result = build(project, tmp_path / "site1")
    assert result.returncode != 0
    assert "docs/blog/posts/perche-delegare-e-difficile.md: 'description' still says 'SCRIVI QUI'" in result.stderr

    # 2. The preview shows the draft all the same.
    status, page = serve_and_fetch(project, "/blog/perche-delegare-e-difficile/")
    assert status == 200 and "Perché delegare è difficile" in page

    # 3. With its description written, it builds, and stays out of the site.
    text = post.read_text(encoding="utf-8")
    text = re.sub(r"^description: .*$", "description: Perché delegare costa fatica all'inizio, e come renderlo "
                  "più semplice.", text, count=1, flags=re.M)
    post.write_text(text, encoding="utf-8")
    result = build(project, tmp_path / "site2")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site2/blog/perche-delegare-e-difficile").exists()

    # 4. Without the draft line, it is published.
    post.write_text(re.sub(r"^draft: true\n", "", text, flags=re.M), encoding="utf-8")
    result = build(project, tmp_path / "site3")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site3/blog/perche-delegare-e-difficile/index.html").read_text(encoding="utf-8")
    assert "Perché delegare è difficile" in page
    assert 'href="perche-delegare-e-difficile/"' in (tmp_path / "site3/blog/index.html").read_text(encoding="utf-8")
