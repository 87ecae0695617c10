"""The site steps that read every page (site_build/unused_css.py,
site_build/headers.py) take what they need from each page's tree while the
pipeline holds it (pipeline.READERS), and never hold the site's pages at
once: their peak memory stays far below the size of the pages they read."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest

from site_build import headers, html, unused_css

STYLESHEET = "assets/stylesheets/main.0123abcd.min.css"


def _site(folder: Path, pages: int) -> list[Path]:
    """A built site of `pages` pages of about 60 KB each, every one linking
    Material's stylesheet, with a class of its own and an inline script."""
    (folder / "assets/stylesheets").mkdir(parents=True)
    (folder / STYLESHEET).write_text(".md-typeset{color:red}.kept-0{margin:0}.gone{margin:1px}"
                                     ":root{--md-used:1px;--md-unused:2px}.md-typeset{padding:var(--md-used)}",
                                     encoding="utf-8")
    paragraph = "<p class=\"md-typeset\">Un paragrafo di prova, con parole che nessun passo cerca. </p>\n" * 700
    found = []
    for i in range(pages):
        path = folder / f"pagina-{i}/index.html"
        path.parent.mkdir()
        path.write_text(f'<!doctype html><html lang="it"><head><meta charset="utf-8">'
                        f'<link rel="stylesheet" href="../{STYLESHEET}"><script>var page = "{i}";</script>'
                        f'</head><body><div class="kept-{i}">{paragraph}</div></body></html>', encoding="utf-8")
        found.append(path)
    return found


def _peak(site: Path, pages: list[Path]) -> int:
    """The peak of Python's memory while the readers read `pages` one at a
    time and the two site steps run."""
    build = SimpleNamespace(site=site, css_usage=unused_css.Usage(), inline=headers.Inline())
    tracemalloc.start()
    try:
        for path in pages:
            page, output = html.parse(path.read_text(encoding="utf-8")), SimpleNamespace(path=path)
            unused_css.read(build, output, page)
            headers.read(build, output, page)
            del page
        unused_css.run(build)
        headers.scan(site, (), build.inline)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("stylesheet", ["inline", "linked"])
def test_the_site_steps_hold_one_page_at_a_time(tmp_path, monkeypatch, stylesheet):
    monkeypatch.setenv(unused_css.LINKED_SWITCH, stylesheet)
    pages = _site(tmp_path, 120)
    total = sum(path.stat().st_size for path in pages)
    peak = _peak(tmp_path, pages)
    assert peak < total / 3, f"peak {peak} bytes while reading {total} bytes of pages"
    # The steps did their work: the stylesheet purged, and in every page,
    # or renamed and every page relinked.
    found = list((tmp_path / "assets/stylesheets").glob("main.*.min.css"))
    if stylesheet == "inline":
        assert not found, "Material's file still ships"
        styles = {html.inner(html.parse(path.read_text(encoding="utf-8")).first("head style")) for path in pages}
        assert len(styles) == 1
        (css,) = styles
        assert all(STYLESHEET not in path.read_text(encoding="utf-8") for path in pages)
    else:
        (stylesheet_file,) = found
        assert stylesheet_file.name != Path(STYLESHEET).name
        css = stylesheet_file.read_text(encoding="utf-8")
        assert all(stylesheet_file.name in path.read_text(encoding="utf-8") for path in pages)
    assert ".kept-0{margin:0}" in css and ".gone" not in css and "--md-unused" not in css
    found_inline = headers.scan(tmp_path, (), build_inline(tmp_path, pages))
    assert len(found_inline["scripts"]) == len(pages)
    assert (headers._sha256(css) in found_inline["styles"]) == (stylesheet == "inline")


def build_inline(site: Path, pages: list[Path]) -> headers.Inline:
    """The headers' reader over `pages`, as the pipeline runs it."""
    inline = headers.Inline()
    for path in pages:
        headers.read(SimpleNamespace(site=site, inline=inline), SimpleNamespace(path=path),
                     html.parse(path.read_text(encoding="utf-8")))
    return inline


def test_the_peak_does_not_grow_with_the_site(tmp_path):
    small = _peak(tmp_path / "small", _site(tmp_path / "small", 20))
    large = _peak(tmp_path / "large", _site(tmp_path / "large", 200))
    assert large < 2 * small, f"20 pages: {small} bytes at the peak; 200 pages: {large}"


def test_a_demo_form_found_by_the_reader_stops_a_production_build(tmp_path):
    """production.read notes, from the page's tree, a contact form left in
    demo mode; the step then stops a production build naming the page."""
    import pytest

    from site_build import production
    from site_build.project import Project
    from site_extensions.errors import ContentError

    from support.project import owner_settings

    owner_settings(tmp_path)  # the settings the project reads
    project = Project(tmp_path, {"extra": {"production": True}})
    build = SimpleNamespace(project=project, site=tmp_path, demo_pages=set())
    for name, form in (("contatti", '<form data-format="demo"></form>'), ("chi-sono", "<form></form>")):
        path = tmp_path / name / "index.html"
        path.parent.mkdir()
        path.write_text(f"<!doctype html><html><body>{form}</body></html>", encoding="utf-8")
        production.read(build, SimpleNamespace(path=path), html.parse(path.read_text(encoding="utf-8")))
    assert build.demo_pages == {"contatti/index.html"}
    with pytest.raises(ContentError, match="contatti/index.html; set the contact form's provider"):
        production.run(project, tmp_path, build.demo_pages)
    production.run(Project(tmp_path, {"extra": {}}), tmp_path, build.demo_pages)  # not production: no check
