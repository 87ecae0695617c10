"""Shortcodes for Markdown pages: ``<!-- md:NAME arguments -->``.

Block shortcodes stand on a line of their own and become HTML:

    <!-- md:tabella-ruoli forma=compatta righe=modo-di-pensare,autonomia -->
    <!-- md:tabella-ruoli forma=breve -->  (the compact rows, two columns, sources in the caption)
    <!-- md:autovalutazione -->
    <!-- md:per-chi-e -->               ("Fa per te se" / "Non fa ancora per te se")
    <!-- md:servizi -->                 (every service in full)
    <!-- md:servizi forma=schede -->    (compact cards)
    <!-- md:fornitori -->               (who receives visitors' data: the contact
                                         form's provider and the host of this build)
    <!-- md:fornitori trasferimenti --> (which of them are outside the EEA)
    <!-- md:clienti -->                 (whom the owner works with)
    <!-- md:prenota -->                 (the link to book the first call, if set)
    <!-- md:processo -->                (how working together starts, data/process.yml)
    <!-- md:testimonianze -->           (clients' words, data/testimonianze.yml; nothing if none)

Inline shortcodes become text wherever they stand:

    Sono <!-- md:titolare nome -->, <!-- md:titolare ruolo --> a <!-- md:titolare citta -->.
    ... con sede a <!-- md:titolare citta --><!-- md:titolare se-partita-iva -->.
    La gestione mensile costa <!-- md:servizio gestione-mensile prezzo -->.

A value from the data files takes the case its place needs: a capital
at the start of a sentence ("Entro due giorni."), a small letter inside
one ("ti rispondo entro due giorni"), so that one value reads right in
every sentence (`fit_case`). A price carries its tax mark (services.Tax).

An unknown shortcode, argument or value raises ``ShortcodeError``: the build
stops, and MkDocs names the page in its message.

Configured in mkdocs.yml::

    markdown_extensions:
      - site_extensions.shortcodes:
          roles_file: data/roles.yml
          assessment_file: data/self-assessment.yml
          services_file: data/services.yml
          owner: {...}            # the identity (data/titolare.yml, filled by the hook)
          contact_form: {...}     # the contact form (data/titolare.yml)
          host: *host            # extra.host

Text taken from the data files gets typographic apostrophes (the pages get
them from the ``smarty`` extension). Links that the shortcodes write point
to pages of docs/ and are made relative to the page being built.
"""

from __future__ import annotations

import re
import shlex
from html import escape

from markdown import Extension
from markdown.preprocessors import Preprocessor

from .errors import ContentError
from .process import ProcessDataError, load_process
from .process import render as render_process
from .processors import recipients, transfers
from .roles import RoleDataError, load_roles, render_short, render_table
from .self_assessment import AssessmentDataError, load_assessment
from .self_assessment import render as render_assessment
from .self_assessment import render_for_whom
from .services import (SERVICES_PAGE, TERMS, ServiceDataError, load_services, render_audience, render_cards,
                       render_full)
from .testimonials import TestimonialDataError, load_testimonials, shown
from .testimonials import render as render_testimonials

MARKER = re.compile(r"<!--\s*md:(?P<name>[\w-]+)(?P<args>.*?)-->")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")

# Owner fields a page may show: shortcode word -> key of the settings' owner
OWNER_FIELDS = {
    "nome": "name",
    "ruolo": "role",
    "citta": "city",
    "email": "email",
    "partita-iva": "vat_number",
    "se-partita-iva": "vat_number",
}
# The field that writes ", partita IVA …" only when a VAT number is set.
OPTIONAL_VAT = "se-partita-iva"

# Service fields a page may show inline: shortcode word -> Service attribute
SERVICE_FIELDS = {
    "nome": "name",
    "prezzo": "price",
    "durata": "duration",
    "durata-minima": "minimum_term",
    "preavviso": "notice_period",
}

# Text before a value that makes it the start of a sentence: nothing (after
# a list marker, a heading's #, a quote's >) or a sentence's end.
BLOCK_START = re.compile(r"^\s*(?:(?:[-*+]|\d+[.)]|>|#{1,6})\s+)*")
SENTENCE_END = re.compile(r"[.!?\u2026][\s*_)\]\u00bb\u201d\"]*$")


def fit_case(value: str, before: str) -> str:
    """`value` with the case of its first letter fitted to its place:
    capital when `before` (the text before it in its paragraph) ends a
    sentence or is empty, small otherwise. A word whose second letter is a
    capital (INPS, DA DEFINIRE) keeps its case."""
    if not value or (len(value) > 1 and value[1].isupper()):
        return value
    start = not BLOCK_START.sub("", before).strip() or SENTENCE_END.search(before)
    return (value[0].upper() if start else value[0].lower()) + value[1:]


