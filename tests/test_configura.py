"""`make configura`: the owner's first set-up, driven through its standard
input as she would answer it, in a copy of the project."""

from __future__ import annotations

import pytest

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import yaml

from support.project import ROOT, copy_project

sys.path.insert(0, str(ROOT))
from site_build.configura import YamlText  # noqa: E402

SETTINGS = "data/titolare.yml"
SERVICES = "data/services.yml"

# Her answers, question by question, from the shipped placeholders: an
# empty line is Enter (the value stays as it is).
ANSWERS = [
    ("name", "Giulia Rossi"),
    ("city", "Bologna"),
    ("email", "giulia@studio-rossi.it"),
    ("vat_number", "12345678903"),  # its check digit is right
    ("photo", "assets/images/giulia.jpg"),  # a 500x500 picture the test puts there
    ("site_url", "https://www.studio-rossi.it/"),
    ("booking_link", ""),
    ("brand.primary", ""),
    ("brand.accent", ""),
    ("social.network", ""),
    ("social.link", "https://www.linkedin.com/in/giulia-rossi-obm/"),
    ("contact_form.provider", "formspree"),
    ("contact_form.endpoint", "https://formspree.io/f/xyzabcd"),
    ("tax.regime", "forfettario"),
    ("tax.rivalsa_inps", "no"),
    ("audience.team_size", "da 2 a 10 persone"),
    ("audience.revenue", "da 100.000 a 500.000 € l'anno"),
    ("terms.first_call", "30 minuti, gratuita"),
    ("terms.reply_time", "entro due giorni lavorativi"),
    ("check-up-operativo.duration", "due settimane"),
    ("check-up-operativo.price", "900 €"),
    ("gestione-mensile.duration", ""),
    ("gestione-mensile.price", "da 1.200 € al mese"),
    ("gestione-mensile.minimum_term", "tre mesi"),
    ("gestione-mensile.notice_period", "trenta giorni"),
    ("progetto-di-lancio.duration", "da sei a dodici settimane"),
    ("progetto-di-lancio.price", "da 3.000 €"),
    ("avvio-della-delega.duration", "un mese"),
    ("avvio-della-delega.price", "600 €"),
]
ANSWERED = dict(ANSWERS)
# What a host's build says of itself (Netlify's also names the repository).
HOST_ENV = {"SITE_HOST": "netlify", "REPOSITORY_URL": "https://github.com/giulia-rossi/sito"}


def project_with_make(tmp_path: Path) -> Path:
    """A copy of the project where the Makefile's targets run as in the real
    one (the environment's Python linked), with her photo in docs/."""
    from PIL import Image

    project = copy_project(tmp_path / "project")
    (project / ".venv").symlink_to(ROOT / ".venv")
    Image.new("RGB", (500, 500), (31, 85, 97)).save(project / "docs/assets/images/giulia.jpg")
    return project


def make(project: Path, target: str, answers: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    """`make <target>` in `project`, `answers` as its standard input."""
    # -o: the environment's packages count as installed (the real target
    # installs them first when requirements.txt changed).
    return subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "-o", ".venv/.site-deps", target],
                          cwd=project, input=answers, capture_output=True, text=True, timeout=900,
                          env={**os.environ, **(env or {})})


def lines(answers: list[str]) -> str:
    """The answers as standard input: one line each."""
    return "".join(f"{answer}\n" for answer in answers)


def asked(out: str, question: str) -> int:
    """How many times `question` was asked (its prompt, with or without a
    current value in brackets)."""
    return len(re.findall(rf"  {re.escape(question)}(?: \[[^\]]*\])?: ", out))


def comments(text: str) -> list[str]:
    """The comment lines of a YAML file, and every line's comment after a value."""
    return [line.strip() if line.lstrip().startswith("#") else line.split(" #", 1)[1].strip()
            for line in text.splitlines() if line.lstrip().startswith("#") or " #" in line]


