"""What a production build (PRODUCTION=true) refuses, in one module: the
rules over the content, which the checks run before the generator
(checks.py), and the pipeline's step over the output (`run`: no page may
hold a contact form in demo mode). The owner's settings' placeholders are
site_build/settings.py's (`production_problems`), each naming its field.

A placeholder is any of:
- any data value that contains `DA DEFINIRE` (prices, terms: what only the
  owner can decide) or names a file whose name contains `segnaposto` (the
  placeholder photo);
- a page whose front matter says `segnaposto: true` (an illustrative
  example that waits for a real one), or whose text contains `DA DEFINIRE`;
- a page or data file that speaks of a partita IVA while none is set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from site_extensions.errors import ContentError

from . import html
from .project import Project

MARKER = "DA DEFINIRE"
FILE_MARKER = "segnaposto"
# Text that says the owner works with a partita IVA (refused while none is set).
VAT_CLAIM = re.compile(r"\bpartita\s+iva\b|\bp\.\s?iva\b", re.I)
# Fenced code and inline code: a page may show the marker as an example.
CODE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$|`[^`\n]+`", re.S | re.M)

# A contact form the build left in demo mode (templates: the form's
# `data-format` when no provider is configured).
DEMO_FORM = '[data-format="demo"]'


def is_placeholder_text(value) -> bool:
    """Whether a value is a placeholder: DA DEFINIRE, or a file named segnaposto."""
    return isinstance(value, str) and (MARKER in value.upper() or FILE_MARKER in value.lower())


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
                if not line.lstrip().startswith("#") and is_placeholder_text(line):
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
    return [f"{path}, line {number}: the text speaks of a partita IVA, but none is set: set vat_number "
            "in data/titolare.yml (or OWNER_VAT_NUMBER), or change the text"
            for number, line in enumerate(text.splitlines(), 1)
            if VAT_CLAIM.search(line) and (markdown or not line.lstrip().startswith("#"))]


def tax_problems(path: str, regime: str, vat_number: str) -> list[str]:
    """A tax regime set (prices "+ IVA" or under the regime forfettario:
    invoiced with a partita IVA) while no partita IVA is set."""
    if not regime or str(vat_number or "").strip():
        return []
    return [f"{path}: tax.regime is '{regime}': every price is invoiced with a partita IVA, which is "
            "not set: set vat_number in data/titolare.yml (or OWNER_VAT_NUMBER)"]


def read(build, output, page: html.Page) -> None:
    """The page reader of this step (pipeline.READERS): notes a page with a
    demo form."""
    if build.project.production and page.has(DEMO_FORM):
        build.demo_pages.add(output.path.relative_to(build.site).as_posix())


def run(project: Project, site: Path, demo: set[str] | None = None) -> None:
    """Stops a production build whose pages hold a demo form; `demo`: the
    pages the reader found (else every page of `site` is read)."""
    if not project.production:
        return
    if demo is None:
        demo = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
                if html.parse(p.read_text(encoding="utf-8")).has(DEMO_FORM)}
    if demo:
        raise ContentError("A production build produced a contact form in demo mode in: "
                           + ", ".join(sorted(demo)) + "; set the contact form's provider (contact_form.provider in "
                           "data/titolare.yml, or CONTACT_PROVIDER; README.md, \"Connecting the contact form\")")


def message(problems: list[str]) -> str:
    return (
        "This production build would publish placeholders or a form that sends nowhere. "
        "Fix each of these (README.md, \"Before publishing\"):\n  - " + "\n  - ".join(problems)
    )
