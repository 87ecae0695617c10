"""`make check` (`python -m site_build check`): one answer to "would
publishing accept this site?", the same answer `make production` gives,
each problem on one line.

1. The content checks (checks.py), each page rendered by Python-Markdown,
   split in two: what stops every build, and what only a production build
   refuses (the placeholders: "before publishing"; a preview still builds).
2. What only a build can tell, from a strict build with the same generator
   into a temporary folder, as `make production` runs it: MkDocs' checks of
   the links and anchors between pages and of the navigation, the blog
   plugin's, and the pipeline's over the output (pictures as published, the
   security policy, `_headers`...). It is a production build when nothing is
   left before publishing; otherwise a preview build (placeholders would
   stop a production build before it tells anything more). It runs once
   nothing stops every build: those problems would stop it first.

The build's messages are turned into one line each (`build_lines`); those
that name a page's link get the page's file and line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from site_extensions.errors import ContentError

from . import checks
from .project import Project


@dataclass
class Answer:
    """`make check`'s answer: every problem, in three groups."""

    problems: list[str] = field(default_factory=list)  # stop every build
    built: list[str] = field(default_factory=list)  # found by the strict build
    publishing: list[str] = field(default_factory=list)  # only a production build refuses them
    build: str = ""  # the build that ran: "production", "preview", or "" (none)

    @property
    def ready(self) -> bool:
        """Whether `make production` would publish the site."""
        return not (self.problems or self.built or self.publishing)

    def text(self) -> str:
        """The answer as the owner reads it."""
        parts = []
        if self.problems:
            parts.append("Problems to fix (every build stops on them, the preview's too):")
            parts += [f"  {line}" for line in self.problems]
            parts.append("  (A strict build checks the links and anchors between pages once these are fixed.)")
        if self.built:
            parts.append("Found by a strict production build into a temporary folder, as `make production` runs it:"
                         if self.build == "production" else
                         "Found by a strict build into a temporary folder (a preview, while placeholders remain; "
                         "`make production` stops on the same):")
            parts += [f"  {line}" for line in self.built]
        if self.publishing:
            parts.append("Before publishing (a preview builds; `make production` refuses these):")
            parts += [f"  {line}" for line in self.publishing]
        if self.ready:
            return ("No problems found: `make production` would publish this site "
                    "(the content checks and a strict production build).")
        count = len(self.problems) + len(self.built) + len(self.publishing)
        parts.append(f"The site is not ready to publish: {count} problem{'s' if count > 1 else ''} "
                     "to fix, and `make production` refuses it until they are.")
        return "\n".join(parts)


def as_built(project: Project, production: bool) -> Project:
    """`project` as a preview build (`production` False) or a production
    build (True) reads it."""
    extra = {**project.extra, "production": production}
    return Project(project.root, {**project.config, "extra": extra})


def content(project: Project) -> tuple[list[str], list[str]]:
    """The content checks' problems: those that stop every build, and those
    only a production build refuses."""
    blocking = checks.problems(as_built(project, False), pages=True)
    everything = checks.problems(as_built(project, True), pages=False, placeholders_apart=True)
    return blocking, [line for line in everything if line not in blocking]


LEVEL = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s*-\s+(.*)$")
HEADINGS = ("The site has problems to fix before it is built:", "Pages have problems to fix before publishing:",
            "This production build would publish placeholders")
SUMMARIES = re.compile(r"^Aborted with |^Error reading page '")
LINK = re.compile(r"^Doc file '(?P<file>[^']+)' contains a link '(?P<link>[^']+)', but the target "
                  r"(?:'[^']+' )?is not found among documentation files\.")
ANCHOR = re.compile(r"^Doc file '(?P<file>[^']+)' contains a link '(?P<link>[^']+)', but the doc "
                    r"'(?P<doc>[^']+)' does not contain an anchor '(?P<anchor>[^']+)'\.")
NAV_OMITTED = "The following pages exist in the docs directory, but are not included in the \"nav\" configuration:"
EXCERPT = re.compile(r"^Couldn't find '(?P<sep>[^']+)' in post '(?P<post>[^']+)'")


def _entries(output: str) -> list[tuple[str, list[str]]]:
    """The build's warnings and errors, each with its continuation lines,
    and the last line of a traceback (an error no check explains)."""
    entries: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    lines = output.splitlines()
    for index, line in enumerate(lines):
        match = LEVEL.match(line)
        if match:
            current = [match.group(2)] if match.group(1) in ("WARNING", "ERROR", "CRITICAL") else None
            if current is not None:
                entries.append((match.group(1), current))
        elif line.startswith("Traceback (most recent call last):"):
            last = next((later for later in lines[index + 1:] if later and not later.startswith(" ")), "")
            entries.append(("ERROR", [f"the build stopped with an error it does not explain: {last}"]))
            current = None
        elif current is not None and line.startswith((" ", "\t")):
            current.append(line.strip())
    return entries


