"""The host a build targets, and what works there: the one home for
"which contact providers work on which host" and "does the host read
site/_headers".

The host comes from, in this order:

1. `extra.host` in mkdocs.yml (SITE_HOST): netlify, cloudflare-pages or
   github-pages;
2. the host's own build environment: Netlify sets NETLIFY=true in every
   build, Cloudflare Pages sets CF_PAGES=1;
3. CSP_META=true (`extra.security.csp_meta`): the policy goes into the
   pages because the host reads no `_headers` file, which is what the
   GitHub Pages workflow (.github/workflows/deploy.yml) sets.

Without any of them (a build on the owner's machine) the build targets no
host in particular, and nothing here is refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from site_extensions.errors import ContentError, truthy

from .project import Project
from .settings import PROVIDERS
from .settings import where as read_from

WHERE = "mkdocs.yml extra.host"


@dataclass(frozen=True)
class Host:
    name: str           # as the owner reads it
    headers_file: bool  # reads site/_headers (and site/_redirects)


HOSTS = {
    "netlify": Host("Netlify", headers_file=True),
    "cloudflare-pages": Host("Cloudflare Pages", headers_file=True),
    "github-pages": Host("GitHub Pages", headers_file=False),
}



def target(project: Project) -> tuple[str | None, str]:
    """The host the build targets (a key of HOSTS, or None) and what says
    so, for messages ("SITE_HOST", "NETLIFY=true"...). An unknown
    `extra.host` stops the build."""
    explicit = str(project.extra.get("host") or "").strip().lower()
    if explicit:
        if explicit not in HOSTS:
            raise ContentError(f"{WHERE} '{explicit}' is unknown; set SITE_HOST to one of {', '.join(HOSTS)} "
                               "(or leave it empty)")
        return explicit, f"SITE_HOST={explicit}"
    if os.environ.get("NETLIFY", "").strip().lower() == "true":
        return "netlify", "NETLIFY=true, set by Netlify's build"
    if os.environ.get("CF_PAGES", "").strip() == "1":
        return "cloudflare-pages", "CF_PAGES=1, set by Cloudflare Pages' build"
    if _csp_meta(project):
        return "github-pages", "CSP_META=true"
    return None, ""


def production_problems(project: Project) -> list[str]:
    """A production build must know its host: the privacy page names it,
    and what works there is checked (`problems`). The three hosts' builds
    say so themselves (NETLIFY, CF_PAGES, the GitHub Pages workflow's
    CSP_META); anywhere else, SITE_HOST."""
    try:
        host, _why = target(project)
    except ContentError:
        return []  # `problems` names an unknown host, in every build
    if host is not None:
        return []
    return [f"{WHERE}: a production build needs to know the host the site is published on (the privacy page "
            f"names it, and what works there is checked): set SITE_HOST to one of {', '.join(HOSTS)}; the "
            "builds of Netlify and Cloudflare Pages, and the GitHub Pages workflow, tell it themselves"]


def hand_over(project: Project, generator_config) -> None:
    """Give the shortcodes (the privacy page names the host) the host this
    build targets, as `target` finds it, in a generator's own reading of
    mkdocs.yml (MkDocs' config, Zensical's dict): `extra.host` alone would
    miss a host known from its build's environment."""
    shortcodes = (generator_config.get("mdx_configs") or {}).get("site_extensions.shortcodes")
    if isinstance(shortcodes, dict):
        shortcodes["host"] = target(project)[0] or ""


def _csp_meta(project: Project) -> bool:
    return truthy((project.extra.get("security") or {}).get("csp_meta", False))


def meta_policy(project: Project) -> bool:
    """Whether the Content-Security-Policy goes into every page (a host that
    reads no `_headers`) instead of into site/_headers."""
    host, _why = target(project)
    return _csp_meta(project) or (host is not None and not HOSTS[host].headers_file)


def problems(project: Project) -> list[str]:
    """Settings that cannot work on the host the build targets: a contact
    provider the host cannot receive, a policy in the pages of a host that
    reads `_headers`. One line each, saying what to do."""
    try:
        host, why = target(project)
    except ContentError as e:
        return [str(e)]
    if host is None:
        return []
    found = []
    # Which provider works on which host is the provider table's (settings.PROVIDERS).
    contact = project.settings.contact
    row = contact.table
    if row is not None and host not in row.hosts:
        others = ", ".join(p for p, r in PROVIDERS.items() if host in r.hosts)
        where = " or ".join(HOSTS[h].name for h in sorted(row.hosts))
        found.append(
            f"{read_from(project.settings, 'contact_form.provider')}, campo contact_form.provider: "
            f"'{contact.provider}' non può funzionare su "
            f"{HOSTS[host].name} (la build è per quello: {why}): riceve messaggi solo su {where}; scegli uno "
            f"tra {others} (o CONTACT_PROVIDER; README.md, \"Connecting the contact form\")"
        )
    if HOSTS[host].headers_file and _csp_meta(project):
        found.append(
            f"mkdocs.yml extra.security.csp_meta: CSP_META=true, but {HOSTS[host].name} (the build targets it: "
            f"{why}) reads site/_headers, which then is not written (no HSTS, no frame ban, no caching "
            "rules); unset CSP_META"
        )
    return found
