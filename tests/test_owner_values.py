"""What the owner feeds in comes out as she wrote it, or is refused in one
line: her identity (data/titolare.yml, written there or set in the
environment) is text as written for every reader (MkDocs, Zensical, the
site's own reader, every template and step); the partita IVA, the e-mail and
the social links are checked; the data files' values are text as written.

The rules are called directly (support.project.content_problems, the shortcodes);
one build per generator, fed hostile values in every owner field, shows the
published pages as a real HTML parser reads them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.pages import html_pages
from support.project import (PRODUCTION_ENV, ROOT, build, built, content_problems, copy_data, copy_project,
                             production_ready, render_shortcodes)
from site_build.settings import link_problem, vat_number_valid
from site_build.project import Project
from site_build.production import vat_claim_problems


def _mkdocs_config(project: Path, env: dict, monkeypatch) -> dict:
    """mkdocs.yml as MkDocs reads it with `env` set, after the site's hook
    (on_config) has run, as in a build."""
    from mkdocs.config import load_config

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    return config


def _project(project: Path, env: dict, monkeypatch) -> Project:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Project.load(project / "mkdocs.yml")


# -- point 11: one reading of the environment -----------------------------------

# Values a plain YAML scalar keeps as text but that are not YAML documents of
# their own (the old reader parsed them as YAML: "line 1: cannot be read", or
# the quotes taken away).
ODD_STARTS = ['"Giulia Bianchi"', "'Giulia'", "@giulia", "%giulia", "`giulia`", "!giulia", "*giulia", "&giulia",
              "| giulia", "> giulia", "[giulia", "{giulia", "- giulia", "? giulia", "giulia: rossi", "giulia #1"]


@pytest.mark.parametrize("value", ODD_STARTS)
def test_environment_values_are_read_as_the_generator_reads_them(value, monkeypatch):
    """Every !ENV value, not only the owner's: the site's reader and MkDocs
    agree (here a switch and an address, which are not owner values)."""
    env = {"CONTACT_ENDPOINT": value, "CONTACT_ACCESS_KEY": value, "OWNER_CITY": value}
    ours = _project(ROOT, env, monkeypatch)
    theirs = _mkdocs_config(ROOT, env, monkeypatch)
    assert ours.extra["settings"]["contact_form"]["endpoint"] == theirs.extra["settings"]["contact_form"]["endpoint"]
    assert ours.extra["settings"]["contact_form"]["access_key"] == theirs.extra["settings"]["contact_form"]["access_key"]
    assert ours.extra["settings"]["owner"]["city"] == theirs.extra["settings"]["owner"]["city"] == value


def test_a_value_starting_with_a_quote_or_at_sign_is_no_reading_error():
    found = content_problems(env={"OWNER_NAME": '"Giulia Bianchi"', "OWNER_CITY": "@Bologna"})
    assert not any("cannot be read" in p for p in found), found


# -- point 1: the owner's identity is text as written ------------------------------

# What YAML would turn into a number (octal, float, sexagesimal, hex), a
# switch, a date or nothing.
AS_WRITTEN = ["00743110157", "1.200", "1_000", "1:30", "0x1F", "+12", "yes", "No", "off", "2026-01-05", "null",
              "~", ".inf", '"Giulia"', "@giulia"]


@pytest.mark.parametrize("value", AS_WRITTEN)
def test_owner_values_from_the_environment_are_text_as_written(value, monkeypatch):
    env = {"OWNER_CITY": value, "OWNER_NAME": value}
    ours = _project(ROOT, env, monkeypatch)
    theirs = _mkdocs_config(ROOT, env, monkeypatch)
    shortcodes = theirs.mdx_configs["site_extensions.shortcodes"]["owner"]
    for key in ("city", "name"):
        assert ours.extra["settings"]["owner"][key] == theirs.extra["settings"]["owner"][key] == shortcodes[key] == value


@pytest.fixture(scope="module")
def literal_project(tmp_path_factory) -> Path:
    """A copy of the project whose data/titolare.yml writes owner values
    without quotes that YAML reads as other things."""
    project = copy_project(tmp_path_factory.mktemp("literal") / "project")
    settings = project / "data" / "titolare.yml"
    text = settings.read_text(encoding="utf-8")
    for old, new in (('vat_number: ""', "vat_number: 00743110157"), ("role: Online Business Manager", "role: 1.200"),
                     ("city: Città", "city: 2026-01-05")):
        assert old in text, old
        text = text.replace(old, new)
    settings.write_text(text, encoding="utf-8")
    return project


def test_owner_values_written_in_the_settings_file_are_text_as_written(literal_project, monkeypatch):
    monkeypatch.delenv("OWNER_CITY", raising=False)
    monkeypatch.delenv("OWNER_VAT_NUMBER", raising=False)
    ours = _project(literal_project, {}, monkeypatch)
    theirs = _mkdocs_config(literal_project, {}, monkeypatch)
    expected = {"vat_number": "00743110157", "role": "1.200", "city": "2026-01-05"}
    for key, value in expected.items():
        assert ours.extra["settings"]["owner"][key] == theirs.extra["settings"]["owner"][key] == value, key
        assert theirs.mdx_configs["site_extensions.shortcodes"]["owner"][key] == value, key


# -- point 1: the partita IVA ------------------------------------------------------

VALID_VAT = ["00743110157", "12345678903", "01234567897", "IT00743110157"]


@pytest.mark.parametrize("number", VALID_VAT)
def test_a_partita_iva_with_its_check_digit_is_valid(number):
    assert vat_number_valid(number)


@pytest.mark.parametrize("number", VALID_VAT[:3])
def test_every_mistyped_digit_and_swap_of_a_partita_iva_is_refused(number):
    """The check digit catches every single wrong digit and every swap of
    two neighbouring digits (but 0 and 9, which it cannot tell apart)."""
    for i, digit in enumerate(number):
        for other in "0123456789".replace(digit, ""):
            assert not vat_number_valid(number[:i] + other + number[i + 1:]), (number, i, other)
    for i in range(len(number) - 1):
        a, b = number[i], number[i + 1]
        if a != b and {a, b} != {"0", "9"}:
            assert not vat_number_valid(number[:i] + b + a + number[i + 2:]), (number, i)


@pytest.mark.parametrize("number", ["0074311015", "007431101577", "00743 110157", "IT 00743110157", "it00743110157",
                                    "0074311O157", "FR00743110157", "126652527"])
def test_a_partita_iva_that_is_not_eleven_digits_is_refused(number):
    assert not vat_number_valid(number)


@pytest.mark.parametrize("number", ["00743110158", "126652527", "00743110157 ", "P. IVA 00743110157"])
def test_a_wrong_partita_iva_stops_every_build_in_one_line(number):
    found = content_problems(env={"OWNER_VAT_NUMBER": number})
    assert len(found) == 1, found
    assert found[0].startswith("variabile d'ambiente OWNER_VAT_NUMBER") and "campo vat_number" in found[0]
    assert "non è una partita IVA valida" in found[0] and "\n" not in found[0]


def test_a_wrong_partita_iva_written_in_the_settings_file_is_named_there(literal_project):
    settings = literal_project / "data" / "titolare.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("vat_number: 00743110157", "vat_number: 00743110150"), encoding="utf-8")
    try:
        found = content_problems(literal_project)
    finally:
        settings.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("vat_number:"))
    vat = [p for p in found if "vat_number" in p]
    assert vat == [f"data/titolare.yml, riga {line}, campo vat_number: '00743110150' non è una partita IVA valida "
                   "(11 cifre, l'ultima è una cifra di controllo): copiala da un documento fiscale, o lascia il "
                   "campo vuoto"]


@pytest.fixture(scope="module")
def ready_project(tmp_path_factory) -> Path:
    """A copy of the project with the owner's placeholders written."""
    return production_ready(copy_project(tmp_path_factory.mktemp("ready") / "project"))


