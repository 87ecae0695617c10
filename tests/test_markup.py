"""The theme markup fixes (site_build/markup.py), called directly on the
snippets Material and Zensical write, parsed as pages are (site_build/html.py),
without a build: each fix changes what it names and nothing else. The HTML
and accessibility gates check the fixed pages of every generator's build;
the theme contract (tests/test_theme_contract.py) that the theme still
writes what they fix."""

from __future__ import annotations

import pytest

from site_build import html, layout, markup


def fix(snippet: str) -> str:
    """The snippet, as a page's body, with every fix applied: its body's
    content as the pipeline writes it."""
    page = html.parse(snippet)
    markup.fix(page)
    return html.inner(page.body)


def parsed(snippet: str) -> str:
    """The snippet as the pipeline writes it, unfixed."""
    return html.inner(html.parse(snippet).body)

CASES = {
    "checkbox autocomplete": (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'),
    "hidden overlay label (Zensical)": (
        '<label class="md-overlay" for="__drawer" aria-hidden="true"></label>',
        '<label class="md-overlay" for="__drawer"></label>'),
    "unnamed search dialog": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Cerca">'),
    "menu button": (
        '<label class="md-header__button md-icon" for="__drawer">\n<svg></svg>',
        '<label class="md-header__button md-icon" for="__drawer" tabindex="0">'
        '<span class="site-visually-hidden">Menu di navigazione</span>\n<svg></svg>'),
    "section arrow": (
        '<a href="casi/" class="md-nav__link"><span class="md-ellipsis">\n Casi\n </span></a>'
        '<label class="md-nav__link " for="__nav_2_3" id="__nav_2_3_label" tabindex="0">\n'
        '<span class="md-nav__icon md-icon"></span></label>',
        '<a href="casi/" class="md-nav__link"><span class="md-ellipsis">\n Casi\n </span></a>'
        '<label class="md-nav__link " for="__nav_2_3" id="__nav_2_3_label" tabindex="0">'
        '<span class="site-visually-hidden"> Casi </span>\n'
        '<span class="md-nav__icon md-icon"></span></label>'),
    "empty tabindex": (
        '<label class="md-nav__link" for="__nav_6" id="__nav_6_label" tabindex="">',
        '<label class="md-nav__link" for="__nav_6" id="__nav_6_label">'),
    "section title": (
        '<label class="md-nav__title" for="__nav_5">',
        '<label class="md-nav__title" for="__nav_5" tabindex="0">'),
    "post sidebar landmark": (
        '<nav class="md-nav md-nav--primary">',
        '<nav class="md-nav md-nav--primary" aria-label="Blog">'),
    "post metadata landmark": (
        '<div class="md-post__title"><span class="md-ellipsis">\n Metadati\n </span>\n</div>\n<nav class="md-nav">',
        '<div class="md-post__title"><span class="md-ellipsis">\n Metadati\n </span>\n</div>\n'
        '<nav class="md-nav" aria-label="Metadati">'),
    "authors without links": (
        '<nav class="md-post__authors md-typeset"><span class="md-author"></span></nav>',
        '<div class="md-post__authors md-typeset"><span class="md-author"></span></div>'),
    "continue reading": (
        '<nav class="md-post__action">\n<a href="x/">Continua</a>\n</nav>',
        '<div class="md-post__action">\n<a href="x/">Continua</a>\n</div>'),
    "contents label without contents (Zensical)": (
        '<label class="md-sidebar-button" for="__toc"></label>',
        '<label class="md-sidebar-button"></label>'),
}


@pytest.mark.parametrize("case", CASES)
def test_each_fix(case):
    before, after = CASES[case]
    assert fix(before) == parsed(after)
    assert parsed(before) != parsed(after), "the case fixes nothing"


def test_the_contents_toggle_and_its_labels():
    """With contents, the phone menu's labels reach the toggle and the
    sidebar's title does not; without, the toggle goes, and every label
    pointing at it with it."""
    with_toc = ('<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
                '<label class="md-nav__link md-nav__link--active" for="__toc">a</label>'
                '<label class="md-nav__title" for="__toc">x</label>'
                '<label class="md-nav__title" for="__toc">y</label>')
    assert fix(with_toc) == ('<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
                             '<label class="md-nav__link md-nav__link--active" for="__toc" tabindex="0">a</label>'
                             '<label class="md-nav__title" for="__toc" tabindex="0">x</label>'
                             '<label class="md-nav__title">y</label>')
    without = ('<p>a</p>\n  <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
               '<label class="md-nav__title" for="__toc">y</label>')
    assert fix(without) == '<p>a</p><label class="md-nav__title">y</label>'


def test_markup_that_needs_no_fix_is_left_alone():
    page = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
            '<label class="md-header__button md-icon" for="__drawer" tabindex="0"><span class="site-visually-hidden">'
            'Menu</span></label><nav class="md-nav md-nav--primary" aria-label="Navigazione"></nav>'
            '<input type="text" autocomplete="off">')
    assert fix(page) == page


