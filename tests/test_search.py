"""Search: the records Pagefind indexes, the index the build writes, and how builds keep it.

The search page in a browser is tested in test_search_browser.py.
"""

from __future__ import annotations

import gzip
import json
import threading

import pytest
from conftest import REPO, make_project

from reviewsite.errors import BuildFailed
from reviewsite.indexes import build_indexes
from reviewsite.pipeline import BuildOptions, PreviewSession, build_site, check_site, render_project
from reviewsite.project import Project
from reviewsite.render import CONTENT_SECURITY_POLICY, SEARCH_CONTENT_SECURITY_POLICY
from reviewsite.search import SearchRecord, search_records
from reviewsite.search_index import IndexCancelled, index_records, in_stable_order
from reviewsite.urls import site_url

BETA = "content/areas/beta.md"


def records_of(project) -> tuple[SearchRecord, ...]:
    site = render_project(project.project).site
    return search_records(site, build_indexes(site))[0]


def by_url(records) -> dict[str, SearchRecord]:
    found = {record.url: record for record in records}
    assert len(found) == len(records), "two records share a URL"
    return found


def index_tree(folder) -> dict[str, bytes]:
    index = folder / "pagefind"
    return {p.relative_to(index).as_posix(): p.read_bytes() for p in sorted(index.rglob("*")) if p.is_file()}


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stamps(folder) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


# --- records -----------------------------------------------------------------------------------


def test_each_finding_and_recommendation_is_one_record_that_leads_to_its_anchor(site):
    rendered = render_project(site.project)
    records = by_url(search_records(rendered.site, build_indexes(rendered.site))[0])
    indexes = build_indexes(rendered.site)
    refs = [ref for items in indexes.ordered for group in items.groups for ref in group.refs]
    assert refs and all(f"/{ref.url}" in records for ref in refs)
    items = [record for record in records.values() if "#" in record.url]
    assert len(items) == len(refs)
    for record in items:  # each leads to an id its area page declares
        page, anchor = site_url(record.url).split("#")
        assert anchor in rendered.plan.by_url[page].cited, record.url


@pytest.mark.parametrize(("url", "meta", "filters"), [
    ("/areas/alpha/#rec-joint-plan",
     {"title": "Alpha Vale: Recommendation 1", "area": "Alpha Vale", "kind": "Recommendation", "themes": "Leadership"},
     {"area": ("alpha",), "theme": ("leadership",), "kind": ("recommendation",)}),
    ("/areas/alpha/#finding-discharge-delays",
     {"title": "Alpha Vale: Concern 2", "area": "Alpha Vale", "kind": "Concern", "themes": "Hospital discharge, Workforce"},
     {"area": ("alpha",), "theme": ("discharge", "workforce"), "kind": ("concern",)}),
    ("/areas/alpha/#rec-trusted-assessor",  # advice that is not the report's own: an "other suggestion"
     {"title": "Alpha Vale: Other suggestion 1", "area": "Alpha Vale", "kind": "Other suggestion", "themes": "Hospital discharge"},
     {"area": ("alpha",), "theme": ("discharge",), "kind": ("suggestion",)}),
    ("/areas/alpha/", {"title": "Alpha Vale", "area": "Alpha Vale", "kind": "Area"}, {"area": ("alpha",), "kind": ("page",)}),
    ("/themes/workforce/", {"title": "Workforce", "kind": "Theme"}, {"theme": ("workforce",), "kind": ("page",)}),
    ("/about/", {"title": "About", "kind": "Page"}, {"kind": ("page",)}),
], ids=["recommendation", "concern-on-two-themes", "other-suggestion", "area", "theme", "page"])
def test_records_say_which_area_and_kind_and_filter_by_area_theme_and_kind(site, url, meta, filters):
    record = by_url(records_of(site))[url]
    assert dict(record.meta) == meta
    assert dict(record.filters) == filters


