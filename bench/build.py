#!/usr/bin/env python3
"""Build benchmark: our site against a stock Material blog, same posts.

For each N (default 100 and 1000) it writes N synthetic Italian posts into
a temporary copy of the site and into a stock Material for MkDocs blog
(theme, blog plugin and search, nothing else), builds both in this run, and
prints the cost table: CPU time (user + system) and peak memory of each
build, with their ratios (the goal: at most GOAL times stock), and the cost
per added post. Ours is measured twice: its first build, which draws every
link-preview card, and a build again, whose cards come from the cache
(.cache/social-cards/, by a hash of what each card shows: a card is drawn
again only when its text or the look changes). Stock draws no cards.

    .venv/bin/python bench/build.py            # N = 100, 1000
    .venv/bin/python bench/build.py 10 100     # chosen sizes
    .venv/bin/python bench/build.py --warm     # only ours with its cards cached
    .venv/bin/python bench/build.py --generator zensical   # ours built by Zensical
    .venv/bin/python bench/build.py --repeat 3   # each build 3 times, medians
    .venv/bin/python bench/build.py 100 --repeat 5 --before /tmp/old   # the code in /tmp/old too

Both are built with Python's default of keeping compiled modules
(PYTHONDONTWRITEBYTECODE is left out of the builds' environment): the
installed packages have theirs, and ours are compiled once, by the first
build.

Ours is built the way `make build` builds it (`python -m site_build build`:
the checks, the generator, the pipeline's steps), so its CPU time and peak
memory include every process of the build.

Run it through `make bench-build`, which sets up the environment first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "hooks", "site_extensions", "site_build")
CATEGORIES = ["OBM e assistente virtuale", "Delega", "Progetti e team", "Crescita del business"]
WORDS = (
    "progetto cliente attività delega obiettivo processo squadra risultato strategia priorità "
    "scadenza riunione lancio servizio collaboratrice procedura indicatore settimana decisione "
    "organizzazione tempo crescita business gestione assistente manager piano controllo fiducia"
).split()

STOCK_CONFIG = """\
site_name: Blog di prova
site_url: https://www.example.com/
theme:
  name: material
  language: it
plugins:
  - search:
      lang: it
  - blog
"""


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def post(i: int, rng: random.Random) -> str:
    created = dt.date(2025, 1, 1) + dt.timedelta(days=i % 600)
    title = f"Articolo di prova numero {i}: {rng.choice(WORDS)} e {rng.choice(WORDS)}"
    sections = []
    for s in range(4):
        paragraphs = "\n\n".join(" ".join(sentence(rng, rng.randint(8, 18)) for _ in range(4)) for _ in range(3))
        sections.append(f"## Sezione {s + 1}\n\n{paragraphs}\n\n- {sentence(rng, 6)}\n- {sentence(rng, 7)}\n")
    return textwrap.dedent(f"""\
        ---
        title: "{title}"
        description: "Un articolo generato per misurare la build: {rng.choice(WORDS)}, {rng.choice(WORDS)} e {rng.choice(WORDS)}."
        slug: articolo-di-prova-{i}
        date:
          created: {created.isoformat()}
        categories:
          - {CATEGORIES[i % len(CATEGORIES)]}
        tags:
          - {rng.choice(WORDS)}
          - {rng.choice(WORDS)}
        ---
        # {title}

        {sentence(rng, 20)} {sentence(rng, 15)}

        <!-- more -->

        """) + "\n".join(sections)


def write_posts(posts_dir: Path, n: int) -> None:
    rng = random.Random(n)
    posts_dir.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (posts_dir / f"articolo-di-prova-{i}.md").write_text(post(i, rng), encoding="utf-8")


def measure(project: Path, generator: str | None = None) -> tuple[float, float, float]:
    """Build `project` in a child process; returns (CPU s, peak MiB, wall s).
    `generator`: ours, through site_build with that generator; None: stock,
    with plain `mkdocs build`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Python's default, as a build runs on the owner's machine: the modules'
    # compiled code kept in __pycache__ (stock's, installed, has it already;
    # without this ours would compile its own ~50 modules on every build).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = dt.datetime.now()
    if generator:
        command = [sys.executable, "-m", "site_build", "build", "--generator", generator,
                   "-f", str(project / "mkdocs.yml")]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                   "-d", str(project / "site")]
    proc = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (dt.datetime.now() - start).total_seconds()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build of {project} failed:\n{output.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, wall


def ours(tmp: Path, n: int, root: Path = ROOT, name: str = "ours") -> Path:
    """A copy of the project at `root` (this one, or another version of its
    code: --before) with `n` synthetic posts."""
    project = tmp / f"{name}-{n}"
    for part in PROJECT_PARTS:
        src = root / part
        if src.is_dir():
            shutil.copytree(src, project / part)
        elif src.exists():
            project.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, project / part)
    write_posts(project / "docs/blog/posts", n)
    return project


