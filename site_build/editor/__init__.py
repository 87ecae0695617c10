"""The owner's editor at /admin/ (Decap CMS), written into the built site.

Site step `write` (after every step that reads the pages or the stylesheets,
before the size limit and the headers: site_build/pipeline.py) copies the
editor from node_modules (npm `decap-cms`; no CDN, it works offline) into
site/admin/ with:

- config.yml, the editor's configuration, made here from the project: the
  posts' folder and allowed categories from mkdocs.yml's blog plugin, a new
  post's template from site_build/posts.py (`make new-post` and the editor
  share it: formati.json), the data files the build reads, and field rules
  that mirror the build's checks where a rule can say them;
- formati.js, the file formats that change only what the owner changed
  (Decap's own would write every data file again without its comments), and
  the `yaml` library it reads the files with (npm `yaml`, Decap's own);
- index.html, which loads them: the only page that does. `noindex` keeps it
  out of search engines; it is no page of the generator's, so no sitemap,
  feed, search index or page step ever sees it.

The editor needs what the public pages never get: 'unsafe-eval' (its
configuration is checked with compiled validators) and inline styles (its
components style themselves at run time). `headers_rules` gives /admin/* a
policy of its own; site_build/headers.py leaves the folder out of the
public policy's hashes and checks.

Where the editor saves (the `backend`): on the owner's machine, `make
editor` runs decap-server on 127.0.0.1:8081, which writes into the project
folder (`local_backend`); on a host, the GitHub repository through an OAuth
sign-in (README.md, "Editing in the browser").
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from site_extensions.errors import ContentError

from .. import settings
from ..files import publish_copy
from ..log import log
from .. import posts, production
from ..outputs import EDITOR_FOLDER
from ..posts import DESCRIPTION_MAX, PLACEHOLDER
from ..project import Project

HERE = Path(__file__).resolve().parent
FOLDER = EDITOR_FOLDER  # /admin/
# The editor's own files: the bundle, the parts it loads on demand, and the
# WebAssembly it may load.
DECAP_FILES = re.compile(r"^(decap-cms\.js|\d+\.decap-cms\.js|[0-9a-f]+\.wasm)$")
# decap-server's address: `make editor` starts it on 127.0.0.1, at EDITOR_PORT.
LOCAL_PORT_VARIABLE = "EDITOR_PORT"


def local_backend() -> str:
    """The local back end's API address."""
    port = os.environ.get(LOCAL_PORT_VARIABLE, "").strip() or "8081"
    if not port.isdigit():
        raise ContentError(f"{LOCAL_PORT_VARIABLE}={port!r} is not a port number (e.g. 8081)")
    return f"http://127.0.0.1:{port}/api/v1"
# The media the owner uploads: inside docs/, where the build reads pictures
# (a post's `image` and the photos are paths relative to docs/).
MEDIA = "assets/images"

# Field rules (JavaScript regular expressions) mirroring the build's checks
# (site_build/settings.py: the same expressions where it has one; the VAT
# check digit and the colours' contrast no field rule can say, the build
# and `make configura` check them).
EMAIL = rf"^(?:{settings.EMAIL.pattern})$"
HTTPS = r"^https://[^\s/\"'<>`]+\.[^\s\"'<>`]+$"
HTTPS_OR_EMPTY = rf"^(?:{HTTPS[1:-1]})?$"
VAT = rf"^(?:{settings.VAT_NUMBER.pattern})?$"
COLOUR = settings.HEX.pattern
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
QUOTE_MAX = 400
NETWORKS = list(settings.NETWORKS)
PROVIDERS = ["", *settings.PROVIDERS]


def _string(name: str, label: str, required: bool = True, hint: str = "", pattern: tuple[str, str] | None = None,
            widget: str = "string", default: str | None = None) -> dict:
    """One text field of the editor."""
    field: dict = {"name": name, "label": label, "widget": widget, "required": required}
    if hint:
        field["hint"] = hint
    if pattern:
        field["pattern"] = list(pattern)
    if default is not None:
        field["default"] = default
    return field


def _one_of(words) -> str:
    """A rule for one of `words`, in any case, or a placeholder (DA DEFINIRE
    …), which only a production build refuses."""
    choices = "|".join(re.escape(w) for w in words)
    return rf"^(?:(?:{choices})|[\s\S]*{production.MARKER}[\s\S]*)$"


