#!/usr/bin/env python3
"""Main-thread blocking as Chromium observes it, beside a stock Material blog.

Lighthouse's total blocking time (bench/lighthouse.py) is an estimate: it
scales the tasks it saw and places them on a simulated phone, and it only
counts what falls after its estimate of the first contentful paint. This
benchmark measures the same thing directly: Debian's Chromium slows its CPU
down four times (Lighthouse's mobile setting, applied instead of
simulated), loads each page type, and the Long Tasks API reports every task
of 50 ms or more until three seconds after the load event. Blocking time is
what each task spends beyond 50 ms after the first contentful paint (the
part before it does not count, as in Lighthouse). The network is not slowed.

Both sites are built and served as bench/lighthouse.py builds and serves
them (same stock blog, same pages), and each run of ours is followed by the
matching run of the stock blog. The table gives, per page type, the
medians of the first contentful paint and of the blocking time, ours /
stock, and the long tasks of the median run of each.

Reading it beside Lighthouse's: the stock blog's Google Fonts stylesheet
fails at once here (no host but 127.0.0.1 resolves), so the stock blog
paints without waiting for it, and its bundle's work counts after its
first paint; in Lighthouse's simulation that request is priced as a new
connection, which delays the stock blog's first paint past its bundle.

    .venv/bin/python bench/blocking.py                 # every page type, 7 runs
    .venv/bin/python bench/blocking.py --runs 11 --page post
    .venv/bin/python bench/blocking.py --without-deferral   # also ours without the phone deferral

With --without-deferral a third site is built with SITE_PHONE_DEFERRAL=off
(Material's bundle loads and runs after the first paint at every width,
site_build/scripts.py) and measured between ours and stock: what the
deferral of the bundle on phones buys, apart from the rest.

Run it through `make bench-blocking`, which sets up the environment first.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
from pathlib import Path

from lighthouse import (CHROME_PATH, DEFAULT_PAGES, PAGES, STOCK_PAGES, build_site, newest_post_path,
                        serve_build, stock_project)

SLOWDOWN = 4
AFTER_LOAD_MS = 3000
THRESHOLD = 50
RECORD = """
window.__longTasks = [];
new PerformanceObserver(list => {
  for (const task of list.getEntries()) window.__longTasks.push([task.startTime, task.duration]);
}).observe({type: "longtask", buffered: true});
"""


def blocking(tasks: list[tuple[float, float]], fcp: float) -> float:
    """Total blocking time of `tasks` ((start, duration) in ms) after `fcp`."""
    total = 0.0
    for start, duration in tasks:
        counted = min(duration, start + duration - fcp)
        total += max(0.0, counted - THRESHOLD)
    return total


def measure(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                  is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.add_init_script(RECORD)
        session = context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
        page.goto(url, wait_until="load")
        page.wait_for_timeout(AFTER_LOAD_MS)
        fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
        if fcp is None:
            sys.exit(f"{url}: no first contentful paint reported")
        tasks = [tuple(t) for t in page.evaluate("window.__longTasks")]
        return {"fcp": fcp, "tbt": blocking(tasks, fcp), "tasks": tasks}
    finally:
        context.close()


def median_run(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["tbt"])
    return ordered[len(ordered) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="loads per page and site (default 7)")
    parser.add_argument("--page", action="append", choices=list(PAGES),
                        help=f"only this page type (repeatable; default: {', '.join(DEFAULT_PAGES)})")
    parser.add_argument("--without-deferral", action="store_true",
                        help="also measure ours built with SITE_PHONE_DEFERRAL=off")
    args = parser.parse_args()
    pages = {name: PAGES[name] for name in (args.page or DEFAULT_PAGES)}
    if not Path(CHROME_PATH).exists():
        sys.exit(f"no Chromium at {CHROME_PATH} (make system-deps installs it, or set CHROME_PATH)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-blocking-") as tmp:
        site, stock_site = Path(tmp) / "site", Path(tmp) / "stock-site"
        server, base = serve_build(site)
        stock_server, stock_base = serve_build(stock_site)
        print(f"Building the site for {base}/ and the stock Material blog for {stock_base}/ ...",
              file=sys.stderr, flush=True)
        build_site(site, base + "/")
        build_site(stock_site, stock_base + "/", stock_project(Path(tmp) / "stock", stock_base + "/"))
        stock_paths = {name: newest_post_path(stock_site) if path == "post" else path
                       for name, path in STOCK_PAGES.items()}
        servers = [server, stock_server]
        plain_base = None
        if args.without_deferral:
            plain_site = Path(tmp) / "site-without-deferral"
            plain_server, plain_base = serve_build(plain_site)
            build_site(plain_site, plain_base + "/", extra_env={"SITE_PHONE_DEFERRAL": "off"})
            servers.append(plain_server)
        for each in servers:
            threading.Thread(target=each.serve_forever, daemon=True).start()
        results: dict[str, tuple[list[dict], list[dict]]] = {}
        plain: dict[str, list[dict]] = {}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROME_PATH, args=[
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
                for name, path in pages.items():
                    ours, stock = [], []
                    for run in range(1, args.runs + 1):
                        print(f"  {name} run {run}/{args.runs}", file=sys.stderr, flush=True)
                        ours.append(measure(browser, base + path))
                        if plain_base:
                            plain.setdefault(name, []).append(measure(browser, plain_base + path))
                        if name in stock_paths:
                            stock.append(measure(browser, stock_base + stock_paths[name]))
                    results[name] = (ours, stock)
                browser.close()
        finally:
            for each in servers:
                each.shutdown()
                each.server_close()

    print(f"Chromium, CPU slowed down {SLOWDOWN}x, network not slowed; medians of {args.runs} loads;"
          f" blocking time after the first contentful paint, until {AFTER_LOAD_MS / 1000:.0f} s after load\n")
    header = f"{'page type':<16} | {'FCP ms ours / stock':>20} | {'blocking ms ours / stock':>25} | {'ratio':>5}"
    print(header)
    print("-" * len(header))
    for name, (ours, stock) in results.items():
        fcp = statistics.median(r["fcp"] for r in ours)
        tbt = statistics.median(r["tbt"] for r in ours)
        if stock:
            stock_fcp = statistics.median(r["fcp"] for r in stock)
            stock_tbt = statistics.median(r["tbt"] for r in stock)
            ratio = f"{tbt / stock_tbt:.2f}" if stock_tbt else "-"
            print(f"{name:<16} | {fcp:>9.0f} / {stock_fcp:<8.0f} | {tbt:>12.0f} / {stock_tbt:<10.0f} | {ratio:>5}")
        else:
            print(f"{name:<16} | {fcp:>9.0f} / {'-':<8} | {tbt:>12.0f} / {'-':<10} | {'-':>5}")
    if plain:
        print("\nOurs with and without the phone deferral (SITE_PHONE_DEFERRAL=off), medians:\n")
        header = f"{'page type':<16} | {'FCP ms with / without':>22} | {'blocking ms with / without':>27}"
        print(header)
        print("-" * len(header))
        for name, runs in plain.items():
            ours = results[name][0]
            print(f"{name:<16} | {statistics.median(r['fcp'] for r in ours):>10.0f} / "
                  f"{statistics.median(r['fcp'] for r in runs):<9.0f} | "
                  f"{statistics.median(r['tbt'] for r in ours):>12.0f} / {statistics.median(r['tbt'] for r in runs):<12.0f}")
            print(f"{'':<16}   long tasks without, median run: "
                  f"{[(round(s), round(d)) for s, d in median_run(runs)['tasks']]}")
    print("\nLong tasks of the median run (start ms, duration ms):")
    for name, (ours, stock) in results.items():
        print(f"  {name}: {[(round(s), round(d)) for s, d in median_run(ours)['tasks']]}")
        if stock:
            print(f"  stock {name}: {[(round(s), round(d)) for s, d in median_run(stock)['tasks']]}")


if __name__ == "__main__":
    main()
