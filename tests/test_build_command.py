"""`python -m site_build build`: what the command runs itself, with the
generator and the steps after it stood in for (no build)."""

from __future__ import annotations

import subprocess

import pytest


@pytest.mark.parametrize("generator, checks", [("mkdocs", 0), ("properdocs", 0), ("zensical", 1)])
def test_the_content_checks_run_once_per_build(generator, checks, monkeypatch):
    """`python -m site_build build` checks the content itself only for the
    generator that runs no hooks (Zensical); MkDocs and ProperDocs check
    it through hooks/pipeline.py, once. The generator's run and the steps
    after it are stood in for: this counts the checks of the command."""
    from site_build import __main__ as command
    from support.project import ROOT

    calls = []
    monkeypatch.setattr(command, "check", lambda project, **options: calls.append(options))
    monkeypatch.setattr(command, "_generator_command", lambda *args: ["true"])
    monkeypatch.setattr(command.subprocess, "run", lambda *args, **kwargs: subprocess.CompletedProcess(args, 0))
    monkeypatch.setattr(command, "finish", lambda *args, **kwargs: None)
    assert command.main(["build", "--generator", generator, "-f", str(ROOT / "mkdocs.yml")]) == 0
    assert len(calls) == checks, calls