def test_a_title_with_markup_characters_stays_text():
    """The section's title given to its arrow is the title's text, written
    escaped: a title with < or & shows as written."""
    snippet = ('<a href="x/" class="md-nav__link"><span class="md-ellipsis"> A &lt;b&gt; &amp; C </span></a>'
               '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="0">'
               '<span class="md-nav__icon md-icon"></span></label>')
    page = html.parse(snippet)
    markup.fix(page)
    hidden = page.first("label span.site-visually-hidden")
    assert hidden is not None and html.text(hidden) == "A <b> & C"
    assert page.first("label b") is None


def without_copies(snippet: str) -> str:
    page = html.parse(snippet)
    layout.without_sidebar_copies(page)
    return html.inner(page.body)


def test_the_post_sidebar_loses_its_copies_of_the_post_meta_and_nothing_else():
    """Author and metadata in a post's sidebar repeat what the post shows
    under its title: they go, nested markup and all; the blog's lists,
    whose authors use the same class outside that sidebar, keep theirs."""
    sidebar = ('<div class="md-sidebar md-sidebar--post" data-md-component="sidebar">'
               '<nav class="md-nav md-nav--primary"><div class="md-post__back"><a href="../">Indietro</a></div>\n'
               '  <div class="md-post__authors md-typeset"><div class="md-profile"><div>A</div></div></div>\n'
               '  <ul class="md-post__meta md-nav__list"><li><ul><li>1 maggio</li></ul></li><li>x</li></ul>'
               '</nav></div>')
    article = ('<article class="md-content__inner"><div class="md-post__authors md-typeset">B</div>'
               '<ul class="md-post__meta md-nav__list"><li>y</li></ul></article>')
    assert without_copies(sidebar + article) == (
        '<div class="md-sidebar md-sidebar--post" data-md-component="sidebar">'
        '<nav class="md-nav md-nav--primary"><div class="md-post__back"><a href="../">Indietro</a></div>'
        '</nav></div>' + article)
    assert without_copies(article) == article, "without a post sidebar nothing goes"


def test_built_posts_show_their_meta_once(site_dir):
    from bs4 import BeautifulSoup

    post = BeautifulSoup((site_dir / "blog/errori-di-delega/index.html").read_text(encoding="utf-8"), "html5lib")
    assert not post.select(".md-sidebar--post .md-post__authors, .md-sidebar--post .md-post__meta")
    assert post.select_one(".md-sidebar--post .md-post__back a")["href"] == "../"
    assert len(post.select("article .post-meta time")) == 1
    blog = BeautifulSoup((site_dir / "blog/index.html").read_text(encoding="utf-8"), "html5lib")
    # The lists show the author's picture only once it is hers (the shipped
    # one is a placeholder: tests/test_blog_and_faq.py).
    assert not blog.select(".md-post--excerpt .md-post__authors img[src$='foto-segnaposto.svg']")
