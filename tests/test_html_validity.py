"""Gate 1 of issue #3: every HTML page of the build is valid HTML for the Nu
HTML Checker (vnu.jar from npm, run with Java), 404 page included. The
checker runs once over all the pages; a failure names each page, line and
message. A page with planted errors, checked in the same run, proves that
the gate can fail."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections import defaultdict
from pathlib import Path

import pytest

from support.page_types import missing_kinds, pages_by_kind
from support.pages import html_pages
from support.project import ROOT

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def validate(files: list[Path]) -> tuple[set[Path], dict[Path, list[dict]]]:
    """Run the Nu HTML Checker once over `files`; return the files it reports
    as checked and its errors grouped by file."""
    assert shutil.which("java"), "Java is missing: `make test` installs default-jre-headless"
    assert VNU.exists(), f"{VNU.relative_to(ROOT)} is missing: `make test` runs `npm ci`"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--no-langdetect", "--verbose"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # --verbose lists the checked files on stdout; the JSON report is on stderr.
    checked = {Path(line).resolve() for line in result.stdout.splitlines() if line.strip()}
    report = json.loads(result.stderr)
    errors: dict[Path, list[dict]] = defaultdict(list)
    for message in report["messages"]:
        assert message["type"] in ("error", "non-document-error"), message
        errors[Path(message["url"].removeprefix("file:")).resolve()].append(message)
    assert (result.returncode != 0) == bool(errors), (result.returncode, result.stderr[-2000:])
    return checked, dict(errors)


def describe(errors: dict[Path, list[dict]], root: Path) -> str:
    lines = []
    for path, messages in sorted(errors.items()):
        lines.append(f"{path.relative_to(root).as_posix()}: {len(messages)} error(s)")
        for m in messages:
            extract = " ".join(m.get("extract", "").split())[:120]
            lines.append(f"  line {m.get('lastLine', '?')}: {m['message']}\n      {extract}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def planted(site_dir, tmp_path_factory) -> Path:
    """A folder with a copy of the home page holding planted errors
    (Material's invalid toggles put back, a duplicate id and a stray end
    tag), planted.html, and an untouched copy, clean.html."""
    folder = tmp_path_factory.mktemp("planted")
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    toggle = 'type="checkbox" id="__drawer">'
    assert home.count(toggle) == 1
    planted = home.replace(toggle, 'type="checkbox" id="__drawer" autocomplete="off">', 1)
    planted = planted.replace("</main>", '<p id="__search">doppio</p></span></main>', 1)
    (folder / "planted.html").write_text(planted, encoding="utf-8")
    (folder / "clean.html").write_text(home, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def vnu_run(site_dir, planted):
    """One run of the checker (a Java start-up costs seconds) over the
    site's pages and the planted folder's two."""
    files = [site_dir / rel for rel in html_pages(site_dir)]
    start = time.monotonic()
    checked, errors = validate(files + [planted / "planted.html", planted / "clean.html"])
    print(f"\nNu HTML Checker: {len(files)} pages and 2 planted in {time.monotonic() - start:.1f} s")
    return files, checked, errors


def under(errors: dict[Path, list[dict]], folder: Path) -> dict[Path, list[dict]]:
    return {path: messages for path, messages in errors.items() if path.is_relative_to(folder.resolve())}


@pytest.fixture(scope="module")
def vnu_result(site_dir, vnu_run):
    files, checked, errors = vnu_run
    return files, checked, under(errors, site_dir)


def test_every_page_is_valid_html(site_dir, vnu_result):
    files, checked, errors = vnu_result
    assert errors == {}, "the Nu HTML Checker reports errors:\n" + describe(errors, site_dir)


def test_the_checker_read_every_page_of_every_kind(site_dir, vnu_result):
    files, checked, errors = vnu_result
    assert not missing_kinds(site_dir), f"no page of kind(s) {missing_kinds(site_dir)} in the build"
    kinds = pages_by_kind(site_dir)
    assert "404.html" in kinds["404"]
    assert len(files) == len(html_pages(site_dir)) > len(kinds) - 1
    unread = sorted(f.relative_to(site_dir).as_posix() for f in files if f.resolve() not in checked)
    assert not unread, f"the Nu HTML Checker did not read: {unread}"


def test_the_gate_reports_planted_errors(planted, vnu_run):
    """The planted copy of the home page: the gate names the page and the
    errors; the untouched copy next to it stays clean."""
    _files, checked, errors = vnu_run
    errors = under(errors, planted)
    assert {(planted / "planted.html").resolve(), (planted / "clean.html").resolve()} <= checked
    assert set(errors) == {(planted / "planted.html").resolve()}, describe(errors, planted)
    messages = " | ".join(m["message"] for m in errors[(planted / "planted.html").resolve()])
    assert "Attribute “autocomplete” is only allowed when the input type is" in messages
    assert "Duplicate ID “__search”" in messages
    assert "Stray end tag “span”" in messages
    assert "planted.html" in describe(errors, planted)
