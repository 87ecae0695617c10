"""site_build/layout.py's fast forms against their definitions: a post's
reading time found in its page, and its related posts."""

from __future__ import annotations

import random
import types

from site_build.layout import READTIME, readtime, related_posts


def test_the_reading_time_found_fast_is_the_first_match_of_its_definition():
    rng = random.Random(3)
    pieces = ["5", "12", "\u0665", " ", "minuti", "minuto", " di lettura", " minuti di lettura", "x", "\n", "<b>",
              "1 minuto di lettura", " minuti di", "a5"]
    found = 0
    for _ in range(30_000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        match = READTIME.search(html)
        assert readtime(html) == (match.group(1) if match else None), repr(html)
        found += match is not None
    assert found > 1000


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