def stock(tmp: Path, n: int) -> Path:
    project = tmp / f"stock-{n}"
    (project / "docs/blog").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    (project / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (project / "docs/blog/index.md").write_text("# Blog\n", encoding="utf-8")
    write_posts(project / "docs/blog/posts", n)
    return project


GOAL = 1.5  # ours at most this many times stock's CPU and memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--warm", action="store_true",
                        help="only ours with its cards cached (built once before measuring)")
    parser.add_argument("--generator", choices=("mkdocs", "properdocs", "zensical"), default="mkdocs",
                        help="the generator that builds ours (stock is always MkDocs)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="build each N times, ours and stock in turn, and report the medians")
    parser.add_argument("--before", type=Path, metavar="FOLDER",
                        help="also build the project in FOLDER (another version of the code, e.g. "
                             "`git archive REV | tar -x -C FOLDER`) in turn with ours and stock, "
                             "with its cards cached: a change measured in one run")
    args = parser.parse_args()

    rows = []  # (posts, which build of ours, ours CPU, stock CPU, ours MiB, stock MiB)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp_name:
        tmp = Path(tmp_name)
        for n in args.sizes:
            project_ours, project_stock = ours(tmp, n), stock(tmp, n)
            project_before = ours(tmp, n, args.before.resolve(), "before") if args.before else None
            first = measure(project_ours, args.generator)  # draws every card
            if project_before:
                measure(project_before, args.generator)  # its cards drawn too
            runs, before = [], []
            for _ in range(max(1, args.repeat)):
                if project_before:
                    before.append(measure(project_before, args.generator))
                runs.append((*measure(project_ours, args.generator), *measure(project_stock)))
            cpu_o, mem_o, _, cpu_s, mem_s, _ = (statistics.median(column) for column in zip(*runs))
            if not args.warm:
                rows.append((n, "first, cards drawn", first[0], cpu_s, first[1], mem_s))
            if before:
                cpu_b, mem_b, _ = (statistics.median(column) for column in zip(*before))
                rows.append((n, "before, cached", cpu_b, cpu_s, mem_b, mem_s))
            rows.append((n, "again, cards cached", cpu_o, cpu_s, mem_o, mem_s))
            print(f"  built N={n}", file=sys.stderr, flush=True)
            if project_before:
                shutil.rmtree(project_before)
            shutil.rmtree(project_ours)
            shutil.rmtree(project_stock)

    print(f"ours: {args.generator}; stock: Material on MkDocs"
          + (f"; medians of {args.repeat} builds each" if args.repeat > 1 else ""))
    print(f"{'posts':>6} | {'ours':<19} | {'ours CPU s':>10} | {'stock CPU s':>11} | {'CPU ratio':>9} | "
          f"{'ours MiB':>8} | {'stock MiB':>9} | {'mem ratio':>9}")
    print("-" * 102)
    for n, which, cpu_o, cpu_s, mem_o, mem_s in rows:
        mark = lambda ratio: f"{ratio:>8.2f}{'*' if ratio > GOAL else ' '}"
        print(f"{n:>6} | {which:<19} | {cpu_o:>10.2f} | {cpu_s:>11.2f} | {mark(cpu_o / cpu_s)} | "
              f"{mem_o:>8.0f} | {mem_s:>9.0f} | {mark(mem_o / mem_s)}")
    print(f"(* over the goal: at most {GOAL}x stock)")
    cached = [row for row in rows if row[1].startswith("again")]
    if len(cached) > 1:
        (n0, _, o0, s0, *_), (n1, _, o1, s1, *_) = cached[0], cached[-1]
        per_o, per_s = (o1 - o0) / (n1 - n0), (s1 - s0) / (n1 - n0)
        print(f"\nCPU per added post ({n0} -> {n1} posts, cards cached): ours {per_o * 1000:.1f} ms, "
              f"stock {per_s * 1000:.1f} ms, ratio {per_o / per_s:.2f}")


if __name__ == "__main__":
    main()
