"""`make configura` (`python -m site_build configura`): the owner's first
set-up, one question at a time, in Italian.

It asks for every value a production build refuses while it is a
placeholder (FIELDS: her identity, photo, partita IVA, the site's address,
her social profile, the contact form's provider, her tax regime, whom she
works with, and the prices and terms of data/services.yml), each with its
current value as the default: Enter keeps it. An answer is checked by the
same rules the build applies (`Rules`); a refused answer is named by its
field and asked again. At the end the changes are shown, old -> new, and
written only once she confirms them; then `make check`'s answer says what
is left before publishing.

The files keep every comment, blank line and key order: only the text of
each changed value is replaced (`YamlText`), as a double-quoted YAML
string (a partita IVA such as 01234567897 stays text). Each file is written
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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from site_extensions.errors import ContentError

SETTINGS_FILE = "data/titolare.yml"
SERVICES_FILE = "data/services.yml"

# A place in a YAML file: (file relative to the project, keys and indexes).
Place = tuple[str, tuple]


# --- The rules: the build's own -----------------------------------------------
#
# One home for each rule: every check below calls the function or constant
# the build itself uses (identity.py, brand.py, pictures.py, contact.py,
# production.py, services.py); only the message, in Italian and naming the
# field, is written here. When site_build/settings.py (the build's reading
# of data/titolare.yml) provides `validate_<field>(value) -> str | None`,
# `rules()` returns that module instead.


class Rules:
    """The checks of each field, `validate_<field>(value) -> str | None`
    (None: accepted; else why not, in Italian, naming the field)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def _placeholder(label: str, value: str) -> str | None:
        """Refuse a value a production build takes for a placeholder."""
        from site_extensions.production import MARKER, _is_placeholder_text

        if _is_placeholder_text(value):
            return (f"{label}: «{value}» è ancora un segnaposto (contiene {MARKER} o «segnaposto»): "
                    "scrivi il valore vero")
        return None

    def _text(self, label: str, value: str, shipped: str = "") -> str | None:
        """A text that must be given and must not be the shipped example."""
        if not value.strip():
            return f"{label}: serve un valore"
        if shipped and value.strip() == shipped:
            return f"{label}: «{value}» è l'esempio che il sito contiene: scrivi il tuo"
        return self._placeholder(label, value)

    def validate_name(self, value: str) -> str | None:
        from site_extensions.production import SHIPPED

        return self._text("Nome e cognome (name)", value, SHIPPED["name"][0])

    def validate_city(self, value: str) -> str | None:
        from site_extensions.production import SHIPPED

        return self._text("Città (city)", value, SHIPPED["city"][0])

    def validate_email(self, value: str) -> str | None:
        from site_extensions.production import PLACEHOLDER_HOSTS

        from .identity import EMAIL

        label = "E-mail (email)"
        if not EMAIL.fullmatch(value):
            return f"{label}: «{value}» non è un indirizzo e-mail (es. nome@tuodominio.it)"
        if PLACEHOLDER_HOSTS.search(value.rpartition("@")[2].lower()):
            return f"{label}: «{value}» è un indirizzo d'esempio: scrivi il tuo"
        return None

    def validate_vat_number(self, value: str) -> str | None:
        from .identity import vat_number_valid

        if not vat_number_valid(value):
            return (f"Partita IVA (vat_number): «{value}» non è una partita IVA valida: servono 11 cifre "
                    "(IT davanti è facoltativo) e l'ultima è una cifra di controllo; copiala da un "
                    "documento fiscale")
        return None

    def validate_photo(self, value: str) -> str | None:
        from PIL import Image

        from .identity import photo_path_valid
        from .pictures import OWNER_PHOTO_MIN, PICTURES, REFUSED, refused_format, upright_size

        label = "Foto (photo)"
        if placeholder := self._placeholder(label, value):
            return placeholder
        if urlsplit(value).scheme or not photo_path_valid(value):
            return (f"{label}: «{value}» non è il percorso di un file dentro docs/ fatto di lettere, cifre, "
                    "- _ . e / (es. assets/images/foto.jpg): rinomina il file senza spazi né altri segni")
        path = self.root / "docs" / value.lstrip("/")
        if not path.is_file():
            return (f"{label}: il file docs/{value.lstrip('/')} non esiste: copia la foto nella cartella "
                    "docs/assets/images/ e scrivi qui il suo percorso (es. assets/images/foto.jpg)")
        with path.open("rb") as f:
            kind = refused_format(path, f.read(16))
        if kind:
            return (f"{label}: docs/{value.lstrip('/')} è in formato {kind}, che i browser non mostrano: "
                    "salvala come JPEG e scrivi il percorso del file .jpg")
        if path.suffix.lower() not in PICTURES | set(REFUSED) and path.suffix.lower() != ".svg":
            return f"{label}: docs/{value.lstrip('/')} non è un'immagine (JPEG, PNG, WebP o SVG)"
        if path.suffix.lower() == ".svg":
            return None  # a drawing scales to any size
        try:
            with Image.open(path) as image:
                width, height = upright_size(image)
        except Exception:  # noqa: BLE001 - any reason it cannot be read is said the same way
            return (f"{label}: docs/{value.lstrip('/')} non si legge come immagine: aprila con un programma "
                    "di grafica e salvala di nuovo come JPEG")
        if width != height or width < OWNER_PHOTO_MIN:
            return (f"{label}: docs/{value.lstrip('/')} è di {width}×{height} pixel; serve una foto quadrata "
                    f"di almeno {OWNER_PHOTO_MIN}×{OWNER_PHOTO_MIN}: ritagliala a quadrato e salvala di nuovo")
        return None

    @staticmethod
    def _https(label: str, value: str, hosts: tuple[str, ...] = ()) -> str | None:
        """An absolute https address (on one of `hosts`, when given)."""
        from .identity import link_problem

        problem = link_problem(value, label, "", hosts)
        if problem is None:
            return None
        if "is not an absolute https address" in problem:
            example = f"https://www.{hosts[0]}/..." if hosts else "https://www.tuodominio.it/"
            return f"{label}: «{value}» non è un indirizzo completo con https:// (es. {example})"
        return f"{label}: «{value}» non è un indirizzo di {' o '.join(hosts)}: scrivi l'indirizzo del tuo profilo lì"

    def validate_site_url(self, value: str) -> str | None:
        from site_extensions.production import PLACEHOLDER_HOSTS

        label = "Indirizzo del sito (site_url)"
        if problem := self._https(label, value):
            return problem
        if PLACEHOLDER_HOSTS.search(urlsplit(value).hostname or ""):
            return f"{label}: «{value}» è l'indirizzo d'esempio: scrivi quello del tuo sito"
        return None

    def validate_booking_link(self, value: str) -> str | None:
        return self._https("Pagina per prenotare (booking_link)", value) if value.strip() else None

    def validate_brand_primary(self, value: str) -> str | None:
        return self._colour("Colore principale (brand.primary)", value)

    def validate_brand_accent(self, value: str) -> str | None:
        return self._colour("Colore d'accento (brand.accent)", value)

    @staticmethod
    def _colour(label: str, value: str) -> str | None:
        from .brand import AA, HEX, WHITE, contrast

        if not HEX.match(value):
            return f"{label}: «{value}» non è un colore scritto come #rrggbb (es. #1f5561)"
        ratio = contrast(value.lower(), WHITE)
        if ratio < AA:
            return (f"{label}: {value} è troppo chiaro per il testo bianco (contrasto {ratio:.1f}:1 con il "
                    f"bianco, ne serve almeno {AA}:1): scegli un colore più scuro")
        return None

    def validate_social_network(self, value: str) -> str | None:
        if value not in SOCIAL_NETWORKS:
            return f"Social (social.network): «{value}» non è tra {', '.join(SOCIAL_NETWORKS)}"
        return None

    def validate_social_link(self, value: str, network: str = "") -> str | None:
        from .identity import NETWORKS

        label = "Il tuo profilo (social.link)"
        if problem := self._https(label, value, NETWORKS.get(network, ())):
            return problem
        if not urlsplit(value).path.strip("/"):
            return f"{label}: «{value}» è la pagina iniziale del social: scrivi l'indirizzo del tuo profilo"
        return None

    def validate_contact_provider(self, value: str) -> str | None:
        from .contact import PROVIDERS

        if value not in PROVIDERS:
            return f"Modulo di contatto (contact_form.provider): «{value}» non è tra {', '.join(PROVIDERS)}"
        return None

    def validate_contact_endpoint(self, value: str) -> str | None:
        label = "Indirizzo del modulo (contact_form.endpoint)"
        parts = urlsplit(value)
        if problem := self._https(label, value):
            return problem
        if parts.username is not None or parts.password is not None:
            return f"{label}: l'indirizzo non può contenere un nome utente o una password prima di @"
        return None

    def validate_contact_access_key(self, value: str) -> str | None:
        return self._text("Chiave di Web3Forms (contact_form.access_key)", value)

    def validate_tax_regime(self, value: str) -> str | None:
        from site_extensions.services import REGIMES

        if value.strip().lower() not in REGIMES:
            return f"Regime fiscale (tax.regime): «{value}» non è ordinario né forfettario"
        return None

    def validate_tax_rivalsa_inps(self, value: str) -> str | None:
        from site_extensions.services import NO, YES

        if value.strip().lower() not in YES + NO:
            return f"Rivalsa INPS (tax.rivalsa_inps): «{value}» non è sì né no"
        return None

    def validate_audience_team_size(self, value: str) -> str | None:
        return self._text("Persone nel gruppo di lavoro (audience.team_size)", value)

    def validate_audience_revenue(self, value: str) -> str | None:
        return self._text("Fatturato annuo (audience.revenue)", value)

    def validate_terms_first_call(self, value: str) -> str | None:
        return self._text("Prima chiamata (terms.first_call)", value)

    def validate_terms_reply_time(self, value: str) -> str | None:
        from site_extensions.services import REPLY_OPENING

        label = "Tempi di risposta (terms.reply_time)"
        if problem := self._text(label, value):
            return problem
        if not REPLY_OPENING.match(value):
            return (f"{label}: «{value}» deve completare la frase «ti rispondo …»: comincia con entro, in, "
                    "nel/nella, di solito o lo stesso giorno (es. entro due giorni lavorativi)")
        return None

    def validate_service_text(self, value: str, label: str = "") -> str | None:
        return self._text(label, value)

    def validate_service_price(self, value: str, label: str = "") -> str | None:
        from site_extensions.services import TAX_WORDS

        if problem := self._text(label, value):
            return problem
        if TAX_WORDS.search(value):
            return (f"{label}: «{value}» parla di IVA o INPS: scrivi solo l'importo; che cosa si aggiunge lo "
                    "scrive il sito, dal tuo regime fiscale")
        return None


