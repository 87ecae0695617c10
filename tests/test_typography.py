"""Typographic punctuation in one pass (site_extensions/typography.py): the
same HTML as the ``smarty`` and ``pymdownx.smartsymbols`` extensions give on
their own, on every page of the site, on the benchmark's posts and on
random text full of quotes, dashes and symbols; and the site's Markdown
really runs the one pass."""

from __future__ import annotations

import random
import re
import sys
import types

import pytest

from support.project import ROOT
from site_build.checks import site_markdown
from site_build.project import Project
from site_extensions.content_checks import FRONT_MATTER
from site_extensions.typography import required

sys.path.insert(0, str(ROOT / "bench"))
from build import post as bench_post  # noqa: E402

NAME = "site_extensions.typography"


@pytest.fixture(scope="module")
def converters():
    """The site's Markdown as mkdocs.yml configures it, and the same with the
    one-pass extension replaced by smarty and smartsymbols working on their
    own, with the options mkdocs.yml gives it."""
    project = Project.load(ROOT / "mkdocs.yml")
    listed = project.config["markdown_extensions"]
    names = [next(iter(e)) if isinstance(e, dict) else e for e in listed]
    assert NAME in names, "mkdocs.yml does not list the one-pass typography"
    replaced = []
    for entry, name in zip(listed, names):
        if name == NAME:
            options = entry[NAME]
            assert isinstance(options.get("smarty"), dict) and isinstance(options.get("smartsymbols"), dict)
            replaced += [{"smarty": options["smarty"]}, {"pymdownx.smartsymbols": options["smartsymbols"]}]
        else:
            assert name not in ("smarty", "pymdownx.smartsymbols"), f"mkdocs.yml lists {name} besides {NAME}"
            replaced.append(entry)
    without = types.SimpleNamespace(
        root=project.root, config={**project.config, "markdown_extensions": replaced}, settings=project.settings,
    )
    return site_markdown(project), site_markdown(without)


def both(converters, text: str) -> tuple[str, str]:
    fast, slow = converters
    fast.reset()
    slow.reset()
    return fast.convert(text), slow.convert(text)


def test_the_sites_markdown_runs_one_pass_in_place_of_two(converters):
    fast, slow = converters
    assert "typography" in fast.treeprocessors
    assert "smarty" not in fast.treeprocessors and "smart-symbols" not in fast.treeprocessors
    assert "smarty" in slow.treeprocessors and "smart-symbols" in slow.treeprocessors
    # ... in their place, between the same neighbours
    def names(registry):
        registry._sort()
        return [item.name for item in registry._priority]

    two = names(slow.treeprocessors)
    first = two.index("smart-symbols")
    assert two[first + 1] == "smarty"
    assert names(fast.treeprocessors) == two[:first] + ["typography"] + two[first + 2:]


def test_every_page_of_the_site_converts_to_the_same_html(converters):
    pages = sorted((ROOT / "docs").rglob("*.md"))
    assert len(pages) > 20
    changed = 0
    for path in pages:
        text = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        body = text[match.end():] if match else text
        fast, slow = both(converters, body)
        assert fast == slow, f"{path.relative_to(ROOT)}: the one pass gives other HTML"
        changed += "&rsquo;" in fast
    assert changed > 10, "the pages show no typographic apostrophe: is the typography running?"


def test_the_benchmark_posts_convert_to_the_same_html(converters):
    rng = random.Random(7)
    for i in range(30):
        body = bench_post(i, rng).split("---\n", 2)[2]
        fast, slow = both(converters, body)
        assert fast == slow, f"benchmark post {i}"


PIECES = [
    "'", "'", '"', '"', "--", "---", "-", "...", "....", ".", "(c)", "(C)", "(tm)", "(r)", "+/-", "=/=",
    "c/o", "1/2", "3/4", "1/8", "1st", "22nd", "3rd", "11th", "'80s", "-->", "<--", "<-->", " ", " ", " ",
    "\n", "l", "un", "dell", "OBM", "a", "s", "x", "2", "42", "`co'de`", "*", "**", "_", "[", "]", "(", ")",
    "[link](https://example.com/'a')", "<span>", "</span>", "&nbsp;", "&mdash;", "&amp;", "\u2013", "\u2014",
    "\\'", '\\"', "\n\n", "\n- ", "\n> ", "\n# ", "![alt 'x'](img.png)", "<!-- c -->", ":", ";", ",", "?",
]


def test_random_text_converts_to_the_same_html(converters):
    rng = random.Random(2026)
    for n in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 24)))
        fast, slow = both(converters, text)
        assert fast == slow, f"snippet {n}: {text!r}\n one pass: {fast!r}\n two: {slow!r}"


@pytest.mark.parametrize(
    "regex,marks",
    [
        (r"(?<!-)--(?!-)", {"-"}),
        (r"\(tm\)", {"(", "t", "m", ")"}),
        (r"(\s|&nbsp;|--)'(?=\w)", {"'"}),  # an alternative with nothing in common
        (r"(?:1/2|3/4)", {"/"}),  # alternatives that share '/'
        (r"x?'", {"'"}),  # an optional part needs nothing
        (r"\b(\d+)(st|nd|rd|th)\b", set()),
        (r"['\"]", set()),  # a class is not read
    ],
)
def test_the_marks_a_pattern_needs(regex, marks):
    """A pattern is skipped for a text without its mark, so a mark must be in
    every match: read wrong, a pattern would be skipped where it applies."""
    assert required(regex) == marks
    for mark in marks:
        for sample in ("--", "(tm)", " 'a", "1/2", "x'", "'"):
            found = re.search(regex, sample)
            if found:
                assert mark in found.group(0), (regex, sample)


@pytest.mark.parametrize("smarty, symbols", [
    ({"smart_angled_quotes": True}, {}),
    ({"smart_dashes": False}, {"fractions": False}),
    (False, {}),
    ({}, False),
])
def test_other_options_give_what_the_two_extensions_give(smarty, symbols):
    """The options mkdocs.yml might give (angled quotes, a symbol off, one
    extension off) make the same HTML as the extensions on their own."""
    import markdown

    fast = markdown.Markdown(extensions=["toc", NAME],
                             extension_configs={NAME: {"smarty": smarty, "smartsymbols": symbols}})
    extensions, configs = ["toc"], {}
    if smarty is not False:
        extensions.append("smarty")
        configs["smarty"] = smarty
    if symbols is not False:
        extensions.append("pymdownx.smartsymbols")
        configs["pymdownx.smartsymbols"] = symbols
    slow = markdown.Markdown(extensions=extensions, extension_configs=configs)
    rng = random.Random(11)
    for n in range(1500):
        text = "".join(rng.choice(PIECES + ["<<", ">>", "<< a >>"]) for _ in range(rng.randint(1, 20)))
        fast.reset()
        slow.reset()
        assert fast.convert(text) == slow.convert(text), f"snippet {n}: {text!r}"
