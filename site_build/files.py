"""The project's files as the build reads and publishes them.

- Text: every file the build or the generator reads as text (Markdown,
  YAML such as docs/blog/.authors.yml and .meta.yml, the data files,
  templates, stylesheets, scripts, mkdocs.yml) must be UTF-8. A file saved
  in another encoding (Windows' "ANSI", Latin-1) is named with the line
  and the byte that cannot be read, before anything reads it
  (`text_problems`, which the content checks and hooks/pipeline.py run
  first).
- Size: Cloudflare Pages refuses a deployment with a file over 25 MiB
  (developers.cloudflare.com/pages/platform/limits/, "File size"): a file
  of docs/ over MAX_FILE_BYTES is refused by the content checks
  (`size_problems`), and so is any file of the output (`output_sizes`,
  a step over the whole folder, for what the build itself writes).
- Published copies: a file the build publishes as it is (a cached card,
  the editor's scripts) is linked into the output, not copied
  (`publish_copy`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from site_extensions.errors import ContentError, where

if TYPE_CHECKING:
    from .pipeline import Build
    from .project import Project

# Cloudflare Pages' "maximum file size for a single ... site asset".
MAX_FILE_BYTES = 25 * 1024 * 1024
# What the build or the generator decodes as text.
TEXT_SUFFIXES = {".md", ".markdown", ".yml", ".yaml", ".html", ".htm", ".css", ".js", ".json", ".txt"}


def publish_copy(source: Path, target: Path) -> None:
    """`source` published at `target` as it is: a hard link, which costs no
    reading or writing (neither the build nor the cache changes such a file
    in place: the cache replaces a card whole, and the picture step leaves
    the cards' folders alone), else, across file systems, a copy."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def project_path(project: Project, path: Path) -> str:
    """`path` as the owner sees it: relative to the project's folder."""
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return path.as_posix()


def encoding_problem(data: bytes, label: str) -> str | None:
    """The one line that says `data` (the file `label`) is not UTF-8, with
    the line and the byte, or None when it is."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        return (f"{where(label, line)}: the file is not UTF-8 text (byte 0x{data[e.start]:02x} at column "
                f"{column} cannot be read); save it again with the encoding UTF-8 (in the editor: "
                "Save as, Encoding: UTF-8) and check the accented letters on that line")
    return None


def text_files(project: Project) -> list[Path]:
    """Every file the build reads as text: mkdocs.yml, and the text files
    of docs/, data/ and the theme's overrides (hidden ones included)."""
    theme = project.config.get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    folders = [project.docs_dir, project.data_dir] + ([project.root / str(custom)] if custom else [])
    found = [project.root / "mkdocs.yml"]
    for folder in folders:
        if folder.is_dir():
            found += sorted(p for p in folder.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file())
    return found


def text_problems(project: Project) -> list[str]:
    """Every text file of the project that is not UTF-8, one line each."""
    found = []
    for path in text_files(project):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        problem = encoding_problem(data, project_path(project, path))
        if problem:
            found.append(problem)
    return found


def _mib(size: int) -> str:
    """A size in bytes as MiB, one decimal."""
    return f"{size / 1024 / 1024:.1f} MiB"


def _too_large(label: str, size: int) -> str:
    """The line refusing the file `label` of `size` bytes."""
    return (f"{label}: the file is {_mib(size)}, and Cloudflare Pages refuses files over 25 MiB; make it "
            "smaller (a picture: resize it to at most 4000 pixels on its longer side; a video or a large "
            "document: publish it elsewhere, e.g. YouTube or a shared drive, and link to it)")


def size_problems(project: Project) -> list[str]:
    """Every file of docs/ over MAX_FILE_BYTES (the generator publishes
    them as they are), one line each."""
    found = []
    for path in sorted(project.docs_dir.rglob("*")):
        if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
            found.append(_too_large(project_path(project, path), path.stat().st_size))
    return found


def output_sizes(build: Build) -> None:
    """The output's files over MAX_FILE_BYTES (what the build itself
    writes: the content checks have refused the owner's files already)."""
    found = []
    for folder, _subfolders, names in os.walk(build.site):
        for name in names:
            path = os.path.join(folder, name)
            if not os.path.isfile(path):
                continue  # a link to nothing
            size = os.stat(path).st_size
            if size > MAX_FILE_BYTES:
                found.append(_too_large(f"{build.site.name}/{Path(path).relative_to(build.site).as_posix()}", size))
    found.sort()
    if found:
        raise ContentError("The site has files a host would refuse:\n  " + "\n  ".join(found))
