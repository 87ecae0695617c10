"""Blog excerpts converted from the excerpt only, not from the whole post.

Material's blog plugin shows each post's excerpt (the text above
``<!-- more -->``) on every list it appears in: the blog's pages, the
archive, its categories and its author's page. For each of those lists it
converts the post's whole Markdown again and then cuts the HTML at the
separator, so a post costs its full conversion four or five times over,
which was most of the build time of a blog with many posts.

This extension cuts the Markdown instead, before anything else runs, when
the conversion is one of those excerpts (the blog plugin's converter has
its own "excerpt" tree processor; a page's converter has not). What
follows the separator becomes one short paragraph: the plugin still sees
that the post continues (its "Continua a leggere" link), and the excerpt's
HTML is the same as before.

The whole post is kept when cutting could change the excerpt: a separator
inside a code fence is not the separator, and link, footnote or
abbreviation definitions below the separator may be used above it.

Configured in mkdocs.yml::

    markdown_extensions:
      - site_extensions.excerpts:
          separator: "<!-- more -->"   # the blog plugin's post_excerpt_separator

Under another generator (Zensical's own blog) there is no such converter
and the extension does nothing.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# Reference-style link, footnote and abbreviation definitions.
DEFINITION = re.compile(r"^ {0,3}(\[[^\]]+\]:|\*\[[^\]]+\]:)")
# What stands in for the rest of the post: any text tells the plugin that
# the post continues.
REST = "\u2026"


def cut(lines: list[str], separator: str) -> list[str]:
    """`lines` up to and including the separator's line and a stand-in for
    the rest, or `lines` unchanged when there is nothing to cut or cutting
    could change what comes before the separator."""
    fence = None
    for at, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if line.strip() == separator:
            rest = lines[at + 1 :]
            if not any(l.strip() for l in rest) or any(DEFINITION.match(l) for l in rest):
                return lines
            return lines[: at + 1] + ["", REST]
    return lines


class ExcerptPreprocessor(Preprocessor):
    def __init__(self, md, separator: str):
        super().__init__(md)
        self.separator = separator

    def run(self, lines: list[str]) -> list[str]:
        if "excerpt" not in self.md.treeprocessors:
            return lines
        return cut(lines, self.separator)


class ExcerptExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"separator": ["<!-- more -->", "The blog plugin's post_excerpt_separator"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Before every other preprocessor: nothing below the cut is read.
        md.preprocessors.register(ExcerptPreprocessor(md, self.getConfig("separator")), "site_excerpt", 1000)


def makeExtension(**kwargs):
    return ExcerptExtension(**kwargs)
