"""The contact form's provider, resolved once: where a form posts, how, in
which format, which honeypot field and which hidden fields the provider
expects. The form template (overrides/partials/contact-form.html) renders
what `form()` returns, the headers step allows `origin()`, and the form's
script reads the format from the form's `data-format`.

`extra.contact_form` in mkdocs.yml sets it (README.md, "Connecting the
contact form"); without a provider the form is in demo mode and sends
nothing (a production build refuses that: site_extensions/production.py).
"""

from __future__ import annotations

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
    return {
        "variant": variant, "reply": reply, "id": "cf-" + variant, "provider": provider,
        "action": action,  # None: the site's own thank-you page (grazie/)
        "method": method, "format": fmt, "trap": trap, "hidden": hidden,
        "netlify_name": netlify_name if provider == "netlify" else None,
        "newsletter": bool(cf.get("newsletter")) and not reply,
        "page_title": title, "page_url": url,
    }