@pytest.mark.build
def test_from_the_placeholders_to_a_site_ready_to_publish(tmp_path):
    project = project_with_make(tmp_path)
    before = {name: (project / name).read_text(encoding="utf-8") for name in (SETTINGS, SERVICES)}
    # A page the owner writes, not a value of hers: the example case.
    case = project / "docs/casi/esempio-di-caso.md"
    case.write_text(case.read_text(encoding="utf-8").replace("segnaposto: true", "segnaposto: false"),
                    encoding="utf-8")

    result = make(project, "configura", lines([answer for _key, answer in ANSWERS] + ["s"]),
                  env=HOST_ENV)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Traceback" not in out

    settings = yaml.safe_load((project / SETTINGS).read_text(encoding="utf-8"))
    assert settings["name"] == "Giulia Rossi"
    assert settings["city"] == "Bologna"
    assert settings["email"] == "giulia@studio-rossi.it"
    assert settings["vat_number"] == "12345678903"  # text, as written: not the number
    assert settings["photo"] == "assets/images/giulia.jpg"
    assert settings["site_url"] == "https://www.studio-rossi.it/"
    assert settings["booking_link"] == ""
    assert settings["brand"] == {"primary": "#1f5561", "accent": "#b04a22"}  # Enter kept them
    assert settings["social"] == [{"network": "linkedin", "link": "https://www.linkedin.com/in/giulia-rossi-obm/"}]
    assert settings["contact_form"]["provider"] == "formspree"
    assert settings["contact_form"]["endpoint"] == "https://formspree.io/f/xyzabcd"
    assert settings["contact_form"]["access_key"] == ""  # not asked: Formspree needs none
    assert settings["tax"] == {"regime": "forfettario", "rivalsa_inps": "no"}
    assert settings["audience"] == {"team_size": "da 2 a 10 persone", "revenue": "da 100.000 a 500.000 € l'anno"}

    services = yaml.safe_load((project / SERVICES).read_text(encoding="utf-8"))
    assert services["terms"] == {"first_call": "30 minuti, gratuita", "reply_time": "entro due giorni lavorativi"}
    for service in services["services"]:
        for key in ("duration", "price", "minimum_term", "notice_period"):
            answer = ANSWERED.get(f"{service['id']}.{key}")
            if answer:
                assert service[key] == answer, (service["id"], key)
    assert services["services"][1]["duration"].startswith("Continuativa")  # Enter kept it

    # Every comment and every line that was not answered stays as it was.
    for name in (SETTINGS, SERVICES):
        after = (project / name).read_text(encoding="utf-8")
        assert comments(after) == comments(before[name]), name
        changed = [old for old, new in zip(before[name].splitlines(), after.splitlines()) if old != new]
        assert len(after.splitlines()) == len(before[name].splitlines())
        assert all(re.match(r"\s*(- )?[a-z_]+:", line) for line in changed), changed

    # The end: make check's answer (the content checks and a strict
    # production build) finds nothing left.
    check = out.split("(make check)")[-1]
    assert "Tutto a posto: make production pubblicherebbe il sito" in check, out
    assert "Restano" not in out

    # And the build a host runs publishes it.
    production = make(project, "production", env=HOST_ENV)
    assert production.returncode == 0, production.stdout + production.stderr
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "Giulia Rossi" in home and "Nome Cognome" not in home
    services = (project / "site/servizi/index.html").read_text(encoding="utf-8")
    assert "da 1.200 € al mese" in services and "DA DEFINIRE" not in services


