"""The theme contract (site_build/theme.py): every detail of Material,
MkDocs, Zensical and Python-Markdown the site relies on, each with a check
that stops the build naming it when an upgrade changes it.

Nothing is bumped here: on a copy of the project (or of its built site),
one item of each kind is broken the way an upgrade would break it, and the
build must stop with one line naming that item:
- a class name, in a copy of Material's partial in the copy's overrides;
- a translated string, in a copy of Material's Italian translation there;
- an asset's name, in a copy of the built site;
- a private function, taken away or given another signature.
And no page step reads the theme's markup with a regular expression.
"""

from __future__ import annotations

import ast
import inspect
import re
import shutil
from pathlib import Path

import pytest

import material
from support.project import ROOT, build, copy_project
from site_build import html, pipeline, theme
from site_build.project import Project

MATERIAL = Path(material.__file__).parent / "templates"


def _override(project: Path, name: str, old: str, new: str) -> None:
    """Material's template `name` copied into the project's overrides with
    `old` (which it must contain) replaced by `new`."""
    text = (MATERIAL / name).read_text(encoding="utf-8")
    assert old in text, f"Material's {name} no longer has {old!r}: this test needs another item"
    target = project / "overrides" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.replace(old, new), encoding="utf-8")


def _stopped(result, *named: str) -> str:
    """The build failed with one line naming every one of `named`, and no
    traceback; returns that line."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build went on"
    assert "Traceback" not in output, output[-3000:]
    lines = [line for line in output.splitlines() if "Theme contract:" in line]
    assert len(lines) == 1, output[-3000:]
    for name in named:
        assert name in lines[0], lines[0]
    return lines[0]


@pytest.mark.build
def test_a_class_name_the_theme_no_longer_writes_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    _override(project, "partials/search.html", '<div class="md-search" ', '<div class="md-finder" ')
    line = _stopped(build(project, tmp_path / "site"), theme.SEARCH_DIALOG.css, theme.SEARCH_DIALOG.name)
    assert "mkdocs-material" in line, "the line names the theme's version"


@pytest.mark.build
def test_a_translated_string_the_theme_no_longer_has_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    _override(project, "partials/languages/it.html", '"# minuti di lettura"', '"# min. di lettura"')
    line = _stopped(build(project, tmp_path / "site"), 'translated string "readtime.other"', "minuti di lettura")
    assert "partials/languages/it.html" in line, "the line names the file it looked in"


@pytest.fixture
def built_copy(site_dir, tmp_path) -> Path:
    """A copy of the built site a test may change."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    return copy


def _finished(site: Path) -> str:
    """The contract's line when the pipeline runs over `site`."""
    with pytest.raises(theme.ContractError) as stopped:
        pipeline.finish(Project.load(ROOT / "mkdocs.yml"), site)
    return str(stopped.value)


def test_the_intact_contract_holds_over_the_built_site(built_copy):
    """The checks that need no page pass over the site as built (its pages'
    selectors were checked by the build that made it: site_dir's build
    passed), so the failures below come from the one item broken. The
    build ran them over the generator's output, which still had Material's
    stylesheet that unused_css.py then put into the pages: it is put back
    from Material's package, as the generator wrote it."""
    (stylesheet,) = (MATERIAL / "assets/stylesheets").glob("main.*.min.css")
    assert not list((built_copy / "assets/stylesheets").glob("main.*.min.css")), "the built site ships it"
    shutil.copy2(stylesheet, built_copy / "assets/stylesheets" / stylesheet.name)
    build_ = pipeline.Build(Project.load(ROOT / "mkdocs.yml"), built_copy)
    theme.check_build(build_.project, built_copy, build_.files, "mkdocs")


def test_an_asset_name_that_no_longer_matches_stops_the_build(built_copy):
    """Material's bundle no longer named with its hash (bundle.min.js)."""
    bundles = [p for p in built_copy.rglob("*.js") if theme.BUNDLE.matches(p.relative_to(built_copy).as_posix())]
    assert bundles
    for bundle in bundles:
        bundle.rename(bundle.with_name("bundle.min.js"))
    line = _finished(built_copy)
    assert theme.BUNDLE.name in line and theme.BUNDLE.pattern in line, line


