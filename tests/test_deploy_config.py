"""The hosts' configuration files say what README.md says they do: GitHub
Pages runs the test command before publishing a production build of site/;
Netlify and Cloudflare Pages build with Python 3.11 into site/."""

from __future__ import annotations

import tomllib

import yaml

from conftest import ROOT


def test_github_pages_tests_then_publishes_main():
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert [s.get("run") for s in jobs["test"]["steps"]][-1] == "make test"
    build = jobs["build"]
    assert build["needs"] == "test" and "refs/heads/main" in build["if"]
    step = next(s for s in build["steps"] if s.get("name") == "Build for production")
    assert step["env"]["PRODUCTION"] == "true" and step["env"]["CSP_META"] == "true"
    assert "SITE_URL" in step["env"] and "CONTACT_ENDPOINT" in step["env"]
    assert step["run"].strip().endswith("make build")
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages")


def test_netlify_builds_site_with_python_311():
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"]["publish"] == "site"
    assert "pip install -r requirements.txt" in config["build"]["command"]
    assert "mkdocs build" in config["build"]["command"]
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    assert config["build"]["environment"]["PRODUCTION"] == "true"


def test_cloudflare_pages_publishes_site_with_python_311():
    config = tomllib.loads((ROOT / "wrangler.toml").read_text(encoding="utf-8"))
    assert config["pages_build_output_dir"] == "site"
    assert config["vars"]["PYTHON_VERSION"] == "3.11"
    assert config["vars"]["PRODUCTION"] == "true"
