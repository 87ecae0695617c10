"""The settings object (site_build/settings.py): data/titolare.yml read once,
values as text as written, environment variables overriding the file, and
one rule per field whose message, in Italian, names the field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from support.project import ROOT, copy_project
from site_build import settings as S


def _project(tmp_path, replace: dict[str, str] | None = None):
    """A copy of the project's settings file (and what validating it
    reads: docs/), with some of its lines replaced."""
    (tmp_path / "data").mkdir(parents=True)
    text = (ROOT / "data" / "titolare.yml").read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    (tmp_path / "data" / "titolare.yml").write_text(text, encoding="utf-8")
    return tmp_path


GOOD_AND_BAD = [
    (S.validate_name, "Giulia Rossi", "  ", "name"),
    (S.validate_role, "Online Business Manager", "", "role"),
    (S.validate_city, "Bologna", "", "city"),
    (S.validate_email, "giulia@studio-rossi.it", "giulia@studio", "email"),
    (S.validate_vat_number, "12345678903", "12345678900", "vat_number"),
    (S.validate_vat_number, "", "1234567890", "vat_number"),
    (S.validate_photo, "assets/images/foto.jpg", "assets/images/la mia foto.jpg", "photo"),
    (S.validate_about, "Aiuto le piccole imprese", "una\nriga", "about"),
    (S.validate_business_name, "", "due\nrighe", "business_name"),
    (S.validate_site_url, "https://www.studio-rossi.it/", "http://www.studio-rossi.it/", "site_url"),
    (S.validate_booking_link, "https://calendly.com/giulia/30min", "calendly.com/giulia", "booking_link"),
    (S.validate_primary, "#1f5561", "#ffd54f", "brand.primary"),
    (S.validate_accent, "#b04a22", "b04a22", "brand.accent"),
    (S.validate_network, "linkedin", "myspace", "network"),
    (S.validate_provider, "formspree", "mailchimp", "contact_form.provider"),
    (S.validate_newsletter, "true", "forse", "contact_form.newsletter"),
    (S.validate_regime, "forfettario", "semplificato", "tax.regime"),
    (S.validate_rivalsa_inps, "no", "forse", "tax.rivalsa_inps"),
    (S.validate_team_size, "da 2 a 10 persone", "", "audience.team_size"),
    (S.validate_revenue, "da 100.000 € l'anno", " ", "audience.revenue"),
]


@pytest.mark.parametrize("rule, good, bad, name", GOOD_AND_BAD, ids=[f"{r.__name__}-{b!r}" for r, _g, b, _n in GOOD_AND_BAD])
def test_each_field_rule_accepts_a_good_value_and_names_the_field_of_a_bad_one(rule, good, bad, name):
    assert rule(good) is None
    message = rule(bad)
    assert message is not None and message.startswith("campo ") and name in message, message
    assert "\n" not in message


def test_the_rules_that_depend_on_another_value_take_it():
    # A preview may be served over http (the tests' local server); a production build may not.
    assert S.validate_site_url("http://127.0.0.1:8000/", production=False) is None
    assert "site_url" in S.validate_site_url("http://127.0.0.1:8000/")
    assert S.validate_social_link("https://www.linkedin.com/in/giulia", "linkedin") is None
    assert "linkedin.com" in S.validate_social_link("https://www.instagram.com/giulia", "linkedin")
    assert S.validate_social_link("https://mastodon.social/@giulia", "mastodon") is None
    assert "endpoint" in S.validate_endpoint("", "formspree")
    assert S.validate_endpoint("", "netlify") is None
    assert "nome utente" in S.validate_endpoint("https://user:pw@example.org/hook", "webhook")
    assert "access_key" in S.validate_access_key("", "web3forms")
    assert S.validate_access_key("", "formspree") is None
    assert "solo al webhook" in S.validate_redirect_field("redirect", "formspree")
    assert "non è un nome di campo" in S.validate_redirect_field("name", "webhook")
    assert S.validate_redirect_field("redirect_to", "webhook") is None


def test_the_photo_rule_checks_its_size_in_docs(tmp_path):
    (tmp_path / "assets").mkdir()
    Image.new("RGB", (600, 400)).save(tmp_path / "assets" / "largo.png")
    Image.new("RGB", (400, 400)).save(tmp_path / "assets" / "quadrato.png")
    assert "600×400" in S.validate_photo("assets/largo.png", tmp_path)
    assert S.validate_photo("assets/quadrato.png", tmp_path) is None


def test_the_module_lists_every_rule_it_offers():
    rules = {name for name in dir(S) if name.startswith("validate_")}
    assert rules == {f"validate_{n}" for n in (
        "name", "role", "business_name", "city", "email", "vat_number", "photo", "about", "site_url",
        "booking_link", "primary", "accent", "network", "social_link", "provider", "endpoint", "access_key",
        "redirect_field", "newsletter", "regime", "rivalsa_inps", "team_size", "revenue")}
    assert all(f"{name}(" in S.__doc__ for name in rules)


def test_values_are_text_as_written(tmp_path):
    project = _project(tmp_path, {'vat_number: ""': "vat_number: 01234567890",
                                  "name: Nome Cognome": "name: no",
                                  "city: Città": "city: 2026-01-05"})
    found = S.load(project, env={})
    assert found.owner.vat_number == "01234567890"
    assert found.owner.name == "no"
    assert found.owner.city == "2026-01-05"


def test_environment_variables_override_the_file(tmp_path):
    project = _project(tmp_path)
    env = {"OWNER_NAME": "Giulia Rossi", "OWNER_VAT_NUMBER": "00743110157", "SITE_URL": "https://www.rossi.it",
           "CONTACT_PROVIDER": "Formspree", "CONTACT_ENDPOINT": "https://formspree.io/f/abc",
           "OWNER_LINKEDIN": "https://www.linkedin.com/in/giulia/"}
    found = S.load(project, env=env)
    assert found.owner.name == "Giulia Rossi" and found.owner.vat_number == "00743110157"
    assert found.site_url == "https://www.rossi.it/"
    assert found.contact.provider == "formspree" and found.contact.origin == "https://formspree.io"
    assert [(s.network, s.link) for s in found.social] == [("linkedin", "https://www.linkedin.com/in/giulia/")]
    assert found.social[0].icon == "fontawesome/brands/linkedin"
    assert found.owner.city == "Città"  # not overridden: the file's
    # A wrong value from a variable names the variable.
    wrong = S.problems(S.load(project, env={"OWNER_EMAIL": "giulia"}))
    assert len(wrong) == 1 and wrong[0].startswith("variabile d'ambiente OWNER_EMAIL") and "campo email" in wrong[0]


def test_a_mistake_in_the_file_is_named_with_its_line_and_field(tmp_path):
    project = _project(tmp_path, {'vat_number: ""': "vat_number: 12345678900",
                                  'primary: "#1f5561"': 'primary: "#ffd54f"'})
    found = S.problems(S.load(project, env={}))
    lines = (ROOT / "data" / "titolare.yml").read_text(encoding="utf-8").splitlines()
    vat_line = next(n for n, line in enumerate(lines, 1) if line.startswith("vat_number:"))
    assert found[0].startswith(f"data/titolare.yml, riga {vat_line}, campo vat_number: '12345678900' non è una "
                               "partita IVA valida"), found
    assert "campo brand.primary: #ffd54f è troppo chiaro" in found[1], found
    assert len(found) == 2


def test_a_file_that_is_not_yaml_is_one_line(tmp_path):
    project = _project(tmp_path, {"city: Città": 'city: "Città'})
    with pytest.raises(Exception) as error:
        S.load(project, env={})
    assert str(error.value).startswith("data/titolare.yml, riga ") and "non si legge" in str(error.value)


def test_the_shipped_file_passes_every_rule_and_production_names_its_placeholders():
    shipped = S.load(ROOT, env={})
    assert S.problems(shipped) == []
    refused = S.production_problems(shipped)
    for name in ("site_url", "name", "city", "email", "photo", "social, link", "contact_form.provider",
                 "tax.regime", "audience.revenue"):
        assert any(f"campo {name}:" in line for line in refused), (name, refused)


def test_one_provider_table_serves_the_form_the_hosts_and_the_checks():
    from site_build import hosting

    assert set(S.PROVIDERS) == {"formspree", "netlify", "web3forms", "webhook"}
    assert all(set(row.hosts) <= set(hosting.HOSTS) for row in S.PROVIDERS.values())
    assert S.PROVIDERS["netlify"].hosts == ("netlify",)
    assert {name for row in S.PROVIDERS.values() for name, _what in row.hidden if name} <= S.RESERVED
    # The privacy page's facts about each provider name only providers of the table.
    from site_extensions.processors import CONTACT

    assert set(CONTACT) <= set(S.PROVIDERS)


@pytest.mark.build
def test_a_mistake_in_the_settings_file_stops_the_build_in_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "data" / "titolare.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("email: ciao@example.com", "email: ciao"),
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(tmp_path / "site")], cwd=project, capture_output=True, text=True,
                            timeout=600, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    lines = [line.strip() for line in output.splitlines() if "campo email" in line]
    assert len(lines) == 1 and lines[0].startswith("data/titolare.yml, riga "), output
    assert "Traceback" not in output


@pytest.mark.parametrize("language, locale", [("it", "it-IT"), ("en", "en-US"), ("pt-PT", "pt-PT"), ("de", "de-DE")])
def test_the_language_and_its_region_come_from_the_theme(tmp_path, language, locale):
    found = S.load(_project(tmp_path), {"theme": {"language": language}}, env={})
    assert found.language == language and found.locale == locale


def test_the_theme_words_the_steps_write_are_in_the_site_language():
    from site_build.project import Project
    from site_build.render import translate

    project = Project.load(ROOT / "mkdocs.yml")
    assert translate(project, "search") == {"search": "Cerca"}
    english = Project(project.root, {**project.config, "theme": {**project.config["theme"], "language": "en"}})
    assert translate(english, "search") == {"search": "Search"}


def test_a_field_the_site_does_not_know_is_named_with_its_line(tmp_path):
    """A typo in a field's name would leave the value unread: it is refused."""
    project = _project(tmp_path, {"email: ciao@example.com": "emial: ciao@example.com\nemail: ciao@example.com",
                                  '  accent: "#b04a22"': '  accent: "#b04a22"\n  secondary: "#000000"'})
    found = S.problems(S.load(project, env={}))
    lines = (project / "data" / "titolare.yml").read_text(encoding="utf-8").splitlines()
    typo = next(n for n, line in enumerate(lines, 1) if line.startswith("emial:"))
    assert found[0].startswith(f"data/titolare.yml, riga {typo}, campo emial: non è un campo del file"), found
    assert "campo brand.secondary: non è un campo del file" in found[1], found
    assert len(found) == 2


def test_every_network_s_icon_is_one_the_theme_ships():
    """The icon is derived from the network: each must be a file of
    Material's icons, or the footer cannot show it."""
    import material

    icons = Path(material.__file__).parent / "templates" / ".icons"
    for network in S.NETWORKS:
        assert (icons / f"{S.SocialLink(network, '').icon}.svg").is_file(), network


def test_a_switch_is_read_from_its_text_and_a_wrong_one_is_named(tmp_path):
    assert S.load(_project(tmp_path, {"newsletter: false": "newsletter: sì"}), env={}).contact.newsletter is True
    wrong = S.load(_project(tmp_path / "b", {"newsletter: false": "newsletter: forse"}), env={})
    assert wrong.contact.newsletter is False
    (line,) = S.problems(wrong)
    assert line.startswith("data/titolare.yml, riga ") and "campo contact_form.newsletter: 'forse'" in line
