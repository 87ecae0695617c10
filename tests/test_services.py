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

from support.project import (PRODUCTION_ENV, ROOT, build, content_problems, copy_data, copy_project, production_ready,
                             render_shortcodes)
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
    owner = yaml.safe_load((ROOT / "data/titolare.yml").read_text(encoding="utf-8"))
    owner_only = list(data["terms"].values()) + list(owner["tax"].values()) + list(owner["audience"].values())
    for value in prices + terms + owner_only:
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


@pytest.mark.build
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
        assert card.select_one(".service-card__amount").get_text(strip=True) == typographic(s["price"])
        assert card.select_one("a")["href"] == f"../../servizi/#{s['id']}"
        assert (tmp_path / "site/servizi/index.html").exists()
    assert "La gestione costa da 1.234 € al mese (IVA e rivalsa INPS: DA DEFINIRE)." in page.get_text(" ")


BAD = {
    "not YAML": (lambda text: text.replace("services:\n", "services: [\n", 1), "not valid YAML"),
    "too few services": (lambda text: yaml.safe_dump({**yaml.safe_load(text), "services": yaml.safe_load(text)["services"][:2]}, allow_unicode=True, sort_keys=False), "'services' must list 3 to 5 services"),
    "a service without price": (None, "'price' must be a non-empty text"),
    "an id with capitals": (lambda text: text.replace("id: check-up-operativo", "id: Check-Up", 1), "'id' must be lowercase letters"),
    "an unknown field": (lambda text: text.replace("    name: Gestione mensile\n", "    name: Gestione mensile\n    prezo: 10\n", 1), "unknown field(s) prezo"),
    # Issue 25, point 8: prices.
    "IVA written in a price": (lambda text: text.replace('price: "DA DEFINIRE (prezzo fisso in euro)"',
                                                         'price: "1.200 € + IVA"', 1), "speaks of IVA or INPS"),
    "INPS written in a price": (lambda text: text.replace('price: "DA DEFINIRE (prezzo fisso in euro)"',
                                                          "price: 1.200 € iva e rivalsa inclusa", 1), "speaks of IVA or INPS"),
    # Point 12: a reply time that does not complete "ti rispondo …".
    "a reply time that is a duration": (lambda text: re.sub(r"(?m)^(  reply_time:).*$", r"\1 48 ore", text),
                                        "'reply_time' ('48 ore') must complete the sentence"),
    "a reply time that is a sentence": (lambda text: re.sub(r"(?m)^(  reply_time:).*$", r"\1 Rispondo in giornata", text),
                                        "must complete the sentence"),
}

# The tax regime and the audience are the owner's settings (data/titolare.yml):
# the settings' rules name the file and the field, in Italian.
BAD_SETTINGS = {
    "no tax setting": (lambda text: re.sub(r"(?ms)^tax:\n.*?\n\n", "", text), "campo tax.regime: '' non è un regime"),
    "a misspelt regime": (lambda text: re.sub(r"(?m)^(  regime:).*$", r"\1 forfetario", text),
                          "campo tax.regime: 'forfetario' non è un regime; scrivi ordinario (prezzi + IVA) oppure "
                          "forfettario"),
    "a rivalsa neither yes nor no": (lambda text: re.sub(r"(?m)^(  rivalsa_inps:).*$", r"\1 4%", text),
                                     "campo tax.rivalsa_inps: '4%' non è né sì né no"),
    "no audience": (lambda text: re.sub(r"(?ms)^audience:\n.*\Z", "", text), "campo audience.team_size: è vuoto"),
    "an audience without revenue": (lambda text: re.sub(r"(?m)^  revenue:.*\n?", "", text),
                                    "campo audience.revenue: è vuoto"),
}


@pytest.mark.parametrize("case", BAD_SETTINGS)
def test_bad_tax_or_audience_settings_are_refused_naming_file_and_field(tmp_path, case):
    from site_build.settings import load, problems

    data = copy_data(tmp_path / "data")
    change, message = BAD_SETTINGS[case]
    path = data / "titolare.yml"
    text = path.read_text(encoding="utf-8")
    assert change(text) != text, "the case changes the file"
    path.write_text(change(text), encoding="utf-8")
    found = problems(load(tmp_path, env={}))
    assert found and all(line.startswith("data/titolare.yml") for line in found) and message in found[0], found


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


