"""Shared helpers for the site's YAML data files: reading them with the line
of every mapping (so that an error can name it), and typographic text."""

from __future__ import annotations

import os

import yaml


STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"


# libyaml's parser when PyYAML has it (its wheels do): the same safe
# loading, several times faster (the data files are read on every build).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_FAST_LOADER):
    """A safe loader that remembers the line where each mapping starts, and
    the text as written of every plain value YAML reads as something else
    (`price: 1.200` is the number 1.2, `no` is false, 2026-01-05 a date)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.lines: dict[int, int] = {}
        self.written: dict[tuple[int, object], str] = {}

    def _remember(self, container, key, node: yaml.Node) -> None:
        if isinstance(node, yaml.ScalarNode) and node.tag not in (STR_TAG, NULL_TAG):
            self.written[(id(container), key)] = str(node.value)

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        self.lines[id(mapping)] = node.start_mark.line + 1
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                self._remember(mapping, self.construct_object(key_node), value_node)
        return mapping

    def construct_sequence(self, node, deep=False):
        sequence = super().construct_sequence(node, deep=deep)
        for index, child in enumerate(node.value):
            self._remember(sequence, index, child)
        return sequence


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    lambda loader, node: loader.construct_mapping(node, deep=True),
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    lambda loader, node: loader.construct_sequence(node, deep=True),
)


class YamlFile:
    """A parsed data file: ``data``, ``where(obj)``, the text ", line N"
    for a mapping read from it (empty for anything else), and ``text``,
    a value as the file writes it."""

    def __init__(self, path: str, data, lines: dict[int, int], written: dict | None = None):
        self.path, self.data, self._lines = path, data, lines
        self._written = written or {}
        # The containers stay alive as long as the file: their ids stay theirs.

    def line(self, obj) -> int | None:
        return self._lines.get(id(obj))

    def at(self, obj) -> str:
        """``path:line`` for a mapping of the file, else just ``path``."""
        line = self.line(obj)
        return f"{self.path}:{line}" if line else self.path

    def text(self, container, key):
        """The value at `key` of a mapping or list of the file, as text when
        the file writes it as a plain value: `1.200` stays "1.200", `no`
        stays "no" (YAML would read a number, false). A list or a mapping,
        or nothing, is returned as it is, for the caller to refuse."""
        if isinstance(container, dict):
            value = container.get(key)
        elif isinstance(container, list) and isinstance(key, int) and 0 <= key < len(container):
            value = container[key]
        else:
            return None
        if isinstance(value, str):
            return value
        return self._written.get((id(container), key), value)


def safe_load(text: str):
    """``yaml.safe_load``, with libyaml's parser when available (a blog's
    front matter)."""
    return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader


def load_lines(stream) -> tuple[object, dict[int, int], dict]:
    """A YAML document with the line of each mapping and the text as
    written of its plain values (_LineLoader); raises yaml.YAMLError."""
    loader = _LineLoader(stream)
    try:
        return loader.get_single_data(), loader.lines, loader.written
    finally:
        loader.dispose()


def read_yaml(path: str, error: type[Exception]) -> YamlFile:
    """Read a YAML file; a syntax error becomes ``error`` naming the file and
    the line, in one sentence (no traceback)."""
    try:
        with open(path, encoding="utf-8") as f:
            data, lines, written = load_lines(f)
    except OSError as e:
        raise error(f"{path}: cannot read the file ({e.strerror})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise error(f"{where}: not valid YAML ({problem}); check the indentation and the quotes on that line") from None
    return YamlFile(path, data, lines, written)


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
