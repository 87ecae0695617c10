"""The build knows the host it targets (site_build/hosting.py), and refuses
what cannot work there: a contact provider the host cannot receive (Netlify
Forms anywhere but on Netlify), a policy in the pages of a host that reads
`_headers`. Every provider is tried on every host, however the host is told."""

from __future__ import annotations

import pytest

from support.project import ROOT, build, content_problems

# What each provider needs to be complete, so that only the host decides.
PROVIDER_ENV = {
    "formspree": {"CONTACT_ENDPOINT": "https://formspree.io/f/abc"},
    "netlify": {},
    "web3forms": {"CONTACT_ACCESS_KEY": "chiave-di-prova"},
    "webhook": {"CONTACT_ENDPOINT": "https://hook.studio-rossi.it/contatti"},
}
# Each way a build learns its host: the explicit setting, the variable the
# host's own build sets (Netlify: NETLIFY=true; Cloudflare Pages:
# CF_PAGES=1), and the meta-tag policy of the GitHub Pages workflow.
HOST_ENV = {
    "SITE_HOST=netlify": ("netlify", {"SITE_HOST": "netlify"}),
    "SITE_HOST=cloudflare-pages": ("cloudflare-pages", {"SITE_HOST": "cloudflare-pages"}),
    "SITE_HOST=github-pages": ("github-pages", {"SITE_HOST": "github-pages"}),
    "NETLIFY=true": ("netlify", {"NETLIFY": "true"}),
    "CF_PAGES=1": ("cloudflare-pages", {"CF_PAGES": "1"}),
    "CSP_META=true": ("github-pages", {"CSP_META": "true"}),
}
HOST_VARIABLES = ("SITE_HOST", "NETLIFY", "CF_PAGES", "CSP_META")
HOST_NAMES = {"netlify": "Netlify", "cloudflare-pages": "Cloudflare Pages", "github-pages": "GitHub Pages"}


@pytest.fixture(autouse=True)
def no_host(monkeypatch):
    """The test run's own environment says nothing about a host."""
    for name in HOST_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def host_problems(env: dict) -> list[str]:
    return [p for p in content_problems(ROOT, env=env) if "contact_form" in p or "extra.host" in p
            or "csp_meta" in p]


def test_the_table_names_every_provider_and_host():
    from site_build.hosting import HOSTS
    from site_build.settings import PROVIDERS

    assert set(HOSTS) == set(HOST_NAMES)
    assert all(set(row.hosts) <= set(HOSTS) for row in PROVIDERS.values())


@pytest.mark.parametrize("how", HOST_ENV)
@pytest.mark.parametrize("provider", PROVIDER_ENV)
def test_every_provider_on_every_host(provider, how):
    """Netlify Forms receives messages only on Netlify; the other three
    providers post to a site of their own and work on every host."""
    host, env = HOST_ENV[how]
    found = host_problems({"CONTACT_PROVIDER": provider, **PROVIDER_ENV[provider], **env})
    if provider == "netlify" and host != "netlify":
        assert len(found) == 1, found
        line = found[0]
        assert "\n" not in line
        assert f"'netlify' non può funzionare su {HOST_NAMES[host]}" in line, line
        assert how.split("=")[0] in line, f"the message does not say what chose the host: {line}"
        assert line.startswith("variabile d'ambiente CONTACT_PROVIDER") and "scegli uno tra formspree, web3forms, webhook" in line, line
    else:
        assert found == [], found


@pytest.mark.parametrize("provider", PROVIDER_ENV)
def test_a_build_for_no_host_in_particular_refuses_no_provider(provider):
    assert host_problems({"CONTACT_PROVIDER": provider, **PROVIDER_ENV[provider]}) == []


@pytest.mark.parametrize("how", ["SITE_HOST=netlify", "NETLIFY=true", "SITE_HOST=cloudflare-pages", "CF_PAGES=1"])
def test_a_meta_policy_on_a_host_that_reads_headers_is_refused(how):
    host, env = HOST_ENV[how]
    found = host_problems({**env, "CSP_META": "true"})
    assert len(found) == 1 and "unset CSP_META" in found[0] and HOST_NAMES[host] in found[0], found


def test_an_unknown_host_is_refused():
    found = host_problems({"SITE_HOST": "aruba"})
    assert len(found) == 1 and "'aruba' is unknown" in found[0] and "github-pages" in found[0], found


def test_github_pages_gets_the_policy_in_its_pages_without_csp_meta(monkeypatch):
    """SITE_HOST=github-pages alone is enough: GitHub Pages reads no
    `_headers`, so the policy goes into the pages."""
    from site_build.hosting import meta_policy
    from site_build.project import Project

    for env, expected in (({"SITE_HOST": "github-pages"}, True), ({"CSP_META": "true"}, True),
                          ({"SITE_HOST": "netlify"}, False), ({"CF_PAGES": "1"}, False), ({}, False)):
        for name in HOST_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert meta_policy(Project.load(ROOT / "mkdocs.yml")) is expected, env


@pytest.mark.build
def test_netlify_forms_on_github_pages_stops_the_build_in_one_line(tmp_path):
    """The instance the issue reports: the GitHub Pages workflow's build
    (CSP_META=true) with CONTACT_PROVIDER=netlify."""
    result = build(ROOT, tmp_path / "site", env={"CSP_META": "true", "CONTACT_PROVIDER": "netlify"})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if "non può funzionare su GitHub Pages" in line]
    assert len(lines) == 1, result.stderr
    assert not (tmp_path / "site" / "contatti" / "index.html").exists()


@pytest.mark.parametrize("how", [None, *HOST_ENV])
def test_a_production_build_must_know_its_host(how, tmp_path):
    """The privacy page names the host, and what works there is checked: a
    production build that cannot tell its host stops in one line naming
    SITE_HOST; each way of telling it is enough."""
    from support.project import PRODUCTION_ENV, copy_project, production_ready

    project = production_ready(copy_project(tmp_path / "project"))
    env = {**PRODUCTION_ENV, "SITE_HOST": "", **(HOST_ENV[how][1] if how else {})}
    found = [p for p in content_problems(project, env=env) if "needs to know the host" in p]
    if how is None:
        assert len(found) == 1 and "set SITE_HOST" in found[0], found
    else:
        assert found == [], found