@pytest.mark.build
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


# -- issue 25, point 8: every price says what is added to it -------------------------

def set_tax(data, regime: str, rivalsa: str) -> None:
    """Write the owner's tax setting into her settings file in `data`
    (as she would: plain values, no quotes)."""
    path = data / "titolare.yml"
    text = re.sub(r"(?m)^(  regime:).*$", rf"\1 {regime}", path.read_text(encoding="utf-8"))
    path.write_text(re.sub(r"(?m)^(  rivalsa_inps:).*$", rf"\1 {rivalsa}", text), encoding="utf-8")


def page_body(name: str) -> str:
    """A page of docs/ without its front matter."""
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


FORFETTARIO_LAW = "art. 1, commi 54-89, L. 190/2014"
RIVALSA_LAW = "art. 1, comma 212, L. 662/1996"


@pytest.mark.parametrize("regime, rivalsa", [("ordinario", "no"), ("ordinario", "sì"), ("forfettario", "false"),
                                             ("Forfettario", "true")])
def test_every_price_carries_the_tax_note_of_the_owner_setting(tmp_path, regime, rivalsa):
    """The services page, the home cards and the prices written inline in a
    page: each price is followed by its mark, each list of prices by its note,
    both saying what the one setting says."""
    data = copy_data(tmp_path / "data")
    set_tax(data, regime, rivalsa)
    path = data / "services.yml"
    path.write_text(re.sub(r"(?m)^(    price:).*$", r'\1 "da 1.234 €"', path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    forfettario, charged = regime.lower() == "forfettario", rivalsa in ("sì", "true")
    count = len(raw()["services"])
    for name, price_class in (("servizi.md", "service__price"), ("index.md", "service-card__amount")):
        page = BeautifulSoup(render_shortcodes(page_body(name), data=data), "html5lib")
        prices = page.select(f".{price_class}")
        assert len(prices) == count, name
        for price in prices:
            mark = price.find_next_sibling("span", class_="service__tax")
            assert mark is not None, f"{name}: a price without its tax mark"
            text = mark.get_text()
            assert ("senza IVA" in text) == forfettario and ("+ IVA" in text) == (not forfettario), text
            assert ("rivalsa INPS 4%" in text) == charged, text
        notes = [n.get_text() for n in page.select(".services__tax-note")]
        assert len(notes) == 1, (name, notes)
        assert (FORFETTARIO_LAW in notes[0]) == forfettario, notes
        assert ("operazione senza applicazione dell’IVA" in notes[0]) == forfettario, notes
        assert (RIVALSA_LAW in notes[0]) == charged and ("INPS" in notes[0]) == charged, notes
        if not forfettario:
            assert "si aggiung" in notes[0] and "l’IVA" in notes[0], notes
    inline = BeautifulSoup(render_shortcodes(page_body("come-lavoriamo.md"), data=data), "html5lib").get_text(" ")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(inline.split())) if "1.234 €" in s]
    assert sentences, "come-lavoriamo.md no longer writes a price inline: test the page that does"
    for sentence in sentences:
        assert ("senza IVA" in sentence) == forfettario and ("+ IVA" in sentence) == (not forfettario), sentence
        assert ("rivalsa INPS 4%" in sentence) == charged, sentence


def test_an_unset_tax_regime_shows_as_a_placeholder_and_stops_a_production_build(tmp_path):
    """Shipped unset: a preview shows the placeholder next to every price, a
    production build names the file, the line and what to write, once."""
    page = BeautifulSoup(render_shortcodes(page_body("servizi.md")), "html5lib")
    assert all("DA DEFINIRE" in m.get_text() for m in page.select(".service__tax"))
    project = production_ready(copy_project(tmp_path / "project"))
    ready = project / "data/titolare.yml"
    assert content_problems(project, env=PRODUCTION_ENV) == []
    text = ready.read_text(encoding="utf-8")
    ready.write_text(re.sub(r"(?m)^(  regime:).*$", r'\1 "DA DEFINIRE (ordinario oppure forfettario)"', text),
                     encoding="utf-8")
    found = content_problems(project, env=PRODUCTION_ENV)
    assert len(found) == 1 and "production build" in found[0], found
    line = next(n for n, t in enumerate(ready.read_text(encoding="utf-8").splitlines(), 1) if "regime:" in t)
    named = [p for p in found[0].split("\n") if "regime" in p]
    assert len(named) == 1 and named[0].strip().startswith(f"- data/titolare.yml, riga {line}, campo tax.regime: "), named
    assert "ordinario oppure forfettario" in named[0] and "scrivi il tuo dato" in named[0], named


