"""Who handles a visitor's data for the owner, in this build: the contact
form's provider (`contact_form.provider` in data/titolare.yml) and the site's host
(`extra.host`), each with what its own pages state: company, country and
privacy policy. The privacy page (docs/privacy.md) names them through the
`md:fornitori` shortcode (site_extensions/shortcodes.py); nothing else
writes these facts.

Only what a provider publishes about itself goes in the tables. Where a
fact is not certain it is None, and the page says less (it never guesses a
country). When a provider changes, check its row against its own pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from .errors import ContentError


@dataclass(frozen=True)
class Processor:
    """A company that handles data for the owner, as the page names it."""

    name: str  # the service's name
    company: str | None  # its legal name, when its pages state it
    country: str | None  # where it is established (in Italian), when stated
    outside_eea: bool | None  # established outside the European Economic Area; None: not known here
    privacy: str  # its privacy policy (its own site when the policy's address is not certain)


# The contact form's providers (their behaviour is site_build/settings.py's
# PROVIDERS, the one table; here only what each states about itself). A
# webhook's receiver is whatever the owner connected: the page names the
# host of its endpoint and nothing more.
CONTACT = {
    "formspree": Processor("Formspree", "Formspree, Inc.", "Stati Uniti", True,
                           "https://formspree.io/legal/privacy-policy/"),
    "netlify": Processor("Netlify Forms", "Netlify, Inc.", "Stati Uniti", True, "https://www.netlify.com/privacy/"),
    "web3forms": Processor("Web3Forms", None, None, None, "https://web3forms.com/"),
}

# The hosts the site can be published on, by the names `extra.host`
# (SITE_HOST) takes.
HOSTS = {
    "netlify": Processor("Netlify", "Netlify, Inc.", "Stati Uniti", True, "https://www.netlify.com/privacy/"),
    "cloudflare-pages": Processor("Cloudflare Pages", "Cloudflare, Inc.", "Stati Uniti", True,
                            "https://www.cloudflare.com/privacypolicy/"),
    "github-pages": Processor("GitHub Pages", "GitHub, Inc.", "Stati Uniti", True,
                        "https://docs.github.com/en/site-policy/privacy-policies/github-general-privacy-statement"),
}

WHERE = "mkdocs.yml extra.host"
# "in <country>" as Italian says it.
LOCATIVE = {"Stati Uniti": "negli Stati Uniti"}


def host(host_name: object, provider: str) -> Processor | None:
    """The host the build names (`extra.host`, SITE_HOST), or None when it
    is not set. Netlify Forms works only on Netlify, so that provider names
    its host. An unknown name stops the build."""
    value = str(host_name or "").strip().lower()
    if not value:
        return HOSTS["netlify"] if provider == "netlify" else None
    if value not in HOSTS:
        raise ContentError(f"{WHERE} '{value}' is unknown; set SITE_HOST to one of {', '.join(HOSTS)} "
                           "(or leave it empty)")
    return HOSTS[value]


def contact(settings: dict | None) -> tuple[str, Processor | None]:
    """The contact form's provider name (empty in demo mode) and what the
    page can say of it (None: a webhook, named by its endpoint's host)."""
    provider = str((settings or {}).get("provider") or "").strip().lower()
    return provider, CONTACT.get(provider)


def _who(processor: Processor) -> str:
    """'<strong>Name</strong> (Company, Country)' with what is known."""
    details = ", ".join(escape(x) for x in (processor.company, processor.country) if x)
    return f"<strong>{escape(processor.name)}</strong>" + (f" ({details})" if details else "")


def _policy(processor: Processor) -> str:
    label = "informativa sulla privacy" if "privac" in processor.privacy else "sito"
    return f'<a href="{escape(processor.privacy)}">{label} di {escape(processor.name)}</a>'


def recipients(settings: dict | None, host_name: object) -> str:
    """The list of the privacy page's recipients, as HTML."""
    provider, form = contact(settings)
    items = []
    if not provider:
        items.append("il <strong>servizio di invio del modulo di contatto</strong>, quando sarà collegato: "
                     "per ora il modulo non invia nulla;")
    elif form:
        items.append(f"{_who(form)}, il servizio che riceve i messaggi del modulo di contatto e li inoltra "
                     f"alla mia casella di posta ({_policy(form)});")
    else:
        endpoint = urlsplit(str((settings or {}).get("endpoint") or "")).hostname or ""
        items.append("il <strong>servizio che riceve i messaggi del modulo di contatto</strong> all’indirizzo "
                     f"<code>{escape(endpoint)}</code> e li inoltra alla mia casella di posta;")
    site_host = host(host_name, provider)
    if site_host:
        items.append(f"{_who(site_host)}, che ospita il sito e ne conserva i file di log ({_policy(site_host)});")
    else:
        items.append("il <strong>fornitore di hosting</strong>, che ospita il sito e conserva i file di log;")
    items.append("il <strong>fornitore del servizio di posta elettronica</strong> che utilizzo, presso il quale "
                 "è conservata la corrispondenza.")
    return "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"


def transfers(settings: dict | None, host_name: object) -> str:
    """The privacy page's sentence on transfers outside the European
    Economic Area for this build's providers, as HTML."""
    provider, form = contact(settings)
    named = [p for p in (form, host(host_name, provider)) if p]
    abroad = [p for p in dict.fromkeys(named) if p.outside_eea]
    if abroad:
        names = " e ".join(f"<strong>{escape(p.name)}</strong>" for p in abroad)
        places = sorted({LOCATIVE.get(p.country, f"in {p.country}") for p in abroad if p.country})
        verb, treat = ("hanno", "trattano") if len(abroad) > 1 else ("ha", "tratta")
        text = (f"{names} {verb} sede {' e '.join(places)}, fuori dallo Spazio economico europeo: i dati che "
                f"{treat} per questo sito possono quindi essere trasferiti e trattati fuori dallo Spazio "
                "economico europeo.")
    else:
        text = "Alcuni dati potrebbero essere trattati su server situati fuori dallo Spazio economico europeo."
    unknown = [p.name for p in named if p.outside_eea is None]
    if unknown or (provider and not form):
        text += (" Per sapere dove tratta i dati il servizio che riceve i messaggi del modulo, puoi scrivermi "
                 "all’indirizzo indicato sopra.")
    return f"<p>{text}</p>"
