"""`make configura` (`python -m site_build configura`): the owner's first
set-up, one question at a time, in Italian.

It asks for every value a production build refuses while it is a
placeholder (FIELDS: her identity, photo, partita IVA, the site's address,
her social profile, the contact form's provider, her tax regime, whom she
works with, and the prices and terms of data/services.yml), each with its
current value as the default: Enter keeps it. An answer is checked by the
same rules the build applies (site_build/settings.py's `validate_<field>`
and what a production build refuses); a refused answer is named by its
field and asked again. At the end the changes are shown, old -> new, and
written only once she confirms them; then `make check`'s answer says what
is left before publishing.

The files keep every comment, blank line, line ending and key order: only
the text of each changed value is replaced (`YamlText`), plain where YAML
reads it back as the same text, else double-quoted (a partita IVA such as
01234567897 stays text, `no` stays "no"). Each file is written
whole or not at all (a temporary file renamed over it): Ctrl-C or Ctrl-D
(end of input) at any question stops without writing anything. Nothing
here needs a network.
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml

from site_extensions.errors import ContentError

from . import settings

SETTINGS_FILE = "data/titolare.yml"
SERVICES_FILE = "data/services.yml"

# --- The rules: the build's own -----------------------------------------------
#
# One home for each rule: an answer is checked by the rule the build applies
# to that field (site_build/settings.py's `validate_<field>`), then by what a
# production build refuses there (`settings.production_problems`, on the
# settings with this one value changed: a placeholder, an example address, a
# network's home page, no contact provider). The services' values are
# checked by site_extensions/services.py's and site_build/production.py's rules.


def _candidate(base: settings.Settings, place: str, value: str, answers: dict) -> settings.Settings:
    """`base` with the value at `place` (dotted, as the settings name it)
    replaced by `value`."""
    section, _, key = place.partition(".")
    if section in settings.OWNER_KEYS:
        return replace(base, owner=replace(base.owner, **{section: value}))
    if section in ("site_url", "booking_link"):
        return replace(base, **{section: value})
    if section == "brand":
        return replace(base, brand=replace(base.brand, **{key: value}))
    if section == "social":
        network = answers.get("social.0.network") or (base.social[0].network if base.social else "")
        link = value if key.endswith("link") else (base.social[0].link if base.social else "")
        network = value if key.endswith("network") else network
        return replace(base, social=(settings.SocialLink(network, link), *base.social[1:]))
    if section == "contact_form":
        return replace(base, contact=replace(base.contact, **{key: value}))
    return replace(base, **{section: {**getattr(base, section), key: value}})


def _field_rule(place: str) -> Callable[..., str | None] | None:
    """The build's rule for the field at `place` (settings.py)."""
    name = {"brand.primary": "primary", "brand.accent": "accent", "social.0.network": "network",
            "social.0.link": "social_link"}.get(place, place.rpartition(".")[2])
    return getattr(settings, f"validate_{name}", None)


def settings_problem(root: Path, base: settings.Settings, place: str, value: str, answers: dict) -> str | None:
    """Why `value` cannot be the owner's setting at `place` in a production
    build (None: it can), in Italian, naming the field."""
    rule = _field_rule(place)
    if rule is None:  # a value the settings have no rule of their own for
        return data_problem(place, value, place)
    if place == "photo":
        problem = rule(value, root / base.docs_dir) or _photo_format(root / base.docs_dir, value)
    elif place == "social.0.link":
        problem = rule(value, answers.get("social.0.network") or (base.social[0].network if base.social else ""))
    elif place.startswith("contact_form.") and place != "contact_form.provider":
        problem = rule(value, answers.get("contact_form.provider", base.contact.provider))
    else:
        problem = rule(value)
    if problem:
        return problem
    if place == "social.0.network":
        return None  # a production build refuses the link, not the network
    label = "campo social, link:" if place == "social.0.link" else f"campo {place}:"
    for line in settings.production_problems(_candidate(base, place, value, answers)):
        if label in line:
            return line[line.index(label):]
    return None