def _claims(found: list[str]) -> list[str]:
    return [p for p in found if "partita IVA, but none is set" in p]


def test_production_refuses_a_site_that_speaks_of_a_partita_iva_without_one(ready_project):
    env = {**PRODUCTION_ENV, "OWNER_VAT_NUMBER": ""}
    claims = _claims(content_problems(ready_project, env=env)[-1].split("\n"))
    faq = (ready_project / "docs/faq.md").read_text(encoding="utf-8").splitlines()
    lines = [n for n, line in enumerate(faq, 1) if "partita IVA" in line]
    assert lines, "the FAQ no longer speaks of a partita IVA: test another page"
    assert [c.strip().removeprefix("- ") for c in claims] == [
        f"docs/faq.md, line {n}: the text speaks of a partita IVA, but none is set: set vat_number "
        "in data/titolare.yml (or OWNER_VAT_NUMBER), or change the text" for n in lines]
    assert content_problems(ready_project, env=PRODUCTION_ENV) == []
    assert not _claims(content_problems(ready_project, env={"OWNER_VAT_NUMBER": ""})), \
        "only a production build asks for the number"


def test_a_partita_iva_claim_is_found_in_pages_and_data_but_not_in_code_or_comments():
    page = "Fatturo con P.IVA.\n\n`partita IVA` nel codice\n\n```\npartita iva\n```\nLa Partita  IVA è aperta.\n"
    assert [p.split(":")[0] for p in vat_claim_problems("docs/x.md", page, "")] == ["docs/x.md, line 1",
                                                                                  "docs/x.md, line 8"]
    data = "# partita IVA: a comment\nterms:\n  first_call: Emetto fattura con partita IVA\n"
    assert [p.split(":")[0] for p in vat_claim_problems("data/services.yml", data, "", markdown=False)] == [
        "data/services.yml, line 3"]
    assert vat_claim_problems("docs/x.md", page, "12345678903") == []


