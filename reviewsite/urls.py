"""Slugs, output paths and #anchors: defined once here, from file names and authored ids only.

Site URLs are written without a leading slash (`areas/york/`); pages link to each other with
relative hrefs so the site works under any base path. Public URLs (the ledger, JSON) carry a
leading slash (`/areas/york/#rec-discharge`). Templates never build a URL: views carry site URLs
made here, and a page's `Linker` turns them into hrefs relative to that page.
"""

from __future__ import annotations

import functools
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 80
HOME_URL = ""
AREAS_URL = "areas/"
MATRIX_URL = "matrix/"
THEMES_URL = "themes/"
ABOUT_URL = "about/"
ACCESSIBILITY_SLUG = "accessibility"  # the prose page that holds the accessibility statement
DATA_URL = "data/reviews.json"
NOT_FOUND_URL = "404.html"
OFFLINE_URL = "offline.html"
SITEMAP_URL = "sitemap.xml"
FEED_URL = "reviews.atom"
ROBOTS_URL = "robots.txt"
ICON_URL = "favicon.svg"
ICO_URL = "favicon.ico"
SERVICE_WORKER_URL = "sw.js"
STYLESHEET_URL = "static/css/site.css"
SCRIPT_URL = "static/js/site.js"
REDIRECT_SCRIPT_URL = "static/js/redirect.js"
SEARCH_URL = "search/"
SEARCH_INDEX_URL = "pagefind/"  # the folder Pagefind's index and library are written to
RESERVED_PAGE_SLUGS = frozenset({"areas", "themes", "matrix", "compare", "data", "static", "home", "index", "search", "pagefind"})


@dataclass(frozen=True, slots=True)
class SiteUrls:
    """The fixed URLs templates link to, by name (templates never spell a URL)."""

    home: str = HOME_URL
    areas: str = AREAS_URL
    matrix: str = MATRIX_URL
    themes: str = THEMES_URL
    about: str = ABOUT_URL
    licence: str = ABOUT_URL + "#licence"
    accessibility: str = ACCESSIBILITY_SLUG + "/"
    data: str = DATA_URL
    stylesheet: str = STYLESHEET_URL
    script: str = SCRIPT_URL
    redirect_script: str = REDIRECT_SCRIPT_URL
    similarity: str = ABOUT_URL + "#similar-areas"
    compare: str = "compare/"
    compare_script: str = "static/js/compare.js"
    compare_data: str = "data/compare.json"
    service_worker: str = SERVICE_WORKER_URL
    feed: str = FEED_URL
    icon: str = ICON_URL
    ico: str = ICO_URL
    data_page: str = "data/"
    cite_script: str = "static/js/cite.js"
    search: str = SEARCH_URL
    search_script: str = "static/js/search.js"


SITE_URLS = SiteUrls()


def is_slug(text: str) -> bool:
    """Return True if `text` can be a URL segment or anchor: lowercase words joined by hyphens."""
    return len(text) <= MAX_SLUG_LENGTH and SLUG_PATTERN.fullmatch(text) is not None


def area_url(slug: str) -> str:
    return f"areas/{slug}/"


def theme_url(slug: str) -> str:
    return f"themes/{slug}/"


COMPARE_URL = "compare/"
COMPARE_DATA_URL = "data/compare.json"


def compare_url(first: str, second: str) -> str:
    """Return the page comparing two areas: `compare/<a>--<b>/`, the slugs in the order given
    (the canonical page has them sorted; the other order forwards to it)."""
    return f"{COMPARE_URL}{first}--{second}/"


def compared_areas(url: str) -> tuple[str, str] | None:
    """Return the two area slugs of a comparison page's URL (site or public), or None."""
    path = url.lstrip("/")
    if not path.startswith(COMPARE_URL) or not path.endswith("/") or path.count("/") != 2:
        return None
    first, dashes, second = path[len(COMPARE_URL):-1].partition("--")
    return (first, second) if dashes and is_slug(first) and is_slug(second) else None


def area_data_url(slug: str) -> str:
    """Return the URL of one area's data as JSON."""
    return f"data/areas/{slug}.json"


DATA_PAGE_URL = "data/"
SCHEMA_URL = "data/reviews.schema.json"
DATAPACKAGE_URL = "data/datapackage.json"
SQLITE_URL = "data/reviews.sqlite"


def table_url(name: str) -> str:
    """Return the URL of one table of the open data as CSV."""
    return f"data/{name}.csv"


def area_sheet_url(slug: str) -> str:
    """Return the URL of one area's findings and recommendations as a CSV sheet."""
    return f"data/areas/{slug}.csv"


def area_citations_url(slug: str) -> str:
    """Return the URL of the citations of an area's page and items, as RIS."""
    return f"data/areas/{slug}.ris"


def area_cite_url(slug: str) -> str:
    """Return the URL of the page that gives a citation for an area's page and each of its items."""
    return f"areas/{slug}/cite/"


def matrix_url(kind: str = "all", order: str = "a-z") -> str:
    """Return the URL of one view of the matrix: `matrix/`, `matrix/concerns/`, `matrix/by-wave/`,
    `matrix/concerns/by-wave/`."""
    segments = ([] if kind == "all" else [kind]) + ([] if order == "a-z" else [order])
    return MATRIX_URL + "".join(f"{segment}/" for segment in segments)


def matrix_area_anchor(area_slug: str) -> str:
    """Return the id of an area's block in the matrix's one-area-at-a-time layout (phones)."""
    return f"by-area-{area_slug}"


def matrix_part_url(initials: str) -> str:
    """Return the URL of the matrix page for areas whose slugs start with `initials`."""
    return f"matrix/areas-{initials}/"