def _photo_format(docs: Path, value: str) -> str | None:
    """The photo must be in a format browsers show (pictures.py's rule
    for every picture of docs/)."""
    from .pictures import refused_format

    path = docs / value.strip().lstrip("/")
    if not path.is_file():
        return None  # the settings' rule says so
    with path.open("rb") as f:
        kind = refused_format(path, f.read(16))
    if kind:
        return (f"campo photo: {docs.name}/{value.strip().lstrip('/')} è in formato {kind}, che i browser non "
                "mostrano: salvala come JPEG e scrivi il percorso del file .jpg")
    return None


def data_problem(place: str, value: str, label: str) -> str | None:
    """Why `value` cannot be published at `place` of a data file such as
    data/services.yml (`label`: the field as the owner knows it), or None."""
    from .production import MARKER, is_placeholder_text
    from site_extensions.services import REPLY_OPENING, TAX_WORDS

    field_name = f"campo {place} ({label})"
    if not value.strip():
        return f"{field_name}: è vuoto; scrivi il tuo dato"
    if is_placeholder_text(value):
        return f"{field_name}: è ancora un segnaposto ('{value}', con {MARKER}): scrivi il tuo dato"
    if place == "terms.reply_time" and not REPLY_OPENING.match(value):
        return (f"{field_name}: '{value}' deve completare la frase «ti rispondo …»: comincia con entro, in, "
                "nel/nella, di solito o lo stesso giorno (es. entro due giorni lavorativi)")
    if place.endswith(".price") and TAX_WORDS.search(value):
        return (f"{field_name}: '{value}' parla di IVA o INPS: scrivi solo l'importo; che cosa si aggiunge lo "
                "scrive il sito, dal tuo regime fiscale (tax in data/titolare.yml)")
    return None


# --- The questions --------------------------------------------------------------


@dataclass
class Field:
    """One question: the value at `key` (its dotted place, as the build's
    messages name it: `name`, `brand.primary`, `services.0.price`) of `file`."""

    key: str
    question: str  # in Italian
    file: str = SETTINGS_FILE
    hint: str = ""
    optional: bool = False  # "-" empties it
    choices: tuple[str, ...] = ()
    when: Callable[[dict], bool] | None = None  # asked only if true of the answers so far
    label: str = ""  # the field as the owner knows it (the services' values)

    @property
    def path(self) -> tuple:
        """The keys and indexes of the value in its file."""
        return tuple(int(part) if part.isdigit() else part for part in self.key.split("."))

    @property
    def env(self) -> str:
        """The environment variable that overrides the file's value, if any."""
        return settings.LINKEDIN_ENV if self.key == "social.0.link" else settings.ENV.get(self.key, "")


def _provider(answers: dict) -> str:
    """The contact provider answered so far."""
    return answers.get("contact_form.provider", "")


