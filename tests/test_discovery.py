"""What tells readers and machines about the site: "last changed" lines, the sitemap, the feed,
robots.txt, the icon and Open Graph."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib
from urllib.parse import urljoin

import pytest

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


# --- the Atom feed ------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def atom_problems(feed: ET.Element) -> list[str]:
    """Return how a parsed feed breaks RFC 4287's rules for atom:feed and atom:entry (3.3, 4.1.1,
    4.1.2, 4.2.1, 4.2.6, 4.2.7)."""
    problems = []
    if feed.tag != f"{ATOM}feed":
        return [f"the root element is {feed.tag}, not atom:feed"]

    def check(element: ET.Element, what: str, required: tuple[str, ...]) -> None:
        for name in required:
            found = element.findall(f"{ATOM}{name}")
            if len(found) != 1:
                problems.append(f"{what} has {len(found)} atom:{name} (exactly one is required)")
        for updated in element.findall(f"{ATOM}updated") + element.findall(f"{ATOM}published"):
            if not RFC3339.fullmatch(updated.text or ""):
                problems.append(f"{what}: {updated.text!r} is not an RFC 3339 date-time")
        identifier = element.findtext(f"{ATOM}id") or ""
        if not re.match(r"[a-z][a-z0-9+.-]*:", identifier):
            problems.append(f"{what}: id {identifier!r} is not an absolute IRI")
        alternates = [(link.get("type"), link.get("hreflang")) for link in element.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{what} has two alternate links with the same type and language")
        if any(not link.get("href") for link in element.findall(f"{ATOM}link")):
            problems.append(f"{what} has a link without href")

    check(feed, "the feed", ("id", "title", "updated"))
    entries = feed.findall(f"{ATOM}entry")
    feed_has_author = any(author.findtext(f"{ATOM}name") for author in feed.findall(f"{ATOM}author"))
    for number, entry in enumerate(entries, start=1):
        check(entry, f"entry {number}", ("id", "title", "updated"))
        if not entry.findall(f"{ATOM}link[@rel='alternate']") and not entry.findall(f"{ATOM}content"):
            problems.append(f"entry {number} has neither an alternate link nor content")
        if not feed_has_author and not any(a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")):
            problems.append(f"entry {number} has no author, and neither has the feed")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    if len(ids) != len(set(ids)):
        problems.append("two entries share an id")
    return problems


def read_feed(site) -> ET.Element:
    return ET.fromstring((site.out_dir / "reviews.atom").read_bytes())


def entries_of(feed: ET.Element) -> list[dict[str, str | None]]:
    return [{"title": e.findtext(f"{ATOM}title"), "id": e.findtext(f"{ATOM}id"), "href": e.find(f"{ATOM}link").get("href"),
             "updated": e.findtext(f"{ATOM}updated"), "published": e.findtext(f"{ATOM}published"), "summary": e.findtext(f"{ATOM}summary")}
            for e in feed.findall(f"{ATOM}entry")]


def test_the_checker_finds_what_atom_forbids():
    broken = ET.fromstring(f'<feed xmlns="{ATOM[1:-1]}"><title>t</title><updated>2020-01-01</updated>'
                           '<entry><id>x</id><title>a</title><updated>2020-01-01T00:00:00Z</updated></entry></feed>')
    assert atom_problems(broken) == ["the feed has 0 atom:id (exactly one is required)", "the feed: '2020-01-01' is not an RFC 3339 date-time",
                                     "the feed: id '' is not an absolute IRI", "entry 1: id 'x' is not an absolute IRI",
                                     "entry 1 has neither an alternate link nor content", "entry 1 has no author, and neither has the feed"]


@pytest.mark.parametrize("base_url", ["", "https://reviews.example.org/sub/"], ids=["no-address", "address"])
def test_the_feed_follows_the_atom_rules(site, base_url):
    date_file(site, ALPHA, "2020-01-05")
    site.build(base_url=base_url or None)
    feed = read_feed(site)
    assert atom_problems(feed) == []
    assert feed.findtext(f"{ATOM}updated") == "2020-01-05T00:00:00Z"  # the site's content date
    self_links = [link.get("href") for link in feed.findall(f"{ATOM}link[@rel='self']")]
    assert self_links == ([base_url + "reviews.atom"] if base_url else [])


def test_the_feed_lists_reviews_and_follow_ups_newest_first_and_leaves_out_the_undated(built_once):
    feed = read_feed(built_once)
    assert feed.findtext(f"{ATOM}updated") == "2019-01-11T00:00:00Z"  # no file has a date: the newest entry's
    entries = entries_of(feed)
    assert [(e["title"], e["href"], e["updated"], e["published"]) for e in entries] == [
        ("Alpha Vale: follow-up review", "areas/alpha/#follow-up", "2019-01-11T00:00:00Z", "2019-01-11T00:00:00Z"),
        ("Alpha Vale: local system review", "areas/alpha/", "2017-11-10T00:00:00Z", "2017-11-10T00:00:00Z"),
    ]
    assert entries[1]["summary"] == "Published 10 November 2017. Recorded on this site: 2 concerns, 1 strength, 1 recommendation, 1 other suggestion."
    # Beta Town's date is not known and the sources give no latest date: the home page says it is left out.
    note = built_once.soup("index.html").select_one(".feed-note")
    assert note.a["href"] == "reviews.atom"
    assert note.get_text(" ", strip=True).endswith("Not in the feed, because the sources give no latest date for them: Beta Town review.")


def test_an_unconfirmed_date_is_dated_by_its_latest_bound_and_says_so(site):
    site.edit(BETA, "  note: On or before 19 December 2017.\n", "  latest: 2017-12-19\n  note: On or before 19 December 2017.\n")
    site.build()
    beta = [e for e in entries_of(read_feed(site)) if e["title"].startswith("Beta Town")]
    assert beta == [{"title": "Beta Town: local system review", "id": beta[0]["id"], "href": "areas/beta/", "updated": "2017-12-19T00:00:00Z",
                     "published": None, "summary": "Date not confirmed, on or before 19 December 2017. This entry is dated 19 December 2017, "
                     "the latest date the sources allow. On or before 19 December 2017. Recorded on this site: 1 strength."}]
    assert "Not in the feed" not in site.soup("index.html").select_one(".feed-note").get_text()


def test_feed_links_lead_to_pages_and_ids_the_site_has(built_once):
    from reviewsite.pipeline import render_project

    plan = render_project(built_once.project).plan
    feed = read_feed(built_once)
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs == ["./", "areas/alpha/#follow-up", "areas/alpha/"]
    for href in hrefs:
        page, _, anchor = urljoin("https://host/site/reviews.atom", href).removeprefix("https://host/site/").partition("#")
        assert page in plan.by_url and (not anchor or anchor in plan.by_url[page].anchors), href


def test_feed_ids_stay_the_same_when_the_site_moves(site):
    site.build()
    before = [e["id"] for e in entries_of(read_feed(site))]
    site.build(base_url="https://reviews.example.org/")
    after = entries_of(read_feed(site))
    assert [e["id"] for e in after] == before and all(i.startswith("urn:uuid:") for i in before)
    assert [e["href"] for e in after] == ["https://reviews.example.org/areas/alpha/#follow-up", "https://reviews.example.org/areas/alpha/"]


def test_every_page_names_the_feed(built_once):
    for path in ("index.html", "areas/alpha/index.html", "matrix/concerns/index.html"):
        link = built_once.soup(path).find("link", rel="alternate", type="application/atom+xml")
        assert urljoin(f"https://host/{path}", link["href"]) == "https://host/reviews.atom", path


def sitemap_problems(urlset: ET.Element) -> list[str]:
    """Return how a parsed sitemap breaks the sitemaps.org 0.9 schema's rules."""
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    if urlset.tag != f"{namespace}urlset":
        return [f"the root element is {urlset.tag}, not urlset in the sitemap namespace"]
    problems = []
    urls = urlset.findall(f"{namespace}url")
    if not 0 < len(urls) <= 50_000:
        problems.append(f"{len(urls)} URLs (1 to 50,000 allowed)")
    locations = []
    for url in urls:
        allowed = {f"{namespace}{name}" for name in ("loc", "lastmod", "changefreq", "priority")}
        problems += [f"unknown element {child.tag}" for child in url if child.tag not in allowed]
        found = url.findall(f"{namespace}loc")
        if len(found) != 1 or not re.fullmatch(r"https?://[^\s/]+/\S*", found[0].text or "") or len(found[0].text) > 2048:
            problems.append(f"a url needs one absolute loc of at most 2,048 characters: {[loc.text for loc in found]}")
            continue
        locations.append(found[0].text)
        for lastmod in url.findall(f"{namespace}lastmod"):
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?", lastmod.text or ""):
                problems.append(f"{found[0].text}: lastmod {lastmod.text!r} is not a W3C date")
    if len(locations) != len(set(locations)):
        problems.append("a URL is listed twice")
    return problems


