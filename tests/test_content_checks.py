"""Bad content stops the build with a message a writer understands, and a
production build is right or refused. The checks are called directly for
each case (site_extensions/content_checks.py, production.py); a scratch
build per kind of mistake shows that the build really stops, with one or two
lines naming the file and no traceback."""

from __future__ import annotations

import re

import pytest

from support.project import ROOT, build, copy_project
from site_extensions.content_checks import Allowances, front_matter, page_problems, resolve, security_allowances
from site_extensions.errors import ContentError
from site_build.production import data_problems, page_problems as placeholder_problems
from site_build.settings import load as load_settings, production_problems

# -- front matter ---------------------------------------------------------------


def test_front_matter_is_read():
    assert front_matter("---\ntitle: FAQ\nfaq: true\n---\n# FAQ\n", "docs/faq.md") == {"title": "FAQ", "faq": True}
    assert front_matter("# Senza scheda\n", "docs/x.md") == {}


@pytest.mark.parametrize("text, line, words", [
    ('---\ntitle: "Domande frequenti\ndescription: x\n---\n# FAQ\n', None, "check the quotes"),
    ("---\ntitle: Contatti\n  description: rientro sbagliato\n---\n", 3, "the front matter cannot be read"),
    ("---\ntitle: Contatti\n\n# Contatti\n", 1, "never closed"),
    ("---\n- una\n- lista\n---\n", 2, "lines of 'name: value'"),
    ("---\ndate: 2026-13-45\n---\n", None, "a date in the front matter is not valid"),
])
def test_broken_front_matter_names_file_and_line(text, line, words):
    with pytest.raises(ContentError) as error:
        front_matter(text, "docs/faq.md")
    message = str(error.value)
    assert message.startswith("docs/faq.md") and words in message
    if line:
        assert message.startswith(f"docs/faq.md, line {line}:"), message
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.build
def test_a_page_with_broken_front_matter_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    faq = project / "docs/faq.md"
    faq.write_text(faq.read_text(encoding="utf-8").replace("title: ", 'title: "', 1), encoding="utf-8")
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0, "the build published broken front matter as text"
    assert "docs/faq.md, line" in output and "check the quotes" in output
    assert "Traceback" not in output


# -- page content ---------------------------------------------------------------

FILES = {"assets/images/foto.webp", "assets/images/schema.svg", "blog/pubblicato/index.html"}
UNPUBLISHED = {"blog/bozza/": "docs/blog/posts/bozza.md"}


def problems(html, page_url="blog/articolo/", source="", allowed=None):
    return page_problems(
        html, page_url=page_url, path="docs/blog/posts/articolo.md", source=source,
        exists=lambda target: target in FILES or target + "index.html" in FILES,
        unpublished=lambda target: UNPUBLISHED.get(target),
        allowed=allowed or Allowances(),
    )


def test_resolving_addresses_like_a_browser():
    assert resolve("../../assets/images/foto.webp", "blog/articolo/") == "assets/images/foto.webp"
    assert resolve("../nope.svg", "blog/articolo/") == "blog/nope.svg"
    assert resolve("foto.webp", "") == "foto.webp"
    assert resolve("/assets/x.png", "faq/") == "assets/x.png"
    assert resolve("../bozza/#sezione", "blog/articolo/") == "blog/bozza/"
    assert resolve("https://example.org/x.png", "faq/") is None
    assert resolve("#sezione", "faq/") is None


@pytest.mark.parametrize("kind", ["svg", "webp", "avif", "png"])
def test_a_picture_that_does_not_exist_is_named_with_its_line(kind):
    source = f"# Titolo\n\nTesto.\n\n<img src=\"../nope.{kind}\" alt=\"Schema\">\n"
    found = problems(f'<p><img src="../nope.{kind}" alt="Schema"></p>', source=source)
    assert len(found) == 1
    assert found[0].startswith("docs/blog/posts/articolo.md, line 5:")
    assert f"'../nope.{kind}' does not exist" in found[0]


def test_pictures_need_alt_text_in_markdown_and_html():
    found = problems('<p><img src="../../assets/images/schema.svg"><img src="../../assets/images/foto.webp" alt=" "></p>')
    assert len(found) == 2 and all("has no alt text" in p for p in found)
    assert problems('<p><img src="../../assets/images/foto.webp" alt="Una scrivania"></p>') == []