def rules(root: Path) -> Rules:
    """The checks of each field (see `Rules`)."""
    return Rules(root)


# The networks data/titolare.yml offers (its comment on `social`).
SOCIAL_NETWORKS = ("linkedin", "instagram", "facebook", "youtube", "x-twitter", "tiktok", "threads", "bluesky",
                   "mastodon", "pinterest", "github", "whatsapp", "telegram")


# --- The questions --------------------------------------------------------------


@dataclass
class Field:
    """One question: the value at `places` (asked once, written to each
    place the files have; the first one gives the current value)."""

    key: str  # the rule's name: Rules.validate_<key>
    question: str  # in Italian
    places: list[Place]
    hint: str = ""
    env: str = ""  # the environment variable that overrides the file
    optional: bool = False  # "-" empties it
    choices: tuple[str, ...] = ()
    when: Callable[[dict], bool] | None = None  # asked only if true of the answers so far
    label: str = ""  # passed to the rule (the services' fields)


def _titolare(*path) -> list[Place]:
    return [(SETTINGS_FILE, path)]


def _both(*path) -> list[Place]:
    """A value data/titolare.yml holds and, until the build reads it from
    there, data/services.yml too: written to each file that has it."""
    return [(SETTINGS_FILE, path), (SERVICES_FILE, path)]