def _date(name: str, label: str, required: bool = True) -> dict:
    """A day, written YYYY-MM-DD as the build reads it."""
    return {"name": name, "label": label, "widget": "datetime", "required": required, "format": "YYYY-MM-DD",
            "date_format": "DD/MM/YYYY", "time_format": False, "picker_utc": True}


def _list(name: str, label: str, required: bool = True, hint: str = "") -> dict:
    """A list of short texts, one a line."""
    field = {"name": name, "label": label, "widget": "list", "required": required}
    if hint:
        field["hint"] = hint
    return field


def _description(required: bool = True) -> dict:
    """The description of a page or post: what the build checks (site_build/posts.py)."""
    return _string("description", f"Descrizione (al massimo {DESCRIPTION_MAX} caratteri)", required,
                   hint=f"Una o due frasi che dicono di che cosa parla la pagina: compaiono nei risultati di ricerca "
                        f"e nelle anteprime dei link. Al massimo {DESCRIPTION_MAX} caratteri.",
                   pattern=(rf"^(?![\s\S]*{PLACEHOLDER})[\s\S]{{1,{DESCRIPTION_MAX}}}$",
                            f"Al massimo {DESCRIPTION_MAX} caratteri, e senza «{PLACEHOLDER}»"),
                   widget="descrizione")  # formati.js: a text field with a counter


def _body(default: str | None = None) -> dict:
    field = {"name": "body", "label": "Testo", "widget": "markdown", "modes": ["raw", "rich_text"],
             "sanitize_preview": True,
             "hint": "Le righe come <!-- more --> o <!-- md:servizi --> sono istruzioni per il sito: lasciale come sono."}
    if default is not None:
        field["default"] = default
    return field


def posts_collection(project: Project) -> dict:
    """The blog's posts: the fields `make new-post` writes, in its order."""
    categories = [str(c) for c in project.blog.get("categories_allowed") or []]
    folder = f"{project.docs_dir.relative_to(project.root).as_posix()}/{project.posts_dir}"
    return {
        "name": "articoli", "label": "Articoli", "label_singular": "articolo", "folder": folder, "create": True,
        "extension": "md", "format": "articolo", "slug": "{{fields.slug}}", "identifier_field": "title",
        "summary": "{{title}} ({{date.created}})", "sortable_fields": ["title", "date.created"],
        "media_folder": f"/{project.docs_dir.relative_to(project.root).as_posix()}/{MEDIA}", "public_folder": MEDIA,
        "fields": [
            _string("title", "Titolo"),
            _description(),
            {"name": "slug", "label": "Indirizzo", "widget": "hidden", "required": False, "default": ""},
            {"name": "date", "label": "Data", "widget": "object", "collapsed": False,
             "fields": [{**_date("created", "Data di pubblicazione"), "default": "{{now}}"}]},
            {"name": "categories", "label": "Categorie", "widget": "select", "multiple": True, "min": 1,
             "options": categories, "default": categories[:1]},
            _list("tags", "Parole chiave", required=False, hint="Separate da virgole, per esempio: delega, procedure"),
            {"name": "draft", "label": "Bozza (visibile solo in anteprima)", "widget": "boolean", "default": True,
             "required": False},
            {"name": "image", "label": "Immagine di copertina", "widget": "image", "required": False,
             "choose_url": False, "hint": "Facoltativa: l'immagine delle anteprime del link e della copertina."},
            _string("image_alt", "Descrizione dell'immagine", required=False,
                    hint="Obbligatoria se c'è un'immagine: poche parole su che cosa mostra (la pubblicazione si "
                         "ferma senza)."),
            _body(posts.BODY),
        ],
    }


def pages_collection(project: Project) -> dict:
    """The pages she writes herself: who she is, the FAQ."""
    docs = project.docs_dir.relative_to(project.root).as_posix()
    pages = [("chi-sono", "Chi sono", "chi-sono.md"), ("faq", "Domande frequenti", "faq.md")]
    return {
        "name": "pagine", "label": "Pagine", "format": "pagina", "extension": "md",
        "media_folder": f"/{docs}/{MEDIA}", "public_folder": MEDIA,
        "files": [{"name": name, "label": label, "file": f"{docs}/{src}",
                   "fields": [_string("title", "Titolo"), _description(), _body()]}
                  for name, label, src in pages if (project.docs_dir / src).is_file()],
    }


def _data_file(name: str, label: str, path: str, fields: list[dict]) -> dict:
    """A collection of one data file, with a format of its own (formati.js)."""
    return {"name": name, "label": label, "format": f"dati-{name}", "extension": "yml", "editor": {"preview": False},
            "files": [{"name": name, "label": label, "file": path, "fields": fields}]}


