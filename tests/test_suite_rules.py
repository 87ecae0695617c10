"""The suite's own rules: each slow test carries the marker of its group
(tests/support/markers.py checks it; here a small suite of planted tests
shows that it does, for every way a test can be slow), and what the tests
share that is not a fixture lives in tests/support/, imported from there."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support.project import ROOT

TESTS = ROOT / "tests"

PLANTED_CONFTEST = '''
import subprocess, sys
import pytest

pytest_plugins = ["support.markers"]
BUILD = [sys.executable, "-m", "mkdocs", "build", "--help"]


@pytest.fixture(scope="session")
def browser():
    print("the browser started")
    return object()


@pytest.fixture
def new_page(browser):
    return object()


@pytest.fixture(scope="session")
def site_dir():
    subprocess.run(BUILD, capture_output=True, check=True)


@pytest.fixture(scope="module")
def built_for_unmarked():
    subprocess.run(BUILD, capture_output=True, check=True)


@pytest.fixture(scope="module")
def built_for_marked():
    subprocess.run(BUILD, capture_output=True, check=True)


@pytest.fixture(scope="module")
def sites():
    built = {}

    def get(name):
        if name not in built:
            built[name] = subprocess.run(BUILD, capture_output=True, check=True)
        return built[name]

    return get
'''

PLANTED_RUNNING = '''
import subprocess, sys
import pytest

BUILD = [sys.executable, "-m", "mkdocs", "build", "--help"]


def test_build_unmarked():
    subprocess.run(BUILD, capture_output=True)


@pytest.mark.build
def test_build_marked():
    subprocess.run(BUILD, capture_output=True, check=True)


def test_check_unmarked():
    subprocess.run([sys.executable, "-m", "site_build", "check", "-f", "mkdocs.yml"], capture_output=True)


def test_make_production_unmarked():
    subprocess.run(["make", "production"], capture_output=True)


def test_make_check_in_a_shell_unmarked():
    subprocess.run("make -s check", shell=True, capture_output=True)


def test_make_dry_run_unmarked():
    subprocess.run(["make", "-n", "production"], capture_output=True)


def test_in_process_build_unmarked():
    from mkdocs.commands.build import build

    build(None)


def test_fixture_build_unmarked(built_for_unmarked):
    pass


@pytest.mark.build
def test_fixture_build_marked(built_for_marked):
    pass


@pytest.mark.build
def test_fixture_build_marked_again(built_for_marked):
    pass


def test_shared_build_unmarked(site_dir):
    pass


@pytest.mark.build
def test_marked_build_but_builds_nothing(tmp_path, site_dir):
    pass


@pytest.mark.build
def test_a_fixture_builds_when_first_asked(sites):
    sites("one")


@pytest.mark.build
def test_a_fixture_keeps_what_it_built(sites):
    sites("one")


def test_a_fixture_that_kept_a_build_unmarked(sites):
    sites("one")


@pytest.mark.browser
def test_browser_marked(browser):
    pass


@pytest.mark.browser
def test_browser_through_a_fixture_marked(new_page):
    pass


def test_browser_driver_unmarked():
    subprocess.run([sys.executable, "-c", "pass", "run-driver"], capture_output=True)
'''

PLANTED_COLLECTED = '''
import pytest


def test_browser_unmarked(browser):
    pass


def test_browser_through_a_fixture_unmarked(new_page):
    pass


@pytest.mark.browser
def test_browser_marked_but_unused():
    pass
'''


def run_planted(tmp_path: Path, tests: str, *options: str) -> subprocess.CompletedProcess:
    """pytest, with the markers' guard, on a planted test module."""
    (tmp_path / "conftest.py").write_text(PLANTED_CONFTEST, encoding="utf-8")
    (tmp_path / "test_planted.py").write_text(tests, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\naddopts = --strict-markers -p no:cacheprovider\nmarkers =\n    browser: b\n    build: b\n",
        encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT)])}
    return subprocess.run([sys.executable, "-m", "pytest", "-rA", "-q", "-s", *options, str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)


def outcomes(output: str) -> dict[str, set[str]]:
    """test name -> the outcomes pytest's summary reports for it."""
    found: dict[str, set[str]] = {}
    for outcome, name in re.findall(r"^(PASSED|FAILED|ERROR) (?:at teardown of )?\S*::(\w+)", output, re.M):
        found.setdefault(name, set()).add(outcome)
    return found


@pytest.mark.parametrize("workers", [[], ["-n", "2", "--dist", "loadfile"]], ids=["one process", "two processes"])
def test_every_way_a_test_builds_or_drives_the_browser_needs_its_marker(tmp_path, workers):
    result = run_planted(tmp_path, PLANTED_RUNNING, *workers)
    output = result.stdout + result.stderr
    found = outcomes(output)
    unmarked = ["test_build_unmarked", "test_check_unmarked", "test_make_production_unmarked",
                "test_make_check_in_a_shell_unmarked", "test_in_process_build_unmarked"]
    for name in unmarked:
        assert found.get(name) == {"FAILED"}, f"{name}: {found.get(name)}\n{output}"
        assert re.search(rf"the test runs a site build \(.*\) but is not marked `build`: test_planted.py::{name}; "
                         r"add @pytest.mark.build", output), output
    assert found.get("test_browser_driver_unmarked") == {"FAILED"}, output
    assert re.search(r"the test starts the browser \(.*run-driver\) but is not marked `browser`: "
                     r"test_planted.py::test_browser_driver_unmarked;", output), output
    # A fixture that builds: every test using it is named, at its setup.
    assert found.get("test_fixture_build_unmarked") == {"ERROR"}, output
    assert re.search(r"the fixture `built_for_unmarked` runs a site build \(.*\) but these tests using it are not "
                     r"marked `build`: test_planted.py::test_fixture_build_unmarked;", output), output
    # A marker that is not needed takes a test out of the quick loop for nothing.
    assert found.get("test_marked_build_but_builds_nothing") == {"PASSED", "ERROR"}, output
    assert "test_marked_build_but_builds_nothing is marked `build` but neither it nor a fixture" in output
    # A build kept by a fixture: each test that may start it needs the
    # marker, and each that uses it has it.
    assert found.get("test_a_fixture_that_kept_a_build_unmarked") == {"PASSED"}, output
    for name in ["test_a_fixture_builds_when_first_asked", "test_a_fixture_keeps_what_it_built",
                 "test_build_marked", "test_fixture_build_marked", "test_fixture_build_marked_again",
                 "test_shared_build_unmarked", "test_make_dry_run_unmarked", "test_browser_marked",
                 "test_browser_through_a_fixture_marked"]:
        assert found.get(name) == {"PASSED"}, f"{name}: {found.get(name)}\n{output}"


@pytest.mark.parametrize("workers", [[], ["-n", "2", "--dist", "loadfile"]], ids=["one process", "two processes"])
def test_a_browser_marker_that_does_not_match_the_fixtures_fails_before_the_browser_starts(tmp_path, workers):
    result = run_planted(tmp_path, PLANTED_COLLECTED, *workers)
    output = result.stdout + result.stderr
    found = outcomes(output)
    assert found == {name: {"ERROR"} for name in ("test_browser_unmarked", "test_browser_through_a_fixture_unmarked",
                                                  "test_browser_marked_but_unused")}, output
    assert "test_browser_unmarked uses the browser but is not marked `browser`: add @pytest.mark.browser" in output
    assert "test_browser_through_a_fixture_unmarked uses the browser but is not marked `browser`" in output
    assert "test_browser_marked_but_unused is marked `browser` but uses no browser" in output
    assert "the browser started" not in output


def test_shared_code_lives_in_the_support_package():
    """Next to the tests, only the tests and conftest.py (its fixtures);
    every other module is in tests/support/ and imported from there."""
    strays = sorted(p.name for p in TESTS.glob("*.py") if p.name != "conftest.py" and not p.name.startswith("test_"))
    assert strays == [], f"move these modules into tests/support/: {strays}"
    shared = {p.stem for p in (TESTS / "support").glob("*.py")} - {"__init__"}
    wrong = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for name in names:
                if name == "conftest" or name in shared:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert wrong == [], ("import shared code from tests/support/ (support.<module>), fixtures by naming them as "
                         f"arguments: {wrong}")


def test_the_make_targets_that_build_are_read_from_the_makefile(tmp_path):
    """A new target whose recipe builds needs no list to be kept: the guard
    reads the recipes."""
    from support.markers import make_targets_that_build

    targets = make_targets_that_build()
    assert {"build", "production", "check", "serve", "test", "test-fast"} <= targets
    assert not {"new-post", "help", "clean", "system-deps"} & targets
    makefile = tmp_path / "Makefile"
    makefile.write_text("# a comment: serve\nhelp:\n\t@echo make serve\n\npreview: deps\n\t$(BIN)/python -m site_build"
                        " build --strict\nnotes:\n\ttouch notes\n", encoding="utf-8")
    assert make_targets_that_build(makefile) == {"preview"}