def _provider(answers: dict) -> str:
    return answers.get("contact_provider", "")


FIELDS = [
    Field("name", "Nome e cognome", _titolare("name"), "come compare in cima a ogni pagina", "OWNER_NAME"),
    Field("city", "Città da cui lavori", _titolare("city"), env="OWNER_CITY"),
    Field("email", "Indirizzo e-mail a cui scriverti", _titolare("email"), env="OWNER_EMAIL"),
    Field("vat_number", "Partita IVA", _titolare("vat_number"), "11 cifre; il sito controlla la cifra finale",
          "OWNER_VAT_NUMBER"),
    Field("photo", "La tua foto (un file dentro docs/)", _titolare("photo"),
          "quadrata, almeno 400×400 pixel; es. assets/images/foto.jpg (il file va in docs/assets/images/)",
          "OWNER_PHOTO"),
    Field("site_url", "Indirizzo del sito", _titolare("site_url"), "con https://, es. https://www.nomecognome.it/",
          "SITE_URL"),
    Field("booking_link", "Pagina per prenotare la prima chiamata (facoltativa)", _titolare("booking_link"),
          "Calendly, Cal.com, Google Calendar…, con https://", "OWNER_BOOKING_LINK", optional=True),
    Field("brand_primary", "Colore principale", _titolare("brand", "primary"),
          "#rrggbb, per intestazione, pulsanti e link: il testo bianco ci sta sopra"),
    Field("brand_accent", "Colore d'accento", _titolare("brand", "accent"), "#rrggbb, per evidenziare"),
    Field("social_network", "Il tuo social principale", _titolare("social", 0, "network"),
          choices=SOCIAL_NETWORKS),
    Field("social_link", "L'indirizzo del tuo profilo", _titolare("social", 0, "link"),
          "con https://, non la pagina iniziale del social", "OWNER_LINKEDIN"),
    Field("contact_provider", "Chi riceve i messaggi del modulo di contatto", _titolare("contact_form", "provider"),
          "vedi README.md, «Connecting the contact form»", "CONTACT_PROVIDER",
          choices=("formspree", "netlify", "web3forms", "webhook")),
    Field("contact_endpoint", "L'indirizzo del modulo", _titolare("contact_form", "endpoint"),
          "formspree: https://formspree.io/f/…; webhook: l'indirizzo https che riceve i messaggi",
          "CONTACT_ENDPOINT", when=lambda a: _provider(a) in ("formspree", "webhook")),
    Field("contact_access_key", "La chiave di Web3Forms", _titolare("contact_form", "access_key"),
          "quella che Web3Forms ti ha mandato per e-mail", "CONTACT_ACCESS_KEY",
          when=lambda a: _provider(a) == "web3forms"),
    Field("tax_regime", "Regime fiscale", _both("tax", "regime"),
          "ordinario: prezzi «+ IVA»; forfettario: «senza IVA»", choices=("ordinario", "forfettario")),
    Field("tax_rivalsa_inps", "Aggiungi ai prezzi la rivalsa INPS del 4%?", _both("tax", "rivalsa_inps"),
          "sì solo se sei iscritta alla gestione separata INPS e scegli di addebitarla", choices=("sì", "no")),
    Field("audience_team_size", "Quante persone lavorano con le tue clienti, di solito", _both("audience", "team_size"),
          "es. da 2 a 10 persone, collaboratori esterni compresi"),
    Field("audience_revenue", "Il fatturato annuo delle tue clienti, di solito", _both("audience", "revenue"),
          "es. da 100.000 a 1 milione di € l'anno"),
    Field("terms_first_call", "La prima chiamata", _both("terms", "first_call"), "es. 30 minuti, gratuita"),
    Field("terms_reply_time", "Entro quando rispondi a un messaggio («ti rispondo …»)", _both("terms", "reply_time"),
          "es. entro due giorni lavorativi"),
]

