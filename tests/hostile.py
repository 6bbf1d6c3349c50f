"""Helpers for hostile-input tests: what 'no live markup' means for a built page."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from reviewsite.markdown import link_scheme

ACTIVE_TAGS = {"iframe", "object", "embed", "img", "svg", "math", "form", "style", "base", "frame", "frameset", "video", "audio", "applet", "meta-refresh"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
SAFE_SCHEMES = {None, "http", "https", "mailto"}
OUR_SCRIPTS = ("static/js/redirect.js", "static/js/site.js", "static/js/compare.js", "static/js/search.js")

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "<iframe src=javascript:alert(3)></iframe>",
    "</title><script>alert(4)</script>",
    "<svg onload=alert(5)>",
    "{{ 7*7 }} {% raw %}",
    "javascript:alert(6)",
    "&lt;b&gt;&#60;script&#62;",
]


def live_markup_problems(html: str) -> list[str]:
    """Return every piece of markup in `html` that an author could have smuggled in."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for tag in soup.find_all(True):
        if tag.name in ACTIVE_TAGS and not _written_by_templates(tag):
            problems.append(f"<{tag.name}> element")
        if tag.name == "script" and (tag.string or not str(tag.get("src", "")).endswith(OUR_SCRIPTS)):
            problems.append(f"script {tag.get('src')!r}")
        for name, value in tag.attrs.items():
            if name.startswith("on"):
                problems.append(f"event handler {name} on <{tag.name}>")
            if name in URL_ATTRIBUTES and link_scheme(str(value)) not in SAFE_SCHEMES:
                problems.append(f"{name}={value!r} on <{tag.name}>")
    return problems


def _written_by_templates(tag) -> bool:
    """The active elements the templates write themselves: the compare and search pages' forms, the
    search box in every page's header, and charts (an <svg> with the chart class, and the shapes inside one)."""
    if tag.name == "form":
        return tag.get("id") in ("compare-form", "search-form") or "site-search" in tag.get("class", [])
    if tag.name == "svg":
        return "chart" in tag.get("class", [])
    return False


def site_problems(out_dir: Path) -> list[str]:
    found = []
    for page in sorted(out_dir.rglob("*.html")):
        found += [f"{page.relative_to(out_dir)}: {problem}" for problem in live_markup_problems(page.read_text(encoding="utf-8"))]
    return found
