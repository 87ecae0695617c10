"""The emoji and icon shortcodes (``:smile:``, ``:material-account:``) of
``pymdownx.emoji``, with Material's index read only when a page names one.

Material's index (``material.extensions.emoji.twemoji``) is Twemoji's
table of every emoji and every icon the theme ships, about 5 MiB of Python
objects, and importing its module reads it. ``pymdownx.emoji`` asks for the
index each time it is set up (every Markdown instance, every page of a
build), though it looks a name up only when the text has ``:name:``, which
few pages have. These two stand in for Material's functions in mkdocs.yml:
``twemoji`` hands over an index whose tables read Material's on their first
lookup, and ``to_svg`` imports Material's generator when it first draws one.
The HTML is Material's: the same index and the same generator, only read
later (tests/test_emoji.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def _material_index(options: dict) -> dict:
    """Material's index for these options (Material caches it by the
    custom icon folders)."""
    from material.extensions.emoji import twemoji as material_twemoji

    return material_twemoji(options, None)


class _Table(Mapping):
    """One table of Material's index (``emoji`` or ``aliases``), read on
    the first lookup."""

    def __init__(self, key: str, options: dict) -> None:
        """`key`: the table's name in the index; `options`: the extension's."""
        self._key, self._options = key, options

    def _data(self) -> dict:
        return _material_index(self._options)[self._key]

    def __getitem__(self, name: str) -> Any:
        return self._data()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())

    def get(self, name: str, default: Any = None) -> Any:
        """The entry for `name`, or `default`."""
        return self._data().get(name, default)


def twemoji(options: dict, md: Any) -> dict:
    """The index ``pymdownx.emoji`` asks for (``emoji_index``): Material's,
    its tables read when a page first names an emoji or icon."""
    return {"name": "twemoji", "emoji": _Table("emoji", options), "aliases": _Table("aliases", options)}


def to_svg(*args: Any) -> Any:
    """Material's ``emoji_generator`` (an icon as inline SVG, an emoji
    as Twemoji's picture), imported when a page first needs it."""
    from material.extensions.emoji import to_svg as material_to_svg

    return material_to_svg(*args)