def test_the_sitemap_follows_the_sitemap_rules(site):
    date_file(site, ALPHA, "2020-01-05")
    site.build(base_url="https://reviews.example.org/sub/")
    urlset = ET.fromstring((site.out_dir / "sitemap.xml").read_bytes())
    assert sitemap_problems(urlset) == []
    assert all(loc.text.startswith("https://reviews.example.org/sub/") for loc in urlset.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))
    broken = ET.fromstring('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a/</loc></url>'
                           '<url><loc>https://x.org/b/</loc><lastmod>5 Jan 2020</lastmod></url></urlset>')
    assert sitemap_problems(broken) == ["a url needs one absolute loc of at most 2,048 characters: ['/a/']",
                                        "https://x.org/b/: lastmod '5 Jan 2020' is not a W3C date"]


# --- robots.txt, the icon, Open Graph -----------------------------------------------------------


def test_robots_txt_is_always_written_and_names_the_sitemap_when_there_is_one(site):
    site.build()
    assert site.read("_site/robots.txt") == "User-agent: *\nDisallow:\n"
    site.build(base_url="https://reviews.example.org/")
    assert site.read("_site/robots.txt") == "User-agent: *\nDisallow:\n\nSitemap: https://reviews.example.org/sitemap.xml\n"
    assert (site.out_dir / "sitemap.xml").is_file()


