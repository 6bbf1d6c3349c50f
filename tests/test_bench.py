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


NEUTRAL_AREA = """---
name: {name}
slug: {slug}
published: 2018-0{month}-01
region: {region}
findings:
- id: f01
  kind: concern
  text: People waited too long to leave hospital.
  themes: [discharge]
- id: f02
  kind: strength
  text: Staff knew their patients well.
  themes: [workforce, discharge]
recommendations:
- id: r01
  text: Plan discharge from the day of admission.
  themes: [discharge]
---
The [report](https://example.org/reports/{slug}.pdf) describes {name}.
"""


def test_the_converter_lays_out_the_shared_benchmarks_corpus_as_content_that_builds(tmp_path: Path):
    import from_neutral
    from conftest import make_project

    corpus = tmp_path / "corpus"
    (corpus / "areas").mkdir(parents=True)
    (corpus / "themes.yaml").write_text("- slug: workforce\n  name: Workforce\n  description: Staff.\n"
                                        "- slug: discharge\n  name: Hospital discharge\n  description: Leaving hospital.\n")
    for month, (slug, name, region) in enumerate((("ashby", "Ashby", "London"), ("brill", "Brill", "South West")), start=1):
        (corpus / "areas" / f"{slug}.md").write_text(NEUTRAL_AREA.format(name=name, slug=slug, month=month, region=region))
    assert from_neutral.main([str(corpus), str(tmp_path / "site")]) == 0
    ledger = (tmp_path / "site" / "content" / "published-urls.txt").read_text().splitlines()
    assert {"/areas/ashby/#finding-f01", "/areas/brill/#rec-r01", "/themes/discharge/", "/matrix/"} <= set(ledger)
    assert "/compare/" in ledger  # added by the generator itself, through --update-ledger
    site = make_project(tmp_path / "project", tmp_path / "site" / "content")
    site.build()
    assert 'id="finding-f02"' in (site.out_dir / "areas" / "brill" / "index.html").read_text(encoding="utf-8")