# -- point 6: social and booking links ----------------------------------------------

@pytest.mark.parametrize("link", ["linkedin.com/in/giulia", "www.linkedin.com/in/giulia", "http://www.linkedin.com/in/giulia",
                                  "//www.linkedin.com/in/giulia", "/in/giulia", "javascript:alert(1)",
                                  "https://www.instagram.com/giulia", "https://linkedin.com.example.it/in/giulia",
                                  "https://notlinkedin.com/in/giulia", 'https://www.linkedin.com/in/g" onclick="x',
                                  "https://www.linkedin.com/in/giulia rossi", "https:///in/giulia", "yes", "1200"])
def test_a_social_link_that_is_not_an_https_address_of_its_network_stops_every_build(link):
    found = content_problems(env={"OWNER_LINKEDIN": link})
    assert len(found) == 1, found
    assert found[0].startswith("variabile d'ambiente OWNER_LINKEDIN") and "campo social, link" in found[0], found
    assert "\n" not in found[0]


@pytest.mark.parametrize("link", ["https://www.linkedin.com/in/giulia-rossi/", "https://it.linkedin.com/in/giulia",
                                  "https://linkedin.com/in/giulia"])
def test_a_profile_on_the_network_of_its_icon_is_accepted(link):
    assert content_problems(env={"OWNER_LINKEDIN": link}) == []


def test_the_link_rule_serves_any_network_and_a_booking_link():
    assert link_problem("https://www.instagram.com/giulia", ("instagram.com",)) is None
    assert "non è un indirizzo di x.com o twitter.com" in link_problem("https://www.linkedin.com/in/g",
                                                                        ("x.com", "twitter.com"))
    # A booking page (no network): any absolute https address, nothing else.
    assert link_problem("https://calendly.com/giulia/30min") is None
    assert "non è un indirizzo https completo" in link_problem("calendly.com/giulia")


@pytest.mark.build
def test_a_broken_social_link_stops_the_build_in_one_line(tmp_path):
    result = build(ROOT, tmp_path / "site", env={"OWNER_LINKEDIN": "linkedin.com/in/giulia"})
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build published a relative link to LinkedIn"
    assert "campo social, link: 'linkedin.com/in/giulia' non è un indirizzo https completo" in output
    assert "Traceback" not in output