class ShortcodeError(ContentError):
    """A shortcode that does not exist or is used wrongly, or bad data
    behind it: the message names the data file and, where known, the line."""


def _parse_args(raw: str, name: str) -> tuple[list[str], dict[str, str]]:
    try:
        tokens = shlex.split(raw)
    except ValueError as e:
        raise ShortcodeError(f"shortcode 'md:{name}': cannot read its arguments ({e})") from None
    positional, named = [], {}
    for token in tokens:
        key, sep, value = token.partition("=")
        if sep:
            named[key] = value
        else:
            positional.append(token)
    return positional, named


class ShortcodePreprocessor(Preprocessor):
    def __init__(self, md, roles_file: str, assessment_file: str, services_file: str, owner: dict,
                 contact_form: dict | None = None, host: object = "",
                 process_file: str = "data/process.yml", testimonials_file: str = "data/testimonianze.yml"):
        super().__init__(md)
        self.process_file = process_file
        self.testimonials_file = testimonials_file
        self.roles_file = roles_file
        self.assessment_file = assessment_file
        self.services_file = services_file
        self.owner = owner or {}
        self.contact_form = contact_form or {}
        self.host = host
        self.anchored_table = False

    def link(self, target: str) -> str:
        """The URL of a page of docs/ (``servizi.md#anchor``) from the page
        being built. MkDocs gives every page's Markdown its own link
        treeprocessor, which knows the page and the site's files; outside
        MkDocs the path is returned as it is."""
        path, _, anchor = target.partition("#")
        relpath = self.md.treeprocessors["relpath"] if "relpath" in self.md.treeprocessors else None
        page = getattr(relpath, "file", None)
        files = getattr(relpath, "files", None)
        if page is None or files is None:
            return target
        dest = files.get_file_from_path(path)
        if dest is None:
            raise ShortcodeError(f"a shortcode links to '{path}', which is not a page of docs/")
        url = dest.url_relative_to(page)
        return url + ("#" + anchor if anchor else "")

    # -- block shortcodes ----------------------------------------------------

    def role_table(self, positional: list[str], named: dict[str, str]) -> str:
        allowed = {"forma", "righe", "titolo"}
        unknown = sorted(set(named) - allowed) + positional
        if unknown:
            raise ShortcodeError(
                f"shortcode 'md:tabella-ruoli': unknown argument(s) {', '.join(unknown)}; "
                f"it takes forma=completa|compatta|breve, righe=id,id,… and titolo=\"…\""
            )
        form = named.get("forma", "completa")
        if form not in ("completa", "compatta", "breve"):
            raise ShortcodeError(
                f"shortcode 'md:tabella-ruoli': forma='{form}' is not 'completa', 'compatta' or 'breve'"
            )
        compact = form in ("compatta", "breve")
        ids = [i.strip() for i in named.get("righe", "").split(",") if i.strip()]
        try:
            rows = load_roles(self.roles_file).select(ids, compact)
        except RoleDataError as e:
            raise ShortcodeError(str(e)) from None
        caption = named.get("titolo") or (
            "In sintesi: assistente virtuale e Online Business Manager"
            if compact else "Assistente virtuale e Online Business Manager a confronto"
        )
        anchors = not compact and not ids and not self.anchored_table
        self.anchored_table |= anchors
        if form == "breve":
            return render_short(rows, caption=named.get("titolo") or "Le differenze in breve")
        return render_table(rows, compact=compact, caption=caption, anchors=anchors)

    def self_assessment(self, positional: list[str], named: dict[str, str]) -> str:
        if positional or named:
            raise ShortcodeError("shortcode 'md:autovalutazione' takes no arguments")
        try:
            roles = load_roles(self.roles_file)
            services = {s.id: s for s in load_services(self.services_file).services}
            return render_assessment(load_assessment(self.assessment_file, roles), roles, self.link, services)
        except (RoleDataError, AssessmentDataError, ServiceDataError) as e:
            raise ShortcodeError(str(e)) from None

    def for_whom(self, positional: list[str], named: dict[str, str]) -> str:
        """The two lists "Fa per te se" and "Non fa ancora per te se", read
        from the self-assessment file, whose quiz checks the same
        conditions."""
        if positional or named:
            raise ShortcodeError("shortcode 'md:per-chi-e' takes no arguments")
        try:
            return render_for_whom(load_assessment(self.assessment_file, load_roles(self.roles_file)), self.link)
        except (RoleDataError, AssessmentDataError) as e:
            raise ShortcodeError(str(e)) from None

    def services(self, positional: list[str], named: dict[str, str]) -> str:
        unknown = sorted(set(named) - {"forma"}) + positional
        if unknown:
            raise ShortcodeError(
                f"shortcode 'md:servizi': unknown argument(s) {', '.join(unknown)}; it takes forma=completa|schede"
            )
        form = named.get("forma", "completa")
        if form not in ("completa", "schede"):
            raise ShortcodeError(f"shortcode 'md:servizi': forma='{form}' is neither 'completa' nor 'schede'")
        try:
            services = load_services(self.services_file).services
        except ServiceDataError as e:
            raise ShortcodeError(str(e)) from None
        tax = load_services(self.services_file).tax
        if form == "schede":
            return render_cards(services, self.link(SERVICES_PAGE), tax)
        return render_full(services, self.link("contatti.md"), tax)

    def audience(self, positional: list[str], named: dict[str, str]) -> str:
        """Whom the owner works with (`audience` in the services file)."""
        if positional or named:
            raise ShortcodeError("shortcode 'md:clienti' takes no arguments")
        try:
            return render_audience(load_services(self.services_file).audience)
        except ServiceDataError as e:
            raise ShortcodeError(str(e)) from None

    def booking(self, positional: list[str], named: dict[str, str]) -> str:
        """The link to book the first call (booking_link in data/titolare.yml, checked
        as an https address by site_build/identity.py), or nothing."""
        if positional or named:
            raise ShortcodeError("shortcode 'md:prenota' takes no arguments")
        link = str(self.owner.get("booking_link") or "").strip()
        if not link:
            return ""
        return (f'<p class="booking"><a class="md-button" href="{escape(link)}">'
                "Prenota la prima chiamata</a></p>")

    def process(self, positional: list[str], named: dict[str, str]) -> str:
        """How working together starts, in numbered steps (data/process.yml)."""
        if positional or named:
            raise ShortcodeError("shortcode 'md:processo' takes no arguments")
        try:
            return render_process(load_process(self.process_file))
        except ProcessDataError as e:
            raise ShortcodeError(str(e)) from None

    def testimonials(self, positional: list[str], named: dict[str, str]) -> str:
        """Clients' words (data/testimonianze.yml) under a heading, or
        nothing while there is none; never one that is still a placeholder."""
        unknown = sorted(set(named) - {"titolo"}) + positional
        if unknown:
            raise ShortcodeError(f"shortcode 'md:testimonianze': unknown argument(s) {', '.join(unknown)}; "
                                 'it takes titolo="…"')
        try:
            found = shown(load_testimonials(self.testimonials_file))
        except TestimonialDataError as e:
            raise ShortcodeError(str(e)) from None
        return render_testimonials(found, self.link, named.get("titolo") or "Che cosa dice chi ha lavorato con me")

    def processors(self, positional: list[str], named: dict[str, str]) -> str:
        """Who receives visitors' data in this build (site_extensions/processors.py)."""
        if named or positional not in ([], ["trasferimenti"]):
            raise ShortcodeError("shortcode 'md:fornitori' takes nothing, or 'trasferimenti'")
        try:
            make = transfers if positional else recipients
            return make(self.contact_form, self.host)
        except ContentError as e:
            raise ShortcodeError(str(e)) from None

    # -- inline shortcodes ---------------------------------------------------

    def owner_field(self, positional: list[str], named: dict[str, str]) -> str:
        if len(positional) != 1 or named or positional[0] not in OWNER_FIELDS:
            raise ShortcodeError(
                "shortcode 'md:titolare' takes one of: " + ", ".join(OWNER_FIELDS)
            )
        key = OWNER_FIELDS[positional[0]]
        value = str(self.owner.get(key) or "").strip()
        if positional[0] == OPTIONAL_VAT:
            # The data controller's VAT number where the footer shows it:
            # ", partita IVA …" when one is set, nothing otherwise.
            return f", partita IVA {self.literal(value)}" if value else ""
        if not value:
            raise ShortcodeError(
                f"shortcode 'md:titolare {positional[0]}': campo {key} is not set in data/titolare.yml"
            )
        if key == "email":
            return f'<a href="mailto:{escape(value)}">{escape(value, quote=False)}</a>'
        return self.literal(value)

    def literal(self, value: str) -> str:
        """`value` as Markdown that shows it as written: its HTML escaped and
        the characters Markdown reads as markup (* _ [ ] ` # ...) taken literally."""
        return "".join("\\" + c if c in self.md.ESCAPED_CHARS else c for c in escape(value, quote=False))

    def service_field(self, positional: list[str], named: dict[str, str]) -> str:
        if len(positional) != 2 or named or positional[1] not in SERVICE_FIELDS:
            raise ShortcodeError(
                "shortcode 'md:servizio' takes a service id and one of: " + ", ".join(SERVICE_FIELDS)
            )
        try:
            services = {s.id: s for s in load_services(self.services_file).services}
        except ServiceDataError as e:
            raise ShortcodeError(str(e)) from None
        if positional[0] not in services:
            raise ShortcodeError(
                f"shortcode 'md:servizio': unknown service '{positional[0]}' "
                f"(known: {', '.join(services)}; see {self.services_file})"
            )
        value = getattr(services[positional[0]], SERVICE_FIELDS[positional[1]])
        if not value:
            raise ShortcodeError(
                f"shortcode 'md:servizio {positional[0]} {positional[1]}': the service has no "
                f"'{SERVICE_FIELDS[positional[1]]}' in {self.services_file}"
            )
        if positional[1] == "prezzo":
            return f"{value} {load_services(self.services_file).tax.mark()}"
        return value

    def term(self, positional: list[str], named: dict[str, str]) -> str:
        if len(positional) != 1 or named or positional[0] not in TERMS:
            raise ShortcodeError("shortcode 'md:condizioni' takes one of: " + ", ".join(TERMS))
        try:
            return load_services(self.services_file).terms[TERMS[positional[0]]]
        except ServiceDataError as e:
            raise ShortcodeError(str(e)) from None

    # -- the pass over the page ----------------------------------------------

    def run(self, lines: list[str]) -> list[str]:
        if not any("md:" in line for line in lines):
            return lines  # no shortcode: every line stays as it is (most posts)
        block = {
            "tabella-ruoli": self.role_table,
            "autovalutazione": self.self_assessment,
            "per-chi-e": self.for_whom,
            "servizi": self.services,
            "fornitori": self.processors,
            "clienti": self.audience,
            "prenota": self.booking,
            "processo": self.process,
            "testimonianze": self.testimonials,
        }
        inline = {"titolare": self.owner_field, "servizio": self.service_field, "condizioni": self.term}
        # Values that are words of a sentence (not names): their case fits their place.
        fitted = {"servizio", "condizioni"}
        out, fence, previous = [], None, ""
        for line in lines:
            paragraph, previous = (previous + " " if previous.strip() and line.strip() else ""), line
            opening = FENCE.match(line)
            if fence:
                if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                    fence = None
                out.append(line)
                continue
            if opening:
                fence = opening.group(1)
                out.append(line)
                continue
            if "md:" not in line:
                out.append(line)
                continue

            whole = MARKER.fullmatch(line.strip())
            if whole and whole["name"] in block:
                html = block[whole["name"]](*_parse_args(whole["args"], whole["name"]))
                # As a raw HTML block (not a stash placeholder), so that
                # MkDocs sees its ids and validates links to them.
                out += ["", *html.split("\n"), ""]
                continue

            def replace(match: re.Match) -> str:
                name = match["name"]
                if name in inline:
                    positional, named = _parse_args(match["args"], name)
                    value = inline[name](positional, named)
                    if name in fitted and positional[-1:] != ["nome"]:
                        value = fit_case(value, paragraph + line[:match.start()])
                    return value
                if name in block:
                    raise ShortcodeError(f"shortcode 'md:{name}' must stand on a line of its own")
                raise ShortcodeError(
                    f"unknown shortcode 'md:{name}'; known: {', '.join(sorted(block | inline))}"
                )

            out.append(MARKER.sub(replace, line))
        return out


class ShortcodeExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "roles_file": ["data/roles.yml", "Path of the role data file, from the project folder"],
            "assessment_file": ["data/self-assessment.yml", "Path of the self-assessment data file"],
            "services_file": ["data/services.yml", "Path of the services data file"],
            "owner": [{}, "The site owner's identity (data/titolare.yml, handed over by the hook)"],
            "contact_form": [{}, "The contact form's provider (data/titolare.yml, handed over by the hook)"],
            "host": ["", "The host the site is published on (extra.host in mkdocs.yml)"],
            "process_file": ["data/process.yml", "Path of the data file of how working together starts"],
            "testimonials_file": ["data/testimonianze.yml", "Path of the testimonials data file"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Before the raw-HTML pass (priority 20), which would hide the comments.
        md.preprocessors.register(
            ShortcodePreprocessor(
                md,
                self.getConfig("roles_file"),
                self.getConfig("assessment_file"),
                self.getConfig("services_file"),
                self.getConfig("owner"),
                self.getConfig("contact_form"),
                self.getConfig("host"),
                self.getConfig("process_file"),
                self.getConfig("testimonials_file"),
            ),
            "site_shortcodes",
            25,
        )


def makeExtension(**kwargs):
    return ShortcodeExtension(**kwargs)
