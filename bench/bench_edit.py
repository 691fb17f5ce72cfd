"""gen edit from a real browser: the server's start and the preview after each keystroke.

    make bench-edit       (or: .venv/bin/python bench/bench_edit.py [--keys N] [--starts N])

Measures, on a copy of projects/melhus.yaml:
  ready     from starting `gen edit --no-browser` to the first page served (the median of
            --starts runs); the goal is 1.5 s
  keystroke from a key pressed in the title field (Chromium, driven by Playwright) to the
            preview showing the title with that key; --keys keys, one at a time, each waited
            for; the goal is a median of 250 ms (the 95th percentile is reported too)
  baseline  a bare GET of the page's script file from the same server, as a floor for the
            browser-to-server round trip in this run
Needs Chromium at /usr/bin/chromium (GEN_CHROMIUM to point elsewhere). Results also go to
bench/results/edit.json (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GEN_CHROMIUM", "/usr/bin/chromium")

WATCH = """() => {
  window.__t0 = null; window.__done = null; window.__expected = null;
  document.addEventListener("keydown", () => { window.__t0 = performance.now(); }, true);
  const preview = document.getElementById("preview");
  new MutationObserver(() => {
    const h1 = preview.querySelector("h1");
    if (window.__t0 !== null && window.__done === null && h1 && h1.textContent === window.__expected) {
      window.__done = performance.now();
    }
  }).observe(preview, { childList: true, subtree: true, characterData: true });
}"""


def start(file: Path) -> tuple[subprocess.Popen[str], str, float]:
    """Start gen edit; return the process, its URL and the seconds until a page was served."""
    t0 = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "edit", str(file), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with opener.open(url, timeout=30) as response:
        response.read()
    return process, url, time.perf_counter() - t0


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(10)
    if process.stdout is not None:
        process.stdout.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, default=60, help="keystrokes to time")
    parser.add_argument("--starts", type=int, default=5, help="server starts to time")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="gen-bench-edit-"))
    file = folder / "melhus.yaml"
    shutil.copy(ROOT / "projects" / "melhus.yaml", file)
    ready = []
    for _ in range(args.starts):
        process, _, seconds = start(file)
        ready.append(seconds)
        stop(process)
    process, url, _ = start(file)
    keystrokes: list[float] = []
    floor: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page(bypass_csp=True)  # the probes are evaluated scripts
            page.goto(url)
            page.wait_for_selector("#preview h1")
            page.evaluate(WATCH)
            title = page.locator('[name="title"]')
            title.click()
            page.keyboard.press("End")
            expected = title.input_value()
            for i in range(args.keys):
                key = "abcdefghijklmnopqrstuvwxyz"[i % 26]
                expected += key
                page.evaluate(
                    "e => { window.__expected = e; window.__t0 = null; window.__done = null; }",
                    expected,
                )
                page.keyboard.type(key)
                page.wait_for_function("() => window.__done !== null", timeout=10_000)
                keystrokes.append(page.evaluate("() => window.__done - window.__t0") / 1000)
                page.wait_for_timeout(50)  # a typist's pause: each key is timed on its own
            for _ in range(20):
                floor.append(
                    page.evaluate(
                        """async () => { const t = performance.now();
                           await (await fetch('/static/app.js', {cache: 'no-store'})).text();
                           return performance.now() - t; }"""
                    )
                    / 1000
                )
            browser.close()
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)
    result: dict[str, Any] = {
        "machine": f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}",
        "ready_median_s": statistics.median(ready),
        "ready_runs_s": ready,
        "keystroke_median_s": statistics.median(keystrokes),
        "keystroke_p95_s": percentile(keystrokes, 95),
        "keystroke_max_s": max(keystrokes),
        "keys": len(keystrokes),
        "round_trip_floor_median_s": statistics.median(floor),
    }
    result["keystroke_over_floor"] = (
        result["keystroke_median_s"] / result["round_trip_floor_median_s"]
    )
    print(f"machine         {result['machine']}")
    print(f"ready           median {result['ready_median_s'] * 1000:7.0f} ms   (goal 1500 ms)")
    print(
        f"keystroke       median {result['keystroke_median_s'] * 1000:7.0f} ms   "
        f"p95 {result['keystroke_p95_s'] * 1000:.0f} ms   max {result['keystroke_max_s'] * 1000:.0f} ms"
        f"   over {result['keys']} keys (goal: median 250 ms)"
    )
    print(
        f"round trip      median {result['round_trip_floor_median_s'] * 1000:7.1f} ms   "
        f"(a static file: the floor)   keystroke / floor = {result['keystroke_over_floor']:.1f}"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "edit.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
