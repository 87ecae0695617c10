"""The hosts' configuration files say what README.md says they do: GitHub
Pages runs the test command before publishing; every host builds with the one
production command (`make production`), which cannot publish placeholders or
a demo contact form; no configuration ships a placeholder address; each
GitHub job has the permissions its actions document, no more."""

from __future__ import annotations

import re
import subprocess
import tomllib

import yaml

from support.project import ROOT

PRODUCTION_COMMAND = re.compile(r"(^|\s)make production\s*$", re.M)


def test_github_pages_tests_then_publishes_main():
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert [s.get("run") for s in jobs["test"]["steps"]][-1] == "make test"
    build = jobs["build"]
    assert build["needs"] == "test" and "refs/heads/main" in build["if"]
    step = next(s for s in build["steps"] if s.get("name") == "Build for production")
    assert step["env"]["CSP_META"] == "true"
    assert "SITE_URL" in step["env"] and "CONTACT_ENDPOINT" in step["env"]
    assert PRODUCTION_COMMAND.search(step["run"]), step["run"]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages")


def test_github_jobs_have_the_permissions_their_actions_document():
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}, "the workflow's default must grant nothing"
    jobs = workflow["jobs"]
    assert jobs["test"]["permissions"] == {"contents": "read"}
    # actions/configure-pages reads the Pages settings: pages: read (private repositories).
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_netlify_builds_with_the_production_command():
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"]["publish"] == "site"
    assert PRODUCTION_COMMAND.search(config["build"]["command"].strip()), config["build"]["command"]
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"


def test_cloudflare_pages_builds_with_the_production_command():
    text = (ROOT / "wrangler.toml").read_text(encoding="utf-8")
    config = tomllib.loads(text)
    assert config["pages_build_output_dir"] == "site"
    assert config["vars"]["PYTHON_VERSION"] == "3.11"
    assert re.search(r"^#\s+make production\s*$", text, re.M), "the dashboard's build command is not documented"
    assert not config["vars"].get("SITE_URL"), "wrangler.toml must not ship a site address"


def test_no_deploy_configuration_ships_a_placeholder_address():
    for name in (".github/workflows/deploy.yml", "netlify.toml", "wrangler.toml"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "example.com" not in text, f"{name} ships example.com"


def test_the_production_command_sets_production():
    """What `make production` runs (make -n prints it without running it)."""
    result = subprocess.run(["make", "-n", "production"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^PRODUCTION=true \S*python -m site_build build --strict$", result.stdout, re.M), result.stdout
