"""The guard of the slow groups' markers (a pytest plugin, loaded by
tests/conftest.py).

Each slow test says so itself: `@pytest.mark.browser` (it drives Chromium)
or `@pytest.mark.build` (it, or a fixture it uses, runs a site build of its
own; the shared `site_dir` build does not count), per test or for a whole
module with `pytestmark`. `make test-fast` leaves both groups out. So that
a test cannot leave the quick loop, or slow it down, by a forgotten or a
stale marker, this plugin checks each marker against what the test does:

- from what each test asks for: a test that uses the `browser` fixture
  (directly or through another fixture) carries `browser`, and a test
  marked `browser` uses it; if not, it fails at setup, before the browser
  starts;
- while the tests run: starting a site build (a generator's `build`,
  `serve` or the site's `check`, in a subprocess or in process, or a
  `make` target that builds) or the browser's driver fails the test unless
  every test that causes it carries the marker: the running test, or every
  test that uses the fixture doing it; and a test marked `build` that
  passed without any build of its own, or of a fixture it uses, fails
  at teardown.
"""

from __future__ import annotations

import functools
import inspect
import re
import shlex
import subprocess
from pathlib import Path

import pytest

# marker -> what a test carrying it does (pyproject.toml declares them).
DOES = {"browser": "starts the browser", "build": "runs a site build"}
# The build every quick test shares: it does not make a test slow.
SHARED_BUILD = "site_dir"
# A process runs a site build when one of these programs (or Python
# modules) is given one of these commands, or `make` a target of the
# Makefile whose recipe runs one (or the tests, or a benchmark).
GENERATORS = {"mkdocs", "properdocs", "zensical", "site_build", "site_build.zensical_run"}
BUILD_COMMANDS = {"build", "serve", "check"}
MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"
RECIPE_BUILDS = re.compile(r"-m site_build (?:build|check)\b|\bserve\b|zensical_run|-m pytest\b|\bbench/")
MAKE_DRY_RUN = {"-n", "--dry-run", "--just-print", "--recon"}
# Playwright's driver, which every browser of the tests is started through.
BROWSER_DRIVER = "run-driver"


class _State:
    """What runs now: the session, the test, the fixtures being set up
    (innermost last), and what each test and fixture did so far."""

    def __init__(self) -> None:
        self.session: pytest.Session | None = None
        self.item: pytest.Item | None = None
        self.fixtures: list = []  # FixtureDef objects
        self.built_fixtures: set = set()
        self.built_items: set[str] = set()
        self.passed: set[str] = set()
        self.misplaced: dict[str, str] = {}  # test -> what is wrong with its `browser` marker


_state = _State()


def _fixturedefs(item: pytest.Item) -> set:
    """The fixture definitions `item` uses, those of its fixtures included."""
    info = getattr(item, "_fixtureinfo", None)
    return {d for defs in (info.name2fixturedefs.values() if info else ()) for d in defs}


def _may_keep_a_build(fixturedef) -> bool:
    """Whether a fixture of the project's, shared by several tests, may
    keep a build that one of them started (not the shared site_dir)."""
    if fixturedef.scope == "function" or fixturedef.argname == SHARED_BUILD:
        return False
    source = inspect.getsourcefile(fixturedef.func) or ""
    return "site-packages" not in source and "/_pytest/" not in source


def _fix(kind: str) -> str:
    """What to do about a test that lacks the marker `kind`."""
    return (f"add @pytest.mark.{kind} to the test (or `pytestmark = pytest.mark.{kind}` to its module) "
            "so that `make test-fast` leaves it out")


def started(kind: str, what: str) -> None:
    """Note that `what` (a command, a function) starts a thing of `kind`
    ("browser" or "build"); fail unless every test that causes it carries
    the marker `kind`."""
    fixture = _state.fixtures[-1] if _state.fixtures else None
    if kind == "build" and fixture is not None and fixture.argname == SHARED_BUILD:
        return
    item = _state.item
    if item is None:
        return
    if fixture is not None:
        if kind == "build":
            _state.built_fixtures.add(fixture)
        items = _state.session.items if _state.session else [item]
        users = [i for i in items if fixture in _fixturedefs(i)] or [item]
        cause = f"the fixture `{fixture.argname}` {DOES[kind]} ({what}) but these tests using it are"
    else:
        if kind == "build":
            _state.built_items.add(item.nodeid)
            # A fixture shared by several tests may hand them a function
            # that builds on its first call and keeps the result (a module's
            # sites by contact provider): the tests after the first use its
            # build without starting one.
            _state.built_fixtures |= {d for d in _fixturedefs(item) if _may_keep_a_build(d)}
        users, cause = [item], f"the test {DOES[kind]} ({what}) but is"
    unmarked = [i.nodeid for i in users if not i.get_closest_marker(kind)]
    if unmarked:
        pytest.fail(f"{cause} not marked `{kind}`: {', '.join(unmarked)}; {_fix(kind)}.", pytrace=False)