def test_pictures_in_code_examples_are_not_checked():
    assert problems('<pre><code>&lt;img src="x.png"&gt;</code></pre><p><code><img src="y.png"></code></p>') == []


def test_content_the_policy_blocks_is_refused_unless_allowed():
    html = ('<iframe src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>'
            '<img src="https://images.example.org/foto.jpg" alt="Foto">'
            '<script>alert(1)</script><script type="application/ld+json">{}</script>'
            '<embed src="x.swf"><script src="https://cdn.example.net/x.js"></script>')
    found = problems(html)
    assert len(found) == 5, found
    text = "\n".join(found)
    for words in ("embedded frame (<iframe> from https://www.youtube-nocookie.com)",
                  "comes from another site (https://images.example.org)", "a <script> in the page's text",
                  "<embed> (a browser plug-in)", "a script from another site (https://cdn.example.net)"):
        assert words in text
    allowed = Allowances(frame_origins=["https://www.youtube-nocookie.com"],
                         image_origins=["https://images.example.org"], inline_scripts=True)
    left = problems(html, allowed=allowed)
    assert len(left) == 2 and "plug-in" in left[0] and "cdn.example.net" in left[1]


def test_allowances_must_be_bare_https_origins():
    allowed = security_allowances({"frame_origins": ["https://www.youtube-nocookie.com/"], "inline_scripts": "true"})
    assert allowed.frame_origins == ["https://www.youtube-nocookie.com"] and allowed.inline_scripts
    for bad in ("http://www.youtube.com", "https://www.youtube.com/embed", "youtube.com"):
        with pytest.raises(ContentError, match="is not a site's address"):
            security_allowances({"frame_origins": [bad]})


def test_links_to_unpublished_posts_are_named():
    source = "# Titolo\n\nLeggi [la bozza](bozza.md#parte) e [questo](pubblicato.md).\n"
    found = problems('<p><a href="../bozza/#parte">la bozza</a> <a href="../pubblicato/">questo</a></p>', source=source)
    assert found == ["docs/blog/posts/articolo.md, line 3: links to docs/blog/posts/bozza.md, which is not "
                     "published (a draft, or dated in the future); remove the link until that post is out, "
                     "or publish it"]


SNIPPETS = [
    '<p>Testo <a href="../pubblicato/">un link</a>.</p>',
    '<p><IMG SRC="../nope.png"></p>', '<p><img/src="../nope.png"></p>', "<p><img\nsrc='x.png'></p>",
    '<!-- <img src="x.png"> --><p>commento</p>', '<pre><code><img src="x.png"></code></pre>',
    '<p><Iframe src="https://example.org/x"></Iframe></p>', '<p><imgx src="x.png"></p>',
    '<p><source src="https://example.org/x.mp4"></p>', '<script>var x = "<img>";</script>',
    '<p><embed src="x.swf"><object data="x"></object></p>', '<p><video src="https://example.org/v.mp4"></video></p>',
]


@pytest.mark.parametrize("html", SNIPPETS)
def test_without_unpublished_posts_the_short_way_finds_the_same(html):
    """With no post unpublished, no link can be a problem, and a page
    without any other tag the checks look at is not read further: the
    short way must find what reading the page finds."""
    def run(links):
        return page_problems(html, page_url="blog/articolo/", path="docs/blog/posts/articolo.md", source="",
                             exists=lambda target: target in FILES or target + "index.html" in FILES,
                             unpublished=lambda target: None, allowed=Allowances(), links=links)

    assert run(False) == run(True)


def test_without_unpublished_posts_every_built_page_reports_the_same(site_dir):
    from site_build import html, theme
    from site_build.checks import _docs, output_problems
    from site_build.pipeline import Build
    from site_build.project import Project

    build = Build(Project.load(ROOT / "mkdocs.yml"), site_dir)
    assert not build.has_unpublished, "the site has an unpublished post: this comparison needs none"
    skipped = 0
    for output in build.pages:
        article = html.parse(output.html).first(theme.ARTICLE.css)
        if output.page is None or article is None:
            continue
        text = html.inner(article)
        found = page_problems(text, page_url=output.url, path=f"{_docs(build.project)}/{output.src}",
                              source=output.page.text, exists=build.exists, unpublished=build.unpublished,
                              allowed=build.allowed)
        assert output_problems(build, output) == found, output.url
        skipped += not re.search(r"<(?:img|iframe|frame|embed|object|script|video|audio|source)\b", text, re.I)
    assert skipped > 10, "the short way was never taken"