def services_collection(project: Project) -> dict:
    """data/services.yml (site_extensions/services.py reads it)."""
    service = [
        _string("id", "Identificativo", pattern=(SLUG, "Minuscole, cifre e trattini (es. check-up-operativo)"),
                hint="L'indirizzo del servizio nella pagina: se lo cambi, cambia i link."),
        _string("name", "Nome"),
        _string("summary", "In una riga"),
        _string("purpose", "A che cosa serve", widget="text"),
        _list("deliverables", "Che cosa riceve la cliente"),
        _string("duration", "Durata"),
        _list("client_provides", "Che cosa serve dalla cliente"),
        _string("pricing", "Come si paga", widget="text"),
        _string("price", "Prezzo", hint="Solo l'importo (es. 1.200 €): la nota su IVA e INPS la scrive il sito."),
        _string("minimum_term", "Durata minima", required=False),
        _string("notice_period", "Preavviso", required=False),
    ]
    terms = {"name": "terms", "label": "Condizioni", "widget": "object", "fields": [
        _string("first_call", "Prima chiamata", hint="Quanto dura e se è gratuita"),
        _string("reply_time", "Tempi di risposta", hint="Come completa «ti rispondo …» (es. entro due giorni lavorativi)"),
    ]}
    return _data_file("servizi", "Servizi e prezzi", project.services_file, [
        terms,
        {"name": "services", "label": "Servizi", "label_singular": "servizio", "widget": "list", "min": 3, "max": 5,
         "summary": "{{fields.name}}", "fields": service},
    ])


def testimonials_collection(project: Project) -> dict:
    """data/testimonianze.yml (site_extensions/testimonials.py reads it)."""
    path = project.shortcode_file("testimonials_file", "data/testimonianze.yml")
    return _data_file("testimonianze", "Testimonianze", path, [
        {"name": "testimonials", "label": "Testimonianze", "label_singular": "testimonianza", "widget": "list",
         "required": False, "summary": "{{fields.name}}, {{fields.city}}", "fields": [
             _string("quote", f"Le sue parole (al massimo {QUOTE_MAX} caratteri)", widget="text",
                     pattern=(rf"^[\s\S]{{1,{QUOTE_MAX}}}$", f"Al massimo {QUOTE_MAX} caratteri")),
             _string("name", "Nome o iniziali", hint="Es. Giulia R."),
             _string("business", "Attività", hint="Es. studio di grafica"),
             _string("city", "Città"),
             _date("consent_date", "Data del permesso a pubblicarla"),
             {"name": "photo", "label": "Foto (solo con il suo permesso)", "widget": "image", "required": False,
              "choose_url": False},
         ]},
    ])


