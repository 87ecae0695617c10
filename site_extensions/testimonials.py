"""Testimonials: what clients said, with their consent, from one data file.

The file (``data/testimonianze.yml``) holds a list under ``testimonials``,
one entry per client: the quote, the client's first name or initials, the
type of business, the city, the date the client agreed to publication
(``consent_date``, as 2026-03-14) and, optionally, a photo (a file inside
docs/). Pages show them with

    <!-- md:testimonianze -->    every testimonial (nothing while there is none)

A testimonial without a consent date is shown by a preview, so that the
owner sees it in place, and refused by a production build
(``production_problems``). One that still holds a placeholder
(``DA DEFINIRE``) is never shown as a real client's words.

Every problem in the file raises ``TestimonialDataError`` naming the file
and the line of the entry.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .datafile import YamlFile, cached, read_yaml, typographic
from .errors import ContentError

FIELDS = ("quote", "name", "business", "city")
OPTIONAL = ("consent_date", "photo")
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".svg")
PLACEHOLDER = "DA DEFINIRE"
# The longest quote a card shows whole (a few sentences).
QUOTE_MAX = 400


class TestimonialDataError(ContentError):
    """The testimonials file is malformed or an entry is incomplete."""

    __test__ = False  # not a test class, despite its name


@dataclass(frozen=True)
class Testimonial:
    """One client's words, and who said them."""

    __test__ = False  # not a test class, despite its name
    quote: str
    name: str
    business: str
    city: str
    consent_date: dt.date | None
    photo: str
    where: str  # "data/testimonianze.yml:12", for the messages

    @property
    def placeholder(self) -> bool:
        """Whether the entry still holds a value the owner has to write."""
        return any(PLACEHOLDER in v.upper() for v in (self.quote, self.name, self.business, self.city))


_cache: dict[tuple, tuple[Testimonial, ...]] = {}


def load_testimonials(path: str) -> tuple[Testimonial, ...]:
    """Read and check the testimonials file (cached until it changes)."""
    return cached(path, lambda: _parse(path), TestimonialDataError, "testimonials file", _cache)


def _parse(path: str) -> tuple[Testimonial, ...]:
    doc: YamlFile = read_yaml(path, TestimonialDataError)

    def fail(obj: object, message: str):
        raise TestimonialDataError(f"{doc.at(obj)}: {message}")

    raw = doc.data
    if raw is None:
        return ()
    if not isinstance(raw, dict) or set(raw) != {"testimonials"}:
        fail(raw, "expected one key, 'testimonials', with the list of testimonials (or [] for none)")
    entries = raw["testimonials"]
    if entries is None:
        return ()
    if not isinstance(entries, list):
        fail(raw, "'testimonials' must be a list: each entry starts with '- quote:' (or [] for none)")
    found = []
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            fail(raw, f"testimonial {n}: expected quote, name, business, city and consent_date")
        unknown = set(entry) - set(FIELDS) - set(OPTIONAL)
        if unknown:
            fail(entry, f"testimonial {n}: unknown field(s) {', '.join(sorted(map(str, unknown)))}; "
                        f"the fields are {', '.join(FIELDS + OPTIONAL)}")
        values = {}
        for field in FIELDS:
            value = doc.text(entry, field)
            if not isinstance(value, str) or not value.strip():
                fail(entry, f"testimonial {n}: '{field}' must be a non-empty text")
            values[field] = typographic(" ".join(value.split()))
        if len(values["quote"]) > QUOTE_MAX:
            fail(entry, f"testimonial {n}: the quote is {len(values['quote'])} characters long; "
                        f"keep it under {QUOTE_MAX} (two or three sentences)")
        values["quote"] = values["quote"].strip("\"“”«» ")
        consent = entry.get("consent_date")
        if consent is not None and not isinstance(consent, dt.date):
            fail(entry, f"testimonial {n}: 'consent_date' ('{doc.text(entry, 'consent_date')}') must be a date "
                        "written as year-month-day, e.g. 2026-03-14")
        if isinstance(consent, dt.datetime):
            consent = consent.date()
        if consent is not None and consent > dt.date.today():
            fail(entry, f"testimonial {n}: 'consent_date' {consent.isoformat()} is in the future: write the day "
                        "the client agreed to publication")
        photo = doc.text(entry, "photo")
        if photo is not None:
            if not isinstance(photo, str) or not photo.strip().lower().endswith(PHOTO_TYPES):
                fail(entry, f"testimonial {n}: 'photo' must name a picture inside docs/, e.g. "
                            "assets/images/testimonianze/giulia.jpg")
            photo = posixpath.normpath(photo.strip().lstrip("/"))
        found.append(Testimonial(consent_date=consent, photo=photo or "", where=doc.at(entry), **values))
    return tuple(found)


def shown(testimonials: tuple[Testimonial, ...]) -> list[Testimonial]:
    """The testimonials a page shows: never one that is still a placeholder."""
    return [t for t in testimonials if not t.placeholder]


def production_problems(testimonials: tuple[Testimonial, ...]) -> list[str]:
    """What a production build refuses: a testimonial without the date of
    the client's consent."""
    return [f"{t.where}: the testimonial of {t.name} has no 'consent_date': write the day the client agreed "
            "to publication (e.g. consent_date: 2026-03-14), or remove the testimonial"
            for t in testimonials if t.consent_date is None]


def photo_problems(testimonials: tuple[Testimonial, ...], docs_dir: Path) -> list[str]:
    """A testimonial's photo that is not a file inside docs/."""
    return [f"{t.where}: the photo '{t.photo}' of {t.name}'s testimonial is not in docs/: put the picture "
            "there, or correct the path (written from docs/, e.g. assets/images/testimonianze/giulia.jpg)"
            for t in testimonials if t.photo and not (docs_dir / t.photo).is_file()]


def render(testimonials: list[Testimonial], link, title: str) -> str:
    """The testimonials as a titled section of quotes (nothing if none):
    each quote with who said it; `link` turns a path inside docs/ into a
    URL from the page being built."""
    if not testimonials:
        return ""
    out = ['<section class="testimonials" aria-labelledby="testimonianze">',
           f'<h2 id="testimonianze">{escape(title, quote=False)}</h2>',
           '<ul class="testimonials__list">']
    for t in testimonials:
        photo = (f'<img class="testimonial__photo" src="{escape(link(t.photo))}" alt="" width="48" height="48" '
                 'loading="lazy" decoding="async">' if t.photo else "")
        out += [
            '<li class="testimonial">',
            '<figure>',
            f'<blockquote><p>{escape(t.quote, quote=False)}</p></blockquote>',
            f'<figcaption>{photo}<span><strong>{escape(t.name, quote=False)}</strong>'
            f'<span>{escape(t.business, quote=False)}, {escape(t.city, quote=False)}</span></span></figcaption>',
            "</figure>",
            "</li>",
        ]
    out += ["</ul>", "</section>"]
    return "\n".join(out)
