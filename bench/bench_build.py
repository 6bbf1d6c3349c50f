#!/usr/bin/env python3
"""Benchmark: build time and output size for the shipped content and for synthetic sites.

    .venv/bin/python bench/bench_build.py                 # shipped content, then 250 and 1000 areas
    .venv/bin/python bench/bench_build.py --areas 2000    # one synthetic size
    .venv/bin/python bench/bench_build.py --profile       # add a cProfile of the largest build

Synthetic areas copy the shipped site settings and themes and get 4-14 findings and 0-8
recommendations each, tagged with 1-3 random themes (seeded, so runs are comparable).
Figures are wall-clock seconds on this machine; take the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reviewsite.pipeline import BuildOptions, build_site  # noqa: E402
from reviewsite.project import Project  # noqa: E402


def make_synthetic(root: Path, areas: int, seed: int = 1) -> Project:
    """Create a project with `areas` generated area files and an up-to-date ledger."""
    rng = random.Random(seed)
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    content = root / "content"
    (content / "areas").mkdir(parents=True)
    for name in ("site.yaml", "themes.yaml"):
        shutil.copy(REPO / "content" / name, content / name)
    shutil.copytree(REPO / "content" / "pages", content / "pages")
    themes = [line.split(":", 1)[1].strip() for line in (content / "themes.yaml").read_text().splitlines() if line.startswith("  - slug:")][2:]
    for number in range(areas):
        (content / "areas" / f"area-{number:05d}.md").write_text(_area(number, rng, themes), encoding="utf-8")
    project = Project(root)
    build_site(project, BuildOptions(update_ledger=True))
    return project


def _area(number: int, rng: random.Random, themes: list[str]) -> str:
    source = f"https://example.org/reviews/{number}"
    lines = [
        "---", f"name: Area {number:05d}", f"wave: {rng.choice(['first-12', 'further-8', 'later-3'])}",
        "published:", f"  date: 2018-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", f"  source: {source}",
        "sources:", f"  - url: {source}", f"    title: Review of area {number}", "    publisher: Care Quality Commission",
        "findings:",
    ]
    for item in range(rng.randint(4, 14)):
        lines += [f"  - id: finding-{item}", f"    kind: {rng.choice(['concern', 'strength'])}",
                  f"    text: Finding {item} of area {number}, written as a sentence of ordinary length for a finding.",
                  f"    themes: [{', '.join(rng.sample(themes, rng.randint(1, 3)))}]", f"    source: {source}"]
    lines.append("recommendations:" if rng.random() < 0.9 else "recommendations: []")
    if lines[-1] == "recommendations:":
        for item in range(rng.randint(1, 8)):
            lines += [f"  - id: rec-{item}", f"    text: Recommendation {item} of area {number}, in ordinary words.",
                      f"    themes: [{', '.join(rng.sample(themes, rng.randint(1, 2)))}]", f"    source: {source}"]
    lines += ["---", f"A short summary of the review of area {number}, with a [link to the matrix](/matrix/).", ""]
    return "\n".join(lines)


def measure(project: Project, repeat: int) -> dict:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = build_site(project, BuildOptions())
        times.append(time.perf_counter() - started)
    out = project.out_dir
    sizes = {path: path.stat().st_size for path in out.rglob("*") if path.is_file()}
    return {
        "pages": result.pages,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "total_mb": sum(sizes.values()) / 1e6,
        "largest_page_kb": max(size for path, size in sizes.items() if path.suffix == ".html") / 1e3,
        "matrix_kb": (out / "matrix/index.html").stat().st_size / 1e3,
        "json_kb": (out / "data/reviews.json").stat().st_size / 1e3,
    }


def report(label: str, areas: int, figures: dict) -> None:
    per_area = figures["median_s"] / areas * 1000 if areas else 0
    print(f"{label:<22} {areas:>6} areas {figures['pages']:>6} pages  build {figures['median_s']:7.2f} s (min {figures['min_s']:.2f}, "
          f"{per_area:5.1f} ms/area)  output {figures['total_mb']:7.2f} MB  matrix {figures['matrix_kb']:8.1f} kB  "
          f"json {figures['json_kb']:8.1f} kB  largest page {figures['largest_page_kb']:8.1f} kB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--areas", type=int, action="append", help="synthetic site size (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per size (default 3)")
    parser.add_argument("--profile", action="store_true", help="print the top functions of the largest build")
    args = parser.parse_args()
    sizes = args.areas or [250, 1000]
    with tempfile.TemporaryDirectory() as scratch:
        shipped = Path(scratch, "shipped")
        for folder in ("templates", "static", "content"):
            shutil.copytree(REPO / folder, shipped / folder)
        project = Project(shipped)
        report("shipped content", 23, measure(project, args.repeat))
        for count in sizes:
            synthetic = make_synthetic(Path(scratch, f"synthetic-{count}"), count)
            report("synthetic", count, measure(synthetic, args.repeat))
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(build_site, synthetic, BuildOptions())
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
