"""The partials of Material's that the site adapts by copy (a partial has
no blocks to extend): each equals Material's own, as installed, but for
the changes it declares here. An upgrade of Material that changes one of
them fails this test, naming the partial to look at again."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parent.parent
THEME = Path(material.__file__).parent / "templates"

# partial -> (Material's text, ours) pairs: what the copy changes.
CHANGES = {
    # The site's toggle, not Material's palette component (the partial's comment says why).
    "partials/palette.html": [('data-md-component="palette"', "data-site-palette")],
    # The site's back-to-top button, hidden and out of the focus order until shown.
    "partials/top.html": [('data-md-component="top" hidden', 'data-site-top hidden tabindex="-1"')],
}


def _markup(text: str) -> str:
    """The template without comments and without the white space that does
    not reach the page (Jinja's `-` trims it, or it sits between tags)."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    text = text.replace("{%-", "{%").replace("-%}", "%}")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*(\{%|%\})\s*", r"\1", text)
    return re.sub(r">\s+<", "><", text).strip()


@pytest.mark.parametrize("partial", sorted(CHANGES))
def test_the_copy_is_materials_partial_with_its_declared_changes(partial):
    theirs, ours = (_markup((root / partial).read_text(encoding="utf-8")) for root in (THEME, ROOT / "overrides"))
    for before, after in CHANGES[partial]:
        assert before in theirs, f"{partial}: Material's partial no longer has {before!r}; look at overrides/{partial} again"
        theirs = theirs.replace(before, after)
    assert ours == theirs, f"overrides/{partial} differs from Material's partial beyond its declared changes"
