"""Checks the contact form's configuration (`extra.contact_form` in mkdocs.yml).

The form itself is a template (overrides/partials/contact-form.html, placed
by overrides/partials/comments.html); this hook only refuses configurations
that would lose visitors' messages:

- an unknown provider, or a provider without the endpoint / key it needs;
- an endpoint that is not a URL, or that carries a user name or password
  (`https://user:secret@host/`): browsers refuse to send there, and the
  security policy cannot name it;
- a page whose `contact_form` front matter is not `full` or `false`.

A local build without configuration renders the form in demo mode; a
production build without a provider, or with an endpoint that is not https,
is refused by hooks/production.py together with every other placeholder.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

PROVIDERS = {
    # provider: (the setting it needs, what it is)
    "formspree": ("endpoint", "the form's endpoint, https://formspree.io/f/<form id>"),
    "netlify": (None, None),
    "web3forms": ("access_key", "the access key Web3Forms sent by e-mail"),
    "webhook": ("endpoint", "the https URL that receives a JSON POST"),
}
PAGE_VALUES = ("full", False)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings = config.extra.get("contact_form") or {}
    provider = str(settings.get("provider") or "").strip().lower()
    where = "mkdocs.yml extra.contact_form"

    if not provider:
        return config  # demo mode (refused in production by hooks/production.py)
    if provider not in PROVIDERS:
        raise PluginError(f"{where}.provider '{provider}' is unknown; use one of {', '.join(PROVIDERS)}")

    needed, what = PROVIDERS[provider]
    if needed and not str(settings.get(needed) or "").strip():
        raise PluginError(f"{where}: provider '{provider}' needs {needed}: {what}")

    endpoint = str(settings.get("endpoint") or "").strip()
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PluginError(f"{where}.endpoint '{endpoint}' is not a URL")
        if parts.username is not None or parts.password is not None:
            raise PluginError(
                f"{where}.endpoint carries a user name or password before '@': browsers will not "
                "send the form there; use the endpoint address without them (a key goes in "
                "access_key, or in the webhook's own settings)"
            )
    settings["provider"] = provider
    return config


def on_page_markdown(markdown: str, page: Page, **kwargs) -> str:
    value = page.meta.get("contact_form", None)
    if value is not None and value not in PAGE_VALUES:
        raise PluginError(
            f"{page.file.src_uri}: contact_form: {value!r} is not valid; "
            "use 'full' (the whole form) or false (no form)"
        )
    return markdown
