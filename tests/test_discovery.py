"""What tells readers and machines about the site: "last changed" lines, the sitemap, the feed,
robots.txt, the icon and Open Graph."""

from __future__ import annotations

import re


from reviewsite.pipeline import BuildOptions, build_site
from reviewsite.project import Project

ALPHA = "content/areas/alpha.md"
BETA = "content/areas/beta.md"
ABOUT = "content/pages/about.md"


def date_file(site, relative: str, date: str) -> None:
    """Give a content file an `updated` date (front matter's first line follows `---`)."""
    text = site.read(relative)
    text = re.sub(r"\nupdated: .*", "", text)
    site.write(relative, text.replace("---\n", f"---\nupdated: {date}\n", 1))


def last_changed(site, relative: str) -> str | None:
    line = site.soup(relative).select_one("footer .last-changed")
    return " ".join(line.get_text().split()) if line else None


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- "last changed" -----------------------------------------------------------------------------


def test_pages_say_nothing_about_when_they_changed_when_no_date_is_known(built_once):
    for page in ("index.html", "areas/alpha/index.html", "about/index.html", "matrix/index.html", "404.html"):
        assert last_changed(built_once, page) is None, page


def test_each_page_shows_the_date_of_the_content_it_shows(site):
    date_file(site, ALPHA, "2020-01-05")
    date_file(site, ABOUT, "2019-03-02")
    site.build()
    assert last_changed(site, "areas/alpha/index.html") == "Content about this area last changed on 5 January 2020."
    assert last_changed(site, "areas/beta/index.html") is None  # Beta Town's file has no date
    assert last_changed(site, "about/index.html") == "This page last changed on 2 March 2019."
    assert last_changed(site, "compare/alpha--beta/index.html") is None  # one of the two is not dated
    for page in ("index.html", "matrix/index.html", "themes/leadership/index.html", "compare/index.html", "404.html", "offline.html"):
        assert last_changed(site, page) == "The site's content last changed on 5 January 2020.", page
    assert site.soup("index.html").select_one("footer .last-changed time")["datetime"] == "2020-01-05"
    assert last_changed(site, "compare/beta--alpha/index.html") is None  # a page that only forwards
    date_file(site, BETA, "2021-07-31")
    site.build()
    assert last_changed(site, "compare/alpha--beta/index.html") == "Content about these two areas last changed on 31 July 2021."


def test_a_new_date_reaches_every_page_that_shows_it(site, tmp_path):
    date_file(site, ALPHA, "2020-01-05")
    site.build()
    date_file(site, BETA, "2022-02-02")
    site.build()
    assert last_changed(site, "matrix/concerns/by-wave/index.html") == "The site's content last changed on 2 February 2022."
    assert last_changed(site, "areas/alpha/index.html") == "Content about this area last changed on 5 January 2020."
    build_site(Project(site.root, output=tmp_path / "clean"), BuildOptions(use_cache=False))
    assert tree(site.out_dir) == tree(tmp_path / "clean")


# --- sitemap ------------------------------------------------------------------------------------


def test_sitemap_gives_each_page_the_date_it_shows(site):
    date_file(site, ALPHA, "2020-01-05")
    site.build(base_url="https://reviews.example.org/")
    sitemap = site.read("_site/sitemap.xml")
    assert "<url><loc>https://reviews.example.org/areas/alpha/</loc><lastmod>2020-01-05</lastmod></url>" in sitemap
    assert "<url><loc>https://reviews.example.org/areas/beta/</loc></url>" in sitemap
    assert "<url><loc>https://reviews.example.org/</loc><lastmod>2020-01-05</lastmod></url>" in sitemap
