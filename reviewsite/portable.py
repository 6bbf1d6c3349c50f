"""A copy of the site that works opened from disk (file://), made from the built files.

The published site links to folders (`../matrix/`) and lets the web server answer with the
folder's index.html. A browser opening files from disk does not: it shows a folder listing. The
portable copy names `index.html` in every link to a page of the site, and is otherwise the same
bytes. Only HTML changes; the published site keeps its clean URLs.

What still needs a web server says so on the page (choosing areas to compare reads the site's
data files, which browsers do not let a page read from disk); the offline-reading worker simply
does not start.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath

INDEX = "index.html"
# Attributes that hold one link to a page. Our templates quote every attribute with double
# quotes, and text never holds a literal `"` (it is escaped), so this finds attributes only.
_LINK_ATTRIBUTE = re.compile(r'(\s(?:href|action|data-target)=")([^"]*)(")')
_ANCHORS_ATTRIBUTE = re.compile(r'(\sdata-anchors=")([^"]*)(")')  # redirect.js: "anchor href anchor href ..."
_REFRESH = re.compile(r'(<meta http-equiv="refresh" content="\d+; url=)([^"]*)(")')
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def portable_files(files: Mapping[PurePosixPath, bytes]) -> dict[PurePosixPath, bytes]:
    """Return the site's files with every link to a folder in its HTML naming index.html."""
    return {path: portable_html(data.decode("utf-8")).encode("utf-8") if path.suffix == ".html" else data for path, data in files.items()}


def portable_html(html: str) -> str:
    """Return a page whose links to folders (`../matrix/`, `./`, `../york/#rec-1`) name their index.html."""
    html = _LINK_ATTRIBUTE.sub(lambda m: m.group(1) + portable_href(m.group(2)) + m.group(3), html)
    html = _REFRESH.sub(lambda m: m.group(1) + portable_href(m.group(2)) + m.group(3), html)
    return _ANCHORS_ATTRIBUTE.sub(lambda m: m.group(1) + " ".join(portable_href(word) for word in m.group(2).split(" ")) + m.group(3), html)


def portable_href(href: str) -> str:
    """Return `href` with index.html added when it is a relative link to a folder; others unchanged."""
    if not href or href.startswith(("#", "/")) or _SCHEME.match(href):
        return href
    cut = min((at for at in (href.find("?"), href.find("#")) if at >= 0), default=len(href))
    path, tail = href[:cut], href[cut:]
    if path in (".", ".."):
        path += "/"
    return (path + INDEX if path.endswith("/") else path) + tail
