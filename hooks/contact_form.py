"""Checks the contact form's configuration (`extra.contact_form` in mkdocs.yml).

The form itself is a template (overrides/partials/contact-form.html, placed
by overrides/partials/comments.html); this hook only refuses configurations
that would lose visitors' messages:

- an unknown provider, or a provider without the endpoint / key it needs;
- a production build (`extra.production`, set by PRODUCTION=true) with no
  provider, or with an endpoint that is not https;
- a page whose `contact_form` front matter is not `full` or `false`.

A local build without configuration renders the form in demo mode.
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


def _truthy(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings = config.extra.get("contact_form") or {}
    provider = str(settings.get("provider") or "").strip().lower()
    production = _truthy(config.extra.get("production", False))
    where = "mkdocs.yml extra.contact_form"

    if not provider:
        if production:
            raise PluginError(
                f"{where}: a production build needs a contact form provider "
                f"(set CONTACT_PROVIDER to one of {', '.join(PROVIDERS)}); "
                "without one, visitors' messages would go nowhere"
            )
        return config  # demo mode
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
        if production and parts.scheme != "https":
            raise PluginError(
                f"{where}.endpoint '{endpoint}' is not https: a production build "
                "sends visitors' messages only over https"
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