def png_pixels(png: bytes) -> list[bytes]:
    """Return the rows of an 8-bit RGBA PNG whose rows all use filter 0 (as ours do)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour) == (8, 6)
    data, position = b"", 8
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        if kind == b"IDAT":
            data += png[position + 8:position + 8 + length]
        position += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + 4 * width
    rows = [raw[row * stride:(row + 1) * stride] for row in range(height)]
    assert all(row[0] == 0 for row in rows)
    return [row[1:] for row in rows]


def test_the_icon_is_one_drawing_as_svg_and_as_ico(built_once):
    svg = ET.fromstring((built_once.out_dir / "favicon.svg").read_bytes())
    cells = [(int(rect.get("x")), int(rect.get("y")), rect.get("fill")) for rect in svg.findall("{http://www.w3.org/2000/svg}rect")[1:]]
    ico = (built_once.out_dir / "favicon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    width, height, _, _, planes, bits, size, offset = struct.unpack("<BBBBHHII", ico[6:22])
    assert (reserved, kind, count, width, height, planes, bits, offset + size) == (0, 1, 1, 32, 32, 1, 32, len(ico))
    rows = png_pixels(ico[offset:])
    assert len(rows) == 32 and len(cells) == 9
    for x, y, fill in cells:
        assert rows[y + 4][4 * (x + 4):4 * (x + 4) + 4] == bytes.fromhex(fill[1:]) + b"\xff", (x, y)
    assert rows[0][:4] == b"\0\0\0\0", "the corners are rounded off, as in the SVG"


def test_every_page_names_its_icon_and_open_graph_details(site):
    site.build()
    for path in site.out_dir.rglob("*.html"):
        relative = path.relative_to(site.out_dir).as_posix()
        soup = site.soup(relative)
        icons = {link.get("type", ""): urljoin(f"https://host/{relative}", link["href"]) for link in soup.find_all("link", rel="icon")}
        assert icons == {"image/svg+xml": "https://host/favicon.svg", "": "https://host/favicon.ico"}, relative
        graph = {meta["property"]: meta["content"] for meta in soup.find_all("meta", property=True)}
        assert graph == {"og:type": "website", "og:site_name": "Test reviews", "og:title": soup.title.get_text(),
                         "og:description": soup.find("meta", attrs={"name": "description"})["content"]}, relative


def test_open_graph_names_the_page_address_when_it_is_known(site):
    site.build(base_url="https://reviews.example.org/")
    soup = site.soup("areas/alpha/index.html")
    assert soup.find("meta", property="og:url")["content"] == soup.find("link", rel="canonical")["href"] == "https://reviews.example.org/areas/alpha/"
    assert site.soup("404.html").find("meta", property="og:url") is None
