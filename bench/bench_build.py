#!/usr/bin/env python3
"""Benchmark the build and the preview on synthetic sites, and print a table.

    .venv/bin/python bench/bench_build.py                        # 25, 250 and 2,500 areas
    .venv/bin/python bench/bench_build.py --areas 250 --runs 5 --edits 9
    .venv/bin/python bench/bench_build.py --areas 25 --runs 1 --edits 1 --json out.json   # the tests' smoke run

For each size, in fresh processes of `build.py` (as a maintainer runs it):
  cold        a build with no output folder and no cache (the cache is written, as it is normally)
  no change   the same build again, with nothing changed
  one edit    one area file edited, then the same build
  preview     `build.py serve` running; one area file edited at a time; the time from the write until
              the area page and every theme page showing the item have the new text on disk
              (polled every 2 ms), and the rebuild time the preview logs
and the peak memory of the cold build (the largest process; workers are forked from it), the output's
size and its largest page. Sites are seeded, so runs are comparable; figures vary with the machine's
load, so compare within one run. Timings are never asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORDS = ("care home hospital discharge staff carers plan system partners people council trust review support services "
         "older delay community health social shared vision workforce market funding homecare assessment data").split()
REBUILT = re.compile(r"Rebuilt \d+ pages in ([\d.]+) s")


def make_site(root: Path, areas: int, seed: int = 7) -> Path:
    """Write a synthetic content folder of `areas` areas (about 12 findings, 8 recommendations and
    400 words each, tagged with 1 to 3 of the shipped themes) and its URL ledger; return it."""
    rng = random.Random(seed)
    content = root / "content"
    (content / "areas").mkdir(parents=True)
    for name in ("site.yaml", "themes.yaml"):
        shutil.copy(REPO / "content" / name, content / name)
    shutil.copytree(REPO / "content" / "pages", content / "pages")
    themes = re.findall(r"^  - slug: (\S+)\n    group:", (content / "themes.yaml").read_text(encoding="utf-8"), flags=re.M)
    waves = re.findall(r"^  - slug: (\S+)\n    title:", (content / "site.yaml").read_text(encoding="utf-8"), flags=re.M)
    for number in range(areas):
        slug = f"{rng.choice(['ash', 'bar', 'cal', 'dun', 'elm', 'fen', 'gra', 'hal', 'kin', 'lan', 'mor', 'nor', 'pen', 'red', 'sta', 'wes'])}-{number:05d}"
        (content / "areas" / f"{slug}.md").write_text(_area(slug, number, rng, themes, waves), encoding="utf-8")
    (content / "published-urls.txt").unlink(missing_ok=True)
    _run([PYTHON, str(REPO / "build.py"), "--content", str(content), "--output", str(root / "ledger-site"), "--update-ledger", "--no-cache"])
    shutil.rmtree(root / "ledger-site")
    return content


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _area(slug: str, number: int, rng: random.Random, themes: list[str], waves: list[str]) -> str:
    source = f"https://example.org/reviews/{slug}"
    lines = ["---", f"name: {slug.split('-')[0].capitalize()} {number:05d}", f"wave: {rng.choice(waves)}", "published:",
             f"  date: 2018-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", f"  source: {source}",
             "sources:", f"  - url: {source}", f"    title: Review of {slug}", "    publisher: Care Quality Commission", "findings:"]
    for item in range(rng.randint(9, 15)):
        lines += [f"  - id: f{item:02d}", f"    kind: {rng.choice(['concern', 'strength'])}", f"    text: {_sentence(rng, rng.randint(12, 30))}",
                  f"    themes: [{', '.join(rng.sample(themes, rng.randint(1, 3)))}]", f"    source: {source}"]
    lines.append("recommendations:")
    for item in range(rng.randint(5, 11)):
        lines += [f"  - id: r{item:02d}", f"    text: {_sentence(rng, rng.randint(10, 25))}",
                  f"    themes: [{', '.join(rng.sample(themes, rng.randint(1, 3)))}]", f"    source: {source}"]
    lines.append("---")
    for _ in range(5):
        lines += [f"## {_sentence(rng, 3)[:-1]}", "", " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(5)), ""]
    lines.append("See [the matrix](/matrix/).")
    return "\n".join(lines) + "\n"


def _run(argv: list[str]) -> tuple[float, float, float]:
    """Run a command to completion; return (wall s, CPU s of it and its workers, peak memory MB of its largest process)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    with process.stdout:
        output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, for its resource usage
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{output.decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _first_finding(text: str) -> int:
    return text.index("- id: ", text.index("\nfindings:"))


def _edit(area: Path, edit: int) -> str:
    """Change the text of the area's first finding; return the new text."""
    text = area.read_text(encoding="utf-8")
    start = text.index("text: ", _first_finding(text)) + len("text: ")
    marker = f"Edited text number {edit} for the benchmark."
    area.write_text(text[:start] + marker + text[text.index("\n", start):], encoding="utf-8")
    return marker


def _pages_showing(site: Path, area: Path) -> list[Path]:
    """Return the output files that show the area's first finding: its page and its themes' pages."""
    text = area.read_text(encoding="utf-8")
    finding = text[_first_finding(text):]
    finding = finding[:finding.index("source:")]
    themes = re.findall(r"^\s*- ([a-z0-9-]+)$", finding[finding.index("themes:"):], flags=re.M) or \
        finding[finding.index("themes: [") + 9:finding.index("]")].split(", ")
    slug = area.stem
    pages = [site / "areas" / slug / "index.html"]
    for theme in themes:
        candidates = [site / "themes" / theme / "index.html", *sorted((site / "themes" / theme).glob("areas-*/index.html"))]
        pages += [page for page in candidates if f'id="area-{slug}"' in page.read_text(encoding="utf-8")]
    return pages


def measure(areas: int, runs: int, edits: int, scratch: Path) -> dict:
    root = scratch / f"site-{areas}"
    content = make_site(root, areas)
    out, cache = root / "out", root / "cache"
    command = [PYTHON, str(REPO / "build.py"), "--content", str(content), "--output", str(out), "--cache", str(cache)]
    cold, no_change, one_edit = [], [], []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(_run(command))
        no_change.append(_run(command))
        _edit(sorted((content / "areas").iterdir())[len(one_edit) % areas], len(one_edit))
        one_edit.append(_run(command))
    sizes = {path: path.stat().st_size for path in out.rglob("*") if path.is_file()}
    preview = _preview(content, root / "preview", edits, areas)
    return {
        "areas": areas, "pages": sum(1 for path in sizes if path.suffix == ".html"),
        "cold_s": statistics.median(r[0] for r in cold), "cold_cpu_s": statistics.median(r[1] for r in cold),
        "peak_mb": max(r[2] for r in cold),
        "no_change_s": statistics.median(r[0] for r in no_change), "one_edit_s": statistics.median(r[0] for r in one_edit),
        "preview_e2e_ms": statistics.median(preview["e2e"]) * 1000, "preview_max_ms": max(preview["e2e"]) * 1000,
        "preview_rebuild_ms": statistics.median(preview["rebuild"]) * 1000 if preview["rebuild"] else None,
        "output_mb": sum(sizes.values()) / 1e6, "largest_page_kb": max(size for path, size in sizes.items() if path.suffix == ".html") / 1e3,
    }


def _preview(content: Path, out: Path, edits: int, areas: int) -> dict:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = out.parent / "serve.log"
    with log.open("w") as handle:
        server = subprocess.Popen([PYTHON, str(REPO / "build.py"), "serve", "--content", str(content), "--output", str(out), "--port", str(port)],
                                  stdout=handle, stderr=subprocess.STDOUT)
    e2e: list[float] = []
    try:
        _wait_for(log, "Previewing on http", 600)
        time.sleep(0.5)  # let the file watcher settle
        files = sorted((content / "areas").iterdir())
        for edit in range(edits):
            area = files[(edit * 7 + 3) % areas]
            pages = _pages_showing(out, area)
            started = time.perf_counter()
            marker = _edit(area, 1000 + edit)
            while not all(marker in page.read_text(encoding="utf-8") for page in pages):
                if time.perf_counter() - started > 120:
                    raise SystemExit("the preview did not update within 120 s")
                time.sleep(0.002)
            e2e.append(time.perf_counter() - started)
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rebuilds = [float(match) for match in REBUILT.findall(log.read_text(encoding="utf-8"))][1:]  # the first is the initial build
    return {"e2e": e2e, "rebuild": rebuilds}


def _wait_for(log: Path, text: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while text not in log.read_text(encoding="utf-8"):
        if time.monotonic() > deadline:
            raise SystemExit(f"the preview did not start:\n{log.read_text(encoding='utf-8')}")
        time.sleep(0.05)


def table(rows: list[dict]) -> str:
    lines = ["| areas | pages | cold s (CPU s) | peak MB | no change s | one edit s | preview: edit -> pages on disk, median (max) ms | preview rebuild ms | output MB | largest page KB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        rebuild = f"{r['preview_rebuild_ms']:.0f}" if r["preview_rebuild_ms"] is not None else "-"
        lines.append(f"| {r['areas']:,} | {r['pages']:,} | {r['cold_s']:.2f} ({r['cold_cpu_s']:.2f}) | {r['peak_mb']:.0f} | {r['no_change_s']:.3f} | "
                     f"{r['one_edit_s']:.2f} | {r['preview_e2e_ms']:.0f} ({r['preview_max_ms']:.0f}) | {rebuild} | {r['output_mb']:.1f} | {r['largest_page_kb']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--areas", type=int, action="append", help="synthetic site size (repeatable; default 25, 250 and 2500)")
    parser.add_argument("--runs", type=int, default=3, help="cold, no-change and one-edit builds per size (default 3)")
    parser.add_argument("--edits", type=int, default=7, help="edits under the preview per size (default 7)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reviewsite-bench-") as scratch:
        rows = []
        for areas in args.areas or [25, 250, 2500]:
            rows.append(measure(areas, args.runs, args.edits, Path(scratch)))
            print(f"measured {areas} areas", file=sys.stderr)
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
