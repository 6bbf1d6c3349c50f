"""URLs, output paths and relative links."""

from pathlib import PurePosixPath

import pytest

from reviewsite.urls import area_url, is_slug, output_path, relative_href, resolve_href, url_of_path


@pytest.mark.parametrize(
    "page, url, href",
    [
        ("index.html", "", "./"),
        ("index.html", "matrix/", "matrix/"),
        ("areas/york/index.html", "", "../../"),
        ("areas/york/index.html", "areas/york/#rec-x", "#rec-x"),
        ("areas/york/index.html", "areas/leeds/#rec-x", "../leeds/#rec-x"),
        ("areas/york/index.html", "static/css/site.css", "../../static/css/site.css"),
        ("themes/index.html", "themes/workforce/", "workforce/"),
        ("404.html", "matrix/", "matrix/"),
    ],
)
def test_relative_hrefs_resolve_back_to_their_url(page, url, href):
    assert relative_href(PurePosixPath(page), url) == href
    assert resolve_href(PurePosixPath(page), href) == url


def test_resolve_refuses_links_that_leave_the_site():
    assert resolve_href(PurePosixPath("areas/york/index.html"), "../../../etc/passwd") is None


@pytest.mark.parametrize(
    "text, expected",
    [("york", True), ("stoke-on-trent", True), ("a1", True), ("York", False), ("../york", False), ("/york", False),
     ("a\\b", False), ("a.b", False), ("a--b", False), ("-a", False), ("", False), ("a" * 81, False)],
)
def test_slugs_are_lowercase_hyphenated_words(text, expected):
    assert is_slug(text) is expected


def test_output_paths_and_urls_are_inverse():
    for url in ("", "areas/york/", "data/reviews.json", "404.html"):
        assert url_of_path(output_path(url)) == url
    assert output_path(area_url("york")) == PurePosixPath("areas/york/index.html")