FIELDS = [
    Field("name", "Nome e cognome", hint="come compare in cima a ogni pagina"),
    Field("city", "Città da cui lavori"),
    Field("email", "Indirizzo e-mail a cui scriverti"),
    Field("vat_number", "Partita IVA", hint="11 cifre; il sito controlla la cifra finale"),
    Field("photo", "La tua foto (un file dentro docs/)",
          hint="quadrata, almeno 400×400 pixel; es. assets/images/foto.jpg (il file va in docs/assets/images/)"),
    Field("site_url", "Indirizzo del sito", hint="con https://, es. https://www.nomecognome.it/"),
    Field("booking_link", "Pagina per prenotare la prima chiamata (facoltativa)",
          hint="Calendly, Cal.com, Google Calendar…, con https://", optional=True),
    Field("brand.primary", "Colore principale",
          hint="#rrggbb, per intestazione, pulsanti e link: il testo bianco ci sta sopra"),
    Field("brand.accent", "Colore d'accento", hint="#rrggbb, per evidenziare"),
    Field("social.0.network", "Il tuo social principale", choices=tuple(settings.NETWORKS)),
    Field("social.0.link", "L'indirizzo del tuo profilo", hint="con https://, non la pagina iniziale del social"),
    Field("contact_form.provider", "Chi riceve i messaggi del modulo di contatto",
          hint="vedi README.md, «Connecting the contact form»", choices=tuple(settings.PROVIDERS)),
    Field("contact_form.endpoint", "L'indirizzo del modulo",
          hint="formspree: https://formspree.io/f/…; webhook: l'indirizzo https che riceve i messaggi",
          when=lambda a: _provider(a) in ("formspree", "webhook")),
    Field("contact_form.access_key", "La chiave di Web3Forms", hint="quella che Web3Forms ti ha mandato per e-mail",
          when=lambda a: _provider(a) == "web3forms"),
    Field("tax.regime", "Regime fiscale", hint="ordinario: prezzi «+ IVA»; forfettario: «senza IVA»",
          choices=settings.REGIMES),
    Field("tax.rivalsa_inps", "Aggiungi ai prezzi la rivalsa INPS del 4%?",
          hint="sì solo se sei iscritta alla gestione separata INPS e scegli di addebitarla", choices=("sì", "no")),
    Field("audience.team_size", "Quante persone lavorano con le tue clienti, di solito",
          hint="es. da 2 a 10 persone, collaboratori esterni compresi"),
    Field("audience.revenue", "Il fatturato annuo delle tue clienti, di solito",
          hint="es. da 100.000 a 1 milione di € l'anno"),
    Field("terms.first_call", "La prima chiamata", SERVICES_FILE, "es. 30 minuti, gratuita", label="prima chiamata"),
    Field("terms.reply_time", "Entro quando rispondi a un messaggio («ti rispondo …»)", SERVICES_FILE,
          "es. entro due giorni lavorativi", label="tempi di risposta"),
]

# The fields of each service in data/services.yml that only the owner can
# give, asked for every service that has them: the question, the label.
SERVICE_FIELDS = {
    "duration": ("quanto dura", "durata"),
    "price": ("prezzo, solo l'importo (es. 1.200 €, da 900 € al mese)", "prezzo"),
    "minimum_term": ("durata minima", "durata minima"),
    "notice_period": ("preavviso per concludere", "preavviso"),
}


def service_fields(services: YamlText | None) -> list[Field]:
    """The questions for each service's duration, price and terms."""
    found: list[Field] = []
    entries = services.get(("services",), raw=True) if services else None
    for n, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        name = str(entry.get("name") or entry.get("id") or f"servizio {n + 1}")
        for key, (what, label) in SERVICE_FIELDS.items():
            if key in entry:
                found.append(Field(f"services.{n}.{key}", f"{name} — {what}", SERVICES_FILE,
                                   label=f"{name}, {label}"))
    return found


def other_placeholders(files: dict[str, YamlText], known: list[Field]) -> list[Field]:
    """A question for every other value of the data files that a production
    build refuses as a placeholder (production.py: any value saying DA
    DEFINIRE or naming a `segnaposto` file), so that none is left unasked."""
    from .production import is_placeholder_text

    asked = {(f.file, f.key) for f in known}
    found = []
    for name, doc in files.items():
        for path, value in doc.scalars():
            key = ".".join(map(str, path))
            if (name, key) not in asked and is_placeholder_text(value):
                found.append(Field(key, f"{name}, {key}", name, hint="un valore da scrivere", label=key))
    return found


# --- The files: values replaced in the text -----------------------------------------


