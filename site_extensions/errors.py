"""The one error class for mistakes in the site's content and data.

A content mistake (a data file, a shortcode, a page's front matter, a
picture) is the writer's to fix, so it must reach her as one or two lines
naming the file, the line where known, and what to do: never a traceback.
Under MkDocs (and ProperDocs) an error derived from its ``PluginError`` is
printed as its message alone and stops the build; elsewhere (Zensical, a
test calling the checks directly) ``ContentError`` is a plain ``ValueError``.
"""

from __future__ import annotations

try:  # MkDocs and ProperDocs print a BuildError's message, without a traceback
    from mkdocs.exceptions import PluginError

    _BASES: tuple[type, ...] = (PluginError, ValueError)
except ImportError:  # pragma: no cover - another generator
    _BASES = (ValueError,)


class ContentError(*_BASES):
    """A mistake in the site's content or data, with a message for its writer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def where(path: str, line: int | None = None) -> str:
    """'docs/faq.md, line 3' (or just the path when the line is unknown)."""
    return f"{path}, line {line}" if line else path


def yaml_error(path: str, error: Exception, what: str = "the file") -> ContentError:
    """A YAML syntax error as one line: the file, the line, what to check."""
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(error, "problem", None) or "not valid YAML"
    return ContentError(
        f"{where(path, line)}: {what} cannot be read ({problem}); check the quotes (every opening "
        "quote needs its closing one), the colon after each name and the indentation (spaces, not tabs)"
    )


def truthy(value) -> bool:
    """A configuration switch's value as true or false: true, yes, on, 1
    (as written in mkdocs.yml or set in the environment)."""
    return str(value).strip().lower() in ("1", "true", "yes", "on")
