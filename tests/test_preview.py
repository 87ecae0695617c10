"""The preview (`make serve`, site_build/preview.py): a save rebuilds only
what changed, and the preview still shows the whole truth: the pipeline's
page steps on the rewritten page, a search index of every page, a full
rebuild when the data or the configuration change, and strict mode."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from support.project import ROOT, copy_project
from site_build import preview
from site_build.project import Project


def _index(docs: list[tuple[str, str]]) -> dict:
    return {"config": {"lang": ["it"]}, "docs": [{"location": loc, "title": title, "text": ""} for loc, title in docs]}


def test_the_search_index_keeps_the_pages_a_dirty_build_did_not_rewrite(tmp_path):
    index = tmp_path / preview.SearchIndex.NAME
    index.parent.mkdir()
    index.write_text(json.dumps(_index([("", "Home"), ("a/", "A"), ("a/#uno", "A uno"), ("b/", "B old"),
                                        ("b/#due", "B due old"), ("c/", "C")])), encoding="utf-8")
    kept = preview.SearchIndex(tmp_path)
    # a dirty build's index: what it rewrote, after what Material's plugin
    # kept of the index before (the old entries of one page, here b/'s)
    index.write_text(json.dumps(_index([("b/", "B old"), ("b/#due", "B due old"), ("b/", "B new"),
                                        ("d/", "D new")])), encoding="utf-8")
    kept.merge({"b/", "c/", "d/"})
    merged = json.loads(index.read_text(encoding="utf-8"))
    assert [(d["location"], d["title"]) for d in merged["docs"]] == [
        ("", "Home"), ("a/", "A"), ("a/#uno", "A uno"),  # not rewritten: as before
        ("b/", "B new"),  # rewritten: its new entries, where it was
        # c/ rewritten without entries (no longer searchable): gone
        ("d/", "D new"),  # a new page: at the end
    ]
    assert merged["config"] == {"lang": ["it"]}


def test_a_change_to_data_templates_or_configuration_rebuilds_everything(tmp_path):
    project_dir = copy_project(tmp_path / "project")
    project = Project.load(project_dir / "mkdocs.yml")
    config_file = project_dir / "mkdocs.yml"
    assert preview.wide_change(project, config_file, None), "the first build builds everything"
    since = time.time() + 60
    assert not preview.wide_change(project, config_file, since), "nothing changed after the build"
    for changed in ("data/services.yml", "overrides/main.html", "mkdocs.yml", "docs/blog/.meta.yml"):
        os.utime(project_dir / changed, (since + 1, since + 1))
        assert preview.wide_change(project, config_file, since), changed
        os.utime(project_dir / changed, (since - 120, since - 120))
    # a post is not such a change: the dirty build rewrites it alone
    os.utime(project_dir / "docs/blog/posts/errori-di-delega.md", (since + 1, since + 1))
    assert not preview.wide_change(project, config_file, since)


POST = "blog/posts/errori-di-delega.md"


@pytest.fixture(scope="module")
def site_sources():
    project = Project.load(ROOT / "mkdocs.yml")
    return project, preview.sources(project)


@pytest.mark.parametrize(
    "change,alone",
    [
        (lambda t: t + "\n\nUna frase in fondo.\n", True),  # the text below the excerpt
        (lambda t: t.replace("Delegare è uno dei consigli", "Delegare resta uno dei consigli", 1), False),  # excerpt
        (lambda t: t.replace("title: Errori di delega", "title: Gli errori di delega", 1), False),  # front matter
        (lambda t: t.replace("# Errori di delega", "# Gli errori di delega", 1), False),  # heading
        (lambda t: t + "\n\n" + "parola " * 600 + "\n", False),  # reading time, shown in the lists
    ],
    ids=["body", "excerpt", "front-matter", "heading", "reading-time"],
)
def test_a_save_rebuilds_its_page_alone_only_when_no_other_page_shows_the_change(site_sources, change, alone):
    project, before = site_sources
    after = {**before, POST: change(before[POST])}
    assert after[POST] != before[POST]
    assert preview.only_their_pages(project, before, after) is alone


def test_a_page_added_or_removed_rebuilds_everything(site_sources):
    project, before = site_sources
    assert preview.only_their_pages(project, before, dict(before))
    assert not preview.only_their_pages(project, before, {**before, "blog/posts/nuovo.md": before[POST]})
    assert not preview.only_their_pages(project, before, {k: v for k, v in before.items() if k != POST})
    assert not preview.only_their_pages(project, None, before), "no build before: everything"
    page = "chi-sono.md"
    assert preview.only_their_pages(project, before, {**before, page: before[page] + "\nAncora una riga.\n"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def _until(condition, what: str, seconds: float = 90):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"the preview did not show {what} within {seconds:.0f} s")


@pytest.mark.build
def test_the_preview_rebuilds_what_a_save_changed_and_shows_the_whole_truth(tmp_path):
    """`make serve`'s command on a copy of the site: edits to a post, to a
    data file and a broken link, each seen as the owner would see it."""
    project = copy_project(tmp_path / "project")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/"
    post = project / "docs/blog/posts/errori-di-delega.md"
    try:
        _until(lambda: "post-meta" in _get(base + "blog/errori-di-delega/"), "the post with its meta")

        # 1. A sentence added to a post: the page shows it, with what the
        #    pipeline's page steps add; the search finds it, and every other page.
        sentence = "Una frase aggiunta durante questa anteprima di prova."
        with post.open("a", encoding="utf-8") as f:
            f.write(f"\n\n{sentence}\n")
        page = _until(lambda: (lambda t: t if sentence in t else "")(_get(base + "blog/errori-di-delega/")),
                      "the added sentence")
        assert 'class="post-meta"' in page, "the rewritten post lost the pipeline's post meta"
        index = json.loads(_get(base + "search/search_index.json"))
        locations = {d["location"].split("#")[0] for d in index["docs"]}
        assert {"", "chi-sono/", "servizi/", "blog/errori-di-delega/"} <= locations, sorted(locations)[:20]
        assert any("questa anteprima di prova" in d["text"] for d in index["docs"]
                   if d["location"].startswith("blog/errori-di-delega/"))
        blog = _get(base + "blog/")
        assert blog.count("<article") == 6 and len(re.findall(r"\d+ minut[oi] di lettura", blog)) == 6, \
            "the blog's list lost what it shows of the posts the save did not touch"
        pages = [d["location"] for d in index["docs"] if "#" not in d["location"]]
        assert len(pages) == len(set(pages)), "a page is twice in the search index"
        assert "'dirty' build" not in log.read_text(encoding="utf-8")

        # 2. A post's excerpt changed: the blog's list shows it.
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace("Delegare è uno dei consigli", "Delegare resta uno dei consigli", 1),
                        encoding="utf-8")
        _until(lambda: "Delegare resta uno dei consigli" in _get(base + "blog/"), "the new excerpt in the list")

        # 3. A data file changed: the page that shows it (whose Markdown did
        #    not change) is rebuilt too.
        services = project / "data/services.yml"
        services.write_text(services.read_text(encoding="utf-8").replace(
            "DA DEFINIRE (prezzo fisso in euro)", "DA DEFINIRE (prezzo di prova 321 euro)", 1), encoding="utf-8")
        _until(lambda: "prezzo di prova 321 euro" in _get(base + "servizi/"), "the changed price on servizi/")

        # 4. Strict mode holds: a link to a page that does not exist stops
        #    the rebuild, and the terminal says why.
        with post.open("a", encoding="utf-8") as f:
            f.write("\n\nVedi [questa pagina](pagina-che-non-esiste.md).\n")
        _until(lambda: "pagina-che-non-esiste.md" in log.read_text(encoding="utf-8")
               and "Aborted" in log.read_text(encoding="utf-8"), "the broken link's error in the terminal")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_compiled_templates_are_kept_by_their_source_and_a_changed_one_is_compiled_again(tmp_path, monkeypatch):
    """Builds keep the templates they compiled in .cache/templates/ (the
    theme's environment, through the hook, and the steps', render.py): a
    build after the first compiles nothing it has compiled before, a
    template whose text changed is compiled again and renders its new text,
    and the two environments, whose options differ (the steps' escape
    what they insert), never take each other's compiled code."""
    import jinja2

    from site_build import render

    from support.project import copy_data

    copy_data(tmp_path / "data")  # the settings the rendering reads
    partial = tmp_path / "overrides/partials/greeting.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("<p>Ciao {{ name }}</p>", encoding="utf-8")
    project = Project(tmp_path, {"theme": {"custom_dir": "overrides"}})
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)

    class Theme:  # what the hook gives preview.cache_templates: MkDocs' theme
        def get_env(self) -> jinja2.Environment:
            return jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "overrides")))

    def one_build() -> tuple[str, str]:
        """The step's rendering and the theme's, each from a new environment
        (a new build process)."""
        render._environment.cache_clear()
        theme = Theme()
        preview.cache_templates(theme, render.compiled_templates(project, "theme"))
        return (render.render(project, "partials/greeting.html", "", name="<b>Anna</b>"),
                theme.get_env().get_template("partials/greeting.html").render(name="<b>Anna</b>"))

    both = ("<p>Ciao &lt;b&gt;Anna&lt;/b&gt;</p>", "<p>Ciao <b>Anna</b></p>")
    assert one_build() == both
    assert compiled == ["partials/greeting.html"] * 2, compiled
    assert list((tmp_path / ".cache/templates").iterdir()), "nothing was kept"

    compiled.clear()
    assert one_build() == both
    assert compiled == [], f"compiled again though unchanged: {compiled}"

    partial.write_text("<p>Buongiorno {{ name }}</p>", encoding="utf-8")
    assert one_build() == tuple(text.replace("Ciao", "Buongiorno") for text in both)
    assert compiled == ["partials/greeting.html"] * 2, compiled
