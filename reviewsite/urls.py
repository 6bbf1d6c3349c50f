"""Slugs, output paths and #anchors: defined once here, from file names and authored ids only.

Site URLs are written without a leading slash (`areas/york/`); pages link to each other with
relative hrefs so the site works under any base path. Public URLs (the ledger, JSON) carry a
leading slash (`/areas/york/#rec-discharge`).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import PurePosixPath

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 80
HOME_URL = ""
AREAS_URL = "areas/"
MATRIX_URL = "matrix/"
THEMES_URL = "themes/"
DATA_URL = "data/reviews.json"
RESERVED_PAGE_SLUGS = frozenset({"areas", "themes", "matrix", "data", "static", "home", "index"})


def is_slug(text: str) -> bool:
    """Return True if `text` can be a URL segment or anchor: lowercase words joined by hyphens."""
    return len(text) <= MAX_SLUG_LENGTH and SLUG_PATTERN.fullmatch(text) is not None


def area_url(slug: str) -> str:
    return f"areas/{slug}/"


def theme_url(slug: str) -> str:
    return f"themes/{slug}/"


def page_url(slug: str) -> str:
    """Return the URL of a prose page; `home` is the site root."""
    return HOME_URL if slug == "home" else f"{slug}/"


def finding_anchor(item_id: str) -> str:
    return f"finding-{item_id}"


def recommendation_anchor(item_id: str) -> str:
    return f"rec-{item_id}"


def output_path(url: str) -> PurePosixPath:
    """Return the file that serves a site URL: `areas/york/` is `areas/york/index.html`."""
    if url == HOME_URL or url.endswith("/"):
        return PurePosixPath(url, "index.html")
    return PurePosixPath(url)


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


def relative_href(from_path: PurePosixPath, url: str) -> str:
    """Return an href that leads from the page at `from_path` to the site URL `url` (may hold #)."""
    target, _, fragment = url.partition("#")
    if fragment and target == url_of_path(from_path):
        return f"#{fragment}"
    start = from_path.parent.as_posix()
    if target == "":
        href = posixpath.relpath(".", start) + "/"
    elif target.endswith("/"):
        href = posixpath.relpath(target.rstrip("/"), start) + "/"
    else:
        href = posixpath.relpath(target, start)
    return f"{href}#{fragment}" if fragment else href


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