# -- point 10: the e-mail, and hostile values everywhere ---------------------------

@pytest.mark.parametrize("email", ['giulia@studio.it">', 'giulia"@studio.it', "<giulia@studio.it>",
                                   "giulia@studio.it<script>", "giulia @studio.it", "giulia@studio",
                                   "giulia@@studio.it", "mailto:giulia@studio.it", "giulia@studio.it?cc=x@y.it"])
def test_an_e_mail_that_is_not_an_address_is_refused(email):
    found = content_problems(env={"OWNER_EMAIL": email})
    assert len(found) == 1 and found[0].startswith("variabile d'ambiente OWNER_EMAIL"), found
    assert "campo email" in found[0] and "non è un indirizzo e-mail" in found[0]


@pytest.mark.parametrize("email", ["giulia.rossi+sito@studio-rossi.it", "g_rossi@mail.studio.co.uk", "ciao@città.it"])
def test_an_e_mail_address_is_accepted(email):
    assert content_problems(env={"OWNER_EMAIL": email}) == []


@pytest.mark.parametrize("photo", ['assets/images/a".png', "assets/images/a b.png", "assets/images/<a>.png",
                                   "../fuori.png", "assets/images/a.png?x=1"])
def test_a_photo_path_with_signs_that_would_break_its_address_is_refused(photo):
    found = content_problems(env={"OWNER_PHOTO": photo})
    assert len(found) == 1 and found[0].startswith("variabile d'ambiente OWNER_PHOTO"), found
    assert "campo photo" in found[0]


def test_shortcodes_show_owner_values_as_text():
    owner = {"name": '"Giulia" <b class="inj">Bi*an*chi</b> & [x](y) _z_ `c`', "role": "OBM <i>", "city": "L'Aquila",
             "email": "giulia@studio.it", "vat_number": "00743110157"}
    html = render_shortcodes("Sono <!-- md:titolare nome -->, <!-- md:titolare ruolo --> a "
                             "<!-- md:titolare citta --> (P. IVA <!-- md:titolare partita-iva -->).", owner=owner)
    paragraph = BeautifulSoup(html, "html5lib").p
    assert paragraph.get_text() == (f"Sono {owner['name']}, {owner['role']} a {owner['city']} "
                                    f"(P. IVA {owner['vat_number']}).")
    assert paragraph.find_all(True) == []


# Hostile values in every owner field a build accepts: markup, quotes, an
# attribute, a template expression, and a number YAML would read as octal.
HOSTILE_NAME = '"Giulia" <b class="inj">Bi*an*chi</b> & Co\' data-inj="1'
HOSTILE_CITY = "L'Aquila <img src=x onerror=\"alert(1)\" class=inj> {{ 7*7 }}"
HOSTILE_ROLE = "OBM \"<i class='inj'>senior</i>\" & co"
HOSTILE_ENV = {"OWNER_NAME": HOSTILE_NAME, "OWNER_CITY": HOSTILE_CITY, "OWNER_VAT_NUMBER": "00743110157",
               "OWNER_EMAIL": "giulia.rossi+sito@studio-rossi.it"}


def _hostile_project(path: Path) -> Path:
    project = copy_project(path)
    settings = project / "data" / "titolare.yml"
    text = settings.read_text(encoding="utf-8")
    role = HOSTILE_ROLE.replace("'", "''")
    settings.write_text(text.replace("role: Online Business Manager", f"role: '{role}'"), encoding="utf-8")
    # A price the owner wrote without quotes (point 4).
    services = project / "data/services.yml"
    text = services.read_text(encoding="utf-8")
    services.write_text(re.sub(r'price: "DA DEFINIRE \(prezzo fisso in euro\)"', "price: 1.200", text, count=1),
                        encoding="utf-8")
    return project


