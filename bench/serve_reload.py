#!/usr/bin/env python3
"""The owner's loop: how long after saving a post does the browser show it?

Starts `mkdocs serve --dirty` (as `make serve` does) on the real site (in a
temporary copy, so the working tree is not touched), opens a post in
Chromium, then several times appends a new sentence to the post's Markdown
file and measures the time until the open page shows it (MkDocs' live
reload rebuilds and reloads the page).

    .venv/bin/python bench/serve_reload.py                  # 5 edits
    .venv/bin/python bench/serve_reload.py 10               # 10 edits
    .venv/bin/python bench/serve_reload.py --posts 100      # with 100 more posts
    .venv/bin/python bench/serve_reload.py --full           # without --dirty
    .venv/bin/python bench/serve_reload.py --generator zensical

The synthetic posts are bench/build.py's. `--generator zensical` measures
Zensical's own preview (`zensical serve`), which shows the pages without
the pipeline's steps.

Run it through `make bench-serve`.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "hooks", "site_extensions", "site_build")
POST = "docs/blog/posts/errori-di-delega.md"
URL_PATH = "/blog/errori-di-delega/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(url: str, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"mkdocs serve did not answer at {url}")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("edits", nargs="?", type=int, default=5)
    parser.add_argument("--posts", type=int, default=0, help="synthetic posts added (bench/build.py's)")
    parser.add_argument("--full", action="store_true", help="every save rebuilds the whole site (no --dirty)")
    parser.add_argument("--generator", choices=("mkdocs", "properdocs", "zensical"), default="mkdocs")
    args = parser.parse_args()
    edits = args.edits
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "bench"))
    from build import write_posts

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp_name:
        project = Path(tmp_name)
        for part in PROJECT_PARTS:
            src = ROOT / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / part)
        if args.posts:
            write_posts(project / "docs/blog/posts", args.posts)
        port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        if args.generator == "zensical":
            command = [str(Path(sys.executable).parent / "zensical"), "serve", "--dev-addr", f"127.0.0.1:{port}"]
        else:
            command = [sys.executable, "-m", args.generator, "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"]
            command += [] if args.full else ["--dirty"]  # as `make serve`
        server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            started = time.monotonic()
            wait_for_server(base + URL_PATH)
            first_build = time.monotonic() - started
            times = []
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
                )
                page = browser.new_page()
                page.goto(base + URL_PATH)
                post = project / POST
                for i in range(edits):
                    marker = f"Frase aggiunta per la misura numero {i} {time.time_ns()}."
                    page.wait_for_timeout(1500)  # let the watcher settle between edits
                    t0 = time.monotonic()
                    with post.open("a", encoding="utf-8") as f:
                        f.write(f"\n\n{marker}\n")
                    page.wait_for_function(
                        "m => document.body && document.body.innerText.includes(m)", arg=marker, timeout=120_000
                    )
                    times.append(time.monotonic() - t0)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)

    what = f"{args.generator} serve" + ("" if args.full or args.generator == "zensical" else " --dirty") + (f", {args.posts} posts added" if args.posts else "")
    print(f"{what}: first build and start {first_build:.1f} s")
    print(f"edit of {POST} -> visible in the browser, {edits} edits:")
    print("  " + ", ".join(f"{t:.2f} s" for t in times))
    print(f"  median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
