"""The contact form's provider, resolved once: where a form posts, how, in
which format, which honeypot field and which hidden fields the provider
expects, what counts as the provider's confirmation, and how long each
field may be. The form template (overrides/partials/contact-form.html)
renders what `form()` returns, the headers step allows `origin()`, and the
form's script reads the format from the form's `data-format`, the
provider's rule for success from `data-success` and each field's limits
from its `minlength` and `data-max-length`.

`extra.contact_form` in mkdocs.yml sets it (README.md, "Connecting the
contact form"); without a provider the form is in demo mode and sends
nothing (a production build refuses that: site_build/production.py).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from site_extensions.errors import ContentError

from .project import Project

WHERE = "mkdocs.yml extra.contact_form"
# provider: (the setting it needs, what it is, format, honeypot field)
PROVIDERS = {
    "formspree": ("endpoint", "the form's endpoint, https://formspree.io/f/<form id>", "form", "_gotcha"),
    "netlify": (None, None, "form", "bot-field"),
    "web3forms": ("access_key", "the access key Web3Forms sent by e-mail", "json", "botcheck"),
    "webhook": ("endpoint", "the https URL that receives a JSON POST", "json", "_honeypot"),
}
WEB3FORMS_ENDPOINT = "https://api.web3forms.com/submit"
PAGE_VALUES = ("full", False)

# What each provider's answer to a request sent by the form's script
# (`Accept: application/json`) must be to count as "the message arrived";
# anything else keeps the draft and tells the visitor it did not. Every
# rule first needs a 2xx status. Then, on the answer read as a JSON object:
# `require`, keys that must hold these values (no JSON object: refused);
# `refuse`, keys that must not; `refuse_keys`, keys that must be absent or
# empty. contact-form.js applies the rule it finds in the form's
# `data-success`.
# - Formspree: an error answer carries `errors` (a list), a success `ok: true`
#   (its own client library, @formspree/core, reads `errors`);
# - Netlify Forms: the status alone (its AJAX example checks `response.ok`);
# - Web3Forms: `success: true` in the JSON answer (it may answer 200 with
#   `success: false`);
# - a webhook: the status, unless its JSON answer says otherwise.
SUCCESS = {
    "formspree": {"refuse": {"ok": False}, "refuse_keys": ["errors", "error"]},
    "netlify": {},
    "web3forms": {"require": {"success": True}},
    "webhook": {"refuse": {"ok": False, "success": False}, "refuse_keys": ["error", "errors"]},
}

# The visitor's fields: (least, most) characters. The script shows the
# error as soon as a field holds more than it may (a paste included), and
# never cuts a text short; the page says the message's limits.
LIMITS = {
    "name": (1, 200),
    "email": (1, 254),
    "business": (0, 200),
    "message": (10, 5000),
}
# A name the form's own fields, or the providers', already use.
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
# The last choice of "Di che cosa hai bisogno?", after the services' names.
NOT_SURE = "Non lo so ancora"
RESERVED = {"name", "email", "business", "need", "message", "newsletter", "message_id", "page_title",
            "page_url", "_honeypot", "_gotcha", "botcheck", "bot-field", "form-name"}


def settings(project: Project) -> dict:
    """`extra.contact_form`, checked: an unknown provider, a provider
    without the endpoint or key it needs, an endpoint that is not a URL or
    carries a user name or password stop the build with what to fix."""
    found = dict(project.extra.get("contact_form") or {})
    provider = str(found.get("provider") or "").strip().lower()
    found["provider"] = provider
    if not provider:
        return found  # demo mode
    if provider not in PROVIDERS:
        raise ContentError(f"{WHERE}.provider '{provider}' is unknown; use one of {', '.join(PROVIDERS)}")
    needed, what, _format, _trap = PROVIDERS[provider]
    if needed and not str(found.get(needed) or "").strip():
        raise ContentError(f"{WHERE}: provider '{provider}' needs {needed}: {what}")
    field = str(found.get("redirect_field") or "").strip()
    found["redirect_field"] = field
    if field and provider != "webhook":
        raise ContentError(f"{WHERE}.redirect_field is for the webhook provider only ('{provider}' sends "
                           "visitors back by itself); remove it (CONTACT_REDIRECT_FIELD)")
    if field and (not FIELD_NAME.match(field) or field in RESERVED):
        raise ContentError(f"{WHERE}.redirect_field '{field}' is not a field name the form can carry; use "
                           "letters, digits, '_' or '-', and none of the form's own fields (e.g. redirect)")
    endpoint = str(found.get("endpoint") or "").strip()
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ContentError(f"{WHERE}.endpoint '{endpoint}' is not a URL")
        if parts.username is not None or parts.password is not None:
            raise ContentError(
                f"{WHERE}.endpoint carries a user name or password before '@': browsers will not "
                "send the form there; use the endpoint address without them (a key goes in "
                "access_key, or in the webhook's own settings)"
            )
    return found


def page_problems(project: Project) -> list[str]:
    """Pages whose `contact_form` front matter is neither `full` nor false."""
    docs = project.docs_dir.name
    return [f"{docs}/{src}: contact_form: {page.meta['contact_form']!r} is not valid; "
            "use 'full' (the whole form) or false (no form)"
            for src, page in project.pages.items()
            if "contact_form" in page.meta and page.meta["contact_form"] not in PAGE_VALUES]


def _endpoint(cf: dict) -> str:
    if cf["provider"] == "web3forms":
        return str(cf.get("endpoint") or "").strip() or WEB3FORMS_ENDPOINT
    return str(cf.get("endpoint") or "").strip()


def origin(project: Project) -> str | None:
    """The other site the form posts to (https://host), if any."""
    cf = settings(project)
    if not cf["provider"]:
        return None
    parts = urlsplit(_endpoint(cf))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def form(project: Project, variant: str, title: str = "", url: str = "") -> dict:
    """What the template needs for one form: `variant` is "full" (the
    contact page) or "reply" (the end of a post, whose `title` and `url`
    the message carries)."""
    cf = settings(project)
    provider = cf["provider"]
    reply = variant == "reply"
    thanks = project.site_url + "grazie/"
    subject = f"Risposta all'articolo: {title}" if reply else "Nuovo messaggio dal sito"
    netlify_name = (cf.get("reply_form_name") or "risposte-articoli") if reply else (cf.get("form_name") or "contatti")
    hidden: list[tuple[str, str]] = []
    # Without JavaScript the form posts itself: does the visitor then end on
    # the site's thank-you page (or the provider's own, which leads back)?
    # A webhook sends them back only when its receiver answers the native
    # POST with a redirect to the address in `redirect_field`; otherwise the
    # form needs its script to send, and says so to a visitor without it.
    native = True
    if not provider:
        action, method, fmt, trap = None, "get", "demo", "_honeypot"
    else:
        _needed, _what, fmt, trap = PROVIDERS[provider]
        action, method = (None if provider == "netlify" else _endpoint(cf)), "post"
        if provider == "netlify":
            hidden.append(("form-name", netlify_name))
        elif provider == "formspree":
            hidden += [("_subject", subject), ("_next", thanks)]
        elif provider == "web3forms":
            hidden += [("access_key", str(cf.get("access_key") or "")), ("subject", subject),
                       ("from_name", str(project.config.get("site_name") or "")), ("redirect", thanks)]
        elif cf.get("redirect_field"):
            hidden.append((cf["redirect_field"], thanks))
        else:
            native = False
    return {
        "variant": variant, "reply": reply, "id": "cf-" + variant, "provider": provider,
        "action": action,  # None: the site's own thank-you page (grazie/)
        "method": method, "format": fmt, "trap": trap, "hidden": hidden, "native": native,
        "success": json.dumps(SUCCESS.get(provider, {}), sort_keys=True, separators=(",", ":")),
        "limits": LIMITS,
        "netlify_name": netlify_name if provider == "netlify" else None,
        "newsletter": bool(cf.get("newsletter")) and not reply,
        "page_title": title, "page_url": url,
        "needs": [] if reply else needs(project),
    }


def needs(project: Project) -> list[dict[str, str]]:
    """The choices of "Di che cosa hai bisogno?": every service's name (its
    id lets a link preselect it, `#servizio=<id>`), then NOT_SURE."""
    from site_extensions.services import load_services

    services = load_services(str(project.root / project.services_file)).services
    return [{"id": s.id, "name": s.name} for s in services] + [{"id": "", "name": NOT_SURE}]
