"""site_build/layout.py: a post's reading time found in its page's tree,
and its related posts against their definition."""

from __future__ import annotations

import random
import types

from site_build import html
from site_build.layout import readtime, related_posts


def test_the_reading_time_is_read_from_the_sidebar_in_the_theme_words():
    """The reading time the post meta shows is the one the theme's sidebar
    shows, in the words of the theme's translation (the contract checks
    them); a number elsewhere on the page is no reading time."""
    def meta(*entries: str) -> html.Page:
        items = "".join(f'<li><span class="md-ellipsis">\n {e}\n </span></li>' for e in entries)
        return html.parse('<p>3 minuti di lettura</p><div class="md-sidebar md-sidebar--post">'
                          f'<ul class="md-post__meta md-nav__list">{items}</ul></div>')

    assert readtime(meta("30 giugno 2026", "12 minuti di lettura")) == "12 minuti di lettura"
    assert readtime(meta("1 minuto di lettura")) == "1 minuto di lettura"
    assert readtime(meta("30 giugno 2026", "Delega")) is None
    assert readtime(html.parse("<p>3 minuti di lettura</p>")) is None


def _related_by_definition(published, post, count):
    others = [p for p in published if p.src != post.src]
    categories = post.meta.get("categories") or []
    first = categories[0] if categories else None
    same = [p for p in others if first is not None and first in (p.meta.get("categories") or [])]
    chosen = {p.src for p in same}
    rest = [p for p in others if p.src not in chosen]
    return [p.src for p in (same + rest)[:count]]


def test_related_posts_are_the_newest_of_the_first_category_then_the_newest_others():
    rng = random.Random(8)
    names = ["Delega", "Team", "Crescita", "OBM"]
    for _ in range(500):
        published = [types.SimpleNamespace(src=f"p{i}.md", meta={"categories": rng.sample(names, rng.randint(0, 2))})
                     for i in range(rng.randint(1, 12))]
        build = types.SimpleNamespace(published_posts=published, summary=lambda p: p.src)
        post = rng.choice(published)
        for count in (1, 3, 5):
            assert related_posts(build, post, count) == _related_by_definition(published, post, count)
