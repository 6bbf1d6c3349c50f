"""Atomic writes: stage, swap, and never leave stale or half-written files."""

import errno
import os
from pathlib import PurePosixPath

import pytest
from conftest import make_project

from reviewsite.errors import BuildFailed
from reviewsite.write import BUILD_MARKER, check_output_paths, collect_static, write_site


def test_swaps_in_exactly_the_new_files(tmp_path):
    out = tmp_path / "_site"
    write_site({PurePosixPath("a/index.html"): b"a", PurePosixPath("b.txt"): b"b"}, out)
    write_site({PurePosixPath("a/index.html"): b"new"}, out)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [BUILD_MARKER, "a/index.html"]
    assert (out / "a/index.html").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_refuses_to_replace_a_folder_it_did_not_build(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("years of work")
    with pytest.raises(BuildFailed) as info:
        write_site({PurePosixPath("index.html"): b"x"}, out)
    assert "holds files this generator did not write" in str(info.value)
    assert (out / "thesis.txt").read_text() == "years of work"


def test_a_failure_while_staging_leaves_the_old_site(tmp_path, monkeypatch):
    out = tmp_path / "_site"
    write_site({PurePosixPath("index.html"): b"old"}, out)

    class Boom(Exception):
        pass

    def explode(self, data):
        raise Boom()

    monkeypatch.setattr("pathlib.Path.write_bytes", explode)
    with pytest.raises(Boom):
        write_site({PurePosixPath("index.html"): b"new"}, out)
    monkeypatch.undo()
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_a_failure_while_swapping_leaves_the_old_site(tmp_path, monkeypatch):
    out = tmp_path / "_site"
    write_site({PurePosixPath("index.html"): b"old", PurePosixPath("a/index.html"): b"a"}, out)
    rename = os.rename

    def refuse_the_new_site(source, target):
        if str(source).endswith(".staging"):
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(source))
        rename(source, target)

    monkeypatch.setattr(os, "rename", refuse_the_new_site)
    with pytest.raises(BuildFailed) as info:
        write_site({PurePosixPath("index.html"): b"new"}, out)
    monkeypatch.undo()
    assert str(info.value).endswith("the previous site was left as it was.")
    assert (out / "index.html").read_bytes() == b"old" and (out / "a/index.html").read_bytes() == b"a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_a_page_and_a_static_file_at_one_path_is_an_error():
    errors = check_output_paths([(PurePosixPath("static/x.css"), False), (PurePosixPath("static/x.css"), True)])
    assert [str(error) for error in errors] == ["static/x.css: a page and a static file would be written to the same path"]


def test_two_pages_at_one_path_and_a_file_inside_a_file_are_errors():
    errors = check_output_paths([(PurePosixPath("a/index.html"), False), (PurePosixPath("a/index.html"), False), (PurePosixPath("a/index.html/x"), False)])
    assert [str(error) for error in errors] == [
        "a/index.html: two pages would be written to this path",
        "a/index.html: this output path would have to be both a file and a folder (is a redirect pointing inside a file?)",
    ]


def test_static_files_skip_hidden_and_backup_files(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css/site.css").write_text("body{}")
    (tmp_path / "css/site.css~").write_text("old")
    (tmp_path / ".DS_Store").write_text("junk")
    assert list(collect_static(tmp_path)) == [PurePosixPath("static/css/site.css")]


def test_files_of_removed_content_do_not_linger_after_a_rebuild(built, tmp_path):
    # A renamed area: its page is answered by a redirect page at the old address, but its data
    # file and the compare page that is not the pair's canonical address are simply gone.
    gone = ["data/areas/alpha.json", "compare/beta--alpha/index.html"]
    assert all((built.out_dir / path).is_file() for path in gone)
    built.path("content/areas/alpha.md").rename(built.path("content/areas/alpha-vale.md"))
    built.write("content/redirects.yaml", "- from: /areas/alpha/\n  to: /areas/alpha-vale/\n")
    built.build(update_ledger=True)
    assert [path for path in gone if (built.out_dir / path).exists()] == []
    assert not (built.out_dir / "compare/beta--alpha").exists()
    # The rebuilt folder holds exactly what a clean build of the same project writes.
    clean = make_project(tmp_path / "clean", built.root / "content")
    clean.build()
    assert built.snapshot() == clean.snapshot()
