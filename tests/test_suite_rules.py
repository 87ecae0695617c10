"""The suite's own rules: what the tests share that is not a fixture lives
in tests/support/, imported from there."""

from __future__ import annotations

import ast

from support.project import ROOT

TESTS = ROOT / "tests"


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