def test_wrong_answers_are_refused_by_name_and_asked_again_and_ctrl_d_writes_nothing(tmp_path):
    project = project_with_make(tmp_path)
    before = {name: (project / name).read_bytes() for name in (SETTINGS, SERVICES)}
    answers = [
        "Giulia Rossi", "Bologna",
        "giulia@example.com", "giulia@studio-rossi.it",  # an example address, then hers
        "12345678901", "12345678903",  # a wrong check digit, then the right one
        "assets/images/manca.jpg", "assets/images/giulia.jpg",  # a file that is not there
        "http://www.studio-rossi.it/", "https://www.studio-rossi.it/",  # not https
        "",
        "#ffcc00", "#1f5561",  # too light under white text
        "#f5a3b7", "",  # too light, then Enter keeps the current one
        "",
        "https://www.facebook.com/giulia",  # not a LinkedIn address
        # then the input ends (Ctrl-D) in the middle
    ]
    result = make(project, "configura", lines(answers))
    out = result.stdout + result.stderr
    assert result.returncode != 0  # make's own 2: the set-up stopped
    assert "Traceback" not in out
    for field, value in [("email", "giulia@example.com"),
                         ("vat_number", "12345678901"),
                         ("photo", "manca.jpg"),
                         ("site_url", "http://www.studio-rossi.it/"),
                         ("brand.primary", "#ffcc00"),
                         ("brand.accent", "#f5a3b7"),
                         ("social, link", "https://www.facebook.com/giulia")]:
        assert re.search(rf"✗ campo {re.escape(field)}: .*{re.escape(value)}", out), field
    # Each refused question is asked again.
    assert asked(out, "Partita IVA") == 2
    assert asked(out, "Indirizzo del sito") == 2
    assert asked(out, "Colore principale") == 2
    assert asked(out, "Colore d'accento") == 2
    assert re.search(r"contrasto 1[,.]\d:1", out)
    assert "non ho scritto niente" in out
    assert {name: (project / name).read_bytes() for name in (SETTINGS, SERVICES)} == before
    assert not list((project / "data").glob(".*"))  # no temporary file left


def test_ctrl_c_at_a_question_writes_nothing(tmp_path):
    project = project_with_make(tmp_path)
    before = (project / SETTINGS).read_bytes()
    process = subprocess.Popen([str(ROOT / ".venv/bin/python"), "-m", "site_build", "configura"], cwd=project,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    process.stdin.write("Giulia Rossi\nBologna\n".encode())
    process.stdin.flush()
    seen = b""
    while b"Indirizzo e-mail a cui scriverti [" not in seen:
        chunk = process.stdout.read1(4096)
        assert chunk, seen.decode()
        seen += chunk
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=60)
    out = (seen + rest).decode()
    assert process.returncode == 1
    assert "Traceback" not in out and "KeyboardInterrupt" not in out
    assert "non ho scritto niente" in out
    assert (project / SETTINGS).read_bytes() == before


def test_saying_no_at_the_end_writes_nothing(tmp_path):
    project = project_with_make(tmp_path)
    before = (project / SETTINGS).read_bytes()
    result = make(project, "configura", lines(["Giulia Rossi"] + [""] * 27 + ["n"]))
    assert result.returncode != 0
    assert "«Nome Cognome» -> «Giulia Rossi»" in result.stdout
    assert (project / SETTINGS).read_bytes() == before


def test_a_value_is_written_as_text_in_place(tmp_path):
    path = tmp_path / "titolare.yml"
    path.write_text('# top\nname: Nome Cognome  # who\nvat_number: ""\nempty:\nlist:\n  - a: x\n'
                    "tax:\n  regime: \"DA DEFINIRE\"\n", encoding="utf-8")
    doc = YamlText(path)
    doc.set(("name",), "Anna # D'Amico: sì")
    doc.set(("vat_number",), "01234567897")
    doc.set(("empty",), "no")
    doc.set(("list", 0, "a"), "y")
    doc.set(("tax", "regime"), "ordinario")
    assert doc.write()
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"name": "Anna # D'Amico: sì", "vat_number": "01234567897", "empty": "no",
                                    "list": [{"a": "y"}], "tax": {"regime": "ordinario"}}
    assert text == ('# top\nname: "Anna # D\'Amico: sì" # who\nvat_number: "01234567897"\nempty: "no"\n'
                    'list:\n  - a: y\ntax:\n  regime: "ordinario"\n')


def test_a_file_with_windows_line_endings_keeps_them(tmp_path):
    path = tmp_path / "titolare.yml"
    path.write_bytes(b"# i tuoi dati\r\nname: Nome Cognome\r\ncity: Citt\xc3\xa0\r\n")
    doc = YamlText(path)
    doc.set(("city",), "Bologna")
    doc.write()
    assert path.read_bytes() == b"# i tuoi dati\r\nname: Nome Cognome\r\ncity: Bologna\r\n"


