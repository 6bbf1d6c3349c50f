"""Incremental builds: what a build reuses from the last one, and what makes it start afresh."""

from __future__ import annotations

import shutil

import pytest
from conftest import make_project

import reviewsite.engine
import reviewsite.pipeline
from reviewsite.pipeline import BuildOptions, build_site
from reviewsite.project import Project

BETA = "content/areas/beta.md"


def stamps(site) -> dict[str, tuple[int, int]]:
    """Return (inode, modification time) of every output file: both change when a file is rewritten."""
    return {p.relative_to(site.out_dir).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.out_dir.rglob("*") if p.is_file()}


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """Count the content files the engine compiles."""
    seen: list[str] = []
    original = reviewsite.engine.compile_file

    def counting(file, md):
        seen.append(file.source.pos.path)
        return original(file, md)

    monkeypatch.setattr(reviewsite.engine, "compile_file", counting)
    return seen


def test_a_rebuild_with_nothing_changed_rewrites_no_file(built):
    before = stamps(built)
    result = built.build()
    assert (result.rendered, result.written) == (0, 0)
    assert stamps(built) == before
    assert result.pages == 34


def test_a_rebuild_with_the_cache_deleted_rewrites_no_file(built):
    before = stamps(built)
    shutil.rmtree(built.root / ".reviewsite-cache")
    result = built.build()
    assert result.written == 0
    assert stamps(built) == before


def test_an_edit_rewrites_only_the_files_whose_bytes_change(built, tmp_path):
    before = stamps(built)
    built.edit(BETA, "Leaders related well to each other.", "Leaders worked well together.")
    result = built.build()
    after = stamps(built)
    changed = {path for path in after if after[path] != before.get(path)}
    indexed = {path for path in changed if path.startswith("pagefind/")}  # the search index holds the text too
    assert changed - indexed == {"areas/beta/index.html", "themes/leadership/index.html", "compare/alpha--beta/index.html", "data/reviews.json",
                                 "data/areas/beta.json", "sw.js",
                                 # the open data that holds the finding, and its citation
                                 "data/findings.csv", "data/reviews.sqlite", "data/areas/beta.csv", "data/areas/beta.ris", "areas/beta/cite/index.html",
                                 "search/index.html"}  # which names the index's version
    assert "pagefind/pagefind-entry.json" in indexed and "pagefind/pagefind.js" not in indexed
    assert result.written == len(changed)
    build_site(Project(built.root, output=tmp_path / "clean"), BuildOptions(use_cache=False))
    assert tree(built.out_dir) == tree(tmp_path / "clean")


def test_a_template_edit_renders_only_the_pages_that_use_it(built):
    built.edit("templates/theme.html", '<p class="lede">{{ theme.description }}</p>', '<p class="lede">About: {{ theme.description }}</p>')
    result = built.build()
    assert result.rendered == 3 + 1  # the three theme pages, and sw.js, whose cache name follows every file
    assert '<p class="lede">About: Shared vision and leadership.</p>' in built.html("themes/leadership/index.html")


def test_a_new_generator_compiles_and_renders_everything_again(built, compiles, monkeypatch):
    built.edit(BETA, "Leaders related well to each other.", "Leaders worked well together.")
    built.build()
    assert compiles == ["content/areas/beta.md"]
    compiles.clear()
    monkeypatch.setattr(reviewsite.pipeline, "generator_fingerprint", lambda: "another version")
    result = built.build()
    assert len(compiles) == 7  # every content file: site, themes, two areas, two pages, the ledger
    assert result.rendered == result.files


def test_a_damaged_cache_is_ignored(built, compiles):
    for path in (built.root / ".reviewsite-cache").rglob("*.pickle"):
        path.write_bytes(b"not a pickle")
    built.edit(BETA, "Leaders related well to each other.", "Leaders worked well together.")
    built.build()
    assert len(compiles) == 7
    assert "Leaders worked well together." in built.html("areas/beta/index.html")


def test_an_output_folder_changed_by_hand_is_rebuilt_whole(built):
    built.path("_site/areas/alpha/index.html").write_text("vandalised", encoding="utf-8")
    (built.out_dir / "stray.html").write_text("left over", encoding="utf-8")
    result = built.build()
    assert result.rendered == result.files
    assert "Alpha Vale" in built.html("areas/alpha/index.html")
    assert not (built.out_dir / "stray.html").exists()


def test_builds_without_the_cache_leave_no_cache(site):
    site.build(use_cache=False)
    assert not (site.root / ".reviewsite-cache").exists()


def test_the_cache_folder_keeps_itself_out_of_git(built):
    assert (built.root / ".reviewsite-cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_a_copy_of_the_fixture_builds_the_same_with_and_without_the_cache(tmp_path):
    cached = make_project(tmp_path / "cached")
    cached.build()
    cached.build()
    plain = make_project(tmp_path / "plain")
    plain.build(use_cache=False)
    assert tree(cached.out_dir) == tree(plain.out_dir)


def test_removing_a_prose_page_updates_the_links_on_every_page(built, tmp_path):
    built.path("content/pages/about.md").unlink()
    built.write("content/redirects.yaml", "- from: /about/\n  removed: The about page was withdrawn.\n")
    built.build()
    assert built.soup("areas/beta/index.html").find("a", string="About") is None
    build_site(Project(built.root, output=tmp_path / "clean"), BuildOptions(use_cache=False))
    assert tree(built.out_dir) == tree(tmp_path / "clean")
