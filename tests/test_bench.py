"""The benchmark runs end to end on a small site (a smoke test: no timing is asserted)."""

import json
import sys
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import bench_build  # noqa: E402


def test_the_benchmark_measures_a_small_site_and_prints_its_table(tmp_path: Path, capsys):
    figures = tmp_path / "figures.json"
    assert bench_build.main(["--areas", "25", "--runs", "1", "--edits", "2", "--json", str(figures)]) == 0
    rows = json.loads(figures.read_text(encoding="utf-8"))
    assert [row["areas"] for row in rows] == [25]
    row = rows[0]
    assert row["pages"] >= 25 + 20 and row["output_mb"] > 0 and row["largest_page_kb"] > 0
    assert all(row[key] > 0 for key in ("cold_s", "no_change_s", "one_edit_s", "preview_e2e_ms", "peak_mb"))
    assert "| areas | pages | cold s" in capsys.readouterr().out
