"""Pieces of pages that the pipeline's steps write into the output, rendered
from the templates of overrides/partials/ with a context Python computes
(templates render; Python decides). The theme's icons (`.icons/`) come
from Material's or Zensical's templates, whichever is installed.
"""

from __future__ import annotations

import importlib.util
import posixpath
from functools import lru_cache
from pathlib import Path

import jinja2

from .project import Project


def _theme_dirs() -> list[str]:
    found = []
    for package in ("material", "zensical"):
        spec = importlib.util.find_spec(package)
        if spec and spec.origin:
            templates = Path(spec.origin).parent / "templates"
            if (templates / ".icons").is_dir():
                found.append(str(templates))
    return found


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for two site paths (relative, no '..'), without
    its two calls to os.getcwd: every link the steps render goes through
    here. Any other path goes to posixpath.relpath."""
    if ".." in path or ".." in start:
        return posixpath.relpath(path, start)
    to = [part for part in path.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < len(to) and common < len(here) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def relative_url(target: str, page_url: str) -> str:
    """`target` (an address from the site's root, e.g. 'privacy/' or
    'assets/x.js') as a link from the page at `page_url`, as MkDocs'
    `url` filter writes it."""
    if "://" in target or target.startswith(("mailto:", "#", "/")):
        return target
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    path, _, fragment = target.partition("#")
    relative = _relpath(path or ".", base or ".")
    if path.endswith("/") or not path:
        relative = relative.rstrip("/") + "/"
        if relative == "./":
            relative = "./"
    return relative + ("#" + fragment if fragment else "")


def compiled_templates(project: Project, environment: str) -> jinja2.BytecodeCache:
    """Where every build keeps the templates it compiled, under
    .cache/templates/: by each template's name and a checksum of its
    source, so a template that changes, or another version of Jinja or
    Python, is compiled again. The same compiled code either way: a build
    spends no time compiling what has not changed. `environment` names the
    Jinja environment ("theme": the generator's, as its pages and plugins
    make it; "steps": this module's; "words": `translate`'s): each has its
    own folder, since code compiled under one's options (autoescaping,
    strictness) is not the other's."""
    return _bytecode_cache(str(project.cache_dir / "templates" / environment))


@lru_cache(maxsize=8)
def _bytecode_cache(folder: str) -> jinja2.BytecodeCache:
    Path(folder).mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(folder)


@lru_cache(maxsize=8)
def _environment(overrides: str, cache: str | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([overrides, *_theme_dirs()]),
        autoescape=True, keep_trailing_newline=False, undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(cache) if cache else None,
    )
    env.filters["url"] = jinja2.pass_context(lambda context, target: relative_url(str(target), context["page_url"]))
    return env


def translate(project: Project, *keys: str) -> dict[str, str]:
    """The theme's words for `keys` in the site's language (theme.language,
    through overrides/partials/language.html, as the theme's own pages)."""
    custom = (project.config.get("theme") or {}).get("custom_dir") or "overrides"
    # The theme's translations read a missing word as empty: not strict
    # (so compiled into a folder of its own).
    env = jinja2.Environment(loader=_environment(str(project.root / custom)).loader, autoescape=True,
                             bytecode_cache=compiled_templates(project, "words"))
    template = env.from_string('{% import "partials/language.html" as lang with context %}'
                               '{{ lang.t(key) }}')
    config = {**project.config, "theme": {"language": project.settings.language}}
    return {key: template.render(config=config, key=key).strip() for key in keys}


def render(project: Project, template: str, page_url: str, **context) -> str:
    """The template (a path inside overrides/, e.g. 'partials/share.html')
    rendered for the page at `page_url`."""
    custom = (project.config.get("theme") or {}).get("custom_dir") or "overrides"
    env = _environment(str(project.root / custom), str(project.cache_dir / "templates" / "steps"))
    if "template config" not in project._read:  # once per build (the steps render every page's pieces)
        extra = project.extra
        project._read["template config"] = ({**project.config, "extra": extra}, extra)
    config, extra = project._read["template config"]
    return env.get_template(template).render(config=config, extra=extra, page_url=page_url, **context)