def _future_post(project, slug="in-arrivo"):
    # A post other pages link to, and that no setting names (a redirect or
    # a self-assessment step to a scheduled post is a problem of its own:
    # tests/test_config_links.py).
    settings = "".join(p.read_text(encoding="utf-8") for p in [project / "mkdocs.yml", *project.glob("data/*.yml")])
    pages = {p: p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*.md")}
    post = next(p for p in sorted((project / "docs/blog/posts").glob("*.md"))
                if p.name not in settings and any(p.name in text for q, text in pages.items() if q != p))
    text = post.read_text(encoding="utf-8")
    text = re.sub(r"created: \d{4}-\d\d-\d\d", "created: 2099-01-01", text, count=1)
    post.write_text(text, encoding="utf-8")
    return post


@pytest.mark.build
def test_a_link_to_a_scheduled_post_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    post = _future_post(project)
    name = post.name
    linking = [p.relative_to(project).as_posix() for p in (project / "docs").rglob("*.md")
               if p != post and name in p.read_text(encoding="utf-8")]
    assert linking, "no page links to the post this test schedules"
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0, "a link to an unpublished post was published"
    assert f"links to docs/blog/posts/{name}, which is not published" in output
    for page in linking:
        assert page in output, f"{page} links to the post and is not named:\n{output}"
    assert "Traceback" not in output


@pytest.mark.build
def test_bad_pictures_and_blocked_content_stop_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    post = sorted((project / "docs/blog/posts").glob("*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8") + '\n\n<img src="../nope.svg" alt="x">\n', encoding="utf-8")
    faq = project / "docs/faq.md"
    faq.write_text(faq.read_text(encoding="utf-8")
                   + '\n\n<img src="assets/images/logo.svg">\n\n<iframe src="https://www.youtube.com/embed/x" title="v"></iframe>\n\n'
                   + '![Foto](https://images.example.org/foto.jpg)\n\n<script>console.log(1)</script>\n', encoding="utf-8")
    result = build(project, tmp_path / "site")
    output = result.stderr + result.stdout
    assert result.returncode != 0
    for words in (f"docs/blog/posts/{post.name}, line", "'../nope.svg' does not exist", "docs/faq.md, line",
                  "has no alt text", "embedded frame", "https://images.example.org", "a <script> in the page's text"):
        assert words in output, f"missing '{words}' in:\n{output}"
    assert "Traceback" not in output


@pytest.mark.build
def test_allowed_content_builds_and_is_in_the_policy(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      .replace("frame_origins: []", 'frame_origins: ["https://www.youtube-nocookie.com"]'),
                      encoding="utf-8")
    faq = project / "docs/faq.md"
    faq.write_text(faq.read_text(encoding="utf-8")
                   + '\n\n<iframe src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>\n', encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    headers = (tmp_path / "site/_headers").read_text(encoding="utf-8")
    assert "frame-src https://www.youtube-nocookie.com;" in headers


@pytest.mark.build
def test_an_endpoint_with_credentials_is_refused(tmp_path):
    env = {"CONTACT_PROVIDER": "webhook", "CONTACT_ENDPOINT": "https://utente:segreto@hook.example.org/x"}
    result = build(ROOT, tmp_path / "site", env=env)
    assert result.returncode != 0
    assert "campo contact_form.endpoint: l'indirizzo contiene un nome utente o una password" in result.stderr
    assert "segreto" not in result.stderr and "Traceback" not in result.stderr


# -- production -------------------------------------------------------------------

SHIPPED_EXTRA = {
    "owner": {"name": "Nome Cognome", "city": "Città", "email": "ciao@example.com", "role": "Online Business Manager",
              "photo": "assets/images/foto-segnaposto.svg"},
    "social": [{"link": "https://www.linkedin.com/", "name": "LinkedIn"}],
    "contact_form": {"provider": ""},
}


def test_production_names_every_shipped_placeholder():
    found = production_problems(load_settings(ROOT, env={}))
    text = "\n".join(found)
    for words in ("campo site_url: è ancora l'esempio https://www.example.com/",
                  "campo name: è ancora l'esempio 'Nome Cognome'",
                  "campo city: è ancora l'esempio 'Città'",
                  "campo email: è ancora l'esempio 'ciao@example.com'",
                  "campo photo: è ancora un segnaposto", "https://www.linkedin.com/ è la pagina principale di LinkedIn",
                  "campo contact_form.provider: è vuoto"):
        assert words in text, f"missing '{words}'"
    assert all(line.startswith("data/titolare.yml, riga ") for line in found), found


REAL = {"SITE_URL": "https://www.studio-rossi.it/", "OWNER_NAME": "Giulia Rossi", "OWNER_CITY": "Bologna",
        "OWNER_EMAIL": "giulia@studio-rossi.it", "OWNER_PHOTO": "assets/images/giulia.jpg",
        "OWNER_LINKEDIN": "https://www.linkedin.com/in/giulia-rossi/", "CONTACT_PROVIDER": "formspree",
        "CONTACT_ENDPOINT": "https://formspree.io/f/abc"}


def test_production_accepts_real_values(tmp_path):
    (tmp_path / "data").mkdir()
    text = (ROOT / "data" / "titolare.yml").read_text(encoding="utf-8")
    text = re.sub(r'"DA DEFINIRE[^"]*"', '"da concordare"', text).replace('"da concordare"', "ordinario", 1)
    text = text.replace('rivalsa_inps: "da concordare"', "rivalsa_inps: no")
    (tmp_path / "data" / "titolare.yml").write_text(text, encoding="utf-8")
    assert production_problems(load_settings(tmp_path, env=REAL)) == []
    endpoint = production_problems(load_settings(tmp_path, env={**REAL, "CONTACT_ENDPOINT": "http://formspree.io/f/abc"}))
    assert len(endpoint) == 1 and "'http://formspree.io/f/abc' non è https" in endpoint[0], endpoint
    assert endpoint[0].startswith("variabile d'ambiente CONTACT_ENDPOINT")


def test_placeholders_in_data_and_pages_are_found_with_their_line(tmp_path):
    (tmp_path / "servizi.yml").write_text("# Scrivi i prezzi al posto di DA DEFINIRE\nservizi:\n  - prezzo: \"DA DEFINIRE\"\n",
                                          encoding="utf-8")
    assert data_problems(str(tmp_path)) == ["data/servizi.yml, line 3: still a placeholder (- prezzo: \"DA DEFINIRE\"): "
                                            "write the real value"]
    page = "---\nsegnaposto: true\n---\n# Caso\n\nCosto: da definire.\n\n```\nDA DEFINIRE\n```\n"
    found = placeholder_problems("docs/casi/esempio.md", page, {"segnaposto": True})
    assert len(found) == 2 and "segnaposto: true" in found[0] and found[1].startswith("docs/casi/esempio.md, line 6:")


@pytest.mark.build
def test_a_production_build_refuses_the_shipped_site_in_one_message(tmp_path):
    env = {"PRODUCTION": "true", "CONTACT_PROVIDER": "formspree", "CONTACT_ENDPOINT": "https://formspree.io/f/abc"}
    result = build(ROOT, tmp_path / "site", env=env)
    output = result.stderr + result.stdout
    assert result.returncode != 0
    assert output.count("This production build would publish placeholders") == 1
    for words in ("campo site_url", "SITE_URL", "campo name", "OWNER_NAME", "campo city", "OWNER_CITY", "campo email",
                  "OWNER_EMAIL", "principale di LinkedIn", "OWNER_LINKEDIN"):
        assert words in output
    assert "Traceback" not in output


@pytest.mark.build
def test_a_production_build_with_real_values_builds(production_site):
    html = (production_site / "contatti/index.html").read_text(encoding="utf-8")
    assert 'data-format="demo"' not in html and 'action="https://formspree.io/f/abc"' in html
    assert "example.com" not in (production_site / "sitemap.xml").read_text(encoding="utf-8")
