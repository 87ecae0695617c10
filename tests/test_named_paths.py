"""What the maintainers' text names exists: every project file named in
README.md, in the comments of the configuration files (the .toml files,
mkdocs.yml, the Makefile, the workflows) and in the comments and
docstrings of the code, every `module.NAME` of the site's packages, and
every README section that text points to. A rename that forgets a
comment fails here, naming the file and the line."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from support.project import ROOT

# Folders of the project whose files the text names by path.
PROJECT_DIRS = ("site_build", "site_extensions", "hooks", "tests", "bench", "scripts", "overrides", "data",
                "docs/assets", ".github")
# Names with a dot that are not a module's: file extensions, and Material's
# feature flags (`navigation.footer`), whose prefix is also a module's name.
NOT_NAMES = {"py", "js", "html", "css", "yml", "yaml", "toml", "md", "json", "svg", "txt", "xml", "example"}
MATERIAL_FEATURES = ("navigation",)
# mkdocs.yml's `theme:` keys, written `theme.logo` like a module's name
# (site_build/theme.py is the theme contract, which defines none of them).
THEME_KEYS = {"name", "custom_dir", "language", "features", "palette", "font", "logo", "favicon", "icon", "variant"}
PATH = re.compile(r"(?<![\w/.$:-])((?:[\w.-]+/)*[\w-]+(?:\.[\w-]+)*\.(?:py|js|html|css|yml|yaml|toml|md|json|svg))"
                  r"(?![\w/])")
MODULE_NAME = re.compile(r"\b((?:site_build|site_extensions)\.)?([a-z_]+)\.([A-Za-z_]\w*)\b")
README_SECTION = re.compile(r"README(?:\.md)?,?\s+[\"“]([^\"”]+)[\"”]")


def _comments_and_docstrings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each comment and string literal written over
    several lines (the docstrings) of a Python file."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type == tokenize.COMMENT or (token.type == tokenize.STRING and token.string.endswith(('"""', "'''"))):
            found.append((token.start[0], token.string))
    return found


def _hash_comments(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each `#` comment of a YAML, TOML or Makefile."""
    return [(number, line[line.index("#"):]) for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.match(r"\s*#", line) or " # " in line]


def _joined(texts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Consecutive comment lines joined into one text (a name or a section
    title may be wrapped), kept with the line where each starts."""
    joined: list[tuple[int, str]] = []
    for number, text in texts:
        text = re.sub(r"^\s*#\s?", "", text)
        if joined and number == joined[-1][0] + joined[-1][1].count("\n") + 1:
            joined[-1] = (joined[-1][0], joined[-1][1] + "\n" + text)
        else:
            joined.append((number, text))
    return joined


def texts() -> list[tuple[str, int, str]]:
    """(file, line, text) of everything the maintainers read beside the code."""
    found, start = [], 1
    for paragraph in (ROOT / "README.md").read_text(encoding="utf-8").split("\n\n"):
        found.append(("README.md", start, paragraph))
        start += paragraph.count("\n") + 2
    configs = [*ROOT.glob("*.toml"), ROOT / "mkdocs.yml", ROOT / "Makefile", *ROOT.glob(".github/workflows/*.yml")]
    for path in configs:
        found += [(path.name, n, text) for n, text in _joined(_hash_comments(path))]
    for folder in ("site_build", "site_extensions", "hooks", "scripts", "bench"):
        for path in sorted((ROOT / folder).glob("*.py")):
            found += [(path.relative_to(ROOT).as_posix(), n, text)
                      for n, text in _joined(_comments_and_docstrings(path))]
    return [(name, n, re.sub(r"\s*\n\s*(#\s?)?", " ", text)) for name, n, text in found]


def _defined(module: Path, name: str) -> bool:
    """Whether `module` defines or imports `name`."""
    source = module.read_text(encoding="utf-8")
    return bool(re.search(rf"^\s*(?:async\s+)?(?:def|class)\s+{name}\b|^\s*{name}\s*(?::[^=]*)?=|import .*\b{name}\b",
                          source, re.M))


def _project_files() -> set[str]:
    """The names of the project's files (a module may be named alone)."""
    return {p.name for folder in (*PROJECT_DIRS, "") for p in (ROOT / folder).glob("**/*" if folder else "*")
            if p.is_file()}


def test_every_project_file_named_exists():
    names = _project_files()
    missing = []
    for where, line, text in texts():
        for path in PATH.findall(text):
            if path.startswith(tuple(f"{folder}/" for folder in PROJECT_DIRS)):
                if not (ROOT / path).exists():
                    missing.append(f"{where}:{line}: {path}")
            elif "/" not in path and path.endswith(".py") and path not in names:
                # A module named alone (`pipeline.py`): some file of the project.
                missing.append(f"{where}:{line}: {path}")
    assert missing == [], "named but not there (renamed? write the new name):\n" + "\n".join(missing)


def test_every_module_name_named_is_defined():
    missing = []
    for where, line, text in texts():
        for package, module, name in MODULE_NAME.findall(text):
            folders = [package.rstrip(".")] if package else ["site_build", "site_extensions"]
            files = [ROOT / folder / f"{module}.py" for folder in folders if (ROOT / folder / f"{module}.py").exists()]
            if package == "" and (module in MATERIAL_FEATURES or module == "theme" and name in THEME_KEYS) or name in NOT_NAMES:
                continue
            if files and not any(_defined(file, name) for file in files):
                missing.append(f"{where}:{line}: {package}{module}.{name}")
    assert missing == [], "named but not defined there (renamed? write the new name):\n" + "\n".join(missing)


def test_every_readme_section_named_exists():
    sections = set(re.findall(r"^#+\s+(.+?)\s*$", (ROOT / "README.md").read_text(encoding="utf-8"), re.M))
    missing = [f"{where}:{line}: README \"{title}\"" for where, line, text in texts()
               for title in README_SECTION.findall(text) if title not in sections]
    assert missing == [], "README has no such section (renamed? write its title):\n" + "\n".join(missing)