def test_a_settings_file_that_cannot_be_read_is_named_and_left_alone(tmp_path):
    project = project_with_make(tmp_path)
    broken = (project / SETTINGS).read_text(encoding="utf-8").replace("city: Città", "city: [Città")
    (project / SETTINGS).write_text(broken, encoding="utf-8")
    result = make(project, "configura", "Giulia Rossi\n")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in out
    assert re.search(r"data/titolare\.yml, riga \d+: il file non si legge", out), out
    assert "Nome e cognome" not in out  # no question asked
    assert (project / SETTINGS).read_text(encoding="utf-8") == broken


def test_what_is_left_is_said_at_the_end(tmp_path):
    project = project_with_make(tmp_path)
    # Only her name; Enter keeps every other value (placeholders included).
    result = make(project, "configura", lines(["Giulia Rossi"] + [""] * 27 + ["s"]))
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Traceback" not in out
    assert "name: Giulia Rossi\n" in (project / SETTINGS).read_text(encoding="utf-8")
    assert "(Lasciato com'è: va cambiato prima di pubblicare.)" in out
    left = out.split("Restano da scrivere")[1].split("(make check)")[0]
    for question in ("Città da cui lavori", "La tua foto", "Indirizzo del sito", "Regime fiscale",
                     "Chi riceve i messaggi del modulo di contatto", "Check-up operativo — prezzo"):
        assert f"  - {question}" in left, question
    assert "  - Nome e cognome" not in left
    assert "  - Colore principale" not in left  # the shipped colours are fine
    check = out.split("(make check)")[1]
    assert "The site is not ready to publish" in check
    assert "campo city" in check and "campo name" not in check


def test_a_value_written_as_a_block_becomes_one_line_and_the_rest_stays(tmp_path):
    path = tmp_path / "services.yml"
    path.write_text("price: >-\n  da 900 €\n  al mese\n# next\nduration: |\n  due\n\nid: x\n", encoding="utf-8")
    doc = YamlText(path)
    doc.set(("price",), "1.200 €")
    doc.set(("duration",), "tre settimane")
    assert doc.write()
    assert path.read_text(encoding="utf-8") == 'price: "1.200 €"\n# next\nduration: "tre settimane"\n\nid: x\n'


def test_a_placeholder_in_another_data_file_is_asked_too(tmp_path):
    project = project_with_make(tmp_path)
    process = project / "data/process.yml"
    before = process.read_text(encoding="utf-8")
    shipped = "text: Una videochiamata per capire insieme la situazione."
    assert shipped in before
    process.write_text(before.replace(shipped, 'text: "DA DEFINIRE (la prima chiamata)"'), encoding="utf-8")
    result = make(project, "configura", lines([answer for _key, answer in ANSWERS]
                                              + ["DA DEFINIRE ancora", "Una chiamata di mezz'ora.", "s"]),
                  env=HOST_ENV)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "  data/process.yml, steps.1.text [DA DEFINIRE (la prima chiamata)]: " in out
    assert re.search(r"✗ campo steps\.1\.text .*segnaposto", out), out
    assert process.read_text(encoding="utf-8") == before.replace(shipped, 'text: "Una chiamata di mezz\'ora."')
    check = out.split("(make check)")[-1]
    assert "Before publishing" in check and "data/" not in check, check  # only the example case page is left


def test_an_iphone_photo_is_refused_by_its_format(tmp_path):
    from site_build.configura import run

    project = project_with_make(tmp_path)
    # A HEIC picture (an iPhone's default) saved under a .jpg name.
    (project / "docs/assets/images/iphone.jpg").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
    answers = iter(["", "", "", "", "assets/images/iphone.jpg", "assets/images/giulia.jpg"])
    said: list[str] = []

    def ask(prompt: str) -> str:
        """The next answer; after the last, the end of the input (Ctrl-D)."""
        said.append(prompt)
        answer = next(answers, None)
        if answer is None:
            raise EOFError
        return answer

    assert run(project, ask=ask, say=said.append, check=False) == 1
    text = "\n".join(said)
    assert re.search(r"✗ campo photo: docs/assets/images/iphone\.jpg è in formato HEIC", text), text
    assert sum(p.startswith("  La tua foto") for p in said) == 2