PRICE = re.compile(r"€|\beur(?:o|i)\b|md:servizio\s+\S+\s+prezzo|\bprezz[oi]\b.*\d", re.I)
TAX = re.compile(r"\biva\b|\binps\b|\brivalsa\b", re.I)
FENCED = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$|`[^`\n]+`", re.S | re.M)


def hand_written_tax(text: str) -> list[str]:
    """Every sentence of `text` that states a price and IVA or INPS by hand."""
    sentences = re.split(r"(?<=[.!?])\s+|\n", FENCED.sub(" ", text))
    return [s.strip() for s in sentences if PRICE.search(s) and TAX.search(s)]


def test_no_page_or_data_file_writes_iva_next_to_a_price_by_hand():
    """Only the tax setting says what is added to a price: no page, post or
    data value does it in its own words."""
    assert hand_written_tax("Il check-up costa 1.200 € + IVA.") and hand_written_tax("Prezzo: 900 euro, IVA esclusa")
    assert hand_written_tax("Costa <!-- md:servizio gestione-mensile prezzo --> più IVA.")
    assert not hand_written_tax("Lavoro con partita IVA.\n\nIl prezzo è fisso: 1.200 €.")
    found = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        found += [f"{path.relative_to(ROOT)}: {s}" for s in hand_written_tax(path.read_text(encoding="utf-8"))]
    for path in sorted((ROOT / "data").glob("*.yml")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
        found += [f"{path.relative_to(ROOT)}: {s}" for s in hand_written_tax("\n".join(lines))]
    assert found == []


# -- issue 25, point 12: whom she works with, the four areas, the reply time ---------

def test_whom_she_works_with_is_shown_where_the_services_page_says_it(tmp_path):
    """Team size and revenue band, as the owner writes them, in the
    services page's section on whom the services are for."""
    data = copy_data(tmp_path / "data")
    path = data / "titolare.yml"
    text = re.sub(r"(?m)^(  team_size:).*$", r"\1 da 3 a 12 persone", path.read_text(encoding="utf-8"))
    path.write_text(re.sub(r"(?m)^(  revenue:).*$", r"\1 da 150.000 a 900.000 € l'anno", text), encoding="utf-8")
    page = BeautifulSoup(render_shortcodes(page_body("servizi.md"), data=data), "html5lib")
    heading = page.find("h2", string=re.compile("Per chi è"))
    assert heading is not None, "the services page no longer has its section on whom it is for"
    audience = heading.find_next("ul", class_="services__audience")
    assert audience is not None and audience.find_previous("h2") is heading, "shown in that section"
    items = [" ".join(li.get_text(" ").split()) for li in audience.select("li")]
    assert items == ["Persone nel gruppo di lavoro: da 3 a 12 persone", "Fatturato annuo: da 150.000 a 900.000 € l’anno"]


def test_whom_she_works_with_is_refused_in_production_while_unset(tmp_path):
    project = production_ready(copy_project(tmp_path / "project"))
    path = project / "data/titolare.yml"
    text = re.sub(r"(?m)^(  team_size:).*$", r'\1 "DA DEFINIRE (es. da … a … persone)"', path.read_text(encoding="utf-8"))
    path.write_text(re.sub(r"(?m)^(  revenue:).*$", r'\1 "DA DEFINIRE (es. da … a … €)"', text), encoding="utf-8")
    found = content_problems(project, env=PRODUCTION_ENV)
    assert len(found) == 1, found
    named = [p.strip() for p in found[0].split("\n") if "data/titolare.yml" in p]
    assert [p.split(":")[0] for p in named] == [
        f"- data/titolare.yml, riga {n}, campo audience.{t.split(':')[0].strip()}"
        for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if t.startswith(("  team_size:", "  revenue:"))], named


AREAS = ("progetti", "operatività", "persone", "numeri")


def test_the_four_areas_of_the_role_frame_the_services_once():
    """Projects, operations, people, numbers: named together once, on the
    services page, and nowhere else as a frame."""
    text = BeautifulSoup(render_shortcodes(page_body("servizi.md")), "html5lib").get_text(" ")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if "quattro aree" in s]
    assert len(sentences) == 1, sentences
    assert all(re.search(rf"\b{area}\b", sentences[0]) for area in AREAS), sentences
    others = [p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md")
              if p.name != "servizi.md" and "quattro aree" in p.read_text(encoding="utf-8")]
    assert others == []


def reply_time_uses() -> list[str]:
    """The pages that show the reply time."""
    uses = [p.relative_to(ROOT / "docs").as_posix() for p in sorted((ROOT / "docs").rglob("*.md"))
            if "md:condizioni tempi-di-risposta" in p.read_text(encoding="utf-8")]
    assert len(uses) >= 2, uses
    return uses


@pytest.mark.parametrize("written", ["entro due giorni lavorativi", "Entro due giorni lavorativi.",
                                     "di solito in giornata", "Lo stesso giorno lavorativo"])
def test_the_reply_time_reads_right_in_every_sentence_that_shows_it(tmp_path, written):
    """However the owner writes it (capital or not, with a full stop or
    not), the value opens a sentence with a capital and continues one with
    a small letter, never doubles a full stop, and stands where the text
    speaks of replying (the sentence, or the question it answers)."""
    data = copy_data(tmp_path / "data")
    path = data / "services.yml"
    path.write_text(re.sub(r"(?m)^(  reply_time:).*$", rf'\1 "{written}"', path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    core = written.rstrip(".")
    shown = 0
    for name in reply_time_uses():
        owner = {"email": "giulia@studio-rossi.it", "name": "Giulia Rossi"}
        page = BeautifulSoup(render_shortcodes(page_body(name), data=data, owner=owner), "html5lib")
        for block in page.find_all(["p", "li"]):
            text = " ".join(block.get_text(" ").split())
            at = text.lower().find(core.lower())
            if at < 0 or block.find(["p", "li"]):
                continue
            shown += 1
            before, value = text[:at].rstrip(), text[at:at + len(core)]
            start = not before or before[-1] in ".!?…"
            assert value[0] == (value[0].upper() if start else value[0].lower()), f"{name}: {text}"
            assert value[1:] == core[1:], f"{name}: {text}"
            assert ".." not in text[at:], f"{name}: {text}"
            heading = block.find_previous(["h1", "h2", "h3"])
            context = text[:at] + (heading.get_text() if heading else "")
            assert "rispond" in context.lower(), f"{name}: the reply time stands where nothing speaks of replying: {text}"
    assert shown >= len(reply_time_uses()), shown


def test_a_tax_regime_without_a_partita_iva_stops_a_production_build(tmp_path):
    """Prices "+ IVA" or "senza IVA" under a regime are invoiced with a
    partita IVA: production asks for it (even if no page mentions one)."""
    project = production_ready(copy_project(tmp_path / "project"))
    faq = project / "docs/faq.md"
    faq.write_text(faq.read_text(encoding="utf-8").replace("partita IVA", "fattura"), encoding="utf-8")
    env = {**PRODUCTION_ENV, "OWNER_VAT_NUMBER": ""}
    found = content_problems(project, env=env)
    assert len(found) == 1, found
    named = [p.strip() for p in found[0].split("\n")[1:]]
    assert named == ["- data/titolare.yml: tax.regime is 'ordinario': every price is invoiced with a partita IVA, "
                     "which is not set: set vat_number in data/titolare.yml (or OWNER_VAT_NUMBER)"], named
    assert content_problems(project, env=PRODUCTION_ENV) == []
