"""The services offered, as fixed formats: data and HTML.

The data lives in one YAML file (``data/services.yml``), one entry per
service: name, one line, what it is for, deliverables, duration, what the
client provides, how it is priced, the price, and for recurring work the
minimum term and the notice period. Pages show it with

    <!-- md:servizi -->                  every service in full (the services page)
    <!-- md:servizi forma=schede -->     compact cards linking to the full form
    <!-- md:servizio ID prezzo -->       one field inline (nome, prezzo, durata,
                                         durata-minima, preavviso)
    <!-- md:condizioni prima-chiamata --> a working term inline (also tempi-di-risposta)
    <!-- md:clienti -->                 whom the owner works with (team, revenue)

Every price carries what the owner's tax setting (``tax`` in her settings
file, ``data/titolare.yml``, beside this one: her
regime, ordinario or forfettario, and whether she charges the 4% INPS
rivalsa) says about IVA and INPS: a short mark after the price
(``Tax.mark``) and, under a list of prices, the note with its law
(``Tax.note``). No price states it by hand (``price`` refuses "IVA").

Every problem in the file raises ``ServiceDataError`` naming the file and,
where known, the line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html import escape
from typing import Callable, NoReturn

from .datafile import YamlFile, cached, read_yaml, typographic
from .errors import ContentError

SERVICES_MIN, SERVICES_MAX = 3, 5
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The page that holds the full form: the cards link to its anchors.
SERVICES_PAGE = "servizi.md"


# Raises ServiceDataError naming the file and the line of its first argument.
Fail = Callable[[object, str], NoReturn]


class ServiceDataError(ContentError):
    """The services data file is missing, malformed or incomplete."""


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    summary: str
    purpose: str
    deliverables: tuple[str, ...]
    duration: str
    client_provides: tuple[str, ...]
    pricing: str
    price: str
    minimum_term: str
    notice_period: str


TEXT_FIELDS = ("name", "summary", "purpose", "duration", "pricing", "price")
LIST_FIELDS = ("deliverables", "client_provides")
OPTIONAL_FIELDS = ("minimum_term", "notice_period")

# Working terms that hold for every service: shortcode word -> key in `terms`
TERMS = {"prima-chiamata": "first_call", "tempi-di-risposta": "reply_time"}
# Whom the owner works with: key in `audience` -> its label on the page.
AUDIENCE = {"team_size": "Persone nel gruppo di lavoro", "revenue": "Fatturato annuo"}
TOP_KEYS = ("terms", "services")
# The owner's settings file, beside the services file: her tax regime and
# whom she works with (`tax`, `audience`) are hers to set there.
SETTINGS_FILE = "titolare.yml"

# A value only the owner can give, not given yet (site_build/production.py
# refuses it in a production build; a preview shows it as written).
PLACEHOLDER = "DA DEFINIRE"

# The reply time completes "ti rispondo …" in every page that shows it
# (contatti, come-lavoriamo, faq): it opens with one of these words.
REPLY_OPENINGS = ("entro", "in", "nel", "nello", "nella", "nei", "negli", "nelle", "di solito",
                  "di norma", "al più tardi", "lo stesso giorno", "il giorno", "subito", "sempre")
REPLY_OPENING = re.compile(r"(?:" + "|".join(re.escape(w) for w in REPLY_OPENINGS) + r")\b", re.I)

# The tax wording, exactly as the law names it.
FORFETTARIO_LAW = "art. 1, commi 54-89, L. 190/2014"
RIVALSA_LAW = "art. 1, comma 212, L. 662/1996"
REGIMES = ("ordinario", "forfettario")
YES, NO = ("sì", "si", "true", "yes"), ("no", "false")
# Words that say a price's tax treatment: only `tax` may say them.
TAX_WORDS = re.compile(r"\b(?:iva|inps|rivalsa)\b", re.I)


@dataclass(frozen=True)
class Tax:
    """The owner's tax setting: her regime ("ordinario", "forfettario", or
    "" while a placeholder) and whether she charges the INPS rivalsa
    (None while a placeholder)."""

    regime: str
    rivalsa_inps: bool | None

    @property
    def given(self) -> bool:
        """Whether both values are given."""
        return bool(self.regime) and self.rivalsa_inps is not None

    def mark(self) -> str:
        """What follows every price: "+ IVA", "senza IVA" (regime
        forfettario), with "+ rivalsa INPS 4%" when she charges it."""
        if not self.given:
            return f"(IVA e rivalsa INPS: {PLACEHOLDER})"
        rivalsa = "+ rivalsa INPS 4%" if self.rivalsa_inps else ""
        if self.regime == "ordinario":
            return f"{rivalsa} + IVA".strip()
        return f"{rivalsa}, senza IVA" if rivalsa else "senza IVA"

    def note(self) -> str:
        """The note under a list of prices: what the mark means, with the
        law that says so."""
        if not self.given:
            return f"IVA e rivalsa INPS: {PLACEHOLDER} (il tuo regime fiscale)."
        rivalsa = f"la rivalsa INPS del 4% ({RIVALSA_LAW})"
        if self.regime == "ordinario":
            return (f"Ai prezzi si aggiungono in fattura {rivalsa} e l’IVA." if self.rivalsa_inps
                    else "Ai prezzi si aggiunge in fattura l’IVA.")
        law = f"Regime forfettario: operazione senza applicazione dell’IVA ai sensi dell’{FORFETTARIO_LAW}."
        return f"Ai prezzi si aggiunge in fattura {rivalsa}. {law}" if self.rivalsa_inps else law


@dataclass(frozen=True)
class ServiceData:
    services: tuple[Service, ...]
    terms: dict[str, str]
    tax: Tax
    audience: dict[str, str]


_cache: dict[tuple, ServiceData] = {}


def load_services(path: str, settings_file: str | None = None) -> ServiceData:
    """Read and check the services file, with the tax regime and the
    audience of the owner's settings file (`settings_file`, by default
    titolare.yml beside it); cached until either file changes."""
    settings_file = settings_file or os.path.join(os.path.dirname(path), SETTINGS_FILE)
    try:
        settings_stat = os.stat(settings_file)
        settings_key = (settings_stat.st_mtime_ns, settings_stat.st_size)
    except OSError:
        settings_key = None
    return cached(path, lambda: _parse(path, settings_file), ServiceDataError, "services file", _cache,
                  settings_file, settings_key)


def _parse(path: str, settings_file: str) -> ServiceData:
    doc = read_yaml(path, ServiceDataError)

    def fail(obj, message):
        raise ServiceDataError(f"{doc.at(obj)}: {message}")

    raw = doc.data
    if not isinstance(raw, dict) or set(raw) != set(TOP_KEYS):
        fail(raw, "expected two keys: 'terms' (first call, reply time) and 'services' (the list); "
                  f"the tax regime and the audience are in {SETTINGS_FILE}")
    tax, audience = owner_terms(settings_file)
    terms = _texts(doc, raw, "terms", tuple(TERMS.values()), fail)
    reply = terms["reply_time"]
    if PLACEHOLDER not in reply.upper() and not REPLY_OPENING.match(reply):
        fail(raw["terms"], f"terms: 'reply_time' ('{reply}') must complete the sentence \"ti rispondo …\": "
                           "start it with entro, in, nel/nella…, di solito or lo stesso giorno "
                           "(e.g. \"entro due giorni lavorativi\")")
    entries = raw["services"]
    if not isinstance(entries, list) or not SERVICES_MIN <= len(entries) <= SERVICES_MAX:
        fail(raw, f"'services' must list {SERVICES_MIN} to {SERVICES_MAX} services")
    services, seen = [], set()
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            fail(raw, f"service {n}: expected a mapping with 'id', 'name', 'price' and the rest")
        sid = entry.get("id")
        where = f"service {n}" + (f" ('{sid}')" if isinstance(sid, str) else "")
        if not isinstance(sid, str) or not ID.fullmatch(sid):
            fail(entry, f"{where}: 'id' must be lowercase letters, digits and hyphens (it is the service's address)")
        if sid in seen:
            fail(entry, f"{where}: id '{sid}' is used twice")
        seen.add(sid)
        unknown = set(entry) - {"id", *TEXT_FIELDS, *LIST_FIELDS, *OPTIONAL_FIELDS}
        if unknown:
            fail(entry, f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        values = {}
        for field in TEXT_FIELDS + OPTIONAL_FIELDS:
            # As written: `price: 1.200` is "1.200", not the number 1.2.
            value = doc.text(entry, field)
            if value is None and field in OPTIONAL_FIELDS:
                values[field] = ""
                continue
            if not isinstance(value, str) or not value.strip():
                fail(entry, f"{where}: '{field}' must be a non-empty text")
            values[field] = typographic(" ".join(value.split()))
        if TAX_WORDS.search(values["price"]):
            fail(entry, f"{where}: 'price' ('{values['price']}') speaks of IVA or INPS: write only the "
                        "amount; what is added to it comes from 'tax' at the top of the file")
        for field in LIST_FIELDS:
            value = entry.get(field)
            value = [doc.text(value, i) for i in range(len(value))] if isinstance(value, list) else value
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                fail(entry, f"{where}: '{field}' must be a list of one or more texts")
            values[field] = tuple(typographic(" ".join(v.split())) for v in value)
        services.append(Service(id=sid, **values))
    return ServiceData(services=tuple(services), terms=terms, tax=tax, audience=audience)


def _texts(doc: YamlFile, raw: dict, key: str, keys: tuple[str, ...], fail: Fail) -> dict[str, str]:
    """The mapping `key` of the file, with exactly `keys`, each a text
    (as written: `no` stays "no"), typographic and on one line."""
    found = raw[key]
    if not isinstance(found, dict) or set(found) != set(keys):
        fail(found if isinstance(found, dict) else raw, f"'{key}' must have exactly these keys: {', '.join(keys)}")
    values = {}
    for name in keys:
        value = doc.text(found, name)
        if not isinstance(value, str) or not value.strip():
            fail(found, f"{key}: '{name}' must be a non-empty text")
        values[name] = typographic(" ".join(value.split()))
    # The end of a sentence belongs to the page that shows the value.
    return {name: value.rstrip(" .") if not value.endswith("…") else value for name, value in values.items()}


def owner_terms(settings_file: str) -> tuple[Tax, dict[str, str]]:
    """The owner's tax setting and whom she works with, from her settings
    file (`tax`, `audience`), as the pages show them. The settings are
    validated once, with messages naming each field, by
    site_build/settings.py before anything is built: here a value that
    is not one of the known ones reads as not given (a placeholder)."""
    try:
        doc = read_yaml(settings_file, ServiceDataError)
    except ServiceDataError:
        doc = None
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}

    def texts(key: str, keys: tuple[str, ...]) -> dict[str, str]:
        """The texts of the group `key` of the file, "" for each missing one."""
        found = data.get(key) if isinstance(data.get(key), dict) else {}
        values = {}
        for name in keys:
            value = doc.text(found, name) if doc is not None else None
            value = typographic(" ".join(value.split())) if isinstance(value, str) else ""
            values[name] = value.rstrip(" .") if not value.endswith("…") else value
        return values

    tax = texts("tax", ("regime", "rivalsa_inps"))
    regime, rivalsa = tax["regime"].strip().lower(), tax["rivalsa_inps"].strip().lower()
    charged = True if rivalsa in YES else False if rivalsa in NO else None
    return Tax(regime if regime in REGIMES else "", charged), texts("audience", tuple(AUDIENCE))


def _dl(items: list[tuple[str, str]]) -> list[str]:
    out = ['<dl class="service__facts">']
    for term, html in items:
        out += [f"<dt>{term}</dt>", f"<dd>{html}</dd>"]
    out.append("</dl>")
    return out


def _ul(values) -> str:
    return "<ul>" + "".join(f"<li>{escape(v, quote=False)}</li>" for v in values) + "</ul>"


def _price(s: Service, tax: Tax, tag: str, cls: str) -> str:
    """A price as HTML, with the mark the tax setting gives it."""
    return (f'<{tag} class="{cls}">{escape(s.price, quote=False)}</{tag}> '
            f'<span class="service__tax">{escape(tax.mark(), quote=False)}</span>')


def _tax_note(tax: Tax) -> str:
    """The note under a list of prices."""
    return f'<p class="services__tax-note">{escape(tax.note(), quote=False)}</p>'


def render_audience(audience: dict[str, str]) -> str:
    """Whom the owner works with: each value of `audience` with its label."""
    items = "".join(f"<li><strong>{label}:</strong> {escape(audience[key], quote=False)}</li>"
                    for key, label in AUDIENCE.items())
    return f'<ul class="services__audience">{items}</ul>'


def render_full(services, contact_url: str, tax: Tax) -> str:
    """Every service as a section with its facts, anchored by its id, and
    the tax note under them."""
    out = ['<div class="services services--full">']
    for s in services:
        facts = [
            ("A che cosa serve", escape(s.purpose, quote=False)),
            ("Che cosa ricevi", _ul(s.deliverables)),
            ("Durata", escape(s.duration, quote=False)),
            ("Che cosa serve da parte tua", _ul(s.client_provides)),
            ("Come si paga", escape(s.pricing, quote=False)),
        ]
        if s.minimum_term:
            facts.append(("Durata minima", escape(s.minimum_term, quote=False)))
        if s.notice_period:
            facts.append(("Preavviso per concludere", escape(s.notice_period, quote=False)))
        facts.append(("Prezzo", _price(s, tax, "strong", "service__price")))
        out += [
            f'<section class="service" id="{s.id}" aria-labelledby="{s.id}-titolo">',
            f'<h3 id="{s.id}-titolo">{escape(s.name, quote=False)}</h3>',
            f'<p class="service__summary">{escape(s.summary, quote=False)}</p>',
            *_dl(facts),
            f'<p class="service__action"><a class="md-button md-button--primary" '
            f'href="{escape(contact_url)}">'
            f'Chiedimi del servizio<span class="site-visually-hidden"> {escape(s.name, quote=False)}</span></a></p>',
            "</section>",
        ]
    out += [_tax_note(tax), "</div>"]
    return "\n".join(out)


def render_cards(services, page_url: str, tax: Tax) -> str:
    """Compact cards: name, one line, price, link to the full form; the
    tax note under them."""
    out = ['<ul class="services services--cards">']
    for s in services:
        out += [
            '<li class="service-card">',
            f'<p class="service-card__name"><strong>{escape(s.name, quote=False)}</strong></p>',
            f'<p class="service-card__summary">{escape(s.summary, quote=False)}</p>',
            f'<p class="service-card__price">{_price(s, tax, "span", "service-card__amount")}</p>',
            f'<p class="service-card__link"><a href="{escape(page_url)}#{s.id}">'
            f'Che cosa comprende<span class="site-visually-hidden">: {escape(s.name, quote=False)}</span></a></p>',
            "</li>",
        ]
    out += ["</ul>", "", _tax_note(tax)]
    return "\n".join(out)