def theme_part_url(theme: str, initials: str) -> str:
    """Return the URL of a theme's page for areas whose slugs start with `initials`."""
    return f"themes/{theme}/areas-{initials}/"


def page_url(slug: str) -> str:
    """Return the URL of a prose page; `home` is the site root."""
    return HOME_URL if slug == "home" else f"{slug}/"


def finding_anchor(item_id: str) -> str:
    return f"finding-{item_id}"


def recommendation_anchor(item_id: str) -> str:
    return f"rec-{item_id}"


def source_anchor(number: int) -> str:
    """Return the id of an area's source in its numbered list of sources."""
    return f"source-{number}"


def theme_area_anchor(area_slug: str) -> str:
    """Return the id of an area's section on a theme page: the area's slug (`#york`)."""
    return area_slug


def legacy_theme_area_anchor(area_slug: str) -> str:
    """Return the id the first release gave an area's section on a theme page, which stays so
    that links made then still land."""
    return f"area-{area_slug}"


@functools.lru_cache(maxsize=1 << 18)  # the preview writes the same files again and again
def output_path(url: str) -> PurePosixPath:
    """Return the file that serves a site URL: `areas/york/` is `areas/york/index.html`."""
    if url == HOME_URL or url.endswith("/"):
        return PurePosixPath(url, "index.html")
    return PurePosixPath(url)


def output_file(url: str) -> str:
    """Return output_path(url) as a string, for the thousands of lookups a no-change build makes."""
    return f"{url}index.html" if url == HOME_URL or url.endswith("/") else url


def url_of_path(path: PurePosixPath) -> str:
    """Return the site URL served by an output file (the inverse of output_path)."""
    text = path.as_posix()
    if path.name == "index.html":
        parent = path.parent.as_posix()
        return HOME_URL if parent == "." else f"{parent}/"
    return text


def public_url(url: str) -> str:
    """Return the form readers and the ledger see: `/areas/york/`."""
    return "/" + url


def full_url(base_url: str, url: str) -> str:
    """Return the address data files and citations give a site URL: absolute when the site's
    address is known (`base_url`), else the public form (/areas/york/)."""
    return base_url + url if base_url else public_url(url)


def site_url(public: str) -> str:
    """Return the site URL (no leading slash) of a public URL."""
    return public[1:] if public.startswith("/") else public


class Linker:
    """Makes hrefs from one page to site URLs, and remembers every site URL it linked to.

    `page_url` is the page's own site URL. On pages a host serves at any address (the 404 page)
    `absolute_base` makes links absolute, when the site's address is known.
    """

    __slots__ = ("page_url", "absolute_base", "linked", "capture", "_up", "_dir", "_cache")

    def __init__(self, page_url: str, absolute_base: str = "") -> None:
        self.page_url = page_url
        self.absolute_base = absolute_base
        self.linked: set[str] = set()
        folder = page_url.rsplit("/", 1)[0] if "/" in page_url else ""
        self._dir = folder.split("/") if folder else []
        self._up = len(self._dir)
        self._cache: dict[str, str] = {}
        self.capture: set[str] | None = None  # while set, every URL linked to is added to it too

    @property
    def place(self) -> tuple[int, str]:
        """Return what relative hrefs to other pages depend on: how deep the page is, and its top folder."""
        return self._up, self._dir[0] if self._dir else ""

    def href(self, url: str) -> str:
        """Return the href leading from this page to the site URL `url` (which may hold #)."""
        if self.capture is not None:
            self.capture.add(url)
        cached = self._cache.get(url)
        if cached is None:
            self.linked.add(url)
            cached = self._cache[url] = self.absolute_base + url if self.absolute_base else _relative(self.page_url, self._dir, self._up, url)
        return cached


def relative_href(from_path: PurePosixPath, url: str) -> str:
    """Return an href that leads from the page at `from_path` to the site URL `url` (may hold #)."""
    page = url_of_path(from_path)
    folder = page.rsplit("/", 1)[0] if "/" in page else ""
    parts = folder.split("/") if folder else []
    return _relative(page, parts, len(parts), url)


def _relative(page_url: str, page_dir: list[str], up: int, url: str) -> str:
    target, hash_, fragment = url.partition("#")
    if fragment and target == page_url:
        return "#" + fragment
    segments = target.rstrip("/").split("/") if target else []
    common = 0
    while common < up and common < len(segments) and segments[common] == page_dir[common]:
        common += 1
    href = "../" * (up - common) + "/".join(segments[common:])
    if target.endswith("/") or not target:
        href = href if href.endswith("/") else (href + "/" if href else "./")
    return href + hash_ + fragment


def resolve_href(from_path: PurePosixPath, href: str) -> str | None:
    """Return the site URL an internal relative href points to, or None if it leaves the site."""
    target, _, fragment = href.partition("#")
    target = target.split("?", 1)[0]
    if target == "":
        url = url_of_path(from_path)
    else:
        joined = posixpath.normpath(posixpath.join(from_path.parent.as_posix(), target))
        if joined == ".." or joined.startswith("../"):
            return None
        url = HOME_URL if joined == "." else joined + ("/" if target.endswith("/") else "")
    return f"{url}#{fragment}" if fragment else url


def slugify(name: str) -> str:
    """Return a slug for a new file from a display name: 'Brighton & Hove' -> 'brighton-and-hove'.

    Used once, when a file is created; a slug is never re-derived from a name afterwards.
    """
    text = unicodedata.normalize("NFKD", name.replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", text))[:MAX_SLUG_LENGTH].strip("-")
