"""Creates a new blog post: `make new-post TITLE="..." [CATEGORY="..."]`.

The post is docs/blog/posts/<slug>.md, where the slug is the title in plain
lowercase ASCII ("Perché delegare è difficile" -> perche-delegare-e-difficile),
dated today, in CATEGORY (or the first of `categories_allowed` in mkdocs.yml),
with the author that docs/blog/.meta.yml gives every post. It is a draft
(`draft: true`): `make serve` shows it, a build leaves it out. Its
description is a placeholder that site_build/posts.py refuses in every
build until it is written. An existing file is never overwritten.

TITLE and CATEGORY come from the command line (--title, --category) or from
the environment, which is how `make` hands them over.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from site_build.posts import PLACEHOLDER  # noqa: E402 - refused in a description by every build but a preview
from site_build.posts import BODY, TEMPLATE, render  # noqa: E402,F401 - a new post's one definition

DESCRIPTION = (f"{PLACEHOLDER} una o due frasi (al massimo 160 caratteri) che dicono "
               "a chi legge e ai motori di ricerca di che cosa parla l'articolo.")


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without acting on its tags (!ENV, !!python/name)."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def slugify(title: str) -> str:
    """The title in lowercase ASCII words joined by hyphens: accents are
    dropped (è -> e), apostrophes separate words (l'OBM -> l-obm)."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\W_]+", " ", text)  # any punctuation, ’ and « » too, separates words
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(text.split())


def blog_settings(root: Path) -> dict:
    """docs_dir, blog_dir and categories_allowed from mkdocs.yml."""
    if not (root / "mkdocs.yml").is_file():
        raise ValueError(f"Non trovo mkdocs.yml in {root}: lancia il comando dalla cartella del sito.")
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader) or {}
    blog = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and ("blog" in plugin or "material/blog" in plugin):
            blog = plugin.get("blog") or plugin.get("material/blog") or {}
    return {
        "docs_dir": config.get("docs_dir") or "docs",
        "blog_dir": blog.get("blog_dir") or "blog",
        "categories": list(blog.get("categories_allowed") or []),
    }


def create(title: str, category: str | None, root: Path = ROOT, today: dt.date | None = None) -> Path:
    """Writes the new post and returns its path; raises ValueError with an
    Italian message for the owner when it cannot."""
    title = " ".join(title.split())
    if not title:
        raise ValueError('Manca il titolo: make new-post TITLE="Il titolo dell\'articolo"')
    slug = slugify(title)
    if not slug:
        raise ValueError(f"Dal titolo «{title}» non si ricava un indirizzo: usa qualche lettera o cifra.")
    settings = blog_settings(root)
    allowed = settings["categories"]
    if category:
        match = [c for c in allowed if c.casefold() == category.strip().casefold()]
        if allowed and not match:
            raise ValueError(f"La categoria «{category}» non esiste. Scegli una di queste: " + "; ".join(allowed))
        category = match[0] if match else category.strip()
    elif allowed:
        category = allowed[0]
    else:
        raise ValueError("mkdocs.yml non elenca categorie (categories_allowed): indica CATEGORY=\"...\"")

    path = root / settings["docs_dir"] / settings["blog_dir"] / "posts" / f"{slug}.md"
    if path.exists():
        raise ValueError(f"Esiste già {path.relative_to(root)}: non lo sovrascrivo. Scegli un altro titolo, "
                         "oppure apri quel file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = render(title, DESCRIPTION, slug, today or dt.date.today(), [category])
    with open(path, "x", encoding="utf-8") as f:  # "x": never over an existing file
        f.write(text)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Crea un nuovo articolo del blog (una bozza).")
    parser.add_argument("--title", default=os.environ.get("TITLE", ""), help="il titolo dell'articolo")
    parser.add_argument("--category", default=os.environ.get("CATEGORY", ""), help="una delle categorie ammesse")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        path = create(args.title, args.category or None, root=args.root)
    except ValueError as e:
        print(f"Errore: {e}", file=sys.stderr)
        return 1
    where = path.relative_to(args.root)
    print(f"Creato {where} (una bozza, visibile solo in anteprima).")
    print("Ora:")
    print(f"  1. apri {where} e scrivi la descrizione al posto di «{PLACEHOLDER} …»;")
    print("  2. scrivi l'articolo e guardalo con: make serve")
    print("  3. per pubblicarlo togli la riga «draft: true» (vedi GUIDA-AUTRICE.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
