"""The purged stylesheet is kept in the project's cache by a hash of what
it is made from (site_build/unused_css.py): a build whose pages and scripts
use what the last one's did reads it; any changed input purges again."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from site_build import headers, html, unused_css
from site_build.project import Project

STYLESHEET = "assets/stylesheets/main.0123abcd.min.css"
CSS = ".md-typeset{color:red}.admonition{margin:0}.gone{margin:1px}"


def _build(root: Path, classes: str, script: str = "var a = 1;") -> SimpleNamespace:
    """A built site of one page with `classes` and one script, read by the
    step's page reader, as the pipeline does."""
    site = root / "site"
    if site.exists():
        import shutil
        shutil.rmtree(site)
    (site / "assets/stylesheets").mkdir(parents=True)
    (site / "assets/javascripts").mkdir(parents=True)
    (site / STYLESHEET).write_text(CSS, encoding="utf-8")
    (site / "assets/javascripts/site.js").write_text(script, encoding="utf-8")
    page = site / "index.html"
    page.write_text(f'<!doctype html><html><head><link rel="stylesheet" href="{STYLESHEET}"></head>'
                    f'<body><div class="{classes}">x</div></body></html>', encoding="utf-8")
    build = SimpleNamespace(site=site, project=Project(root, {}), css_usage=unused_css.Usage(),
                            inline=headers.Inline())
    unused_css.read(build, SimpleNamespace(path=page), html.parse(page.read_text(encoding="utf-8")))
    return build


def _stylesheet(build) -> str:
    """The purged rules the page carries in place of Material's link."""
    assert not list((build.site / "assets/stylesheets").glob("main.*.min.css")), "Material's file still ships"
    page = html.parse((build.site / "index.html").read_text(encoding="utf-8"))
    assert not page.has("link"), "the page still links the stylesheet"
    return html.inner(page.first("head style"))


def test_the_same_inputs_read_the_cache_and_a_changed_one_purges_again(tmp_path, monkeypatch):
    build = _build(tmp_path, "md-typeset")
    unused_css.run(build)
    assert _stylesheet(build) == ".md-typeset{color:red}"
    assert build.inline.styles == {headers._sha256(".md-typeset{color:red}")}, "the policy allows the rules"
    assert len(list((tmp_path / ".cache" / unused_css.CACHE_DIR).glob("*.css"))) == 1

    purged = []
    real = unused_css._purged
    monkeypatch.setattr(unused_css, "_purged", lambda *args: purged.append(1) or real(*args))
    build = _build(tmp_path, "md-typeset")
    unused_css.run(build)
    assert purged == [] and _stylesheet(build) == ".md-typeset{color:red}", "the same inputs: read from the cache"

    build = _build(tmp_path, "md-typeset admonition")  # a page gains a class
    unused_css.run(build)
    assert purged == [1] and _stylesheet(build) == ".md-typeset{color:red}.admonition{margin:0}"

    build = _build(tmp_path, "md-typeset", script='el.classList.add("gone")')  # a script names a class
    unused_css.run(build)
    assert purged == [1, 1] and ".gone{margin:1px}" in _stylesheet(build)


@pytest.mark.parametrize("change", ["stylesheet", "code"])
def test_a_new_stylesheet_or_new_step_code_purges_again(tmp_path, monkeypatch, change):
    unused_css.run(_build(tmp_path, "md-typeset"))
    purged = []
    real = unused_css._purged
    monkeypatch.setattr(unused_css, "_purged", lambda *args: purged.append(1) or real(*args))
    build = _build(tmp_path, "md-typeset")
    if change == "stylesheet":  # a new version of Material's stylesheet
        (build.site / STYLESHEET).write_text(CSS + ".md-typeset p{margin:0}", encoding="utf-8")
    else:  # the step's code changed
        code = tmp_path / "unused_css_v2.py"
        code.write_text("# changed\n", encoding="utf-8")
        monkeypatch.setattr(unused_css, "_CODE", [*unused_css._CODE, code])
    unused_css.run(build)
    assert purged == [1]
    assert ("p{margin:0}" in _stylesheet(build)) == (change == "stylesheet")
