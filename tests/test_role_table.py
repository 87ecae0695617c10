"""The role-comparison table: rendered by the build from data/roles.yml,
placed by a shortcode, and a clear build error for bad data or markers.
Each bad case is checked by calling the shortcodes directly; one real
build per kind of mistake shows that the build stops with the same words
and names the file or page."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

from support.project import ROOT, build, copy_data, copy_project, render_shortcodes
from site_extensions.datafile import typographic
from site_extensions.shortcodes import ShortcodeError


def roles() -> dict:
    return yaml.safe_load((ROOT / "data/roles.yml").read_text(encoding="utf-8"))


def tables(path) -> list:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib").select(".role-table table")


def test_data_has_the_required_dimensions():
    data = roles()
    assert len(data["rows"]) >= 8
    for row in data["rows"]:
        assert row["source"] in data["sources"]
    used = {row["source"] for row in data["rows"]}
    assert {"forsyth", "tomasso"} <= used, "both frameworks must be represented"


def test_full_table_on_the_comparison_page_matches_the_data(site_dir):
    found = tables(site_dir / "obm-o-assistente-virtuale/index.html")
    full = [t for t in found if "role-table--full" in t.parent["class"]]
    assert len(full) == 1
    table = full[0]
    assert table.caption and table.caption.get_text(strip=True)
    assert [th.get("scope") for th in table.select("thead th")] == ["col"] * 4
    body = table.select("tbody tr")
    data = roles()
    assert len(body) == len(data["rows"])
    for tr, row in zip(body, data["rows"]):
        th = tr.find("th")
        assert th["scope"] == "row" and th.get_text(strip=True) == typographic(row["label"])
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        # Data text gets typographic apostrophes, like the pages.
        assert cells[0] == typographic(row["va"]) and cells[1] == typographic(row["obm"])
        assert "'" not in cells[0] + cells[1]
        source = data["sources"][row["source"]]
        assert source["label"] in cells[2], "the row's source must be visible"
        assert tr["id"] == f"ruolo-{row['id']}"


def test_short_contrast_on_home_has_the_compact_rows_and_no_sources_column(site_dir):
    """The home's contrast (forma=breve): the compact rows, AV and OBM side
    by side, every source they rest on named once in the caption, no
    column of sources (the full table on the comparison page keeps it)."""
    found = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html5lib").select(
        ".role-contrast table")
    assert len(found) == 1, "the home page has no short contrast"
    table, data = found[0], roles()
    compact = [r for r in data["rows"] if r.get("compact")]
    cells = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    assert cells == [[typographic(r["va"]), typographic(r["obm"])] for r in compact]
    assert len(table.select("thead th")) == 2 and "Fonte" not in table.get_text()
    caption = table.caption.get_text(" ", strip=True)
    assert all(data["sources"][r["source"]]["label"] in caption for r in compact), caption


@pytest.mark.build
def test_a_change_in_the_data_shows_in_the_html(tmp_path):
    project = copy_project(tmp_path / "project")
    data_file = project / "data/roles.yml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    data["rows"][0]["obm"] = "Testo cambiato per la prova 4711"
    data["rows"].append({
        "id": "riga-nuova", "label": "Riga aggiunta 4712", "va": "lato VA 4713",
        "obm": "lato OBM 4714", "source": "sito", "compact": True,
    })
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    full = (tmp_path / "site/obm-o-assistente-virtuale/index.html").read_text(encoding="utf-8")
    assert "Testo cambiato per la prova 4711" in full and "Riga aggiunta 4712" in full
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "lato OBM 4714" in home, "a row marked compact must reach the compact table"


@pytest.mark.build
def test_a_subset_of_rows_in_the_given_order(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs/prova-tabella.md"
    page.write_text("# Prova\n\n<!-- md:tabella-ruoli righe=tempo,autonomia titolo=\"Due righe\" -->\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("not_in_nav: |\n", "not_in_nav: |\n  /prova-tabella.md\n"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    table = tables(tmp_path / "site/prova-tabella/index.html")[0]
    by_id = {r["id"]: r["label"] for r in roles()["rows"]}
    assert [th.get_text(strip=True) for th in table.select("tbody th")] == [by_id["tempo"], by_id["autonomia"]]
    # Both rows have the same source: said once, in the caption.
    assert table.caption.get_text(" ", strip=True) == "Due righe (fonte: Mary Tomasso)"
    assert not table.select(".role-table__source") and len(table.select("thead th")) == 3


def test_rows_of_the_owners_view_say_so():
    """The owner's own rows are her reading of the two models, not a
    practice or experience the site cannot show (issue 25)."""
    data = roles()
    assert data["sources"]["sito"]["label"] == "La mia lettura"
    # A work is named only where a row comes from that book; the contrasts
    # of the source post are not credited to a book.
    assert "work" not in data["sources"]["tomasso"]


def test_a_single_source_table_names_it_once(site_dir):
    table = tables(site_dir / "modelli/mary-tomasso/index.html")[0]
    assert "fonte: Mary Tomasso" in table.caption.get_text(" ", strip=True)
    assert "Fonte" not in [th.get_text(strip=True) for th in table.select("thead th")]
    assert not table.select("td.role-table__source")


BAD_DATA = {
    "not YAML": ("rows: [unclosed", "the role data file cannot be read"),
    "a row without its OBM side": (None, "'obm' must be a non-empty text"),
    "an unknown source": ("source-unknown", "source 'nessuna' is not one of"),
    "no rows": ("sources: {a: {label: A}}\nrows: []\n", "'rows' must be a non-empty list"),
}


def write_bad_data(data_file, case: str) -> str:
    """Write the bad role data of `case` into `data_file`; return the words
    its error must contain."""
    text, message = BAD_DATA[case]
    if text is None:
        data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
        del data["rows"][2]["obm"]
        text = yaml.safe_dump(data, allow_unicode=True)
    elif text == "source-unknown":
        data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
        data["rows"][1]["source"] = "nessuna"
        text = yaml.safe_dump(data, allow_unicode=True)
    data_file.write_text(text, encoding="utf-8")
    return message


@pytest.mark.parametrize("case", BAD_DATA)
def test_bad_data_is_refused_naming_the_file(tmp_path, case):
    """The shortcode called directly on bad data: the error names the data
    file and what is wrong."""
    data = copy_data(tmp_path / "data")
    message = write_bad_data(data / "roles.yml", case)
    with pytest.raises(ShortcodeError) as error:
        render_shortcodes("# Prova\n\n<!-- md:tabella-ruoli -->\n", data=data)
    assert "data/roles.yml" in str(error.value) and message in str(error.value), error.value


@pytest.mark.build
def test_bad_data_fails_the_build_naming_the_file(tmp_path):
    """One case through a real build: the build stops with the same words."""
    project = copy_project(tmp_path / "project")
    message = write_bad_data(project / "data/roles.yml", "an unknown source")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "data/roles.yml" in output and message in output, output


BAD_MARKERS = {
    "<!-- md:tabella-ruolo -->": "unknown shortcode 'md:tabella-ruolo'",
    "<!-- md:tabella-ruoli forma=gigante -->": "forma='gigante'",
    "<!-- md:tabella-ruoli righe=modo-di-pensare,inesistente -->": "unknown row 'inesistente'",
    "<!-- md:tabella-ruoli colonne=2 -->": "unknown argument(s) colonne",
    "Testo <!-- md:tabella-ruoli --> nel mezzo": "must stand on a line of its own",
    "<!-- md:titolare soprannome -->": "shortcode 'md:titolare' takes one of",
}


@pytest.mark.parametrize("marker", BAD_MARKERS)
def test_bad_marker_is_refused(marker):
    """The shortcodes called directly on a page with a bad marker."""
    page = (ROOT / "docs/faq.md").read_text(encoding="utf-8") + f"\n\n{marker}\n"
    with pytest.raises(ShortcodeError) as error:
        render_shortcodes(page)
    assert BAD_MARKERS[marker] in str(error.value), error.value


@pytest.mark.build
def test_bad_marker_fails_the_build_naming_the_page(tmp_path):
    """One bad marker through a real build: MkDocs names the page."""
    marker = "<!-- md:tabella-ruoli righe=modo-di-pensare,inesistente -->"
    project = copy_project(tmp_path / "project")
    page = project / "docs/faq.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "faq.md" in output and BAD_MARKERS[marker] in output, output


@pytest.mark.build
def test_marker_inside_a_code_block_is_left_alone(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs/faq.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n```\n<!-- md:nessuno -->\n```\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "&lt;!-- md:nessuno --&gt;" in (tmp_path / "site/faq/index.html").read_text(encoding="utf-8")