def _scalar(value: str, plain: bool) -> str:
    """`value` written as YAML text: as it is (`plain`, where the file had
    it so) when YAML reads it back as that same text, else in double
    quotes (`12345678903` would be a number, `no` false)."""
    if plain and value == value.strip() and "\n" not in value:
        try:
            if yaml.safe_load(f"key: {value}\n") == {"key": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


class YamlText:
    """A YAML file as text, whose scalar values can be replaced in place:
    the rest of the file (comments, blank lines, order, quoting of the
    other values) stays byte for byte."""

    def __init__(self, path: Path) -> None:
        """Read the file at `path` (a ContentError, in Italian, if it is
        not UTF-8 or not YAML)."""
        self.path = path
        shown = f"{path.parent.name}/{path.name}"
        try:
            with path.open(encoding="utf-8", newline="") as f:  # its line endings as they are
                self.original = f.read()
        except UnicodeDecodeError:
            raise ContentError(f"{shown}: il file non è salvato in UTF-8; salvalo di nuovo come UTF-8") from None
        self.text = self.original
        try:
            self.root = yaml.compose(self.text)
            self.data = yaml.safe_load(self.text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f", riga {mark.line + 1}" if mark else ""
            raise ContentError(f"{shown}{where}: il file non si legge (YAML non valido: "
                               f"{getattr(e, 'problem', None) or e}); controlla i rientri e le virgolette su "
                               "quella riga, poi rilancia make configura") from None
        self.changes: dict[tuple, str] = {}

    def _node(self, path: tuple) -> yaml.Node | None:
        """The node at `path` (keys and indexes), or None."""
        node = self.root
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, yaml.SequenceNode) or part >= len(node.value):
                    return None
                node = node.value[part]
            else:
                if not isinstance(node, yaml.MappingNode):
                    return None
                node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
                if node is None:
                    return None
        return node

    def scalars(self, node: yaml.Node | None = None, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
        """Every single value of the file, with its path, as written."""
        node = self.root if node is None else node
        if isinstance(node, yaml.ScalarNode) and path:
            yield path, self.written(path) or ""
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    yield from self.scalars(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for n, value in enumerate(node.value):
                yield from self.scalars(value, (*path, n))

    def has(self, path: tuple) -> bool:
        """Whether the file has a single value (not a list or a group) at `path`."""
        return isinstance(self._node(path), yaml.ScalarNode)

    def get(self, path: tuple, raw: bool = False):
        """The value at `path` as text, exactly as written (None if absent);
        `raw`: as YAML reads it (lists and groups too)."""
        if raw:
            value = self.data
            for part in path:
                try:
                    value = value[part]
                except (KeyError, IndexError, TypeError):
                    return None
            return value
        return self.changes[path] if path in self.changes else self.written(path)

    def written(self, path: tuple) -> str | None:
        """The value at `path` as the file has it now (no change made)."""
        node = self._node(path)
        if not isinstance(node, yaml.ScalarNode):
            return None
        return "" if node.tag == "tag:yaml.org,2002:null" else str(node.value)

    def set(self, path: tuple, value: str) -> None:
        """Replace the value at `path` (a single value the file has)."""
        self.changes[path] = value

    def render(self) -> str:
        """The file's text with every change made, checked by reading it
        back: each changed value reads as the text given, every other
        value as before."""
        edits = []
        for path, value in self.changes.items():
            node = self._node(path)
            start, end = node.start_mark.index, node.end_mark.index
            scalar = _scalar(value, plain=node.style is None and start != end)
            if start == end and self.text[start - 1:start] == ":":
                scalar = " " + scalar  # `key:` with nothing after it
            block = node.style in ("|", ">")
            if block:  # a block (`>-`, `|`) ends after its line break: keep that
                end = start + len(self.text[start:end].rstrip())
            # A comment after the value stays where it was, when it can.
            padding = None if block else re.match(r"[ \t]*(?=#)", self.text[end:])
            if padding:
                width = max(1, len(padding.group(0)) - (len(scalar) - (end - start)))
                end, scalar = end + len(padding.group(0)), scalar + " " * width
            edits.append((start, end, scalar))
        text = self.text
        for start, end, scalar in sorted(edits, reverse=True):
            text = text[:start] + scalar + text[end:]
        expected = copy.deepcopy(self.data)
        for path, value in self.changes.items():
            parent = expected
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = value
        try:
            same = yaml.safe_load(text) == expected
        except yaml.YAMLError:
            same = False
        if not same:  # a bug here must never reach the file
            raise ContentError(f"{self.path.name}: non riesco a scrivere i nuovi valori al loro posto; "
                               "non ho scritto niente (scrivili a mano nel file)")
        return text

    def write(self) -> bool:
        """Write the file whole, or not at all (a temporary file in the
        same folder, renamed over it); False if nothing changed."""
        text = self.render()
        if text == self.original:
            return False
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.chmod(tmp, self.path.stat().st_mode & 0o777)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return True


# --- The conversation --------------------------------------------------------------


class Stop(Exception):
    """The owner stopped (Ctrl-C, or the end of the input)."""


@dataclass
class Session:
    """One set-up: the project, how to ask and tell, the files it changes."""

    root: Path
    ask: Callable[[str], str] = input
    say: Callable[[str], None] = print
    files: dict[str, YamlText] = field(default_factory=dict)

    def read(self, prompt: str) -> str:
        """One answer, without spaces around it."""
        try:
            return self.ask(prompt).strip()
        except (EOFError, KeyboardInterrupt):
            raise Stop from None

    @cached_property
    def base(self) -> settings.Settings:
        """The owner's settings as the file holds them (no environment
        variable), which each answer changes one value of to be checked."""
        return settings.load(self.root, {}, env={})

    def current(self, f: Field) -> str | None:
        """The field's value in its file now (None: the file lacks it)."""
        doc = self.files.get(f.file)
        return doc.get(f.path) if doc and doc.has(f.path) else None

    def validate(self, f: Field, value: str, answers: dict) -> str | None:
        """Why `value` cannot be published as the field's value (in Italian,
        naming the field), or None: the build's rules (see above)."""
        if f.file == SETTINGS_FILE:
            return settings_problem(self.root, self.base, f.key, value, answers)
        return data_problem(f.key, value, f.label)

    def question(self, f: Field, answers: dict) -> None:
        """Ask one field until its answer is accepted (or kept)."""
        current = self.current(f)
        if current is None:
            self.say(f"\n{f.question}: {f.file} non ha il campo {f.key}; aggiungilo a mano come nell'esempio "
                     "del file, poi rilancia make configura.")
            return
        self.say("")
        self.say(f"{f.question}" + (f" — {f.hint}" if f.hint else ""))
        if f.choices:
            self.say(f"  Scegli tra: {', '.join(f.choices)}")
        if f.optional:
            self.say("  Scrivi - per lasciarlo vuoto.")
        if f.env and os.environ.get(f.env):
            self.say(f"  Nota: la variabile {f.env} è impostata e vale più del file.")
        refused = self.validate(f, current, answers) is not None
        shown = f" [{current}]" if current else ""
        while True:
            answer = self.read(f"  {f.question}{shown}: ")
            if not answer:
                answer = current
                if refused and not f.optional:
                    self.say("  (Lasciato com'è: va cambiato prima di pubblicare.)")
                break
            if f.optional and answer == "-":
                answer = ""
                break
            if f.choices and answer.lower() in (*f.choices, "si", "sí"):
                answer = "sì" if answer.lower() in ("si", "sí") else answer.lower()
            problem = self.validate(f, answer, answers)
            if problem is None:
                break
            self.say(f"  ✗ {problem}. Riprova (Invio per lasciare il valore com'è).")
        answers[f.key] = answer
        if answer != current:
            self.files[f.file].set(f.path, answer)

    def changes(self) -> Iterator[str]:
        """Every change, old -> new, by file."""
        for name, doc in self.files.items():
            for path, value in doc.changes.items():
                yield f"  {name}, {'.'.join(map(str, path))}: «{doc.written(path)}» -> «{value}»"


INTRO = """Configurazione del sito: i tuoi dati, una domanda alla volta.

Tra parentesi quadre c'è il valore di adesso: premi Invio per tenerlo,
oppure scrivi quello nuovo. Ogni risposta è controllata come la controlla
la pubblicazione; se non va, lo dico e te la richiedo. Alla fine ti mostro
che cosa cambia e scrivo i file solo se confermi.
Ctrl-C (o Ctrl-D) ferma tutto senza scrivere niente."""


def run(root: Path, ask: Callable[[str], str] = input, say: Callable[[str], None] = print,
        check: bool = True) -> int:
    """The set-up, in the project at `root`: 0 once the answers are
    written (or nothing changed), 1 when stopped or refused."""
    session = Session(root, ask, say)
    if not (root / SETTINGS_FILE).is_file():
        say(f"{SETTINGS_FILE} non c'è: rimettilo al suo posto (git checkout {SETTINGS_FILE}), poi rilancia "
            "make configura")
        return 1
    # The settings, the services, and any other data file with a placeholder.
    from .production import is_placeholder_text

    others = sorted(p.relative_to(root).as_posix() for p in (root / "data").glob("*.y*ml")
                    if is_placeholder_text(p.read_text(encoding="utf-8", errors="replace")))
    try:
        for name in dict.fromkeys([SETTINGS_FILE, SERVICES_FILE, *others]):
            if (root / name).is_file():
                session.files[name] = YamlText(root / name)
        session.base  # noqa: B018 - read once, before the first question
    except ContentError as e:
        say(str(e))
        return 1
    say(INTRO)
    answers: dict[str, str] = {}
    fields = FIELDS + service_fields(session.files.get(SERVICES_FILE))
    fields += other_placeholders(session.files, fields)
    try:
        for f in fields:
            if f.when is None or f.when(answers):
                session.question(f, answers)
        changed = list(session.changes())
        if changed:
            say("\nEcco che cosa cambia:")
            for line in changed:
                say(line)
            while True:
                confirm = session.read("Scrivo queste modifiche? [S/n]: ").lower()
                if confirm in ("", "s", "si", "sì", "y", "yes", "n", "no"):
                    break
            if confirm in ("n", "no"):
                say("Non ho scritto niente: i file sono come prima.")
                return 1
    except Stop:
        say("\nInterrotto: non ho scritto niente, i file sono come prima.")
        return 1
    try:
        written = [name for name, doc in session.files.items() if doc.write()]
    except (OSError, ContentError) as e:
        say(f"Non ho potuto scrivere i file: {e}")
        return 1
    say(f"\nScritto: {', '.join(written)}." if written else "\nNessun valore cambiato: i file sono come prima.")
    return summary(root, fields, session, say, check)


def summary(root: Path, fields: list[Field], session: Session, say: Callable[[str], None], check: bool) -> int:
    """What is left: the fields whose value the rules still refuse, then
    `make check`'s answer (the content checks and a strict build)."""
    values = {f.key: session.current(f) or "" for f in fields}
    left = []
    for f in fields:
        value = session.current(f)
        if value is None or (f.when is not None and not f.when(values)):
            continue
        if session.validate(f, value, values) is not None:
            left.append(f.question)
    if left:
        say("\nRestano da scrivere (di nuovo make configura, oppure a mano nei file):")
        for question in left:
            say(f"  - {question}")
    if not check:
        return 0
    from . import readiness

    say("\nControllo il sito come lo controlla la pubblicazione (make check)…")
    try:
        answer = readiness.answer(root / "mkdocs.yml", os.environ.get("GENERATOR") or "mkdocs")
    except ContentError as e:
        say(f"ERROR    -  {e}")
        return 1
    if answer.ready:
        say("Tutto a posto: make production pubblicherebbe il sito così com'è.")
        return 0
    count = len(answer.problems) + len(answer.built) + len(answer.publishing)
    say(f"Resta{'no' if count > 1 else ''} {count} cos{'e' if count > 1 else 'a'} da sistemare prima di "
        "pubblicare (GUIDA-AUTRICE.md, sezione 8, dice che cosa fare per ognuna):")
    say(answer.text())
    return 0


def main(root: str | os.PathLike = ".", check: bool = True) -> int:
    """`python -m site_build configura`: the set-up, then the check."""
    if sys.stdin.isatty():
        try:
            import readline  # noqa: F401 - arrows and editing at the prompt
        except ImportError:
            pass
    try:
        return run(Path(root).resolve(), check=check)
    except KeyboardInterrupt:
        print("\nInterrotto.", file=sys.stderr)
        return 1
