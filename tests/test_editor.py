"""The owner's editor at /admin/ (site_build/editor), driven in Chromium,
fully offline: `make editor` in a copy of the project runs the preview and
decap-server on 127.0.0.1; the editor creates a post with every field and
a picture, changes a service's price, adds a testimonial and changes the
owner's city. The files it writes are compared byte for byte with the text
the formats document (scripts/new_post.py's template, the data files'
comments), `make check` passes on the copy, and the preview shows each
change. Then: /admin/* has its own policy, `noindex`, and no public page
loads the editor."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from support.pages import html_pages
from support.project import PRODUCTION_ENV, ROOT, copy_project, production_ready

# What `make editor` and `make check` read besides what a build reads.
MAKE_PARTS = ("scripts", "Makefile", "requirements.txt", "requirements-test.txt", "pyproject.toml", "package.json",
              "package-lock.json")
TITLE = "Perché scrivere le procedure: l'OBM e «il metodo»"
SLUG = "perche-scrivere-le-procedure-l-obm-e-il-metodo"
DESCRIPTION = "Tre ragioni per mettere per iscritto le attività che si ripetono, e come cominciare in un pomeriggio."
ALT = "Un quaderno aperto con un elenco di passaggi numerati"
BODY_TYPED = ("Una procedura scritta è il primo passo per delegare.\n\n<!-- more -->\n\n## Da dove cominciare\n\n"
              "Scegli l'attività che ripeti più spesso.")
PRICE = "1.450 €"
QUOTE = "Con il suo aiuto ho finalmente un piano per i prossimi tre mesi."
CITY = "Ravenna"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _until(url: str, text: str, seconds: float = 60) -> str:
    """The page at `url` once it holds `text` (the preview rebuilds after a
    save); fails naming what the page lacked."""
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            page = _get(url)
        except OSError:
            page = ""
        if text in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"the preview's {url} never showed {text!r}")


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """`make editor` in a production-ready copy of the project: the preview's
    address, decap-server's port and the copy."""
    project = production_ready(copy_project(tmp_path_factory.mktemp("editor") / "sito"))
    for part in MAKE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            shutil.copy2(source, project / part)
    # The project's own packages, shared: `-o node_modules/.installed` below
    # keeps make from installing them again into the shared folder.
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (project / ".venv").symlink_to(ROOT / ".venv")
    site_port, editor_port = _free_port(), _free_port()
    env = {**os.environ, "HOST": f"127.0.0.1:{site_port}", "EDITOR_PORT": str(editor_port)}
    for name in ("SITE_URL", "SITE_HOST", "PRODUCTION", "CSP_META", "NETLIFY", "CF_PAGES"):
        env.pop(name, None)
    log = (project / "editor.log").open("w")
    process = subprocess.Popen(["make", "-o", "node_modules/.installed", "-o", ".venv/.site-deps", "editor"],
                               cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{site_port}/admin/config.yml")
        yield {"site": f"http://127.0.0.1:{site_port}", "port": editor_port, "project": project, "log": log}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _open(new_page, editor, where: str):
    """The editor at `where` (a collection or entry), signed in to the local
    back end; external requests blocked (conftest's new_page)."""
    page = new_page(1280, 1000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{editor['site']}/admin/#{where}")
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_selector("[id$='-field-1']", timeout=30_000)
    page.errors = errors
    return page


def _lines(text: str) -> list[str]:
    """The non-empty lines of `text`, as the Markdown editor shows them (it
    marks each empty line with a zero-width no-break space)."""
    return [line for line in text.replace("\ufeff", "").split("\n") if line.strip()]


def _clear(page, editor) -> None:
    """The Markdown editor emptied: select all and delete, until it shows no
    text (on a busy machine a key press can land before the focus does)."""
    for _attempt in range(10):
        editor.click()
        editor.focus()
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.wait_for_timeout(200)
        if not _lines(editor.inner_text()):
            return
    raise AssertionError(f"the Markdown editor could not be emptied: it holds {editor.inner_text()!r}")


def _type(page, editor, text: str) -> None:
    """`text` typed into the emptied Markdown editor, a line at a time (Enter
    starts the next line, as she would type it); tried again from empty until
    the editor shows exactly those lines."""
    for _attempt in range(3):
        _clear(page, editor)
        for number, line in enumerate(text.split("\n")):
            if number:
                page.keyboard.press("Enter")
            if line:
                page.keyboard.insert_text(line)
        page.wait_for_timeout(300)
        if _lines(editor.inner_text()) == _lines(text):
            return
    raise AssertionError(f"the Markdown editor holds {editor.inner_text()!r}")


def _publish(page) -> None:
    """Save the entry (simple publishing: straight into the files) and wait
    for the editor's "Voce salvata"; a click lost while the menu opens is
    tried again."""
    page.wait_for_timeout(500)  # the fields' last changes reach the entry
    for _attempt in range(3):
        page.get_by_role("button", name="Pubblica").first.click()
        page.get_by_text("Pubblica ora", exact=True).click()
        try:
            page.get_by_text("Voce salvata").wait_for(timeout=20_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's timeout: try the menu again
            page.keyboard.press("Escape")
    raise AssertionError("the editor never said «Voce salvata»: " + page.inner_text("body")[:500])


def _wait_file(path: Path, test, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if test(text):
                return text
        time.sleep(0.3)
    raise AssertionError(f"{path} was not written as expected:\n" + (path.read_text(encoding="utf-8")
                                                                   if path.is_file() else "(missing)"))


@pytest.mark.browser
@pytest.mark.build
def test_the_editor_writes_each_format_exactly_and_the_preview_shows_it(editor, new_page):
    project, site = editor["project"], editor["site"]
    services_before = (project / "data/services.yml").read_text(encoding="utf-8")
    testimonials_before = (project / "data/testimonianze.yml").read_text(encoding="utf-8")
    settings_before = (project / "data/titolare.yml").read_text(encoding="utf-8")

    # 1. A post with every field and a picture.
    page = _open(new_page, editor, "/collections/articoli/new")
    page.locator("input[id^='title-field-']").fill(TITLE)
    page.locator("textarea[id^='description-field-']").fill(DESCRIPTION)
    assert page.locator(".contatore").inner_text() == f"{len(DESCRIPTION)}/160 caratteri"
    page.locator("input[id^='created-field-']").fill("2026-11-20")
    page.locator("input[id^='categories-field-']").fill("Delega")
    page.keyboard.press("Enter")
    page.locator("input[id^='tags-field-']").fill("procedure, delega")
    page.locator("[id^='draft-field-']").click()  # published, not a draft
    page.get_by_role("button", name="Scegli un'immagine").click()
    page.locator("input[type=file]").set_input_files(str(ROOT / "tests/fixtures/editor/copertina.jpg"))
    page.get_by_role("button", name="Prendi selezionato").click()
    page.locator("input[id^='image_alt-field-']").fill(ALT)
    _type(page, page.locator(".cms-editor-raw [contenteditable=true]"), BODY_TYPED)
    _publish(page)
    post = project / "docs/blog/posts" / f"{SLUG}.md"
    written = _wait_file(post, lambda text: True)
    # scripts/new_post.py's format: the same keys, order, quoting and comments.
    assert written == f"""---
title: "Perché scrivere le procedure: l'OBM e «il metodo»"
description: "{DESCRIPTION}"
slug: {SLUG}
date:
  created: 2026-11-20
categories:
  - "OBM e assistente virtuale"
  - "Delega"
# Parole chiave, una per riga, per esempio:
#   - delega
tags:
  - "procedure"
  - "delega"
# Una bozza si vede solo in anteprima (make serve). Togli questa riga per
# pubblicare l'articolo.
draft: false
image: assets/images/copertina.jpg
image_alt: "{ALT}"
---
# {TITLE}

Una procedura scritta è il primo passo per delegare.

<!-- more -->

## Da dove cominciare

Scegli l'attività che ripeti più spesso.
"""
    uploaded = project / "docs/assets/images/copertina.jpg"
    assert uploaded.read_bytes() == (ROOT / "tests/fixtures/editor/copertina.jpg").read_bytes()
    assert not page.errors, page.errors
    _until(f"{site}/blog/{SLUG}/", "Da dove cominciare")
    page.close()

    # 2. A service's price: only that line changes.
    page = _open(new_page, editor, "/collections/servizi/entries/servizi")
    first = page.locator("[class*='listControlItem']").filter(has_text="Check-up operativo").first
    first.locator("[class*='TopBarButton']").first.click()  # opens the service
    price = page.locator("input[id^='price-field-']").first
    old_price = price.input_value()
    price.fill(PRICE)
    _publish(page)
    assert f'price: "{old_price}"' in services_before
    expected = services_before.replace(f'price: "{old_price}"', f'price: "{PRICE}"', 1)
    assert _wait_file(project / "data/services.yml", lambda text: text != services_before) == expected
    _until(f"{site}/servizi/", PRICE)
    page.close()

    # 3. A testimonial, in the block the file's comments show: each text in
    # double quotes, the date as anno-mese-giorno.
    page = _open(new_page, editor, "/collections/testimonianze/entries/testimonianze")
    page.get_by_role("button", name=re.compile("Aggiungi testimonianza", re.I)).click()
    page.locator("textarea[id^='quote-field-']").fill(QUOTE)
    page.locator("input[id^='name-field-']").fill("Marta L.")
    page.locator("input[id^='business-field-']").fill("studio di architettura")
    page.locator("input[id^='city-field-']").fill("Forlì")
    page.locator("input[id^='consent_date-field-']").fill("2026-10-02")
    _publish(page)
    assert "testimonials: []\n" in testimonials_before
    expected = testimonials_before.replace("testimonials: []\n", f"""testimonials:
  - quote: "{QUOTE}"
    name: "Marta L."
    business: "studio di architettura"
    city: "Forlì"
    consent_date: 2026-10-02
""")
    assert _wait_file(project / "data/testimonianze.yml", lambda text: text != testimonials_before) == expected
    _until(f"{site}/servizi/", QUOTE)
    page.close()

    # 4. The owner's city: only that value changes, its comment stays.
    page = _open(new_page, editor, "/collections/titolare/entries/titolare")
    city = page.locator("input[id^='city-field-']")
    old_city = city.input_value()
    city.fill(CITY)
    _publish(page)
    assert f"\ncity: {old_city}\n" in settings_before
    expected = settings_before.replace(f"\ncity: {old_city}\n", f"\ncity: {CITY}\n", 1)
    assert _wait_file(project / "data/titolare.yml", lambda text: text != settings_before) == expected
    _until(f"{site}/chi-sono/", CITY)
    page.close()

    # Everything publishing checks, on the edited copy: the owner's values the
    # file still holds as placeholders come from the host's variables, the
    # city from the file.
    env = {**os.environ, **PRODUCTION_ENV}
    env.pop("OWNER_CITY")
    check = subprocess.run(["make", "-o", "node_modules/.installed", "-o", ".venv/.site-deps", "check"],
                           cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.browser
@pytest.mark.build
def test_a_cover_without_alt_text_is_not_saved(editor, new_page):
    """A post with a picture and no alt text, which the build refuses
    (site_build/posts.py): the editor says why and writes nothing."""
    posts = editor["project"] / "docs/blog/posts"
    before = sorted(p.name for p in posts.iterdir())
    page = _open(new_page, editor, "/collections/articoli/new")
    page.locator("input[id^='title-field-']").fill("Una copertina senza descrizione")
    page.locator("textarea[id^='description-field-']").fill("Una prova.")
    page.get_by_role("button", name="Scegli un'immagine").click()
    page.locator("input[type=file]").set_input_files(str(ROOT / "tests/fixtures/editor/copertina.jpg"))
    page.get_by_role("button", name="Prendi selezionato").click()
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Pubblica").first.click()
    page.get_by_text("Pubblica ora", exact=True).click()
    page.get_by_text("manca la descrizione dell'immagine", exact=False).wait_for(timeout=20_000)
    page.wait_for_timeout(1000)
    assert sorted(p.name for p in posts.iterdir()) == before
    page.close()


def test_the_editor_has_its_own_policy_and_no_public_page_loads_it(site_dir):
    from site_build.editor import FOLDER

    admin = site_dir / FOLDER
    assert (admin / "decap-cms.js").is_file() and (admin / "config.yml").is_file()
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert not re.search(r"""(src|href)=["']?https?:""", page), "the editor loads nothing from another site"

    rules = {}
    for block in (site_dir / "_headers").read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if lines:
            rules[lines[0]] = [line.strip() for line in lines[1:]]
    site_policy = next(line for line in rules["/*"] if line.startswith("Content-Security-Policy:"))
    assert "unsafe" not in site_policy
    own = rules[f"/{FOLDER}/*"]
    assert own[0] == "! Content-Security-Policy", "Cloudflare Pages would join the public policy to it"
    policy = next(line for line in own if line.startswith("Content-Security-Policy:"))
    assert "'unsafe-eval'" in policy and "'unsafe-inline'" in policy
    assert "X-Robots-Tag: noindex" in own
    # The public policy's hashes come from the public pages only.
    assert not any(pattern.startswith(f"/{FOLDER}/") and pattern != f"/{FOLDER}/*" for pattern in rules)

    public = html_pages(site_dir, redirects=True)
    assert public and not any(rel.startswith(f"{FOLDER}/") for rel in public)
    for rel in public:
        text = (site_dir / rel).read_text(encoding="utf-8")
        assert f"/{FOLDER}/" not in text and "decap" not in text.lower(), f"{rel} references the editor"
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/{FOLDER}/" not in sitemap


SIGN_IN_CHECK = """
import { onRequestGet as auth } from "%(root)s/functions/api/auth.js";
import { onRequestGet as callback } from "%(root)s/functions/api/callback.js";
const env = { GITHUB_CLIENT_ID: "id-dell-app", GITHUB_CLIENT_SECRET: "segreto" };
const start = await auth({ request: new Request("https://www.studio-rossi.it/api/auth?provider=github&scope=repo"), env });
const unset = await auth({ request: new Request("https://www.studio-rossi.it/api/auth"), env: {} });
const forged = await callback({ request: new Request(
  "https://www.studio-rossi.it/api/callback?code=c&state=altro</script>",
  { headers: { Cookie: "editor_oauth_state=giusto" } }), env });
console.log(JSON.stringify({
  status: start.status, location: start.headers.get("Location"), cookie: start.headers.get("Set-Cookie"),
  unset: unset.status, forged: forged.status, forgedPage: await forged.text(),
}));
"""


def test_the_cloudflare_sign_in_sends_to_github_and_refuses_a_forged_return(tmp_path):
    """functions/api/ (the editor's GitHub sign-in on Cloudflare Pages), run
    in Node without a network: the start sends to GitHub's authorize page
    with the app's id, a callback on the site and a state kept in a cookie;
    a return whose state is not that cookie's is refused, and no text of
    the request can close the page's script."""
    import json
    from urllib.parse import parse_qs, urlsplit

    script = tmp_path / "check.mjs"
    script.write_text(SIGN_IN_CHECK % {"root": ROOT}, encoding="utf-8")
    result = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["status"] == 302
    location = urlsplit(found["location"])
    query = parse_qs(location.query)
    assert (location.netloc, location.path) == ("github.com", "/login/oauth/authorize")
    assert query["client_id"] == ["id-dell-app"] and query["scope"] == ["repo"]
    assert query["redirect_uri"] == ["https://www.studio-rossi.it/api/callback"]
    assert found["cookie"].startswith(f"editor_oauth_state={query['state'][0]};") and "HttpOnly" in found["cookie"]
    assert found["unset"] == 500
    assert found["forged"] == 400 and "authorization:github:error" in found["forgedPage"]
    assert "authorization:github:success" not in found["forgedPage"]
    assert found["forgedPage"].count("</script>") == 1


# The variables that can name the editor's repository, none set unless a case sets it.
REPOSITORY_VARIABLES = {"EDITOR_REPO": "", "GITHUB_REPOSITORY": "", "REPOSITORY_URL": ""}


@pytest.mark.parametrize("env, expected", [
    ({"EDITOR_REPO": "giulia-rossi/sito"}, "giulia-rossi/sito"),
    ({"GITHUB_REPOSITORY": "giulia-rossi/sito-obm"}, "giulia-rossi/sito-obm"),
    ({"REPOSITORY_URL": "https://github.com/giulia-rossi/sito.obm"}, "giulia-rossi/sito.obm"),
    ({"REPOSITORY_URL": "git@github.com:giulia-rossi/sito.git"}, "giulia-rossi/sito"),
    # The owner's own setting wins over what a host's build says.
    ({"EDITOR_REPO": "giulia-rossi/sito", "GITHUB_REPOSITORY": "agenzia/modello"}, "giulia-rossi/sito"),
])
def test_the_editor_saves_to_the_repository_the_build_is_told(env, expected, monkeypatch):
    from site_build import editor
    from site_build.project import Project
    from support.project import content_problems

    for name, value in {**REPOSITORY_VARIABLES, **env}.items():
        monkeypatch.setenv(name, value)
    assert editor.backend(Project.load(ROOT / "mkdocs.yml"))["repo"] == expected
    assert not [p for p in content_problems(ROOT, env={**REPOSITORY_VARIABLES, **env}) if "repository" in p]


@pytest.mark.parametrize("repo", ["giulia rossi/sito", "sito", "https://github.com/giulia-rossi/sito", "a/b/c"])
def test_a_repository_that_is_not_owner_slash_name_stops_every_build(repo):
    from support.project import content_problems

    found = [p for p in content_problems(ROOT, env={**REPOSITORY_VARIABLES, "EDITOR_REPO": repo})
             if "repository" in p]
    assert len(found) == 1 and "\n" not in found[0], found
    assert found[0].startswith(f"EDITOR_REPO: '{repo}' is not a GitHub repository"), found


@pytest.mark.parametrize("host", [{"CF_PAGES": "1", "SITE_HOST": ""}, {"SITE_HOST": "netlify"}])
def test_a_production_build_that_does_not_know_the_editors_repository_is_refused(host, tmp_path):
    """Cloudflare Pages' build does not say the repository (and a build
    outside the hosts' own says nothing): the published editor would save
    to a placeholder, so production stops in one line naming EDITOR_REPO;
    with it set, that line is gone."""
    from support.project import content_problems

    project = production_ready(copy_project(tmp_path / "project"))
    env = {**PRODUCTION_ENV, **REPOSITORY_VARIABLES, **host}
    found = [p for p in content_problems(project, env=env) if "EDITOR_REPO" in p]
    assert len(found) == 1 and "does not know the GitHub repository" in found[0], found
    assert not [p for p in content_problems(project, env={**env, "EDITOR_REPO": "giulia-rossi/sito"})
                if "EDITOR_REPO" in p]


@pytest.mark.build
def test_on_github_pages_without_a_sign_in_the_editor_is_a_page_that_says_what_to_set(tmp_path):
    """GitHub Pages has no OAuth of its own: with no EDITOR_AUTH_URL the
    sign-in could not work, so /admin/ is a page that names the variable
    and the guide (in the page's own policy, no script); with it, the
    editor."""
    from bs4 import BeautifulSoup

    from support.project import build, built

    env = {"CSP_META": "true", "SITE_HOST": "", "NETLIFY": "", "CF_PAGES": "", "EDITOR_AUTH_URL": "",
           "SITE_URL": "https://giulia-rossi.github.io/sito/"}
    built(build(ROOT, tmp_path / "alone", env=env))
    admin = tmp_path / "alone/admin"
    assert sorted(p.name for p in admin.iterdir()) == ["index.html"]
    doc = BeautifulSoup((admin / "index.html").read_text(encoding="utf-8"), "html5lib")
    assert doc.h1.get_text() == "L’editor non è ancora collegato"
    assert "EDITOR_AUTH_URL" in doc.main.get_text() and "punto 10" in doc.main.get_text()
    assert not doc.find("script")
    assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert "default-src 'self'" in doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]

    built(build(ROOT, tmp_path / "relay", env={**env, "EDITOR_AUTH_URL": "https://accesso.studio-rossi.it"}))
    assert (tmp_path / "relay/admin/decap-cms.js").is_file()
    assert "base_url: https://accesso.studio-rossi.it" in (tmp_path / "relay/admin/config.yml").read_text(encoding="utf-8")


FORMATS_CHECK = r"""
import { readFileSync } from "node:fs";
import { register, slugify } from "%(admin)s/formati.js";
const formats = {};
const cms = { registerCustomFormat: (name, ext, format) => { formats[name] = format; }, registerEventListener: () => {} };
register(cms, JSON.parse(readFileSync("%(admin)s/formati.json", "utf-8")));
const cases = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const out = {};
for (const [name, format, text, change] of cases.files) {
  const data = formats[format].fromFile(text);
  out[name] = formats[format].toFile(eval(change)(data));
}
out.slugs = cases.titles.map(slugify);
out.post = formats.articolo.toFile(cases.post);
console.log(JSON.stringify(out));
"""


def test_the_formats_change_only_what_changed_and_write_posts_as_make_new_post(site_dir, tmp_path):
    """site/admin/formati.js as the build ships it, run in Node on the
    project's own files: each change rewrites only its own text (a folded
    paragraph, a key a service lacked, a removed service, a page's
    description with its other front matter kept, nothing when nothing
    changed); a new post is exactly site_build/posts.py's render() of the
    same values, and a title gives scripts/new_post.py's slug."""
    import datetime as dt
    import json
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import new_post

    from site_build.posts import render

    services = (ROOT / "data/services.yml").read_text(encoding="utf-8")
    faq = (ROOT / "docs/faq.md").read_text(encoding="utf-8")
    titles = ["Perché delegare è difficile: l'OBM \"vera\"", "Ciao 2.0 — «più» ore", "  Über   Café_ß ", "Ünïcödé’s"]
    post = {"title": "L'OBM «vera»: 3 passi", "description": "Una descrizione breve.", "slug": "",
            "date": {"created": "2026-12-01"}, "categories": ["Delega", "Progetti e team"], "tags": [],
            "draft": True, "image": "", "image_alt": "", "body": "Intro.\n\n<!-- more -->\n\nResto."}
    cases = {
        "files": [
            ["same", "dati-servizi", services, "(d) => d"],
            ["purpose", "dati-servizi", services, "(d) => { d.services[0].purpose = 'Un solo paragrafo: nuovo.'; return d; }"],
            ["added", "dati-servizi", services, "(d) => { d.services[0].minimum_term = 'un mese'; return d; }"],
            ["removed", "dati-servizi", services, "(d) => { d.services.pop(); return d; }"],
            ["faq", "pagina", faq, "(d) => { d.description = 'Le risposte alle domande più comuni.'; return d; }"],
        ],
        "titles": titles, "post": post,
    }
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    (tmp_path / "check.mjs").write_text(FORMATS_CHECK % {"admin": site_dir / "admin"}, encoding="utf-8")
    result = subprocess.run(["node", str(tmp_path / "check.mjs"), str(tmp_path / "cases.json")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)

    assert out["same"] == services
    folded = re.search(r"    purpose: >-\n(?:      .*\n)+", services).group(0)
    assert out["purpose"] == services.replace(folded, '    purpose: "Un solo paragrafo: nuovo."\n', 1)
    first_price = re.search(r'    price: "[^"]*"\n', services).group(0)
    assert out["added"] == services.replace(first_price, first_price.rstrip("\n") + '\n    minimum_term: "un mese"\n', 1)
    last = services.rindex("\n  - id: ")
    assert out["removed"] == services[:last].rstrip("\n") + "\n"
    old = re.search(r"^description: .*$", faq, re.M).group(0)
    # A plain value stays plain where it reads back the same.
    assert out["faq"] == faq.replace(old, "description: Le risposte alle domande più comuni.", 1)

    assert out["slugs"] == [new_post.slugify(t) for t in titles]
    slug = new_post.slugify(post["title"])
    assert out["post"] == render(post["title"], post["description"], slug, dt.date(2026, 12, 1),
                                 post["categories"], body=post["body"] + "\n")