def _zensical(project: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "site_build", "build", "--generator", "zensical", "-f", str(project / "mkdocs.yml")],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def hostile_site(request, tmp_path_factory) -> Path:
    """The site built with hostile owner values, by each generator."""
    tmp = tmp_path_factory.mktemp(f"hostile-{request.param}")
    project = _hostile_project(tmp / "project")
    if request.param == "mkdocs":
        built(build(project, tmp / "site", env=HOSTILE_ENV))
        return tmp / "site"
    result = _zensical(project, HOSTILE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def _soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html5lib")


@pytest.mark.build
def test_hostile_owner_values_inject_nothing_into_any_page(hostile_site):
    injected = []
    for rel in html_pages(hostile_site):
        doc = _soup(hostile_site, rel)
        found = doc.select(".inj, [data-inj], [onerror], img[src=x]")
        if found:
            injected.append(f"{rel}: {found[0]}")
    assert not injected, "\n".join(injected)


@pytest.mark.build
def test_the_footer_shows_each_owner_value_as_written(hostile_site):
    for rel in ("index.html", "faq/index.html", "privacy/index.html"):
        footer = _soup(hostile_site, rel).select_one(".site-footer")
        assert footer.select_one(".site-footer__name").get_text() == HOSTILE_NAME, rel
        lines = [p.get_text() for p in footer.find_all("p")]
        assert f"{HOSTILE_ROLE} · {HOSTILE_CITY}" in lines, rel
        assert any(line.endswith(" · P. IVA 00743110157") for line in lines), (rel, lines)


@pytest.mark.build
def test_pages_show_each_owner_value_as_written(hostile_site):
    home = _soup(hostile_site, "index.html")
    assert home.select_one("img.hero__photo")["alt"] == f"{HOSTILE_NAME}, {HOSTILE_ROLE}"
    assert [s.get_text() for s in home.select(".hero__who > *")] == [HOSTILE_NAME, HOSTILE_ROLE, HOSTILE_CITY]
    assert home.find("meta", attrs={"name": "author"})["content"] == HOSTILE_NAME
    about = _soup(hostile_site, "chi-sono/index.html")
    assert about.select_one("img.profile__photo")["alt"] == HOSTILE_NAME
    text = _soup(hostile_site, "privacy/index.html").select_one("article").get_text(" ")
    assert f"{HOSTILE_NAME}, {HOSTILE_ROLE}, con sede a {HOSTILE_CITY}, partita IVA 00743110157." in text


@pytest.mark.build
def test_structured_data_carries_each_owner_value_as_written(hostile_site):
    home = _soup(hostile_site, "index.html")
    (script,) = home.find_all("script", type="application/ld+json")
    nodes = {node["@type"]: node for node in json.loads(script.string)["@graph"]}
    assert nodes["ProfessionalService"]["vatID"] == "00743110157"
    assert nodes["Person"]["name"] == HOSTILE_NAME and nodes["Person"]["jobTitle"] == HOSTILE_ROLE
    assert nodes["Person"]["address"]["addressLocality"] == HOSTILE_CITY
    for rel in html_pages(hostile_site):
        if rel.startswith("blog/") and rel.count("/") == 2 and "page" not in rel and "category" not in rel:
            for script in _soup(hostile_site, rel).find_all("script", type="application/ld+json"):
                json.loads(script.string)  # every page's structured data is still JSON


@pytest.mark.build
def test_feeds_carry_the_owner_name_as_written(hostile_site):
    channel = ET.parse(hostile_site / "feed_rss_created.xml").getroot().find("channel")
    assert HOSTILE_NAME in channel.findtext("managingEditor")
    feed = json.loads((hostile_site / "feed_json_created.json").read_text(encoding="utf-8"))
    names = {a.get("name") for item in feed["items"] for a in item.get("authors", [])}
    assert HOSTILE_NAME in names, names


# -- point 4: data values are text as written ----------------------------------------

@pytest.mark.build
def test_a_price_written_without_quotes_is_shown_as_written(hostile_site):
    """The services page and the home cards (price: 1.200 in the data)."""
    full = [p.get_text() for p in _soup(hostile_site, "servizi/index.html").select(".service__price")]
    cards = [p.get_text() for p in _soup(hostile_site, "index.html").select(".service-card__amount")]
    assert "1.200" in full and "1.200" in cards, (full, cards)
    assert "1.2" not in full + cards


def test_every_displayed_data_value_is_text_as_written(tmp_path):
    data = copy_data(tmp_path / "data")
    services = data / "services.yml"
    text = services.read_text(encoding="utf-8")
    text = re.sub(r'price: "DA DEFINIRE \(prezzo fisso in euro\)"', "price: 1.200", text, count=1)
    text = re.sub(r'(duration: )"DA DEFINIRE \(es\. un mese\)"', r"\g<1>2026-01-05", text, count=1)
    text = re.sub(r"(  first_call: ).*", r"\g<1>no", text, count=1)
    services.write_text(text, encoding="utf-8")
    roles = data / "roles.yml"
    text = roles.read_text(encoding="utf-8")
    roles.write_text(re.sub(r"(\n    va: ).*", r"\g<1>0800", text, count=1), encoding="utf-8")
    assessment = data / "self-assessment.yml"
    text = assessment.read_text(encoding="utf-8")
    assessment.write_text(re.sub(r"(\n      - text: ).*", r"\g<1>yes", text, count=1), encoding="utf-8")

    html = render_shortcodes("<!-- md:servizi -->\n\n<!-- md:servizi forma=schede -->\n\n"
                             "Prima chiamata: <!-- md:condizioni prima-chiamata -->.\n\n"
                             "<!-- md:tabella-ruoli -->\n\n<!-- md:autovalutazione -->\n", data=data)
    doc = BeautifulSoup(html, "html5lib")
    assert "1.200" in [p.get_text() for p in doc.select(".service__price")]
    assert "1.200" in [p.get_text() for p in doc.select(".service-card__amount")]
    assert "2026-01-05" in [dd.get_text() for dd in doc.select(".service__facts dd")]
    assert "Prima chiamata: no." in doc.get_text()
    assert "0800" in [cell.get_text(" ", strip=True) for cell in doc.select("table td")]
    answers = [label.get_text(" ", strip=True) for label in doc.select("label")]
    assert any(a.startswith("yes (") for a in answers), answers


# -- issue 25, point 12: the link to book the first call -----------------------------

@pytest.mark.parametrize("link", ["calendly.com/giulia-rossi", "http://calendly.com/giulia-rossi", "javascript:alert(1)",
                                  '<script src="https://assets.calendly.com/widget.js"></script>',
                                  "https://calendly.com/giulia rossi", "/contatti/", "sì"])
def test_a_booking_link_that_is_not_an_https_address_stops_every_build_in_one_line(link):
    found = content_problems(env={"OWNER_BOOKING_LINK": link})
    assert len(found) == 1, found
    assert found[0].startswith("variabile d'ambiente OWNER_BOOKING_LINK") and "campo booking_link" in found[0]
    assert "non è un indirizzo https completo" in found[0] and "\n" not in found[0]


BOOKING = "https://cal.com/giulia-rossi/prima-chiamata?durata=30&lingua=it"


@pytest.mark.build
def test_the_booking_link_shows_on_the_contact_and_services_pages_only_when_set(tmp_path, site_dir):
    """Set: a plain link (no script, no frame from the booking site) on the
    contact page and the services page. Unset (as shipped): no trace."""
    for page in html_pages(site_dir):
        assert not _soup(site_dir, page).select(".booking"), page
    built(build(ROOT, tmp_path / "site", env={"OWNER_BOOKING_LINK": BOOKING}))
    for page in ("contatti/index.html", "servizi/index.html"):
        doc = _soup(tmp_path / "site", page)
        links = doc.select("article .booking a")
        assert [a["href"] for a in links] == [BOOKING], page
        assert "prima chiamata" in links[0].get_text().lower()
        assert not doc.select('script[src*="cal.com"], iframe, embed, object'), page