@functools.cache
def make_targets_that_build(makefile: Path = MAKEFILE) -> frozenset[str]:
    """The targets of `makefile` whose recipe runs a site build, the tests
    or a benchmark (`echo` lines aside)."""
    targets: dict[str, bool] = {}
    current: list[str] = []
    for line in makefile.read_text(encoding="utf-8").splitlines():
        rule = re.match(r"([A-Za-z][\w.-]*(?:[ \t]+[A-Za-z][\w.-]*)*)[ \t]*:(?!=)", line)
        if rule:
            current = rule.group(1).split()
            for target in current:
                targets.setdefault(target, False)
        elif line.startswith("\t") or line.startswith(("ifeq", "ifneq", "else", "endif")):
            if RECIPE_BUILDS.search(line) and not re.match(r"\t@?echo\b", line):
                for target in current:
                    targets[target] = True
        elif line.strip() and not line.startswith("#"):
            current = []
    return frozenset(target for target, builds in targets.items() if builds)


def command_starts(args) -> str | None:
    """What a process started with `args` starts: "build", "browser" or None."""
    if isinstance(args, bytes):
        args = args.decode(errors="replace")
    words = shlex.split(args) if isinstance(args, str) else [args] if isinstance(args, Path) else list(args)
    words = [Path(str(w)).name if "/" in str(w) else str(w) for w in words]
    if words and words[0] == "make":
        return "build" if not MAKE_DRY_RUN & set(words) and make_targets_that_build() & set(words[1:]) else None
    if BROWSER_DRIVER in words:
        return "browser"
    for word, following in zip(words, words[1:]):
        if word in GENERATORS and following in BUILD_COMMANDS:
            return "build"
    return None


class _WatchedPopen(subprocess.Popen):
    """subprocess.Popen, which first notes a site build or a browser."""

    def __init__(self, args, *rest, **options) -> None:
        """Popen(args, ...), after failing a test that starts what its
        markers do not say."""
        kind = command_starts(args)
        if kind:
            started(kind, " ".join(map(str, [args] if isinstance(args, (str, bytes)) else args))[:200])
        super().__init__(args, *rest, **options)


_originals: dict = {}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Watch every process the tests start, and MkDocs' build in process."""
    _state.session = session
    _originals["Popen"] = subprocess.Popen
    subprocess.Popen = _WatchedPopen
    try:
        from mkdocs.commands import build as mkdocs_build
    except ImportError:
        return
    original = _originals["mkdocs"] = mkdocs_build.build

    def build(*args, **kwargs):
        started("build", "mkdocs.commands.build.build")
        return original(*args, **kwargs)

    mkdocs_build.build = build


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop watching."""
    subprocess.Popen = _originals.pop("Popen", subprocess.Popen)
    if "mkdocs" in _originals:
        from mkdocs.commands import build as mkdocs_build

        mkdocs_build.build = _originals.pop("mkdocs")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that uses the browser is marked `browser`, and every test
    marked `browser` uses it: the others fail at setup (before any
    fixture), each naming what to change."""
    for item in items:
        uses = "browser" in getattr(item, "fixturenames", ())
        marked = item.get_closest_marker("browser") is not None
        if uses and not marked:
            _state.misplaced[item.nodeid] = f"{item.nodeid} uses the browser but is not marked `browser`: {_fix('browser')}."
        elif marked and not uses:
            _state.misplaced[item.nodeid] = (f"{item.nodeid} is marked `browser` but uses no browser: remove the "
                                             "marker, or `make test-fast` leaves it out for nothing.")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a test whose `browser` marker does not match its fixtures."""
    if item.nodeid in _state.misplaced:
        pytest.fail(_state.misplaced[item.nodeid], pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    """Remember the running test."""
    _state.item = item
    try:
        return (yield)
    finally:
        _state.item = None


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Remember the fixtures being set up, innermost last."""
    _state.fixtures.append(fixturedef)
    try:
        return (yield)
    finally:
        _state.fixtures.pop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    """Remember the tests whose own part passed."""
    report = yield
    if report.when == "call" and report.passed:
        _state.passed.add(item.nodeid)
    return report


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """A test marked `build` that passed has built, or uses a fixture that
    did (in this run, for it or an earlier test)."""
    if item.nodeid not in _state.passed or not item.get_closest_marker("build"):
        return
    if item.nodeid in _state.built_items or _fixturedefs(item) & _state.built_fixtures:
        return
    pytest.fail(f"{item.nodeid} is marked `build` but neither it nor a fixture it uses ran a site build: "
                "remove the marker, or `make test-fast` leaves it out for nothing.", pytrace=False)
