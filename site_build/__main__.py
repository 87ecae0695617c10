"""python -m site_build check | build | finish | contract | configura  [-f mkdocs.yml]

  check    what publishing checks: the content checks, then a strict
           build into a temporary folder (site_build/readiness.py)
  build    check, run the generator, finish its output
  finish   the pipeline's steps over an existing output folder
  contract a build with MkDocs, then with Zensical: after an upgrade, the
           first item of the theme contract that broke (site_build/theme.py)
  configura  the owner's first set-up: her values, one question at a
           time, written to data/titolare.yml (site_build/configura.py)

The generator is GENERATOR (or --generator): mkdocs (the default),
properdocs or zensical. MkDocs and ProperDocs run the steps themselves,
through hooks/pipeline.py; after Zensical, `build` runs them.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .project import Project

GENERATORS = ("mkdocs", "properdocs", "zensical")


# The checks, the pipeline and the project are imported only by the
# commands that run them here: `build` with MkDocs or ProperDocs starts the
# generator, whose hook (hooks/pipeline.py) reads the project and runs
# them in its own process, so this one stays small (part of every build's
# time and memory, bench/build.py).

def check(project: Project, **options) -> None:
    """The content checks (checks.check)."""
    from .checks import check as run

    run(project, **options)


def finish(project: Project, site_dir: str | None = None, **options) -> None:
    """The pipeline's steps over the output (pipeline.finish)."""
    from .pipeline import finish as run

    run(project, site_dir, **options)


def _generator_command(name: str, config: Path, strict: bool) -> list[str]:
    from site_extensions.errors import ContentError

    if name == "zensical":
        if importlib.util.find_spec("zensical") is None:
            raise ContentError("zensical is not installed here: run `make build` (it installs what the site needs)")
        # Zensical's command, reading the owner's values as text (zensical_run.py).
        command = [sys.executable, "-m", "site_build.zensical_run", "build", "-f", str(config)]
        return command + (["--strict"] if strict else [])
    found = shutil.which(name, path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if not found:
        raise ContentError(f"{name} is not installed here: run `make build` (it installs what the site needs)")
    command = [found, "build", "-f", str(config)]
    if strict:
        command.append("--strict")
    return command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_build", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("check", "build", "finish", "contract", "configura"))
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("--generator", default=os.environ.get("GENERATOR") or "mkdocs", choices=GENERATORS)
    parser.add_argument("--strict", action="store_true", help="warnings stop the build")
    parser.add_argument("--site-dir", help="the output folder (default: site_dir in mkdocs.yml)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-8s-  %(message)s")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

    if args.command == "contract":
        from . import theme

        for generator in ("mkdocs", "zensical"):
            if main(["build", "-f", args.config_file, "--generator", generator]) != 0:
                return 1
            print(f"Theme contract: all {theme.size()} items hold under {generator} ({theme.versions(generator)})")
        return 0
    if args.command == "check":
        from . import readiness

        return readiness.run(args.config_file, args.generator)
    if args.command == "configura":
        from . import configura

        return configura.main(Path(args.config_file).resolve().parent)
    from site_extensions.errors import ContentError

    if args.command == "build" and args.generator in ("mkdocs", "properdocs"):
        # The generator's hook reads the project and runs the checks and
        # the steps (hooks/pipeline.py): this process only starts it.
        config = Path(args.config_file).resolve()
        try:
            command = _generator_command(args.generator, config, args.strict)
        except ContentError as e:
            print(f"ERROR    -  {e}", file=sys.stderr)
            return 1
        if args.site_dir:
            command += ["--site-dir", args.site_dir]
        return 0 if subprocess.run(command, cwd=config.parent).returncode == 0 else 1
    from .project import Project

    try:
        project = Project.load(args.config_file)
        if args.command == "build" and args.generator == "zensical":
            # The content checks, once per build: MkDocs and ProperDocs run
            # them through hooks/pipeline.py; Zensical runs no hooks. A build
            # checks the pages as the generator makes them (finish).
            check(project, pages=False)
        if args.command == "build":
            command = _generator_command(args.generator, project.root / Path(args.config_file).name, args.strict)
            if args.site_dir:
                if args.generator == "zensical":
                    raise ContentError("--site-dir works with mkdocs and properdocs only")
                command += ["--site-dir", args.site_dir]
            if subprocess.run(command, cwd=project.root).returncode != 0:
                return 1
        finish(project, args.site_dir, generator=args.generator)
    except ContentError as e:
        print(f"ERROR    -  {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