def settings_collection(project: Project) -> dict:
    """data/titolare.yml, the owner's settings, in its own order."""
    return _data_file("titolare", "Impostazioni", "data/titolare.yml", [
        _string("name", "Nome e cognome"),
        _string("role", "Ruolo"),
        _string("business_name", "Ditta o società", required=False),
        _string("city", "Città"),
        _string("email", "E-mail", pattern=(EMAIL, "Un indirizzo e-mail, es. nome@dominio.it")),
        _string("vat_number", "Partita IVA", required=False, pattern=(VAT, "11 cifre, senza spazi né IT")),
        {"name": "photo", "label": "La tua foto", "widget": "image", "required": False, "choose_url": False,
         "hint": "Quadrata, di almeno 400×400 pixel."},
        _string("about", "Una riga su di te", required=False),
        _string("site_url", "Indirizzo del sito", pattern=(HTTPS, "Un indirizzo che comincia con https://")),
        _string("booking_link", "Pagina per prenotare una chiamata", required=False,
                pattern=(HTTPS_OR_EMPTY, "Un indirizzo che comincia con https://, oppure vuoto")),
        {"name": "brand", "label": "Colori", "widget": "object", "fields": [
            _string("primary", "Colore principale", pattern=(COLOUR, "Un colore #rrggbb, es. #1f5561"),
                    hint="Il testo bianco ci sta sopra: serve un contrasto di almeno 4,5:1 (il sito lo controlla)."),
            _string("accent", "Colore di evidenza", pattern=(COLOUR, "Un colore #rrggbb, es. #b04a22")),
        ]},
        {"name": "social", "label": "Profili social", "label_singular": "profilo", "widget": "list", "required": False,
         "summary": "{{fields.network}}", "fields": [
             {"name": "network", "label": "Social", "widget": "select", "options": NETWORKS},
             _string("link", "Indirizzo del tuo profilo", pattern=(HTTPS, "Un indirizzo che comincia con https://")),
         ]},
        {"name": "contact_form", "label": "Modulo di contatto", "widget": "object", "collapsed": True, "fields": [
            {"name": "provider", "label": "Chi riceve i messaggi", "widget": "select", "required": False,
             "options": [{"label": p or "nessuno (prova)", "value": p} for p in PROVIDERS]},
            _string("endpoint", "Indirizzo del modulo", required=False,
                    pattern=(HTTPS_OR_EMPTY, "Un indirizzo che comincia con https://, oppure vuoto")),
            _string("access_key", "Chiave (web3forms)", required=False),
            _string("redirect_field", "Campo della pagina di ringraziamento (webhook)", required=False),
            {"name": "newsletter", "label": "Casella per la newsletter", "widget": "boolean", "required": False},
        ]},
        {"name": "tax", "label": "Regime fiscale", "widget": "object", "fields": [
            _string("regime", "Regime", pattern=(_one_of(settings.REGIMES), " oppure ".join(settings.REGIMES))),
            _string("rivalsa_inps", "Rivalsa INPS del 4%", pattern=(_one_of(settings.YES + settings.NO), "sì oppure no")),
        ]},
        {"name": "audience", "label": "Con chi lavori", "widget": "object", "fields": [
            _string("team_size", "Quante persone lavorano con le tue clienti"),
            _string("revenue", "Il loro fatturato annuo"),
        ]},
    ])


# A GitHub repository as the editor's back end names it: owner/name.
REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
# Where a host's build says the repository, in the order they are read.
REPOSITORY_SOURCES = (("EDITOR_REPO", "EDITOR_REPO"), ("GITHUB_REPOSITORY", "GITHUB_REPOSITORY, set by GitHub Actions"),
                      ("REPOSITORY_URL", "REPOSITORY_URL, set by Netlify's build"))
# What a build that does not know the repository writes in config.yml (a
# preview saves through decap-server, which needs none).
NO_REPOSITORY = "utente/sito"


def repository(project: Project) -> tuple[str, str]:
    """The GitHub repository the editor saves to on a host (owner/name) and
    what says so: `extra.editor.repo` in mkdocs.yml, EDITOR_REPO, or what
    the host's build sets (GitHub Actions' GITHUB_REPOSITORY, Netlify's
    REPOSITORY_URL). ("", "") when nothing does (Cloudflare Pages' build
    does not say it)."""
    configured = str((project.extra.get("editor") or {}).get("repo") or "").strip()
    if configured:
        return configured, "mkdocs.yml extra.editor.repo"
    for variable, where in REPOSITORY_SOURCES:
        value = os.environ.get(variable, "").strip()
        if value and variable == "REPOSITORY_URL":  # https://github.com/o/n, or git@github.com:o/n.git
            value = "/".join(re.split(r"[/:]", value.rstrip("/").removesuffix(".git"))[-2:])
        if value:
            return value, where
    return "", ""


def problems(project: Project) -> list[str]:
    """In every build: a repository that is not GitHub's owner/name (the
    owner's saves would go nowhere)."""
    repo, where = repository(project)
    if repo and not REPOSITORY.match(repo):
        return [f"{where}: '{repo}' is not a GitHub repository: write it as owner/name, for example "
                "giulia-rossi/sito (the editor at /admin/ saves there)"]
    return []


def production_problems(project: Project) -> list[str]:
    """A production build must know where the editor saves: on Cloudflare
    Pages, or a build outside the hosts' own, nothing says it."""
    if repository(project)[0]:
        return []
    return ["EDITOR_REPO: the editor at /admin/ does not know the GitHub repository it saves to: set EDITOR_REPO "
            "to owner/name (for example giulia-rossi/sito) in the host's build variables; GitHub Actions and "
            "Netlify tell it themselves"]


