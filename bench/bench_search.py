#!/usr/bin/env python3
"""What the search index costs: cold builds with and without it, Pagefind alone, and the preview.

    .venv/bin/python bench/bench_search.py                      # the shipped content and 2,500 synthetic areas
    .venv/bin/python bench/bench_search.py --areas 250 --runs 5

For each site, in this process (the generator's modules loaded once):
  cold        `build` with no cache and no output folder, with the index, then with Pagefind replaced
              by a stub that makes no files (runs interleaved, so the machine's load falls on both)
  index       Pagefind alone: the records to the files of the index
  preview     one item's text edited under a preview session: the pages on disk (the index deferred),
              then the index made and written
Synthetic sites come from bench_build.py (seeded). Compare figures within one run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import reviewsite.plan  # noqa: E402
from bench_build import _edit, make_site  # noqa: E402
from reviewsite.indexes import build_indexes  # noqa: E402
from reviewsite.pipeline import BuildOptions, PreviewSession, build_site, render_project  # noqa: E402
from reviewsite.project import Project  # noqa: E402
from reviewsite.search import search_records  # noqa: E402
from reviewsite.search_index import index_records  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def measure(name: str, content: Path, scratch: Path, runs: int) -> dict:
    project = lambda out: Project(REPO, content=content, output=out)  # noqa: E731
    with_index, without = [], []
    for run in range(runs):
        for timings, stub in ((with_index, False), (without, True)):
            out = scratch / f"out-{run}-{stub}"
            reviewsite.plan.index_records = (lambda records, cancel=None: {}) if stub else index_records
            started = time.perf_counter()
            build_site(project(out), BuildOptions(use_cache=False))
            timings.append(time.perf_counter() - started)
            if run < runs - 1 or stub:
                shutil.rmtree(out)
    reviewsite.plan.index_records = index_records
    built = scratch / f"out-{runs - 1}-False"
    files = [path for path in (built / "pagefind").rglob("*") if path.is_file()]
    site = render_project(project(scratch / "unused")).site
    records = search_records(site, build_indexes(site))[0]
    alone = []
    for _ in range(runs):
        started = time.perf_counter()
        index_records(records)
        alone.append(time.perf_counter() - started)
    pages, index = _preview(project(scratch / "preview"), content)
    return {"site": name, "records": len(records), "files": len(files), "index_mb": sum(path.stat().st_size for path in files) / 1e6,
            "with_s": statistics.median(with_index), "without_s": statistics.median(without), "index_s": statistics.median(alone),
            "preview_pages_s": pages, "preview_index_s": index}


def _preview(project: Project, content: Path) -> tuple[float, float]:
    session = PreviewSession(project, BuildOptions())
    session.rebuild()
    _edit(sorted((content / "areas").iterdir())[0], 1)
    time.sleep(0.05)  # past the file system's clock granularity, so the edit is seen
    started = time.perf_counter()
    pages = session.rebuild(defer_search=True)
    middle = time.perf_counter()
    index = session.rebuild()
    assert pages.search_pending and not index.search_pending
    return middle - started, time.perf_counter() - middle


def table(rows: list[dict]) -> str:
    lines = ["| site | records | index files (MB) | cold build with index s | without s | Pagefind alone s | preview: pages s | then index s |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['site']} | {r['records']:,} | {r['files']:,} ({r['index_mb']:.1f}) | {r['with_s']:.2f} | {r['without_s']:.2f} | "
                     f"{r['index_s']:.2f} | {r['preview_pages_s']:.2f} | {r['preview_index_s']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--areas", type=int, action="append", help="synthetic site size (repeatable; default 2500)")
    parser.add_argument("--runs", type=int, default=3, help="cold builds of each kind per site (default 3)")
    parser.add_argument("--no-shipped", action="store_true", help="leave out the shipped content")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="reviewsite-search-bench-") as scratch:
        if not args.no_shipped:
            shipped = Path(scratch, "shipped")
            shutil.copytree(REPO / "content", shipped / "content")
            rows.append(measure("shipped (23 areas)", shipped / "content", shipped, args.runs))
            print("measured the shipped content", file=sys.stderr)
        for areas in args.areas or [2500]:
            root = Path(scratch, f"site-{areas}")
            rows.append(measure(f"synthetic, {areas:,} areas", make_site(root, areas), root, args.runs))
            print(f"measured {areas} areas", file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
