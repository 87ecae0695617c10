"""The services: data/services.yml checked, shown in full on the services
page and as cards wherever a page asks, single values inline, and a clear
build error (file and line, no traceback) for bad data. Each bad case is
checked by calling the shortcodes directly; one real build shows that the
build stops with the same words."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build, copy_data, copy_project, render_shortcodes
from site_extensions.datafile import typographic
from site_extensions.shortcodes import ShortcodeError
from site_extensions.services import SERVICES_MAX, SERVICES_MIN, load_services

DATA = ROOT / "data/services.yml"


def raw() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def test_three_to_five_services_with_every_field():
    services = load_services(str(DATA)).services
    assert SERVICES_MIN <= len(services) <= SERVICES_MAX
    for s in services:
        assert s.name and s.summary and s.purpose and s.deliverables and s.duration
        assert s.client_provides and s.pricing and s.price


def test_values_only_the_owner_can_give_are_visible_placeholders():
    data = raw()
    prices = [s["price"] for s in data["services"]]
    terms = [s.get(k) for s in data["services"] for k in ("minimum_term", "notice_period") if s.get(k)]
    assert terms, "the recurring service states its minimum term and notice period"
    for value in prices + terms + list(data["terms"].values()):
        assert "DA DEFINIRE" in value or any(c.isdigit() for c in value), value


def test_the_services_page_shows_every_service_in_full(site_dir):
    page = soup(site_dir / "servizi/index.html")
    for s in raw()["services"]:
        section = page.select_one(f"section.service#{s['id']}")
        assert section is not None, s["id"]
        text = " ".join(section.get_text(" ").split())
        for value in (s["name"], s["summary"], s["purpose"], s["duration"], s["pricing"], s["price"]):
            assert " ".join(typographic(value).split()) in text, value
        for item in s["deliverables"] + s["client_provides"]:
            assert typographic(item) in text
        for label in ("A che cosa serve", "Che cosa ricevi", "Durata", "Che cosa serve da parte tua", "Come si paga", "Prezzo"):
            assert label in [dt.get_text(strip=True) for dt in section.select("dt")]
        if s.get("notice_period"):
            assert typographic(s["notice_period"]) in text
        # Each service ends with the way to ask about it.
        assert section.select_one(".service__action a")["href"] == "../contatti/"


def test_cards_link_to_the_full_form_from_any_depth(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/prova").mkdir()
    (project / "docs/prova/schede.md").write_text(
        "# Prova\n\n<!-- md:servizi forma=schede -->\n\nLa gestione costa <!-- md:servizio gestione-mensile prezzo -->.\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("not_in_nav: |\n", "not_in_nav: |\n  /prova/schede.md\n"), encoding="utf-8")
    data = yaml.safe_load((project / "data/services.yml").read_text(encoding="utf-8"))
    data["services"][1]["price"] = "da 1.234 € al mese"
    (project / "data/services.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "site/prova/schede/index.html")
    cards = page.select("ul.services--cards > li.service-card")
    assert len(cards) == len(data["services"])
    for card, s in zip(cards, data["services"]):
        assert card.select_one(".service-card__name").get_text(strip=True) == typographic(s["name"])
        assert card.select_one(".service-card__summary").get_text(strip=True) == typographic(s["summary"])
        assert card.select_one(".service-card__price").get_text(strip=True) == typographic(s["price"])
        assert card.select_one("a")["href"] == f"../../servizi/#{s['id']}"
        assert (tmp_path / "site/servizi/index.html").exists()
    assert "La gestione costa da 1.234 € al mese." in page.get_text(" ")


BAD = {
    "not YAML": (lambda text: text.replace("services:\n", "services: [\n", 1), "not valid YAML"),
    "too few services": (lambda text: yaml.safe_dump({**yaml.safe_load(text), "services": yaml.safe_load(text)["services"][:2]}, allow_unicode=True, sort_keys=False), "'services' must list 3 to 5 services"),
    "a service without price": (None, "'price' must be a non-empty text"),
    "an id with capitals": (lambda text: text.replace("id: check-up-operativo", "id: Check-Up", 1), "'id' must be lowercase letters"),
    "an unknown field": (lambda text: text.replace("    name: Gestione mensile\n", "    name: Gestione mensile\n    prezo: 10\n", 1), "unknown field(s) prezo"),
}


def write_bad_data(path, case: str) -> str:
    """Write the bad services data of `case` into `path`; return the words
    its error must contain."""
    change, message = BAD[case]
    text = path.read_text(encoding="utf-8")
    if change is None:
        data = yaml.safe_load(text)
        del data["services"][2]["price"]
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    else:
        text = change(text)
    path.write_text(text, encoding="utf-8")
    return message


@pytest.mark.parametrize("case", BAD)
def test_bad_data_is_refused_naming_file_and_line(tmp_path, case):
    """The shortcode called directly on bad data: the error names the data
    file, the line where there is one, and what is wrong."""
    data = copy_data(tmp_path / "data")
    message = write_bad_data(data / "services.yml", case)
    with pytest.raises(ShortcodeError) as error:
        render_shortcodes("# Prova\n\n<!-- md:servizi -->\n", data=data)
    text = str(error.value)
    assert "data/services.yml" in text and message in text, text
    if case != "too few services":
        assert re.search(r"data/services\.yml:\d+: ", text), "the line must be named"


def test_bad_data_stops_the_build_naming_file_and_line(tmp_path):
    """One case through a real build: the same words, no traceback. (The
    build checks the data files before any page, so no page is named.)"""
    project = copy_project(tmp_path / "project")
    message = write_bad_data(project / "data/services.yml", "an unknown field")
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0
    assert re.search(r"data/services\.yml:\d+: ", output) and message in output, output
    assert "before it is built" in output, "data errors are found before any page is built"
    assert "Traceback" not in output, "a content mistake must not print a traceback"


BAD_MARKERS = {
    "<!-- md:servizi forma=tabella -->": "forma='tabella' is neither 'completa' nor 'schede'",
    "<!-- md:servizi colonne=2 -->": "unknown argument(s) colonne",
    "Costa <!-- md:servizio inesistente prezzo -->.": "unknown service 'inesistente'",
    "Costa <!-- md:servizio gestione-mensile sconto -->.": "takes a service id and one of",
    "Dura <!-- md:servizio check-up-operativo durata-minima -->.": "the service has no 'minimum_term'",
    "Chiama: <!-- md:condizioni orari -->.": "shortcode 'md:condizioni' takes one of",
}


@pytest.mark.parametrize("marker", BAD_MARKERS)
def test_bad_marker_is_refused(marker):
    """The shortcodes called directly on a page with a bad marker (a real
    build names the page: tests/test_role_table.py)."""
    page = (ROOT / "docs/faq.md").read_text(encoding="utf-8") + f"\n\n{marker}\n"
    with pytest.raises(ShortcodeError) as error:
        render_shortcodes(page)
    assert BAD_MARKERS[marker] in str(error.value), error.value
