#!/usr/bin/env python3
"""Benchmark: edit-to-reload time of the live preview, measured in headless Chromium.

    .venv/bin/python bench/bench_reload.py [--edits 8]

Starts `python -m reviewsite serve` on a copy of the shipped content, opens an area page, then
repeatedly rewrites one sentence of that area's file and times how long until the browser shows
the new text (file write -> watcher -> rebuild -> livereload message -> page reload).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=8)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for folder in ("templates", "static", "content"):
            shutil.copytree(REPO / folder, root / folder)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "reviewsite", "serve", "--port", str(port)], cwd=root,
                                  env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(f"http://127.0.0.1:{port}/")
            area = root / "content/areas/reading.md"
            original = area.read_text(encoding="utf-8")
            times = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/areas/reading/")
                time.sleep(1.5)  # let livereload.js connect
                for edit in range(args.edits):
                    marker = f"Edit number {edit} for the benchmark."
                    started = time.perf_counter()
                    area.write_text(original + f"\n{marker}\n", encoding="utf-8")
                    while marker not in _body_text(page):
                        if time.perf_counter() - started > 20:
                            raise SystemExit("the page did not reload within 20 s")
                        time.sleep(0.02)
                    times.append(time.perf_counter() - started)
                    time.sleep(0.5)
                browser.close()
            area.write_text(original, encoding="utf-8")
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"edit-to-reload over {len(times)} edits: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s")
    return 0


def _body_text(page) -> str:
    try:
        return page.inner_text("body", timeout=1000)
    except Exception:  # the page is mid-reload
        return ""


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the preview did not start at {url}")


if __name__ == "__main__":
    sys.exit(main())
