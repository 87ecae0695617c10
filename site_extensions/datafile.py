"""Shared helpers for the site's YAML data files: reading them with the line
of every mapping (so that an error can name it), and typographic text."""

from __future__ import annotations

import os

import yaml


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line where each mapping starts."""

    def __init__(self, stream):
        super().__init__(stream)
        self.lines: dict[int, int] = {}

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        self.lines[id(mapping)] = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    lambda loader, node: loader.construct_mapping(node, deep=True),
)


class YamlFile:
    """A parsed data file: ``data`` and ``where(obj)``, the text ", line N"
    for a mapping read from it (empty for anything else)."""

    def __init__(self, path: str, data, lines: dict[int, int]):
        self.path, self.data, self._lines = path, data, lines

    def line(self, obj) -> int | None:
        return self._lines.get(id(obj))

    def at(self, obj) -> str:
        """``path:line`` for a mapping of the file, else just ``path``."""
        line = self.line(obj)
        return f"{self.path}:{line}" if line else self.path


# libyaml's parser when PyYAML has it (its wheels do): the same safe
# loading, several times faster on a blog's front matter.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """``yaml.safe_load``, with libyaml's parser when available."""
    return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader


def read_yaml(path: str, error: type[Exception]) -> YamlFile:
    """Read a YAML file; a syntax error becomes ``error`` naming the file and
    the line, in one sentence (no traceback)."""
    try:
        with open(path, encoding="utf-8") as f:
            loader = _LineLoader(f)
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
    except OSError as e:
        raise error(f"{path}: cannot read the file ({e.strerror})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise error(f"{where}: not valid YAML ({problem}); check the indentation and the quotes on that line") from None
    return YamlFile(path, data, loader.lines)


def typographic(text: str) -> str:
    """Plain text with typographic punctuation, as the ``smarty`` extension
    gives Markdown pages: apostrophes (un'assistente -> un’assistente),
    ellipses and en dashes. Meant for data text that is not Markdown."""
    text = text.replace("'", "\u2019")
    return text.replace("...", "\u2026").replace(" -- ", " \u2013 ")


def cached(path: str, parse, error: type[Exception], what: str, cache: dict, *extra):
    """``parse()`` of a data file, kept in ``cache`` until the file (or
    ``extra``, anything else the result depends on) changes; a missing file
    becomes ``error`` naming it."""
    try:
        stat = os.stat(path)
    except OSError as e:
        raise error(f"{path}: cannot read the {what} ({e.strerror})") from None
    key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size, *extra)
    if key not in cache:
        cache.clear()
        cache[key] = parse()
    return cache[key]
