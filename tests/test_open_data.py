"""The open data under /data/: JSON with its schema, CSV tables with a Data Package, SQLite, the
/data/ page that documents them, and each area's own files."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading

import pytest
from conftest import FIXTURE, make_project

from reviewsite.errors import BuildCancelled
from reviewsite.pipeline import BuildOptions, PreviewSession
from reviewsite.tables import AREA_SHEET, TABLES

TABLE_NAMES = [table.name for table in TABLES]


def read_json(site, relative: str):
    return json.loads((site.out_dir / relative).read_text(encoding="utf-8"))


def read_csv(site, relative: str) -> list[list[str]]:
    data = (site.out_dir / relative).read_bytes()
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("which", ["fixture", "shipped"])
def test_reviews_json_and_every_area_file_meet_the_schema(built_once, shipped_site, which):
    from jsonschema import Draft202012Validator

    site = built_once if which == "fixture" else shipped_site
    schema = read_json(site, "data/reviews.schema.json")
    Draft202012Validator.check_schema(schema)
    data = read_json(site, "data/reviews.json")
    Draft202012Validator(schema).validate(data)
    area_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/area"}
    for area in data["areas"]:
        assert read_json(site, f"data/areas/{area['slug']}.json") == area
        Draft202012Validator(area_schema).validate(area)
    assert data["$schema"] == "/data/reviews.schema.json"


def test_the_schema_rejects_a_key_it_does_not_describe(built_once):
    from jsonschema import Draft202012Validator

    data = read_json(built_once, "data/reviews.json")
    data["areas"][0]["findings"][0]["colour"] = "red"
    assert not Draft202012Validator(read_json(built_once, "data/reviews.schema.json")).is_valid(data)


def test_reviews_json_names_its_licence_source_and_content_date(built_once, dated_site):
    data = read_json(dated_site, "data/reviews.json")
    assert data["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/", "text": "Test text under CC BY 4.0."}
    assert data["source"].startswith("Compiled by Test reviews from public documents")
    assert data["content_date"] == "2019-02-01"
    assert data["$schema"] == "https://reviews.example.org/data/reviews.schema.json"
    assert data["areas"][0]["updated"] == "2019-02-01"
    assert read_json(built_once, "data/reviews.json")["content_date"] is None  # no file says when it changed


@pytest.mark.parametrize("which", ["fixture", "shipped"])
def test_the_data_package_is_valid_with_its_keys(built_once, shipped_site, which):
    from frictionless import Package

    site = built_once if which == "fixture" else shipped_site
    package = Package(str(site.out_dir / "data/datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [resource.name for resource in package.resources] == TABLE_NAMES
    descriptor = read_json(site, "data/datapackage.json")
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert descriptor["sources"][0]["path"] == "sources.csv"
    findings = next(r for r in descriptor["resources"] if r["name"] == "findings")["schema"]
    assert findings["primaryKey"] == ["area", "id"]
    assert {"fields": ["area", "source"], "reference": {"resource": "sources", "fields": ["area", "url"]}} in findings["foreignKeys"]


def test_csv_files_have_one_header_row_and_the_contents_rows_in_order(built_once):
    for table in TABLES:
        raw = (built_once.out_dir / f"data/{table.path}").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), table.name
        rows = read_csv(built_once, f"data/{table.path}")
        assert rows[0] == [column.name for column in table.columns], table.name
        keys = [tuple(row[rows[0].index(name)] for name in table.primary_key) for row in rows[1:]]
        assert len(keys) == len(set(keys)), table.name
    findings = read_csv(built_once, "data/findings.csv")
    assert findings[1] == ["alpha", "no-shared-vision", "false", "concern", "Concern 1", "Partners did not share a vision.",
                           "https://example.org/alpha-release", "/areas/alpha/#finding-no-shared-vision"]
    assert [(row[0], row[1], row[2]) for row in findings[1:]] == [
        ("alpha", "no-shared-vision", "false"), ("alpha", "discharge-delays", "false"), ("alpha", "keen-staff", "false"),
        ("alpha", "improved", "true"), ("beta", "good-relationships", "false")]
    assert read_csv(built_once, "data/finding_themes.csv")[1:3] == [["alpha", "no-shared-vision", "leadership"], ["alpha", "discharge-delays", "discharge"]]
    assert read_csv(built_once, "data/recommendations.csv")[2][:6] == ["alpha", "trusted-assessor", "false", "suggestion", "statement", "Said on publication day."]
    beta = read_csv(built_once, "data/areas.csv")[2]
    assert beta[:9] == ["beta", "Beta Town", "second", "/areas/beta/", "", "", "", "On or before 19 December 2017.", "https://example.org/beta-news"]


def test_sqlite_holds_the_same_tables_and_keys(built_once):
    db = sqlite3.connect(built_once.out_dir / "data/reviews.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in TABLES:
            rows = read_csv(built_once, f"data/{table.path}")
            assert [info[1] for info in db.execute(f"PRAGMA table_info({table.name})")] == rows[0]
            primary = sorted((info[5], info[1]) for info in db.execute(f"PRAGMA table_info({table.name})") if info[5])
            assert tuple(name for _, name in primary) == table.primary_key
            assert db.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0] == len(rows) - 1
        references = {(row[2], row[3], row[4]) for row in db.execute("PRAGMA foreign_key_list(finding_themes)")}
        assert references == {("findings", "area", "area"), ("findings", "finding", "id"), ("themes", "theme", "slug")}
        assert db.execute("SELECT type, kind FROM items WHERE area = 'alpha' AND id = 'trusted-assessor'").fetchone() == ("recommendation", "suggestion")
        assert dict(db.execute("SELECT key, value FROM about"))["licence"] == "CC BY 4.0"
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("INSERT INTO finding_themes VALUES ('alpha', 'no-such-finding', 'leadership')")
    finally:
        db.close()


def test_two_builds_give_the_same_database_bytes(tmp_path):
    first = make_project(tmp_path / "one")
    second = make_project(tmp_path / "two")
    first.build()
    second.build(use_cache=False)
    assert (first.out_dir / "data/reviews.sqlite").read_bytes() == (second.out_dir / "data/reviews.sqlite").read_bytes()


def test_each_area_has_a_spreadsheet_of_its_items(built_once):
    raw = (built_once.out_dir / "data/areas/alpha.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so that Excel reads UTF-8
    rows = read_csv(built_once, "data/areas/alpha.csv")
    assert rows[0] == [column.name for column in AREA_SHEET.columns]
    assert [row[5] for row in rows[1:]] == ["Concern 1", "Concern 2", "Strength 1", "Recommendation 1", "Other suggestion 1", "Follow-up strength 1"]
    assert rows[2][9] == "Hospital discharge; Workforce"
    assert rows[2][11] == "Alpha Vale review published"


def test_area_page_links_to_its_own_data_and_citations(built_once):
    section = built_once.soup("areas/alpha/index.html").select_one("section.cite-section")
    hrefs = [a["href"] for a in section.find_all("a")]
    assert hrefs == ["cite/", "../../data/areas/alpha.ris", "../../data/areas/alpha.csv", "../../data/areas/alpha.json", "../../data/"]


def test_data_page_lists_every_file_and_every_column(built_once):
    soup = built_once.soup("data/index.html")
    files = [a["href"] for a in soup.select("#files ~ dl a")]
    assert files == ["reviews.json", "reviews.schema.json", "datapackage.json", *(f"{name}.csv" for name in TABLE_NAMES), "reviews.sqlite"]
    for table in (*TABLES, AREA_SHEET):
        anchor = "table-area-items" if table is AREA_SHEET else f"table-{table.name}"
        rows = soup.select(f"section[aria-labelledby='{anchor}'] tbody tr")
        assert [row.th.get_text() for row in rows] == [column.name for column in table.columns], table.name
        assert all(row.find_all("td")[1].get_text(strip=True) for row in rows)
    text = soup.get_text(" ", strip=True)
    assert "CC BY 4.0" in text and "Test text under CC BY 4.0." in text
    assert "How ids stay stable" in text
    assert soup.select_one("#cite-data ~ .citation").get_text() == "Test reviews (n.d.) ‘Open data: local system reviews’. Available at: /data/. Licence: CC BY 4.0."


def test_every_page_links_to_the_data_page(built_once):
    for path in ("index.html", "areas/alpha/index.html", "about/index.html"):
        assert built_once.soup(path).select_one(".site-footer a[href$='data/']").get_text() == "Open data"


def test_data_files_follow_an_edit_and_a_new_content_date(site):
    site.build()
    site.edit("content/areas/alpha.md", "text: Partners did not share a vision.", "text: Partners had no shared vision.")
    site.edit("content/pages/about.md", "title:", "updated: 2020-03-04\ntitle:")
    site.build()
    assert read_csv(site, "data/findings.csv")[1][5] == "Partners had no shared vision."
    assert read_json(site, "data/reviews.json")["content_date"] == "2020-03-04"
    assert read_json(site, "data/datapackage.json")["version"] == "2020-03-04"
    db = sqlite3.connect(site.out_dir / "data/reviews.sqlite")
    try:
        assert db.execute("SELECT text FROM findings WHERE id = 'no-shared-vision'").fetchone() == ("Partners had no shared vision.",)
    finally:
        db.close()
    assert "2020" in site.soup("areas/alpha/cite/index.html").select_one(".citation").get_text()


def test_the_preview_writes_the_pages_first_and_the_site_wide_data_files_after(site):
    session = PreviewSession(site.project, BuildOptions())
    session.rebuild()
    before = read_csv(site, "data/findings.csv")
    site.edit("content/areas/alpha.md", "text: Partners did not share a vision.", "text: Partners had no shared vision.")
    pages = session.rebuild(pages_first=True)
    assert pages.pending and read_csv(site, "data/findings.csv") == before
    assert "Partners had no shared vision." in site.html("areas/alpha/index.html")
    assert "Partners had no shared vision." in site.html("data/areas/alpha.json")  # an area's own file is not kept waiting
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(BuildCancelled):  # a newer save stops it, leaving the last files in place
        session.rebuild(cancel=cancel)
    assert read_csv(site, "data/findings.csv") == before
    assert not session.rebuild().pending
    assert read_csv(site, "data/findings.csv")[1][5] == "Partners had no shared vision."


def test_fixture_ledger_records_the_data_files_but_not_each_areas():
    ledger = (FIXTURE / "content/published-urls.txt").read_text(encoding="utf-8").split()
    assert {"/data/", "/data/datapackage.json", "/data/reviews.sqlite", "/data/reviews.schema.json", "/data/findings.csv"} <= set(ledger)
    assert not any(url.startswith("/data/areas/") or url.endswith("/cite/") for url in ledger)

