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

Every problem in the file raises ``ServiceDataError`` naming the file and,
where known, the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from .datafile import cached, read_yaml, typographic
from .errors import ContentError

SERVICES_MIN, SERVICES_MAX = 3, 5
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The page that holds the full form: the cards link to its anchors.
SERVICES_PAGE = "servizi.md"


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


@dataclass(frozen=True)
class ServiceData:
    services: tuple[Service, ...]
    terms: dict[str, str]


_cache: dict[tuple, ServiceData] = {}


def load_services(path: str) -> ServiceData:
    """Read and check the services file (cached until the file changes)."""
    return cached(path, lambda: _parse(path), ServiceDataError, "services file", _cache)


def _parse(path: str) -> ServiceData:
    doc = read_yaml(path, ServiceDataError)

    def fail(obj, message):
        raise ServiceDataError(f"{doc.at(obj)}: {message}")

    raw = doc.data
    if not isinstance(raw, dict) or set(raw) != {"terms", "services"}:
        fail(raw, "expected two keys: 'terms' (first call, reply time) and 'services' (the list)")
    terms_raw = raw["terms"]
    if not isinstance(terms_raw, dict) or set(terms_raw) != set(TERMS.values()):
        fail(terms_raw if isinstance(terms_raw, dict) else raw,
             f"'terms' must have exactly these keys: {', '.join(TERMS.values())}")
    terms = {}
    for key in terms_raw:
        value = doc.text(terms_raw, key)
        if not isinstance(value, str) or not value.strip():
            fail(terms_raw, f"terms: '{key}' must be a non-empty text")
        terms[key] = typographic(" ".join(value.split()))
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
        for field in LIST_FIELDS:
            value = entry.get(field)
            value = [doc.text(value, i) for i in range(len(value))] if isinstance(value, list) else value
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                fail(entry, f"{where}: '{field}' must be a list of one or more texts")
            values[field] = tuple(typographic(" ".join(v.split())) for v in value)
        services.append(Service(id=sid, **values))
    return ServiceData(services=tuple(services), terms=terms)


def _dl(items: list[tuple[str, str]]) -> list[str]:
    out = ['<dl class="service__facts">']
    for term, html in items:
        out += [f"<dt>{term}</dt>", f"<dd>{html}</dd>"]
    out.append("</dl>")
    return out


def _ul(values) -> str:
    return "<ul>" + "".join(f"<li>{escape(v, quote=False)}</li>" for v in values) + "</ul>"


def render_full(services, contact_url: str) -> str:
    """Every service as a section with its facts, anchored by its id."""
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
        facts.append(("Prezzo", f'<strong class="service__price">{escape(s.price, quote=False)}</strong>'))
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
    out.append("</div>")
    return "\n".join(out)


def render_cards(services, page_url: str) -> str:
    """Compact cards: name, one line, price, link to the full form."""
    out = ['<ul class="services services--cards">']
    for s in services:
        out += [
            '<li class="service-card">',
            f'<p class="service-card__name"><strong>{escape(s.name, quote=False)}</strong></p>',
            f'<p class="service-card__summary">{escape(s.summary, quote=False)}</p>',
            f'<p class="service-card__price">{escape(s.price, quote=False)}</p>',
            f'<p class="service-card__link"><a href="{escape(page_url)}#{s.id}">'
            f'Che cosa comprende<span class="site-visually-hidden">: {escape(s.name, quote=False)}</span></a></p>',
            "</li>",
        ]
    out.append("</ul>")
    return "\n".join(out)