def _line_of(path: Path, needle: str) -> str:
    """', line N' where `needle` first occurs in the file at `path`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""
    index = text.find(needle)
    return f", line {text.count(chr(10), 0, index) + 1}" if index != -1 else ""


def build_lines(output: str, project: Project, site: str | None = None) -> list[str]:
    """The build's refusals in `output` (its log), one line each, naming the
    file (and line where known) and what to do."""
    docs = project.docs_dir.name

    def named(text: str) -> str:
        """Paths as the owner knows them: a built file by its source in
        docs/ (or site/), a project file from the project's folder."""
        if site:
            text = re.sub(re.escape(site) + r"/([^'\"\s]+)", lambda m: f"{docs}/{m[1]}"
                          if (project.docs_dir / m[1]).is_file() else f"site/{m[1]}", text)
        return text.replace(str(project.root) + "/", "")

    found: list[str] = []
    for _level, entry in _entries(output):
        first, *rest = [named(line) for line in entry]
        if first.startswith(HEADINGS):
            found += [line.removeprefix("- ") for line in rest if not line.startswith(HEADINGS)]
            continue
        if SUMMARIES.match(first):
            continue
        if link := LINK.match(first):
            where = f"{docs}/{link['file']}{_line_of(project.docs_dir / link['file'], link['link'])}"
            found.append(f"{where}: the link '{link['link']}' leads to no page or file of the site: "
                         "correct it (a link names the page's file, relative to this one, e.g. ../faq.md)")
        elif anchor := ANCHOR.match(first):
            where = f"{docs}/{anchor['file']}{_line_of(project.docs_dir / anchor['file'], anchor['link'])}"
            found.append(f"{where}: the link '{anchor['link']}' leads to a section {docs}/{anchor['doc']} does not "
                         f"have ({anchor['anchor']}): use the address of one of its headings (its link icon shows it)")
        elif first.startswith(NAV_OMITTED):
            found += [f"{docs}/{line.removeprefix('- ')} is in no entry of mkdocs.yml's nav: add it there, or to "
                      "not_in_nav to publish it outside the menus" for line in rest]
        elif excerpt := EXCERPT.match(first):
            found.append(f"{docs}/{excerpt['post']}: no '{excerpt['sep']}' line: add a line holding only "
                         f"{excerpt['sep']} after the introduction")
        else:
            found.append(" ".join([first, *rest]))
    return list(dict.fromkeys(found))


def strict_build(project: Project, config_file: Path, generator: str, production: bool) -> tuple[int, list[str]]:
    """A strict build of `project` into a temporary folder, as `make
    production` runs it (`production` False: as a preview); its return code
    and its refusals, one line each. Zensical, which cannot be told another
    folder, builds into mkdocs.yml's site_dir, as `make build` does."""
    with tempfile.TemporaryDirectory(prefix="site-check-") as tmp:
        site = str(Path(tmp) / "site")
        command = [sys.executable, "-m", "site_build", "build", "--strict", "-f", str(config_file),
                   "--generator", generator]
        if generator != "zensical":
            command += ["--site-dir", site]
        result = subprocess.run(command, cwd=project.root, capture_output=True, text=True,
                                env={**os.environ, "PRODUCTION": "true" if production else "false"})
        output = result.stderr + "\n" + result.stdout
        lines = build_lines(output, project, site)
    if result.returncode != 0 and not lines:
        lines = [f"the build failed with a message this check does not know: run `make {'production' if production else 'build'}` "
                 "to read it"]
    return result.returncode, lines


def answer(config_file: str | os.PathLike, generator: str) -> Answer:
    """`make check`'s answer for the project of `config_file`."""
    project = Project.load(config_file)
    result = Answer()
    result.problems, result.publishing = content(project)
    if result.problems:
        return result
    result.build = "preview" if result.publishing else "production"
    _code, lines = strict_build(project, project.root / Path(config_file).name, generator,
                                production=not result.publishing)
    result.built = [line for line in lines if line not in result.publishing]
    return result


def run(config_file: str | os.PathLike, generator: str) -> int:
    """Print `make check`'s answer; 1 when the site is not ready to publish."""
    try:
        result = answer(config_file, generator)
    except ContentError as e:
        print(f"ERROR    -  {e}", file=sys.stderr)
        return 1
    print(result.text(), file=sys.stdout if result.ready else sys.stderr)
    return 0 if result.ready else 1