def test_an_item_record_holds_its_text_and_the_note_on_where_advice_comes_from(site):
    records = by_url(records_of(site))
    assert records["/areas/alpha/#rec-joint-plan"].content == "Agree one plan across the system."
    assert records["/areas/alpha/#rec-trusted-assessor"].content == "Start the trusted assessor scheme. Said on publication day."


def test_record_text_is_plain_text_never_markup(site):
    hostile = "<script>alert(1)</script> & <b>bold</b>"
    site.edit(BETA, "text: Leaders related well to each other.", f"text: '{hostile}'")
    site.write("content/pages/about.md", site.read("content/pages/about.md") + "\nSee **the matrix** and [every theme](/themes/) &amp; more.\n")
    records = by_url(records_of(site))
    assert records["/areas/beta/#finding-good-relationships"].content == hostile  # as the author wrote it, shown as text
    about = records["/about/"].content
    assert about.endswith("Read the Alpha Vale review. See the matrix and every theme & more.")  # Markdown's words, its entities read
    assert "<" not in about and "**" not in about and "\n" not in about


def test_records_come_in_the_same_order_with_the_same_digest_every_time(site):
    first = render_project(site.project).site
    again = render_project(site.project).site
    assert search_records(first, build_indexes(first)) == search_records(again, build_indexes(again))


# --- the index ----------------------------------------------------------------------------------


def test_pagefind_indexes_the_records_into_its_library_entry_metadata_and_chunks(site):
    files = index_records(records_of(site))
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind"} <= set(files)
    assert not any("ui" in path for path in files), "Pagefind's ready-made interfaces are left out"
    entry = json.loads(files["pagefind-entry.json"])
    meta = entry["languages"]["en"]["hash"]
    assert f"pagefind.{meta}.pf_meta" in files
    assert entry["languages"]["en"]["page_count"] == len(records_of(site))
    fragments = [json.loads(gzip.decompress(data)[len(b"pagefind_dcd"):]) for path, data in files.items() if path.startswith("fragment/")]
    assert {fragment["url"] for fragment in fragments} == {record.url for record in records_of(site)}


def test_the_same_records_always_give_the_same_files(site):
    """Pagefind lists filter values in a different order on each run; the build sorts them."""
    records = records_of(site)
    first = index_records(records)
    for _ in range(4):
        assert index_records(records) == first
    assert in_stable_order(first) == first


def test_two_clean_builds_write_byte_identical_sites_search_index_included(tmp_path):
    trees = []
    for name in ("one", "two"):
        project = make_project(tmp_path / name)
        project.build(use_cache=False)
        trees.append(tree(project.out_dir))
    assert trees[0] == trees[1]
    assert sum(path.startswith("pagefind/fragment/") for path in trees[0]) == 14


def test_indexing_stops_when_cancelled(site):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(IndexCancelled):
        index_records(records_of(site), cancel)


def test_a_missing_pagefind_binary_fails_the_build_and_keeps_the_previous_site(built, monkeypatch):
    before = built.snapshot()
    built.edit(BETA, "Leaders related well to each other.", "Leaders worked well together.")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(built.root / "no-such-pagefind"))
    with pytest.raises(BuildFailed) as failure:
        built.build()
    assert str(failure.value.errors[0]).startswith("pagefind: the search index cannot be built: Pagefind could not be started")
    assert built.snapshot() == before


# --- builds keep the index like any other output ------------------------------------------------


def test_the_index_is_made_again_only_when_a_record_changes(built):
    def version() -> str:  # what the search page asks for the index's entry file by, so caches keep it
        return built.soup("search/index.html").select_one("#search-form")["data-index-version"]

    before, first = stamps(built.out_dir), version()
    built.write("templates/area.html", built.read("templates/area.html").replace("{% block content %}\n", "{% block content %}\n<!-- edited -->\n", 1))
    built.build()
    after = stamps(built.out_dir)
    assert {path: after[path] for path in after if path.startswith("pagefind/")} == {path: before[path] for path in before if path.startswith("pagefind/")}
    assert version() == first
    old_index = index_tree(built.out_dir)
    built.edit(BETA, "Leaders related well to each other.", "Leaders worked well together.")
    built.build()
    new_index = index_tree(built.out_dir)
    assert new_index != old_index and new_index["pagefind.js"] == old_index["pagefind.js"]
    assert version() != first
    assert not set(old_index) - set(new_index) - {path for path in old_index if path.endswith((".pf_fragment", ".pf_meta", ".pf_index", ".pf_filter"))}


