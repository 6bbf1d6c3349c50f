"""The copy that opens from disk: every link to a page names a file, and nothing else changes."""

from __future__ import annotations

import posixpath
import re

import pytest
from bs4 import BeautifulSoup

from reviewsite.cli import main
from reviewsite.portable import portable_href


@pytest.mark.parametrize(("href", "expected"), [
    ("./", "./index.html"),
    ("../", "../index.html"),
    ("../../matrix/", "../../matrix/index.html"),
    ("../york/#rec-joint-plan", "../york/index.html#rec-joint-plan"),
    ("./#timeline", "./index.html#timeline"),
    ("..", "../index.html"),
    ("#main", "#main"),
    ("../../static/css/site.css", "../../static/css/site.css"),
    ("data/reviews.json", "data/reviews.json"),
    ("https://example.org/reviews/", "https://example.org/reviews/"),
    ("mailto:someone@example.org", "mailto:someone@example.org"),
    ("//example.org/", "//example.org/"),
    ("?areas=york", "?areas=york"),
], ids=lambda value: value or "empty")
def test_links_to_folders_name_their_index_file(href, expected):
    assert portable_href(href) == expected


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The fixture site with a moved area (so that it has a forwarding page), built both ways."""
    from conftest import make_project

    site = make_project(tmp_path_factory.mktemp("portable") / "project")
    site.path("content/areas/alpha.md").rename(site.path("content/areas/alpha-vale.md"))
    site.write("content/redirects.yaml", "- from: /areas/alpha/\n  to: /areas/alpha-vale/\n")
    site.build(update_ledger=True)
    assert main(["portable"], root=site.root) == 0
    return site, site.root / "_site-portable"


def files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def page_links(html: str) -> list[str]:
    """Return every link a page makes: attributes, the refresh target and redirect.js's targets."""
    soup = BeautifulSoup(html, "html.parser")
    links = [tag[name] for name in ("href", "src", "action", "data-target") for tag in soup.find_all(attrs={name: True})]
    links += [word for tag in soup.find_all(attrs={"data-anchors": True}) for word in tag["data-anchors"].split()[1::2]]
    links += [re.sub(r"^\d+; url=", "", tag["content"]) for tag in soup.find_all("meta", attrs={"http-equiv": "refresh"})]
    return links


def test_every_link_in_the_copy_leads_to_a_file_not_a_folder(exported):
    _, folder = exported
    pages = sorted(folder.rglob("*.html"))
    assert any("url=../alpha-vale/index.html" in page.read_text(encoding="utf-8") for page in pages), "the forwarding page was checked"
    for page in pages:
        for link in page_links(page.read_text(encoding="utf-8")):
            path = link.split("#")[0].split("?")[0]
            if re.match(r"[a-z]+:|//", link) or not path:
                continue
            target = posixpath.normpath(posixpath.join(page.parent.relative_to(folder).as_posix(), path))
            assert (folder / target).is_file(), (page.relative_to(folder).as_posix(), link)


def test_the_copy_differs_from_the_site_only_in_naming_index_files(exported):
    site, folder = exported
    published, portable = files(site.out_dir), files(folder)
    assert portable.keys() == published.keys()
    for path, data in published.items():
        assert portable[path].replace(b"/index.html", b"/") == data, path
    assert b'href="../../matrix/"' in published["areas/beta/index.html"], "the published site keeps its clean URLs"


def test_portable_takes_an_output_folder_and_says_where_to_open_it(site, tmp_path, capsys):
    out = tmp_path / "copy"
    assert main(["portable", "--output", str(out)], root=site.root) == 0
    assert f"into {out.as_posix()}/ in " in capsys.readouterr().out
    assert (out / "index.html").is_file() and not site.out_dir.exists()
