"""Blog excerpts converted from the excerpt only (site_extensions/excerpts.py):
the same HTML as from the whole post, and the whole post kept whenever
cutting could change it."""

from __future__ import annotations

import inspect
import re

import markdown
from bs4 import BeautifulSoup
from markdown.treeprocessors import Treeprocessor

from support.project import ROOT
from site_extensions.excerpts import REST, cut

from site_build.project import Project

SEP = "<!-- more -->"
EXTENSIONS = ["site_extensions.excerpts", "footnotes", "abbr", "toc", "pymdownx.superfences"]


class Counting(Treeprocessor):
    """Stands in for the blog plugin's excerpt tree processor; counts the
    paragraphs it is given."""

    def run(self, root):
        self.md.paragraphs = len(root.findall(".//p"))


def convert(text: str, as_excerpt: bool) -> tuple[str, int]:
    md = markdown.Markdown(extensions=EXTENSIONS)
    md.treeprocessors.register(Counting(md), "excerpt" if as_excerpt else "counting", 0)
    html = md.convert(text)
    return html, getattr(md, "paragraphs", -1)


def before_separator(html: str) -> str:
    return html.split(SEP, 1)[0]


POST = "# Titolo\n\nIntroduzione con *enfasi*.\n\n" + SEP + "\n\n" + "\n\n".join(
    f"## Parte {i}\n\nTesto della parte {i}, abbastanza lungo da costare." for i in range(30)
)


def test_an_excerpt_is_converted_from_the_text_above_the_separator_only():
    full, all_paragraphs = convert(POST, as_excerpt=False)
    excerpt, paragraphs = convert(POST, as_excerpt=True)
    # The blog plugin's converter reads the introduction, the separator (a
    # stashed comment) and one stand-in paragraph, not the thirty parts.
    assert all_paragraphs == 32 and paragraphs == 3
    assert before_separator(excerpt) == before_separator(full)
    # What follows the separator is not empty: the list still links to the rest.
    assert excerpt.split(SEP, 1)[1].strip()


def test_a_page_is_converted_whole():
    html, _ = convert(POST, as_excerpt=False)
    assert "Parte 29" in html and REST not in html


def test_a_separator_inside_a_code_fence_is_not_the_separator():
    text = "Intro.\n\n```\n" + SEP + "\n```\n\nAncora.\n\n" + SEP + "\n\nResto.\n"
    lines = text.split("\n")
    kept = cut(lines, SEP)
    assert "Ancora." in kept and "Resto." not in kept
    assert kept[-1] == REST


def test_definitions_below_the_separator_keep_the_whole_post():
    for definition in ("[^1]: Una nota.", "*[OBM]: Online Business Manager", "[guida]: https://example.com/"):
        text = f"Intro[^1] OBM [guida].\n\n{SEP}\n\nResto.\n\n{definition}\n"
        lines = text.split("\n")
        assert cut(lines, SEP) == lines, definition
        full, _ = convert(text, as_excerpt=False)
        excerpt, _ = convert(text, as_excerpt=True)
        assert before_separator(excerpt) == before_separator(full), definition


def test_nothing_to_cut_without_a_separator_or_without_text_after_it():
    for text in ("Solo introduzione.\n", f"Introduzione.\n\n{SEP}\n\n\n"):
        lines = text.split("\n")
        assert cut(lines, SEP) == lines


def test_the_blog_plugin_converts_excerpts_with_an_excerpt_tree_processor():
    """The extension recognises the blog plugin's converter by the name of its
    tree processor: if Material renames it, excerpts would silently cost the
    whole post again."""
    from material.plugins.blog.structure import Excerpt

    source = inspect.getsource(Excerpt.__init__)
    assert re.search(r"""treeprocessors\.register\(\s*ExcerptTreeprocessor\([^)]*\),\s*["']excerpt["']""", source)


def test_the_extension_and_the_blog_plugin_share_the_separator():
    config = Project.load(ROOT / "mkdocs.yml").config
    blog = next(p["blog"] for p in config["plugins"] if isinstance(p, dict) and "blog" in p)
    extension = next(e["site_extensions.excerpts"] for e in config["markdown_extensions"]
                     if isinstance(e, dict) and "site_extensions.excerpts" in e)
    assert extension["separator"] == blog["post_excerpt_separator"] == SEP


def test_every_post_in_the_blog_list_links_to_the_rest(site_dir):
    soup = BeautifulSoup((site_dir / "blog/index.html").read_text(encoding="utf-8"), "html.parser")
    posts = soup.select("article.md-post--excerpt")
    assert posts
    for post in posts:
        title = post.select_one("h2 a")
        more = post.select_one(".md-post__action a")
        assert more is not None and more["href"] == title["href"], post.get_text(" ", strip=True)[:80]
        assert REST not in post.get_text()
