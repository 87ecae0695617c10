"""What a production build refuses: everything the site ships as a
placeholder until the owner replaces it, and a contact form that would send
nowhere. ``problems`` returns them all, each naming the value and where to
set it, so that the owner reads one message and fixes everything at once.

A placeholder is any of:
- the values mkdocs.yml ships (`SHIPPED`): the example address, the name
  "Nome Cognome", the city "Città", an e-mail at example.com, a social
  link to a network's home page instead of the owner's profile;
- any configuration or data value that contains `DA DEFINIRE` (prices,
  terms: what only the owner can decide) or names a file whose name
  contains `segnaposto` (the placeholder photo);
- a page whose front matter says `segnaposto: true` (an illustrative
  example that waits for a real one), or whose text contains `DA DEFINIRE`.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

MARKER = "DA DEFINIRE"
FILE_MARKER = "segnaposto"
PLACEHOLDER_HOSTS = re.compile(r"(^|\.)(example\.(com|org|net)|localhost)$|^127\.|^\[?::1\]?$")
# Shipped values of extra.owner: key -> (placeholder, environment variable)
SHIPPED = {
    "name": ("Nome Cognome", "OWNER_NAME"),
    "city": ("Città", "OWNER_CITY"),
}
ENV_OF = {"name": "OWNER_NAME", "city": "OWNER_CITY", "email": "OWNER_EMAIL",
          "vat_number": "OWNER_VAT_NUMBER", "photo": "OWNER_PHOTO"}
# Text that says the owner works with a partita IVA (refused while none is set).
VAT_CLAIM = re.compile(r"\bpartita\s+iva\b|\bp\.\s?iva\b", re.I)
# Fenced code and inline code: a page may show the marker as an example.
CODE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$|`[^`\n]+`", re.S | re.M)


def _is_placeholder_text(value) -> bool:
    return isinstance(value, str) and (MARKER in value.upper() or FILE_MARKER in value.lower())


def config_problems(site_url: str | None, extra: dict) -> list[str]:
    """Placeholders in mkdocs.yml (site_url and `extra`), and a contact form
    that a production build cannot publish."""
    found = []
    url = (site_url or "").strip()
    parts = urlsplit(url)
    if not url:
        found.append("site_url is not set: set SITE_URL to the site's address, e.g. https://www.tuodominio.it/")
    elif PLACEHOLDER_HOSTS.search(parts.hostname or ""):
        found.append(f"site_url is the placeholder {url}: set SITE_URL to the site's address "
                     "(e.g. https://www.tuodominio.it/)")
    elif parts.scheme != "https":
        found.append(f"site_url {url} is not https: set SITE_URL to the https address of the site")

    owner = extra.get("owner") or {}
    for key, (shipped, env) in SHIPPED.items():
        if str(owner.get(key) or "").strip() == shipped:
            found.append(f"extra.owner.{key} is still the placeholder '{shipped}': set {env} "
                         f"(or extra.owner.{key} in mkdocs.yml)")
    email = str(owner.get("email") or "")
    if PLACEHOLDER_HOSTS.search(email.rpartition("@")[2].lower()):
        found.append(f"extra.owner.email is still the placeholder '{email}': set OWNER_EMAIL "
                     "(or extra.owner.email in mkdocs.yml)")
    for key, value in owner.items():
        if _is_placeholder_text(value):
            env = ENV_OF.get(key)
            how = f"set {env} (or extra.owner.{key} in mkdocs.yml)" if env else f"set extra.owner.{key} in mkdocs.yml"
            found.append(f"extra.owner.{key} is still a placeholder ('{value}'): {how}")

    for n, link in enumerate(extra.get("social") or [], 1):
        target = str((link or {}).get("link") or "")
        path = urlsplit(target).path.strip("/")
        if target.startswith("http") and not path:
            name = (link or {}).get("name") or target
            found.append(f"extra.social: the {name} link goes to {target}, the network's home page: "
                         "put the address of the owner's profile there (or remove the link)")

    form = extra.get("contact_form") or {}
    provider = str(form.get("provider") or "").strip().lower()
    if not provider:
        found.append("extra.contact_form: a production build needs a contact form provider (set "
                     "CONTACT_PROVIDER: formspree, netlify, web3forms or webhook); without one, "
                     "visitors' messages would go nowhere")
    endpoint = str(form.get("endpoint") or "").strip()
    if endpoint and urlsplit(endpoint).scheme != "https":
        found.append(f"extra.contact_form.endpoint '{endpoint}' is not https: a production build sends "
                     "visitors' messages only over https")
    return found


def data_problems(data_dir: str, shown_as: str = "data", skip: tuple[str, ...] = ()) -> list[str]:
    """Every line of the data files (data/*.yml) that still holds a
    placeholder, but those of the files in `skip` (the settings file,
    whose fields site_build/settings.py names)."""
    found = []
    if not os.path.isdir(data_dir):
        return found
    for name in sorted(os.listdir(data_dir)):
        if not name.endswith((".yml", ".yaml")) or name in skip:
            continue
        with open(os.path.join(data_dir, name), encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.lstrip().startswith("#") and _is_placeholder_text(line):
                    found.append(f"{shown_as}/{name}, line {number}: still a placeholder "
                                 f"({line.strip()[:80]}): write the real value")
    return found


def page_problems(path: str, text: str, meta: dict) -> list[str]:
    """A page that is an illustrative placeholder, or whose text still has one."""
    found = []
    if meta.get("segnaposto"):
        found.append(f"{path}: the page is marked 'segnaposto: true' (an illustrative example): "
                     "replace it with a real one and remove that line, or move the page out of docs/")
    blanked = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for number, line in enumerate(blanked.splitlines(), 1):
        if MARKER in line.upper():
            found.append(f"{path}, line {number}: the text still says '{MARKER}': write the real value")
    return found


def vat_claim_problems(path: str, text: str, vat_number: str, markdown: bool = True) -> list[str]:
    """Every line of a page or data file (`text`, shown as `path`) that
    speaks of the owner's partita IVA while none is set (`vat_number`
    empty: a wrong one is refused in every build, site_build/identity.py).
    `markdown`: a page, whose code may show the words as an example; else
    a YAML file, whose comments are not published."""
    if str(vat_number or "").strip():
        return []
    if markdown:
        text = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return [f"{path}, line {number}: the text speaks of a partita IVA, but none is set: set OWNER_VAT_NUMBER "
            "(or extra.owner.vat_number in mkdocs.yml), or change the text"
            for number, line in enumerate(text.splitlines(), 1)
            if VAT_CLAIM.search(line) and (markdown or not line.lstrip().startswith("#"))]


def tax_problems(path: str, regime: str, vat_number: str) -> list[str]:
    """A tax regime set (prices "+ IVA" or under the regime forfettario:
    invoiced with a partita IVA) while no partita IVA is set."""
    if not regime or str(vat_number or "").strip():
        return []
    return [f"{path}: tax.regime is '{regime}': every price is invoiced with a partita IVA, which is "
            "not set: set OWNER_VAT_NUMBER (or extra.owner.vat_number in mkdocs.yml)"]


def message(problems: list[str]) -> str:
    return (
        "This production build would publish placeholders or a form that sends nowhere. "
        "Fix each of these (README.md, \"Before publishing\"):\n  - " + "\n  - ".join(problems)
    )