def backend(project: Project) -> dict:
    """Where the editor saves on a host: the GitHub repository
    (`repository`), signed in through the host's OAuth: Netlify's own
    provider, a Cloudflare Pages function of this project
    (functions/api/), or EDITOR_AUTH_URL (README.md, "Editing in the
    browser")."""
    from ..hosting import target

    settings = project.extra.get("editor") or {}
    found: dict = {"name": "github", "repo": repository(project)[0] or NO_REPOSITORY,
                   "branch": str(settings.get("branch") or "main"), "squash_merges": True}
    auth = str(settings.get("auth_url") or os.environ.get("EDITOR_AUTH_URL") or "")
    host, _why = target(project)
    if not auth and host == "cloudflare-pages" and project.site_url:
        auth = project.site_url
    if auth:
        found["base_url"] = auth.rstrip("/")
        found["auth_endpoint"] = "api/auth"
    return found


def config(project: Project) -> dict:
    """The editor's configuration (admin/config.yml)."""
    site_url = project.site_url or None
    return {
        "locale": "it",
        "backend": backend(project),
        "local_backend": {"url": local_backend(), "allowed_hosts": ["127.0.0.1", "localhost"]},
        "publish_mode": "simple",
        "media_folder": f"{project.docs_dir.relative_to(project.root).as_posix()}/{MEDIA}",
        "public_folder": MEDIA,
        **({"site_url": site_url, "display_url": site_url} if site_url else {}),
        "collections": [posts_collection(project), pages_collection(project), services_collection(project),
                        testimonials_collection(project), settings_collection(project)],
    }


def formats(project: Project) -> dict:
    """What formati.js needs from the build: a new post's template and the
    data files' format names."""
    if "{{" in posts.TEMPLATE or "}}" in posts.TEMPLATE:
        raise ContentError("site_build/posts.py TEMPLATE: only {name} placeholders, no doubled braces "
                           "(formati.js fills it with a plain replacement)")
    names = [c["format"] for c in config(project)["collections"] if c["format"].startswith("dati-")]
    return {"post": {"template": posts.TEMPLATE, "body": posts.BODY}, "data_formats": names,
            "description_max": DESCRIPTION_MAX}


# The head of both pages /admin/ can be: the editor, or what to set.
HEAD = """<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Modifica il sito</title>
<link rel="icon" href="data:,">
"""
PAGE = HEAD + """<script src="avvio.js"></script>
<script src="decap-cms.js"></script>
<script type="module" src="editor.js"></script>
</head>
<body>
<noscript>L'editor del sito ha bisogno di JavaScript.</noscript>
</body>
</html>
"""


# /admin/ on a GitHub Pages build with no sign-in (EDITOR_AUTH_URL): a page
# that says what to set, in place of a sign-in button that cannot work.
NOT_CONNECTED = HEAD + """<style>:root{color-scheme:light dark}body{font:1.0625rem/1.6 system-ui,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem}</style>
</head>
<body>
<main>
<h1>L’editor non è ancora collegato</h1>
<p>Su GitHub Pages l’editor nel browser ha bisogno di un servizio di accesso
che GitHub Pages non offre. Per collegarlo, nel progetto su GitHub apri
Settings → Secrets and variables → Actions → Variables, aggiungi
<code>EDITOR_AUTH_URL</code> con l’indirizzo del servizio di accesso e
ripubblica il sito: la guida per l’autrice, al punto 10, spiega i passi.</p>
<p>Intanto puoi modificare il sito sul tuo computer, con <code>make editor</code>.</p>
<p><a href="../">Torna al sito</a></p>
</main>
</body>
</html>
"""


def connected(project: Project) -> bool:
    """Whether the published editor can sign in: everywhere but on a
    GitHub Pages build with no sign-in address (`backend`'s `base_url`),
    which has no OAuth of its own. Netlify's provider and Cloudflare's
    functions are set up on the host, where the build cannot see them."""
    from ..hosting import target

    return target(project)[0] != "github-pages" or "base_url" in backend(project)


