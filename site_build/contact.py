"""The contact form as the template renders it: where a form posts, how,
in which format, which honeypot field and which hidden fields, what
counts as the provider's confirmation (all from the provider's row of
site_build/settings.py's PROVIDERS, the one table), and how long each
field may be. The form template (overrides/partials/contact-form.html)
renders what `form()` returns, the headers step allows `origin()`, and the
form's script reads the format from the form's `data-format`, the
provider's rule for success from `data-success` and each field's limits
from its `minlength` and `data-max-length`.

`contact_form` in data/titolare.yml sets it (README.md, "Connecting the
contact form"); without a provider the form is in demo mode and sends
nothing (a production build refuses that: site_build/production.py).
"""

from __future__ import annotations

import json

from .project import Project

PAGE_VALUES = ("full", False)
# The e-mail's subject of a message, for the providers that send one and
# for the e-mail the form offers when sending fails.
SUBJECT = "Nuovo messaggio dal sito"
REPLY_SUBJECT = "Risposta all'articolo: {title}"

# The visitor's fields: (least, most) characters. The script shows the
# error as soon as a field holds more than it may (a paste included), and
# never cuts a text short; the page says the message's limits.
LIMITS = {
    "name": (1, 200),
    "email": (1, 254),
    "business": (0, 200),
    "message": (10, 5000),
}
# The last choice of "Di che cosa hai bisogno?", after the services' names.
NOT_SURE = "Non lo so ancora"


def page_problems(project: Project) -> list[str]:
    """Pages whose `contact_form` front matter is neither `full` nor false."""
    docs = project.docs_dir.name
    return [f"{docs}/{src}: contact_form: {page.meta['contact_form']!r} is not valid; "
            "use 'full' (the whole form) or false (no form)"
            for src, page in project.pages.items()
            if "contact_form" in page.meta and page.meta["contact_form"] not in PAGE_VALUES]


def origin(project: Project) -> str | None:
    """The other site the form posts to (https://host), if any."""
    return project.settings.contact.origin


def form(project: Project, variant: str, title: str = "", url: str = "") -> dict:
    """What the template needs for one form: `variant` is "full" (the
    contact page) or "reply" (the end of a post, whose `title` and `url`
    the message carries). The provider's row of settings.PROVIDERS says
    its format, honeypot, hidden fields and rule for success."""
    contact = project.settings.contact
    row = contact.table
    reply = variant == "reply"
    thanks = project.site_url + "grazie/"
    subject = REPLY_SUBJECT.format(title=title) if reply else SUBJECT
    form_name = contact.reply_form_name if reply else contact.form_name
    values = {"form_name": form_name, "subject": subject, "thanks": thanks, "access_key": contact.access_key,
              "site_name": str(project.config.get("site_name") or "")}
    # Without JavaScript the form posts itself: does the visitor then end on
    # the site's thank-you page (or the provider's own, which leads back)?
    # A webhook sends them back only when its receiver answers the native
    # POST with a redirect to the address in `redirect_field`; otherwise the
    # form needs its script to send, and says so to a visitor without it.
    hidden: list[tuple[str, str]] = []
    native = row is not None
    for name, what in contact.fields:
        if what == "redirect_field":
            if contact.redirect_field:
                hidden.append((contact.redirect_field, thanks))
            else:
                native = False
        else:
            hidden.append((name, values[what]))
    return {
        "variant": variant, "reply": reply, "id": "cf-" + variant, "provider": contact.provider,
        "action": contact.url or None,  # None: the site's own thank-you page (grazie/)
        "method": "post" if row else "get", "format": row.format if row else "demo",
        "trap": contact.honeypot, "trap_type": row.honeypot_type if row else "text",
        "hidden": hidden, "native": native or row is None,
        "success": json.dumps(contact.success, sort_keys=True, separators=(",", ":")),
        "limits": LIMITS,
        "netlify_name": form_name if contact.provider == "netlify" else None,
        "newsletter": contact.newsletter and not reply,
        "page_title": title, "page_url": url, "subject": subject,
        "owner_email": project.settings.owner.email,
        "needs": [] if reply else needs(project),
    }


def needs(project: Project) -> list[dict[str, str]]:
    """The choices of "Di che cosa hai bisogno?": every service's name (its
    id lets a link preselect it, `#servizio=<id>`), then NOT_SURE."""
    from site_extensions.services import load_services

    services = load_services(str(project.root / project.services_file)).services
    return [{"id": s.id, "name": s.name} for s in services] + [{"id": "", "name": NOT_SURE}]