@pytest.mark.parametrize("change", ["gone", "signature"])
def test_a_private_function_changed_stops_the_build(built_copy, monkeypatch, change):
    import material.plugins.blog.readtime as readtime

    if change == "gone":
        monkeypatch.delattr(readtime, "readtime")
        expected = "material.plugins.blog.readtime.readtime is gone"
    else:
        monkeypatch.setattr(readtime, "readtime", lambda text, speed: 1)
        expected = "takes (text, speed), the site passes (html, words_per_minute)"
    line = _finished(built_copy)
    assert theme.READTIME.name in line and expected in line, line


def test_a_private_format_copied_by_hand_stops_the_build_when_it_changes(built_copy, monkeypatch):
    import markdown.util

    monkeypatch.setattr(markdown.util, "INLINE_PLACEHOLDER", "\u0002inline:%s\u0003")
    line = _finished(built_copy)
    assert theme.PLACEHOLDER.name in line, line


# --- no regular expression over the theme's markup ---------------------------

MARKUP = re.compile(r'<[a-zA-Z/!]|[\w-]+="')  # a tag, or an attribute with its value
REGEX_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split"}


def _html_patterns(module) -> list[str]:
    """The regular expressions in `module`'s source that read markup: a
    pattern with a tag or an attribute in it."""
    found = []
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in REGEX_CALLS
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
            pattern = node.args[0]
            parts = [pattern] if isinstance(pattern, ast.Constant) else [
                v for v in ast.walk(pattern) if isinstance(v, ast.Constant)]
            text = "".join(str(p.value) for p in parts if isinstance(p.value, str))
            if MARKUP.search(text):
                found.append(f"{module.__name__}:{node.lineno}: {text[:80]}")
    return found


def test_no_page_step_reads_the_theme_markup_with_a_regular_expression():
    modules = {inspect.getmodule(step) for _name, step in pipeline.PAGE_STEPS}
    assert len(modules) == len(pipeline.PAGE_STEPS)
    found = [pattern for module in modules for pattern in _html_patterns(module)]
    assert not found, "\n".join(found)


def test_the_check_finds_a_regular_expression_over_markup():
    """The check above can fail: it finds the kind of pattern it forbids."""
    import types

    module = types.ModuleType("example")
    source = 'import re\nA = re.compile(r\'<article class="md-content__inner[^"]*">\')\n'
    exec(compile(source, "example", "exec"), module.__dict__)
    module.__dict__["__name__"] = "example"
    original = inspect.getsource
    try:
        inspect.getsource = lambda m: source if m is module else original(m)
        assert _html_patterns(module)
    finally:
        inspect.getsource = original


# --- what a "somewhere" selector waits for ---------------------------------


def _contract_over(*pages: tuple[str, str], nav=None) -> theme.Contract:
    """The page checks over (kind, body) pages of one build, finished."""
    import types

    contract = theme.Contract("mkdocs")
    for n, (kind, body) in enumerate(pages):
        contract.page(types.SimpleNamespace(kind=kind, url=f"p{n}/"), html.parse(body))
    contract.finish(nav)
    return contract


def test_a_site_without_posts_or_sections_is_no_broken_theme(site_dir):
    """What the theme writes only for posts, sections or contents is not
    asked of a site that has none. (The page's kind asks nothing of every
    page: a finished page has lost what the fixes fix.)"""
    doc = html.parse((site_dir / "privacy/index.html").read_text(encoding="utf-8"))
    wanted = [s.css for s in theme.SELECTORS if s.somewhere not in (None, "pages")] + [theme.HEADINGS]
    for css in wanted:
        for node in doc.select(css):
            node.decompose()
    contract = _contract_over(("404", doc.serialise()), nav=["index.md", "privacy.md"])
    assert contract.has == {"pages"}
    # The same page in a site whose navigation has a section: the sections'
    # markup is asked for.
    with pytest.raises(theme.ContractError) as stopped:
        _contract_over(("404", doc.serialise()), nav=[{"Blog": ["blog/index.md"]}])
    assert any(f"selector {s.css} ({s.name})" in str(stopped.value)
               for s in theme.SELECTORS if s.somewhere == "sections"), stopped.value
