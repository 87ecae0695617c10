"""The site's settings as one typed object, filled once per build.

What only the owner can supply lives in one data file, `data/titolare.yml`
(its comments, in Italian, are her documentation): her identity, the
site's address, the booking link, the brand colours, her social profiles,
the contact form's provider, her tax regime and whom she works with.
Environment variables override the file for hosts (the names in ENV).
mkdocs.yml keeps only the machinery, from which come the language
(`theme.language`), the blog's paths, the owner's blog author id
(`extra.author_id`), the host (`extra.host`, SITE_HOST) and whether the
build is for production (`extra.production`, PRODUCTION).

Every value of the file is text exactly as written (`vat_number:
01234567890` keeps its leading zero, `name: no` stays "no"): the file is
read with site_extensions/datafile.py's loader, which remembers the text of
every plain value.

`load(root, config)` fills a `Settings`; `problems(settings)` validates it
once, each problem one line in Italian naming the file (or the
environment variable) and the field, and the line where known, e.g.
`data/titolare.yml, riga 27, campo vat_number: ...`. What only a production
build refuses (placeholders, no contact provider) is
`production_problems(settings)`.

Each field's rule is a public function, so that `make configura` asks
with the very same rules the build checks; each returns the message
(starting `campo <field>: `) or None; `photo`'s `docs_dir` (optional)
also checks that the file is there, square and at least 400×400:

    validate_name(value)            validate_role(value)
    validate_business_name(value)   validate_city(value)
    validate_email(value)           validate_vat_number(value)
    validate_photo(value, docs_dir) validate_about(value)
    validate_site_url(value, production=True)
    validate_booking_link(value)
    validate_primary(value)         validate_accent(value)
    validate_network(value)         validate_social_link(value, network)
    validate_provider(value)        validate_endpoint(value, provider)
    validate_access_key(value, provider)
    validate_redirect_field(value, provider)
    validate_newsletter(value)
    validate_regime(value)          validate_rivalsa_inps(value)
    validate_team_size(value)       validate_revenue(value)

The contact providers have one table here (PROVIDERS): what each needs,
its format, honeypot, hidden fields, rule for success and the hosts it
works on. site_build/contact.py, the checks, the headers, the template and
the form's script read it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from site_extensions.datafile import YamlFile, load_lines
from site_extensions.errors import ContentError, truthy
# The regimes and the words for yes and no, as the services' tax note reads them.
from site_extensions.services import NO, REGIMES, YES

SETTINGS_FILE = "data/titolare.yml"

# The environment variable that overrides each value of the file, by its
# dotted place in the file.
ENV = {
    "name": "OWNER_NAME",
    "city": "OWNER_CITY",
    "email": "OWNER_EMAIL",
    "vat_number": "OWNER_VAT_NUMBER",
    "photo": "OWNER_PHOTO",
    "about": "OWNER_ABOUT",
    "booking_link": "OWNER_BOOKING_LINK",
    "site_url": "SITE_URL",
    "contact_form.provider": "CONTACT_PROVIDER",
    "contact_form.endpoint": "CONTACT_ENDPOINT",
    "contact_form.access_key": "CONTACT_ACCESS_KEY",
    "contact_form.redirect_field": "CONTACT_REDIRECT_FIELD",
}
# The first LinkedIn profile's link (added when the file lists none).
LINKEDIN_ENV = "OWNER_LINKEDIN"

OWNER_KEYS = ("name", "role", "business_name", "city", "email", "vat_number", "photo", "about")
CONTACT_KEYS = ("provider", "endpoint", "access_key", "redirect_field", "newsletter")
BRAND_KEYS = ("primary", "accent")
SOCIAL_KEYS = ("network", "link")
TAX_KEYS = ("regime", "rivalsa_inps")
AUDIENCE_KEYS = ("team_size", "revenue")
TOP_KEYS = (*OWNER_KEYS, "site_url", "booking_link", "brand", "social", "contact_form", "tax", "audience")


# --- Social networks --------------------------------------------------------

@dataclass(frozen=True)
class Network:
    """A social network the owner may link to."""

    label: str  # as a page names it
    hosts: tuple[str, ...]  # the hosts of its profile pages; empty: any https address (Mastodon)


NETWORKS = {
    "linkedin": Network("LinkedIn", ("linkedin.com",)),
    "instagram": Network("Instagram", ("instagram.com",)),
    "facebook": Network("Facebook", ("facebook.com",)),
    "youtube": Network("YouTube", ("youtube.com",)),
    "x-twitter": Network("X", ("x.com", "twitter.com")),
    "tiktok": Network("TikTok", ("tiktok.com",)),
    "threads": Network("Threads", ("threads.net", "threads.com")),
    "bluesky": Network("Bluesky", ("bsky.app",)),
    "mastodon": Network("Mastodon", ()),
    "pinterest": Network("Pinterest", ("pinterest.com", "pinterest.it")),
    "github": Network("GitHub", ("github.com",)),
    "whatsapp": Network("WhatsApp", ("wa.me", "whatsapp.com")),
    "telegram": Network("Telegram", ("t.me", "telegram.me")),
}


# --- Contact providers: the one table ------------------------------------------

HOSTS = ("netlify", "cloudflare-pages", "github-pages")


@dataclass(frozen=True)
class Provider:
    """A service that receives the contact form's messages.

    `hidden` lists the hidden fields the form carries for it, each as
    (field name, what it holds): "form_name" (the form's name), "subject"
    (the e-mail's subject), "thanks" (the thank-you page's address),
    "access_key", "site_name", or "redirect_field" (a webhook's field named
    by the setting, holding the thank-you page's address)."""

    label: str  # as the owner reads it
    needs: str | None  # the setting it cannot work without
    needs_what: str  # what that setting is, for the message
    format: str  # "form" (a form POST) or "json"
    honeypot: str  # the field a robot fills and a person leaves empty
    honeypot_type: str  # "text" or "checkbox"
    success: dict  # what its answer must be to count as "arrived" (contact-form.js)
    hosts: tuple[str, ...] = HOSTS  # the hosts it receives messages on
    default_endpoint: str = ""
    hidden: tuple[tuple[str, str], ...] = ()


# What each provider's answer to a request sent by the form's script
# (`Accept: application/json`) must be to count as "the message arrived":
# first a 2xx status; then, on the answer read as a JSON object, `require`
# (keys that must hold these values), `refuse` (keys that must not) and
# `refuse_keys` (keys that must be absent or empty).
# - Formspree: an error carries `errors`, a success `ok: true`;
# - Netlify Forms: the status alone (its AJAX example checks `response.ok`);
# - Web3Forms: `success: true` (it may answer 200 with `success: false`);
# - a webhook: the status, unless its JSON answer says otherwise.
# Netlify Forms exists only on Netlify: any other host answers its POST
# with an error, and every message is lost.
PROVIDERS = {
    "formspree": Provider(
        "Formspree", "endpoint", "l'indirizzo del modulo, https://formspree.io/f/<codice>", "form", "_gotcha",
        "text", {"refuse": {"ok": False}, "refuse_keys": ["errors", "error"]},
        hidden=(("_subject", "subject"), ("_next", "thanks"))),
    "netlify": Provider(
        "Netlify Forms", None, "", "form", "bot-field", "text", {}, hosts=("netlify",),
        hidden=(("form-name", "form_name"),)),
    "web3forms": Provider(
        "Web3Forms", "access_key", "la chiave che Web3Forms ti ha mandato per e-mail", "json", "botcheck",
        "checkbox", {"require": {"success": True}}, default_endpoint="https://api.web3forms.com/submit",
        hidden=(("access_key", "access_key"), ("subject", "subject"), ("from_name", "site_name"),
                ("redirect", "thanks"))),
    "webhook": Provider(
        "webhook", "endpoint", "l'indirizzo https che riceve il modulo (un POST in JSON)", "json", "_honeypot",
        "text", {"refuse": {"ok": False, "success": False}, "refuse_keys": ["error", "errors"]},
        hidden=(("", "redirect_field"),)),
}
# The honeypot of the form in demo mode (no provider).
DEMO_HONEYPOT = "_honeypot"
# A field name the form can carry (a webhook's redirect_field), and the
# names the form's own fields, or the providers', already use.
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
RESERVED = frozenset({"name", "email", "business", "need", "message", "newsletter", "message_id", "page_title",
                      "page_url", "_honeypot", "_gotcha", "botcheck", "bot-field", "form-name",
                      *(name for p in PROVIDERS.values() for name, _what in p.hidden if name)})


# --- The settings ---------------------------------------------------------------

@dataclass(frozen=True)
class Owner:
    """Who the site is: every value text as written."""

    name: str
    role: str
    business_name: str
    city: str
    email: str
    vat_number: str
    photo: str  # a path inside docs/
    about: str
    author_id: str  # her entry in the blog's authors file (mkdocs.yml extra.author_id)


@dataclass(frozen=True)
class Brand:
    """The two brand colours, #rrggbb as written."""

    primary: str
    accent: str


@dataclass(frozen=True)
class SocialLink:
    """One of the owner's profiles."""

    network: str
    link: str

    @property
    def icon(self) -> str:
        """The Material icon of the network (Font Awesome's brands)."""
        return f"fontawesome/brands/{self.network}"

    @property
    def label(self) -> str:
        """The network's name as a page shows it."""
        known = NETWORKS.get(self.network)
        return known.label if known else self.network


@dataclass(frozen=True)
class Contact:
    """The contact form: its provider and the owner's settings for it."""

    provider: str  # a key of PROVIDERS, or "" (demo mode)
    endpoint: str
    access_key: str
    redirect_field: str
    newsletter: bool
    form_name: str = "contatti"  # netlify: the contact page's form
    reply_form_name: str = "risposte-articoli"  # netlify: the reply form at the end of posts

    @property
    def table(self) -> Provider | None:
        """The provider's row of PROVIDERS (None in demo mode or when unknown)."""
        return PROVIDERS.get(self.provider)

    @property
    def url(self) -> str:
        """Where the form posts (empty for Netlify and in demo mode)."""
        if self.provider == "netlify" or self.table is None:
            return ""
        return self.endpoint or self.table.default_endpoint

    @property
    def origin(self) -> str | None:
        """The other site the form posts to (https://host), if any."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None

    @property
    def honeypot(self) -> str:
        """The field a robot fills and a person leaves empty."""
        return self.table.honeypot if self.table else DEMO_HONEYPOT

    @property
    def fields(self) -> tuple[tuple[str, str], ...]:
        """The provider's hidden fields (name, what it holds)."""
        return self.table.hidden if self.table else ()

    @property
    def required(self) -> tuple[str, ...]:
        """The settings the provider cannot work without."""
        return (self.table.needs,) if self.table and self.table.needs else ()

    @property
    def success(self) -> dict:
        """The provider's rule for "the message arrived" (contact-form.js)."""
        return self.table.success if self.table else {}


@dataclass(frozen=True)
class Blog:
    """Where the blog is, inside docs/ (from the blog plugin's options)."""

    blog_dir: str
    posts_dir: str
    authors_file: str


@dataclass(frozen=True)
class Settings:
    """Everything the build, the templates and the scripts read about the
    owner and the site, filled once (`load`)."""

    owner: Owner
    site_url: str
    booking_link: str
    brand: Brand
    social: tuple[SocialLink, ...]
    contact: Contact
    tax: dict  # regime, rivalsa_inps: text as written
    audience: dict  # team_size, revenue: text as written
    language: str  # theme.language of mkdocs.yml, e.g. "it"
    blog: Blog
    host: str  # extra.host (SITE_HOST), as written
    production: bool
    # Where each value was read (dotted place -> "data/titolare.yml, riga N"
    # or "OWNER_NAME"), for messages; what the file's YAML could not be
    # read as (a list where a text goes), by place.
    sources: dict = field(default_factory=dict, repr=False, compare=False)
    not_text: tuple = field(default=(), repr=False, compare=False)
    # Fields the file writes that the site does not know (a typo), by place.
    unknown: tuple = field(default=(), repr=False, compare=False)
    # Values whose rule ran on their text while they were read (a switch),
    # as (place, message).
    refused: tuple = field(default=(), repr=False, compare=False)
    file: str = SETTINGS_FILE
    docs_dir: str = field(default="docs", repr=False, compare=False)

    @property
    def locale(self) -> str:
        """The language as a region tag, e.g. "it-IT" (feeds, JSON-LD)."""
        lang = self.language.replace("_", "-")
        if "-" in lang:
            return lang
        from babel.core import get_global

        # The language's most likely region (Unicode CLDR: it -> it_Latn_IT).
        likely = str(get_global("likely_subtags").get(lang, "")).split("_")
        return f"{lang}-{likely[-1]}" if len(likely) > 1 else lang

    def template_values(self) -> dict:
        """The settings as plain values, for the templates (`extra.settings`,
        one object; Material itself reads `extra.social`) and the
        shortcodes: plain, so that Zensical can hand them over too."""
        owner = {f.name: getattr(self.owner, f.name) for f in fields(Owner)}
        owner["booking_link"] = self.booking_link
        return {
            "owner": owner,
            "brand": {"primary": self.brand.primary, "accent": self.brand.accent},
            "social": [{"icon": s.icon, "link": s.link, "name": s.label} for s in self.social],
            "contact_form": {"provider": self.contact.provider, "endpoint": self.contact.endpoint,
                             "access_key": self.contact.access_key,
                             "redirect_field": self.contact.redirect_field,
                             "newsletter": self.contact.newsletter, "form_name": self.contact.form_name,
                             "reply_form_name": self.contact.reply_form_name},
            "tax": dict(self.tax),
            "audience": dict(self.audience),
            "language": self.language,
            "locale": self.locale,
            "site_url": self.site_url,
        }


# --- Reading ---------------------------------------------------------------------

def blog_paths(config: dict) -> Blog:
    """The blog's folders inside docs/, from the blog plugin's options."""
    from .project import plugin_options

    options = plugin_options(config, "blog")
    if options is None:
        options = plugin_options(config, "material/blog") or {}
    blog_dir = str(options.get("blog_dir", "blog")).strip("/")
    posts = str(options.get("post_dir", "{blog}/posts")).replace("{blog}", blog_dir).strip("/")
    authors = str(options.get("authors_file", "{blog}/.authors.yml")).replace("{blog}", blog_dir)
    return Blog(blog_dir, posts, authors)


def _read(path: Path, shown: str) -> tuple[YamlFile | None, list[str]]:
    """The settings file, parsed with the text as written of every value;
    (None, [message]) when it cannot be read as YAML."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        return None, [f"{shown}: il file non si può leggere ({e.strerror}); rimettilo al suo posto"]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [f"{shown}: il file non è salvato in UTF-8; salvalo di nuovo come UTF-8"]
    try:
        data, lines, written = load_lines(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{shown}, riga {mark.line + 1}" if mark else shown
        return None, [f"{where}: il file non si legge (YAML non valido: {getattr(e, 'problem', None) or e}); "
                      "controlla i rientri e le virgolette su quella riga"]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [f"{shown}: il file deve elencare i campi come «nome: valore», uno per riga"]
    return YamlFile(shown, data, lines, written), []


def _line_of(text: str, place: str) -> int | None:
    """The line of the file where the key of `place` (dotted) is written."""
    keys = place.split(".")
    depth, start = 0, 0
    lines = text.splitlines()
    for number in range(start, len(lines)):
        line = lines[number]
        if re.match(r"\s*" + re.escape(keys[depth]) + r"\s*:", line) and not line.lstrip().startswith("#"):
            if depth == len(keys) - 1:
                return number + 1
            depth += 1
    return None


def load(root: Path | str, config: dict | None = None, env: dict | None = None) -> Settings:
    """The settings of the project in `root`: data/titolare.yml, each value
    overridden by its environment variable (ENV) when that is set, with the
    machinery of mkdocs.yml's `config`. Raises ContentError (one line, in
    Italian) only when the file cannot be read at all; wrong values are
    `problems`' to report."""
    root, config = Path(root), config or {}
    env = os.environ if env is None else env
    path = root / SETTINGS_FILE
    doc, unreadable = _read(path, SETTINGS_FILE)
    if unreadable:
        raise ContentError(unreadable[0])
    text = path.read_text(encoding="utf-8-sig")
    data = doc.data
    sources: dict[str, str] = {}
    not_text: list[str] = []

    def value(container, key: str, place: str, default: str = "") -> str:
        """The text at `key`, or its variable's value when set."""
        name = ENV.get(place)
        if name and name in env:
            sources[place] = name
            return str(env[name])
        line = _line_of(text, place)
        sources[place] = f"{SETTINGS_FILE}, riga {line}" if line else SETTINGS_FILE
        found = doc.text(container, key) if isinstance(container, dict) else None
        if found is None:
            return default
        if isinstance(found, (list, dict)):
            not_text.append(place)
            return ""
        return str(found)

    def section(key: str) -> dict:
        """A group of fields of the file (brand, tax...), {} when absent."""
        found = data.get(key)
        if found is not None and not isinstance(found, dict):
            not_text.append(key)
        return found if isinstance(found, dict) else {}

    extra = config.get("extra") or {}
    owner = Owner(**{key: value(data, key, key) for key in OWNER_KEYS},
                  author_id=str(extra.get("author_id") or "titolare"))
    brand_data = section("brand")
    brand = Brand(value(brand_data, "primary", "brand.primary"), value(brand_data, "accent", "brand.accent"))
    social = []
    items = data.get("social")
    if items is not None and not isinstance(items, list):
        not_text.append("social")
    for n, item in enumerate(items if isinstance(items, list) else []):
        item = item if isinstance(item, dict) else {}
        line = doc.line(item)
        sources[f"social.{n}"] = f"{SETTINGS_FILE}, riga {line}" if line else SETTINGS_FILE
        network = str(doc.text(item, "network") or "").strip().lower()
        social.append(SocialLink(network, str(doc.text(item, "link") or "").strip()))
    if LINKEDIN_ENV in env:
        n = next((i for i, s in enumerate(social) if s.network == "linkedin"), len(social))
        link = SocialLink("linkedin", env[LINKEDIN_ENV].strip())
        social[n:n + 1] = [link]
        sources[f"social.{n}"] = LINKEDIN_ENV
    form = section("contact_form")
    newsletter = value(form, "newsletter", "contact_form.newsletter", "false").strip().lower()
    # A switch is read as a yes or no: its rule runs on the text as written.
    refused = [("contact_form.newsletter", validate_newsletter(newsletter))]
    contact = Contact(
        provider=value(form, "provider", "contact_form.provider").strip().lower(),
        endpoint=value(form, "endpoint", "contact_form.endpoint").strip(),
        access_key=value(form, "access_key", "contact_form.access_key").strip(),
        redirect_field=value(form, "redirect_field", "contact_form.redirect_field").strip(),
        newsletter=newsletter in YES,
        **{key: str(extra[key]) for key in ("form_name", "reply_form_name") if extra.get(key)},
    )
    tax_data, audience_data = section("tax"), section("audience")
    unknown = [str(k) for k in data if k not in TOP_KEYS]
    for key, group, known in (("brand", brand_data, BRAND_KEYS), ("contact_form", form, CONTACT_KEYS),
                              ("tax", tax_data, TAX_KEYS), ("audience", audience_data, AUDIENCE_KEYS)):
        unknown += [f"{key}.{k}" for k in group if k not in known]
    for item in items if isinstance(items, list) else []:
        unknown += [f"social.{k}" for k in (item if isinstance(item, dict) else {}) if k not in SOCIAL_KEYS]
    for place in unknown:
        line = _line_of(text, place)
        sources[place] = f"{SETTINGS_FILE}, riga {line}" if line else SETTINGS_FILE
    site_url = value(data, "site_url", "site_url").strip()
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return Settings(
        owner=owner,
        site_url=site_url,
        booking_link=value(data, "booking_link", "booking_link").strip(),
        brand=brand,
        social=tuple(social),
        contact=contact,
        tax={key: value(tax_data, key, f"tax.{key}") for key in TAX_KEYS},
        audience={key: value(audience_data, key, f"audience.{key}") for key in AUDIENCE_KEYS},
        language=str((config.get("theme") or {}).get("language") or "it"),
        blog=blog_paths(config),
        host=str(extra.get("host") or "").strip().lower(),
        production=truthy(extra.get("production", False)),
        sources=sources,
        not_text=tuple(not_text),
        unknown=tuple(unknown),
        refused=tuple((place, problem) for place, problem in refused if problem),
        docs_dir=str(config.get("docs_dir") or "docs"),
    )


# --- The rules, one per field -----------------------------------------------------

# An e-mail address as a visitor's mail program takes it.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}")
# The photo's path inside docs/: letters, digits, - _ . and / only.
PHOTO = re.compile(r"[\w.-]+(?:/[\w.-]+)*")
# A partita IVA: 11 digits (an optional IT in front, as in the EU VAT number).
VAT_NUMBER = re.compile(r"(?:IT)?(\d{11})")
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
# The least contrast a brand colour needs with white (WCAG AA, normal text).
AA = 4.5
# The photo's least side, in pixels.
PHOTO_MIN = 400


def _text(value) -> str:
    """`value` if it is a text, else "" (a list or a number is no text)."""
    return value if isinstance(value, str) else ""


def _required(field_name: str, value, what: str) -> str | None:
    """The message for an empty required field (`what` says what to write)."""
    if not _text(value).strip():
        return f"campo {field_name}: è vuoto; scrivi {what}"
    return None


def validate_name(value: str) -> str | None:
    """The owner's name and surname: not empty."""
    return _required("name", value, "il tuo nome e cognome")


def validate_role(value: str) -> str | None:
    """Her role, under the name: not empty."""
    return _required("role", value, "il tuo ruolo (es. Online Business Manager)")


def validate_business_name(value: str) -> str | None:
    """Optional: her firm's name, on one line."""
    return None if "\n" not in _text(value) else "campo business_name: scrivilo su una riga sola"


def validate_city(value: str) -> str | None:
    """The city she works from: not empty."""
    return _required("city", value, "la città da cui lavori")


def validate_email(value: str) -> str | None:
    """An e-mail address (nome@dominio.it)."""
    if not EMAIL.fullmatch(_text(value).strip()):
        return (f"campo email: '{value}' non è un indirizzo e-mail; scrivilo per intero, "
                "come nome@tuodominio.it")
    return None


def vat_number_valid(value: str) -> bool:
    """Whether `value` is a partita IVA: 11 digits (optionally after IT)
    whose last is the check digit of the first ten (Luhn's sum)."""
    match = VAT_NUMBER.fullmatch(_text(value))
    if not match:
        return False
    digits = [int(d) for d in match.group(1)]
    total = sum(digits[0:10:2]) + sum(2 * d - 9 if 2 * d > 9 else 2 * d for d in digits[1:10:2])
    return (10 - total % 10) % 10 == digits[10]


def validate_vat_number(value: str) -> str | None:
    """Empty, or a partita IVA with its check digit."""
    if _text(value).strip() and not vat_number_valid(value):
        return (f"campo vat_number: '{value}' non è una partita IVA valida (11 cifre, l'ultima è una cifra "
                "di controllo): copiala da un documento fiscale, o lascia il campo vuoto")
    return None


def photo_path_valid(photo: str) -> bool:
    """Whether the photo's path can be written into an address as it is:
    inside docs/, letters, digits, - _ . and / only."""
    return bool(PHOTO.fullmatch(photo.lstrip("/"))) and ".." not in photo.split("/")


def validate_photo(value: str, docs_dir: Path | str | None = None) -> str | None:
    """A path inside docs/ made of letters, digits, - _ . and /; with
    `docs_dir`, a file that is there, and a raster picture square and at
    least PHOTO_MIN pixels a side."""
    photo = _text(value).strip()
    if not photo:
        return "campo photo: è vuoto; scrivi il percorso della tua foto in docs/ (es. assets/images/foto.jpg)"
    if not photo_path_valid(photo):
        return (f"campo photo: '{value}' non è un percorso di un'immagine in docs/ fatto di lettere, cifre, "
                "- _ . e /: rinomina il file senza spazi, virgolette o altri segni")
    if docs_dir is None:
        return None
    path = Path(docs_dir) / photo.lstrip("/")
    if not path.is_file():
        return (f"campo photo: {Path(docs_dir).name}/{photo.lstrip('/')} non esiste: metti la foto in "
                f"{Path(docs_dir).name}/ (es. {Path(docs_dir).name}/assets/images/foto.jpg) o correggi il percorso")
    size = _picture_size(path)
    if size and (size[0] != size[1] or size[0] < PHOTO_MIN):
        return (f"campo photo: {Path(docs_dir).name}/{photo.lstrip('/')} è di {size[0]}×{size[1]} pixel; la foto "
                f"deve essere quadrata e di almeno {PHOTO_MIN}×{PHOTO_MIN}: ritagliala in un quadrato "
                f"di almeno {PHOTO_MIN} pixel di lato")
    return None


def _picture_size(path: Path) -> tuple[int, int] | None:
    """A raster picture's upright size, or None (a drawing, a missing or
    unreadable file: the picture checks say why)."""
    from .pictures import PICTURES, upright_size

    if path.suffix.lower() not in PICTURES or not path.is_file():
        return None
    try:
        from PIL import Image

        with Image.open(path) as image:
            return upright_size(image)
    except Exception:  # noqa: BLE001 - the picture checks say why it cannot be read
        return None


def validate_about(value: str) -> str | None:
    """Optional: one line about the owner."""
    return None if "\n" not in _text(value).strip() else "campo about: scrivilo su una riga sola"


def link_problem(link, hosts: tuple[str, ...] = ()) -> str | None:
    """Why `link` cannot be a link to the owner's page on another site (a
    profile, a booking page), or None: an absolute https address, and, when
    `hosts` are given, on one of them or their subdomains."""
    text = _text(link).strip()
    parts = urlsplit(text) if re.fullmatch(r"\S+", text) else None
    host = (parts.hostname or "") if parts else ""
    if not parts or parts.scheme != "https" or not host or "." not in host or re.search(r"[\"'<>`\\]", text):
        example = f"https://www.{hosts[0]}/..." if hosts else "https://..."
        return f"'{link}' non è un indirizzo https completo: scrivilo per intero, es. {example}"
    if hosts and not any(host == h or host.endswith("." + h) for h in hosts):
        return f"'{link}' non è un indirizzo di {' o '.join(hosts)}: scrivi l'indirizzo del tuo profilo"
    return None


def validate_site_url(value: str, production: bool = True) -> str | None:
    """The site's address: absolute, https (a preview, `production`
    False, may be served over http, e.g. http://127.0.0.1:8000/)."""
    url = _text(value).strip()
    parts = urlsplit(url)
    schemes = ("https",) if production else ("https", "http")
    if not url or parts.scheme not in schemes or not parts.hostname or re.search(r"[\s\"'<>`\\]", url):
        return (f"campo site_url: '{value}' non è l'indirizzo https del sito; scrivilo per intero, "
                "es. https://www.nomecognome.it/")
    return None


def validate_booking_link(value: str) -> str | None:
    """Empty, or an https address (the page to book the first call)."""
    if not _text(value).strip():
        return None
    problem = link_problem(value)
    return f"campo booking_link: {problem}, o lascia il campo vuoto" if problem else None


def _colour(field_name: str, value, use: str) -> str | None:
    """A brand colour's rule: #rrggbb, with 4.5:1 against white (brand.py's
    contrast), `use` saying what it colours."""
    from .brand import WHITE, contrast

    colour = _text(value).strip()
    if not HEX.match(colour):
        return f"campo {field_name}: '{value}' non è un colore; scrivilo come #rrggbb, es. \"#1f5561\""
    ratio = contrast(colour.lower(), WHITE)
    if ratio < AA:
        return (f"campo {field_name}: {colour} è troppo chiaro per {use} (contrasto {ratio:.1f}:1 con il "
                f"bianco, ne serve almeno {AA}:1); scegli un colore più scuro")
    return None


def validate_primary(value: str) -> str | None:
    """The header's and buttons' colour: #rrggbb, 4.5:1 with white."""
    return _colour("brand.primary", value, "l'intestazione e i pulsanti, sotto il testo bianco")


def validate_accent(value: str) -> str | None:
    """The highlights' colour: #rrggbb, 4.5:1 with white."""
    return _colour("brand.accent", value, "i link evidenziati, sul bianco")


def validate_network(value: str) -> str | None:
    """One of NETWORKS."""
    if _text(value).strip().lower() not in NETWORKS:
        return f"campo social, network: '{value}' non è tra quelli noti; scrivi uno tra {', '.join(NETWORKS)}"
    return None


def validate_social_link(value: str, network: str = "") -> str | None:
    """The address of the owner's profile on `network`: https, on its hosts."""
    known = NETWORKS.get(_text(network).strip().lower())
    problem = link_problem(value, known.hosts if known else ())
    return f"campo social, link: {problem}" if problem else None


def validate_provider(value: str) -> str | None:
    """Empty (demo mode) or one of PROVIDERS."""
    provider = _text(value).strip().lower()
    if provider and provider not in PROVIDERS:
        return (f"campo contact_form.provider: '{value}' non è un servizio noto; scrivi uno tra "
                f"{', '.join(PROVIDERS)}, o lascia il campo vuoto")
    return None


def validate_endpoint(value: str, provider: str = "") -> str | None:
    """The address the form posts to: needed by formspree and webhook; a
    URL without a user name or password."""
    endpoint, row = _text(value).strip(), PROVIDERS.get(_text(provider).strip().lower())
    if not endpoint:
        if row and row.needs == "endpoint":
            return f"campo contact_form.endpoint: {row.label} ha bisogno del suo indirizzo: {row.needs_what}"
        return None
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"campo contact_form.endpoint: '{value}' non è un indirizzo (comincia con https://)"
    if parts.username is not None or parts.password is not None:
        return ("campo contact_form.endpoint: l'indirizzo contiene un nome utente o una password prima di «@», "
                "e i browser non vi mandano il modulo; scrivilo senza (una chiave va in access_key)")
    return None


def validate_access_key(value: str, provider: str = "") -> str | None:
    """Web3Forms' key: needed by that provider."""
    row = PROVIDERS.get(_text(provider).strip().lower())
    if not _text(value).strip() and row and row.needs == "access_key":
        return f"campo contact_form.access_key: {row.label} ha bisogno della chiave: {row.needs_what}"
    return None


def validate_redirect_field(value: str, provider: str = "") -> str | None:
    """Only for a webhook: the name of a field the form can carry."""
    name, provider = _text(value).strip(), _text(provider).strip().lower()
    if not name:
        return None
    if provider != "webhook":
        return (f"campo contact_form.redirect_field: serve solo al webhook ('{provider or 'nessun servizio'}' "
                "riporta da sé il visitatore al sito); lascialo vuoto")
    if not FIELD_NAME.match(name) or name in RESERVED:
        return (f"campo contact_form.redirect_field: '{value}' non è un nome di campo che il modulo possa "
                "usare; scrivi lettere, cifre, _ o -, e nessuno dei campi del modulo (es. redirect)")
    return None


def validate_newsletter(value: str) -> str | None:
    """true or false (sì or no)."""
    if _text(value).strip().lower() not in YES + NO + ("",):
        return f"campo contact_form.newsletter: '{value}' non è né true né false; scrivi true oppure false"
    return None


def _placeholder(value) -> bool:
    """Whether a value waits for the owner: DA DEFINIRE, or a segnaposto
    file (production.py's one rule)."""
    from .production import is_placeholder_text

    return is_placeholder_text(value)


def validate_regime(value: str) -> str | None:
    """ordinario or forfettario (a DA DEFINIRE placeholder passes, until
    production)."""
    text = _text(value).strip().lower()
    if not _placeholder(value) and text not in REGIMES:
        return (f"campo tax.regime: '{value}' non è un regime; scrivi ordinario (prezzi + IVA) "
                "oppure forfettario (prezzi senza IVA)")
    return None


def validate_rivalsa_inps(value: str) -> str | None:
    """sì or no (a DA DEFINIRE placeholder passes, until production)."""
    text = _text(value).strip().lower()
    if not _placeholder(value) and text not in YES + NO:
        return (f"campo tax.rivalsa_inps: '{value}' non è né sì né no; scrivi sì se aggiungi ai prezzi la "
                "rivalsa INPS del 4%, altrimenti no")
    return None


def validate_team_size(value: str) -> str | None:
    """Not empty: how many people her clients' teams count."""
    return _required("audience.team_size", value, "quante persone lavorano di solito con le tue clienti")


def validate_revenue(value: str) -> str | None:
    """Not empty: her clients' yearly revenue."""
    return _required("audience.revenue", value, "il fatturato annuo delle tue clienti, di solito")


# --- Validation, once ------------------------------------------------------------------

def where(settings: Settings, place: str) -> str:
    """Where a value was read, for a message: the file and its line, or
    the environment variable that set it."""
    source = settings.sources.get(place, settings.file)
    if source.startswith(settings.file):
        return source
    return f"variabile d'ambiente {source} (vale più di {settings.file})"


def problems(settings: Settings, docs_dir: Path | None = None, authors: dict | None = None) -> list[str]:
    """Every value that no build can publish, one line each in Italian:
    `<file>, riga N, campo <field>: what is wrong; what to do` (or the
    environment variable, when that set it). `docs_dir`: also the photo's
    size; `authors`: the blog's authors file, which must hold the owner's
    entry."""
    found = [f"{settings.file}, campo {p}: ha la forma sbagliata; scrivilo come nell'esempio del file"
             for p in settings.not_text]
    found += [f"{where(settings, p)}, campo {p}: non è un campo del file (un errore di battitura?); "
              "correggilo come nei commenti del file, o toglilo" for p in settings.unknown]
    owner, contact = settings.owner, settings.contact
    checks = [
        ("name", validate_name(owner.name)),
        ("role", validate_role(owner.role)),
        ("business_name", validate_business_name(owner.business_name)),
        ("city", validate_city(owner.city)),
        ("email", validate_email(owner.email)),
        ("vat_number", validate_vat_number(owner.vat_number)),
        ("photo", validate_photo(owner.photo, docs_dir)),
        ("about", validate_about(owner.about)),
        ("site_url", validate_site_url(settings.site_url, settings.production)),
        ("booking_link", validate_booking_link(settings.booking_link)),
        ("brand.primary", validate_primary(settings.brand.primary)),
        ("brand.accent", validate_accent(settings.brand.accent)),
        ("contact_form.provider", validate_provider(contact.provider)),
        ("contact_form.endpoint", validate_endpoint(contact.endpoint, contact.provider)),
        ("contact_form.access_key", validate_access_key(contact.access_key, contact.provider)),
        ("contact_form.redirect_field", validate_redirect_field(contact.redirect_field, contact.provider)),
        *settings.refused,
        ("tax.regime", validate_regime(settings.tax["regime"])),
        ("tax.rivalsa_inps", validate_rivalsa_inps(settings.tax["rivalsa_inps"])),
        ("audience.team_size", validate_team_size(settings.audience["team_size"])),
        ("audience.revenue", validate_revenue(settings.audience["revenue"])),
    ]
    for place, problem in checks:
        if problem and place.split(".")[0] not in settings.not_text and place not in settings.not_text:
            found.append(f"{where(settings, place)}, {problem}")
    for n, link in enumerate(settings.social):
        problem = validate_network(link.network) or validate_social_link(link.link, link.network)
        if problem:
            found.append(f"{where(settings, f'social.{n}')}, {problem}")
    if authors is not None and owner.author_id not in authors:
        found.append(f"{settings.docs_dir}/{settings.blog.authors_file}: non c'è l'autore '{owner.author_id}', "
                     "che mkdocs.yml (extra.author_id) indica come la titolare del sito")
    return found


PLACEHOLDER_HOSTS = re.compile(r"(^|\.)(example\.(com|org|net)|localhost)$|^127\.|^\[?::1\]?$")
# The values the file ships that a production build refuses.
SHIPPED = {"name": "Nome Cognome", "city": "Città"}


def _or_variable(settings: Settings, place: str) -> str:
    """" (o la variabile NAME)" for a value read from the file that a host
    may set as a variable instead; "" otherwise."""
    name = ENV.get(place)
    return f" (o la variabile {name})" if name and settings.sources.get(place) != name else ""


def production_problems(settings: Settings) -> list[str]:
    """What only a production build refuses: every value still as the file
    ships it (or marked DA DEFINIRE / segnaposto), a social link to a
    network's home page, no contact provider, an endpoint not over https."""
    found = []

    def refuse(place: str, message: str) -> None:
        """One line naming where `place` was read, its field, and the
        variable a host may set instead."""
        found.append(f"{where(settings, place)}, campo {place}: {message}{_or_variable(settings, place)}")

    url = settings.site_url
    parts = urlsplit(url)
    if PLACEHOLDER_HOSTS.search(parts.hostname or ""):
        refuse("site_url", f"è ancora l'esempio {url}: scrivi l'indirizzo del tuo sito (es. https://www.tuodominio.it/)")
    owner = settings.owner
    for key, shipped in SHIPPED.items():
        if getattr(owner, key).strip() == shipped:
            refuse(key, f"è ancora l'esempio '{shipped}': scrivi il tuo dato")
    if PLACEHOLDER_HOSTS.search(owner.email.rpartition("@")[2].lower()):
        refuse("email", f"è ancora l'esempio '{owner.email}': scrivi il tuo indirizzo e-mail")
    for key in OWNER_KEYS:
        if _placeholder(getattr(owner, key)):
            refuse(key, f"è ancora un segnaposto ('{getattr(owner, key)}'): scrivi il tuo dato")
    if _placeholder(settings.booking_link):
        refuse("booking_link", "è ancora un segnaposto: scrivi l'indirizzo, o lascia il campo vuoto")
    for n, link in enumerate(settings.social):
        if link.link.startswith("http") and not urlsplit(link.link).path.strip("/"):
            variable = f" (o la variabile {LINKEDIN_ENV})" if link.network == "linkedin" and \
                settings.sources.get(f"social.{n}") != LINKEDIN_ENV else ""
            found.append(f"{where(settings, f'social.{n}')}, campo social, link: {link.link} è la pagina "
                         f"principale di {link.label}: scrivi l'indirizzo del tuo profilo (o togli il profilo)"
                         f"{variable}")
    if not settings.contact.provider:
        refuse("contact_form.provider", f"è vuoto: scegli chi riceve i messaggi del modulo ({', '.join(PROVIDERS)}); "
               "senza, i messaggi dei visitatori non arrivano a nessuno")
    endpoint = settings.contact.endpoint
    if endpoint and urlsplit(endpoint).scheme != "https":
        refuse("contact_form.endpoint", f"'{endpoint}' non è https: i messaggi partono solo su https")
    for section, values in (("tax", settings.tax), ("audience", settings.audience)):
        for key, value in values.items():
            if _placeholder(value):
                refuse(f"{section}.{key}", f"è ancora un segnaposto ('{value}'): scrivi il tuo dato")
    return found