# The fields of each service in data/services.yml that only the owner can
# give, asked for every service that has them.
SERVICE_FIELDS = {
    "duration": ("quanto dura", "service_text"),
    "price": ("prezzo, solo l'importo (es. 1.200 €, da 900 € al mese)", "service_price"),
    "minimum_term": ("durata minima", "service_text"),
    "notice_period": ("preavviso per concludere", "service_text"),
}


def service_fields(services: YamlText | None) -> list[Field]:
    """The questions for each service's duration, price and terms."""
    found: list[Field] = []
    entries = services.get(("services",), raw=True) if services else None
    if not isinstance(entries, list):
        return found
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        name = str(entry.get("name") or entry.get("id") or f"servizio {n + 1}")
        for key, (what, rule) in SERVICE_FIELDS.items():
            if key in entry:
                label = f"{name}: {what.split(',')[0].split(' (')[0]} (services.{n + 1}.{key})"
                found.append(Field(rule, f"{name} — {what}", [(SERVICES_FILE, ("services", n, key))],
                                   label=label))
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
        self.path = path
        self.original = path.read_text(encoding="utf-8")
        self.text = self.original
        try:
            self.root = yaml.compose(self.text)
            self.data = yaml.safe_load(self.text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f", line {mark.line + 1}" if mark else ""
            raise ContentError(f"{path.name}{where}: the file cannot be read as YAML ({getattr(e, 'problem', e)}): "
                               "correct it (make check says more), then run make configura again") from None
        self.changes: dict[tuple, str] = {}

    def _node(self, path: tuple) -> yaml.Node | None:
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
            # A comment after the value stays where it was, when it can.
            padding = re.match(r"[ \t]*(?=#)", self.text[end:])
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
        if yaml.safe_load(text) != expected:  # a bug here must never reach the file
            raise ContentError(f"{self.path.name}: the new values could not be written in place; "
                               "nothing was written (write them by hand)")
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

    def current(self, f: Field) -> tuple[str | None, list[Place]]:
        """The field's current value and the places the files have."""
        places = [(name, path) for name, path in f.places if name in self.files and self.files[name].has(path)]
        value = self.files[places[0][0]].get(places[0][1]) if places else None
        return value, places

    def validate(self, f: Field, value: str, answers: dict) -> str | None:
        """The field's rule on `value` (None: accepted)."""
        rule = getattr(rules(self.root), f"validate_{f.key}")
        if f.key == "social_link":
            return rule(value, answers.get("social_network", ""))
        if f.label:
            return rule(value, f.label)
        return rule(value)

    def question(self, f: Field, answers: dict) -> None:
        """Ask one field until its answer is accepted (or kept)."""
        current, places = self.current(f)
        if not places:
            where = " o ".join(f"{name} ({'.'.join(map(str, path))})" for name, path in f.places)
            self.say(f"\n{f.question}: manca nel file {where}; aggiungilo a mano come nell'esempio del file.")
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
            if f.choices:
                answer = answer.lower()
                answer = "sì" if answer in ("si", "sí") and "sì" in f.choices else answer
            problem = self.validate(f, answer, answers)
            if problem is None:
                break
            self.say(f"  ✗ {problem}. Riprova (Invio per lasciare il valore com'è).")
        answers[f.key] = answer
        if answer != current:
            for name, path in places:
                self.files[name].set(path, answer)

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
    try:
        for name in (SETTINGS_FILE, SERVICES_FILE):
            if (root / name).is_file():
                session.files[name] = YamlText(root / name)
    except ContentError as e:
        say(f"ERROR    -  {e}")
        return 1
    if SETTINGS_FILE not in session.files:
        say(f"ERROR    -  {SETTINGS_FILE} is missing: restore it from the repository (git checkout {SETTINGS_FILE})")
        return 1
    say(INTRO)
    answers: dict[str, str] = {}
    fields = FIELDS + service_fields(session.files.get(SERVICES_FILE))
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
        say(f"ERROR    -  {e}")
        return 1
    say(f"\nScritto: {', '.join(written)}." if written else "\nNessun valore cambiato: i file sono come prima.")
    return summary(root, fields, session, say, check)


def summary(root: Path, fields: list[Field], session: Session, say: Callable[[str], None], check: bool) -> int:
    """What is left: the fields whose value the rules still refuse, then
    `make check`'s answer (the content checks and a strict build)."""
    values = {f.key: session.current(f)[0] or "" for f in fields}
    left = []
    for f in fields:
        value, places = session.current(f)
        if not places or (f.when is not None and not f.when(values)):
            continue
        if session.validate(f, value or "", values) is not None:
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
    try:
        return run(Path(root).resolve(), check=check)
    except KeyboardInterrupt:
        print("\nInterrotto.", file=sys.stderr)
        return 1