def policy(project: Project) -> str:
    """/admin/*'s own Content-Security-Policy: what Decap needs, nothing
    more ('unsafe-eval' and inline styles, blob: and data: previews of the
    pictures it uploads), and where it saves: the local back end, GitHub's
    API and the sign-in address."""
    cfg = backend(project)
    connect = ["'self'", local_backend().removesuffix("/api/v1"), "https://api.github.com"]
    if cfg.get("base_url"):
        origin = urlsplit(cfg["base_url"])
        connect.append(f"{origin.scheme}://{origin.netloc}")
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", "'unsafe-eval'"]),
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("img-src", ["'self'", "data:", "blob:", "https://avatars.githubusercontent.com",
                     "https://raw.githubusercontent.com"]),
        ("font-src", ["'self'", "data:"]),
        ("connect-src", connect),
        ("frame-src", ["'self'", "blob:"]),
        ("worker-src", ["'self'", "blob:"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def headers_rules(project: Project) -> str:
    """The `_headers` block for /admin/*: its own policy, noindex, no
    framing, no caching of a configuration that changes with every deploy.
    Netlify gives a path the last matching rule's value of a header, so this
    block (after the site's /*) replaces the public policy there; Cloudflare
    Pages joins the values of every matching rule, so the block first
    detaches the public one (`! Content-Security-Policy`)."""
    from ..hosting import target

    host, _why = target(project)
    lines = ["", f"/{FOLDER}/*"]
    if host != "netlify":  # Netlify reads no "!" line; it takes the last rule's value
        lines.append("  ! Content-Security-Policy")
    lines += [f"  Content-Security-Policy: {policy(project)}", "  X-Robots-Tag: noindex", "  Cache-Control: no-cache"]
    return "\n".join(lines) + "\n"


def _copy(source: Path, target: Path) -> int:
    """`source` published at `target` (files.publish_copy) unless the same
    file is there already (the preview writes again only what changed); its
    size."""
    size = source.stat().st_size
    if not (target.exists() and target.stat().st_size == size and target.stat().st_mtime >= source.stat().st_mtime):
        target.parent.mkdir(parents=True, exist_ok=True)
        publish_copy(source, target)
    return size


def packages(project: Project) -> Path | None:
    """The node_modules folder that holds the editor: the project's own
    (`npm ci`, which Netlify and Cloudflare Pages run by themselves when
    they find package.json), else the one next to the Python environment
    the build runs in (a copy of the project built with the project's
    tools, as the tests do); None when neither has it."""
    for folder in (project.root / "node_modules", Path(sys.prefix).resolve().parent / "node_modules"):
        if (folder / "decap-cms/dist/decap-cms.js").is_file() and (folder / "yaml/browser/dist/index.js").is_file():
            return folder
    return None


def _with_policy(project: Project, page: str) -> str:
    """`page` with /admin/'s policy in a meta element on a host that reads
    no `_headers` (GitHub Pages), as it is otherwise."""
    from ..hosting import meta_policy

    if not meta_policy(project):
        return page
    return page.replace('<meta charset="utf-8">\n',
                        f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{policy(project)}">\n')


def write(project: Project, site: Path) -> int:
    """Writes site/admin/ and returns the bytes it holds. Without a way to
    sign in (`connected`), a page that says what to set; without the
    editor's npm packages, a production build stops with what to run (the
    owner would lose her editor on the next deploy), and any other build
    leaves the editor out and says so."""
    out = site / FOLDER
    if not connected(project):
        out.mkdir(parents=True, exist_ok=True)
        (out / "index.html").write_text(_with_policy(project, NOT_CONNECTED), encoding="utf-8")
        log.info("the editor at /%s/ left out: a GitHub Pages build needs EDITOR_AUTH_URL to sign in "
                 "(README.md, \"Editing in the browser\"); the page says so", FOLDER)
        return (out / "index.html").stat().st_size
    found = packages(project)
    if found is None:
        if project.production:
            raise ContentError(f"The editor at /{FOLDER}/ needs its npm packages (node_modules/decap-cms is "
                               "missing): run `npm ci` in the project folder before `make production`")
        log.info("the editor at /%s/ left out: its npm packages are not installed (npm ci)", FOLDER)
        return 0
    decap, yaml_lib = found / "decap-cms/dist", found / "yaml/browser/dist"
    out.mkdir(parents=True, exist_ok=True)
    for source in decap.iterdir():
        if DECAP_FILES.match(source.name):
            _copy(source, out / source.name)
    for source in yaml_lib.glob("*.js"):
        _copy(source, out / "yaml" / source.name)
    for name in ("formati.js", "editor.js", "avvio.js"):
        _copy(HERE / name, out / name)
    texts = {
        "index.html": _with_policy(project, PAGE),
        "config.yml": "# The editor's configuration, written by site_build/editor: do not edit, rebuild instead.\n"
                      + yaml.safe_dump(config(project), allow_unicode=True, sort_keys=False, width=1000),
        "formati.json": json.dumps(formats(project), ensure_ascii=False, indent=1) + "\n",
    }
    for name, text in texts.items():
        target = out / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    log.info("the editor at /%s/: %d files, %d bytes", FOLDER, sum(1 for p in out.rglob("*") if p.is_file()), size)
    return size