def test_check_builds_no_index(site, monkeypatch):
    import reviewsite.plan

    def refuse(*args):
        raise AssertionError("check must not run Pagefind")

    monkeypatch.setattr(reviewsite.plan, "index_records", refuse)
    check_site(site.project)


def test_the_preview_updates_pages_first_and_the_index_after_until_both_equal_a_clean_build(site, tmp_path):
    session = PreviewSession(site.project, BuildOptions())
    session.rebuild()
    old_index = index_tree(site.out_dir)
    site.edit(BETA, "Leaders related well to each other.", "Leaders worked well together.")
    pages = session.rebuild(pages_first=True)
    assert pages.pending and index_tree(site.out_dir) == old_index
    assert "Leaders worked well together." in site.html("areas/beta/index.html")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(IndexCancelled):  # a newer save stops the indexing, which leaves the old index
        session.rebuild(cancel=cancel)
    assert index_tree(site.out_dir) == old_index
    settled = session.rebuild()
    assert not settled.pending
    build_site(Project(site.root, output=tmp_path / "clean"), BuildOptions(preview=True, use_cache=False))
    assert tree(site.out_dir) == tree(tmp_path / "clean")


# --- the page -----------------------------------------------------------------------------------


def test_only_the_search_page_may_run_webassembly_and_nothing_loads_from_another_site(built_once):
    for path in built_once.out_dir.rglob("*.html"):
        policy = built_once.soup(path.relative_to(built_once.out_dir).as_posix()).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        if policy is None:
            continue
        wanted = SEARCH_CONTENT_SECURITY_POLICY if path == built_once.out_dir / "search/index.html" else CONTENT_SECURITY_POLICY
        assert policy["content"] == wanted, path
    assert SEARCH_CONTENT_SECURITY_POLICY == CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")
    assert "http" not in SEARCH_CONTENT_SECURITY_POLICY and "*" not in SEARCH_CONTENT_SECURITY_POLICY


def test_every_page_has_a_search_box_that_leads_to_the_search_page(built_once):
    for relative in ("index.html", "areas/alpha/index.html", "themes/workforce/index.html", "matrix/concerns/by-wave/index.html", "404.html"):
        form = built_once.soup(relative).select_one("header form[role=search]")
        assert form["method"] == "get" and form.select_one("input[name=q]") is not None, relative
    assert built_once.soup("areas/alpha/index.html").select_one("header form[role=search]")["action"] == "../../search/"


def test_the_search_page_offers_the_list_of_areas_the_themes_and_the_matrix_without_javascript(built_once):
    page = built_once.soup("search/index.html")
    fallback = page.select_one("#search-fallback")
    assert not fallback.has_attr("hidden") and "needs JavaScript" in fallback.get_text()
    assert [a["href"] for a in fallback.select("a")] == ["../areas/", "../themes/", "../matrix/"]
    assert page.select_one("#search-form").has_attr("hidden")
    assert [o["value"] for o in page.select("#search-area option")] == ["", "alpha", "beta"]
    assert [o["value"] for o in page.select("#search-kind option")] == ["", "concern", "strength", "recommendation", "suggestion", "page"]


def test_the_search_page_is_in_the_ledger_and_the_sitemap(site):
    assert "/search/\n" in site.read("content/published-urls.txt")
    site.build(base_url="https://reviews.example.org/")
    assert "<loc>https://reviews.example.org/search/</loc>" in (site.out_dir / "sitemap.xml").read_text(encoding="utf-8")


def test_the_shipped_ledger_records_the_search_page():
    assert "/search/" in (REPO / "content/published-urls.txt").read_text(encoding="utf-8").splitlines()
