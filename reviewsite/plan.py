"""The page plan: every file the build writes, listed once, computed from the validated site.

Each `Output` says where it goes, how it is made (a template and its view, or a function that
returns the bytes), which ids it defines and which inputs it depends on. Render, write, the
sitemap, the ledger, the link check and the preview all read this list; a new kind of output is
one more entry here.

Dependencies are keys: `site`, `themes`, `redirects`, `area:<slug>`, `page:<slug>`,
`static:<path>` and `template:<name>` name input files, whose digests the build knows. A key
holding `=` (`areas=3f2a...`) is derived data whose digest is part of its name, such as the list
of area names every theme page shows.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from reviewsite.data import render_data
from reviewsite.indexes import AreaItems, Indexes, ThemeSummary
from reviewsite.errors import SourcePos
from reviewsite.markdown import AuthoredLink, Prose
from reviewsite.model import Forward, RedirectPlan, Site
from reviewsite.render import SERVICE_WORKER_SOURCE, TemplateCatalog, render_service_worker, render_sitemap
from reviewsite.urls import (
    AREAS_URL,
    DATA_URL,
    HOME_URL,
    MATRIX_URL,
    NOT_FOUND_URL,
    OFFLINE_URL,
    SERVICE_WORKER_URL,
    SITEMAP_URL,
    THEMES_URL,
    output_path,
    page_url,
    public_url,
)
from reviewsite.views import (
    area_view,
    areas_view,
    home_view,
    matrix_view,
    page_titles,
    prose_page_view,
    redirect_view,
    theme_view,
    themes_view,
)


@dataclass(frozen=True, slots=True)
class Output:
    """One file the build writes.

    `template` names the Jinja template that prints `view()`; without one, `view()` returns the
    file's bytes. `anchors` are the ids the page defines; `cited` are those the URL ledger
    records. `authored_links` and `authored_ids` are what authors wrote that the page shows
    (Markdown links and heading ids, redirect targets), so problems name the author's line.
    """

    url: str
    template: str | None
    view: Callable[[], Any]
    depends_on: frozenset[str]
    anchors: tuple[str, ...] = ()
    public: bool = False
    cited: tuple[str, ...] = ()
    authored_links: tuple[AuthoredLink, ...] = ()
    authored_ids: tuple[tuple[str, SourcePos], ...] = ()
    template_links: tuple[str, ...] = ()  # hrefs written literally in the template
    summary: bool = False  # made from every other output: `view` takes {url: digest of its bytes}
    weight: int = 10  # roughly how long it takes to make, in items shown, to share the work
    absolute_links: bool = False
    section: str = ""

    @property
    def path(self) -> PurePosixPath:
        return output_path(self.url)


@dataclass(frozen=True, slots=True)
class Plan:
    """Every output of one build, in a fixed order."""

    outputs: tuple[Output, ...]
    by_url: dict[str, Output] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_url", {output.url: output for output in self.outputs})

    def public_urls(self) -> frozenset[str]:
        """Return the URLs the ledger records: real pages, data files and cited anchors."""
        urls = set()
        for output in self.outputs:
            if output.public:
                urls.add(public_url(output.url))
                urls.update(public_url(f"{output.url}#{anchor}") for anchor in output.cited)
        return frozenset(urls)


def plan_site(site: Site, indexes: Indexes, catalog: TemplateCatalog, redirects: RedirectPlan | None = None,
              static: Mapping[str, bytes] | None = None, memo: dict | None = None) -> Plan:
    """Return every output of the site.

    `static` maps a site URL to a static file's bytes. Without `redirects`, pages at retired
    URLs are left out: the ledger check, which decides them, reads this plan's public URLs
    first. `memo` keeps pieces of outputs between builds (the per-area JSON).
    """
    fragments = (memo if memo is not None else {}).setdefault("json", {})
    redirects = redirects or RedirectPlan()
    titles = _titles_for_redirects(site, indexes, redirects)
    outputs = [*_home_and_lists(site, indexes), *_area_pages(site, indexes, redirects, titles), *_theme_pages(site, indexes)]
    outputs += _prose_pages(site, indexes, catalog)
    outputs.append(Output(NOT_FOUND_URL, "404.html", dict, frozenset({"site"}), absolute_links=True))
    outputs.append(Output(OFFLINE_URL, "offline.html", dict, frozenset({"site"})))
    for old, retired in sorted(redirects.pages.items()):
        targets = [retired.to or "", *(forward.to or "" for forward in retired.anchors)]
        anchors = tuple(forward.anchor for forward in retired.anchors) + (("redirect-target",) if retired.to else ())
        links = _forward_links(retired.anchors) + ((AuthoredLink(retired.to, public_url(retired.to), retired.origin),) if retired.to else ())
        outputs.append(Output(old, "redirect.html", lambda r=retired: redirect_view(r, titles), frozenset({"site", derived("redirect", retired)}) | _keys_of(targets, site),
                              anchors=anchors, authored_links=links))
    outputs.append(Output(DATA_URL, None, lambda: render_data(site, indexes, fragments).encode("utf-8"), frozenset({"site", "themes", *_area_keys(indexes.ordered)}), public=True,
                          weight=_item_count(indexes.ordered)))
    static = static or {}
    for url, data in sorted(static.items()):
        outputs.append(Output(url, None, lambda data=data: data, frozenset({f"static:{url}"}), weight=1))
    worker = static.get(SERVICE_WORKER_SOURCE)
    if worker is not None:
        outputs.append(Output(SERVICE_WORKER_URL, None, lambda digests: render_service_worker(worker, digests), frozenset(), summary=True))
    if site.config.base_url:
        urls = sorted(o.url for o in outputs if o.public and o.template is not None)
        outputs.append(Output(SITEMAP_URL, None, lambda: render_sitemap(site.config.base_url, urls), frozenset({"site", derived("urls", urls)})))
    return Plan(tuple(_with_templates(output, catalog) for output in outputs))


def _with_templates(output: Output, catalog: TemplateCatalog) -> Output:
    """Add the ids the template always writes, and the template files, to an output."""
    if output.template is None:
        return output
    info = catalog.info(output.template)
    return dataclasses.replace(output, anchors=info.ids + output.anchors, depends_on=output.depends_on | {f"template:{name}" for name in info.files},
                               template_links=info.links)


def derived(name: str, data: object) -> str:
    """Return a dependency key for derived data: its name and a digest of its value's repr."""
    return f"{name}={hashlib.blake2b(repr(data).encode('utf-8'), digest_size=12).hexdigest()}"


def _home_and_lists(site: Site, indexes: Indexes) -> list[Output]:
    listing = derived("areas", [_listing_row(items) for items in indexes.ordered])
    counts = derived("theme-counts", [(s.theme.slug, [(a.area.slug, tuple(len(g.refs) for g in a.groups)) for a in s.by_area]) for s in indexes.themes])
    home = next((page for page in site.pages if page.slug == "home"), None)
    home_keys = frozenset({"site", listing} | ({"page:home"} if home else set()))
    return [
        Output(HOME_URL, "home.html", lambda: home_view(home, indexes), home_keys, anchors=_AREAS_TABLE_IDS + _ids(home.body if home else None), public=True,
               **_authored(home.body if home else None)),
        Output(AREAS_URL, "areas.html", lambda: areas_view(indexes), frozenset({"site", listing}), anchors=_AREAS_TABLE_IDS, public=True, section="areas"),
        Output(MATRIX_URL, "matrix.html", lambda: matrix_view(indexes.ordered, indexes), frozenset({"site", "themes", listing, *_area_keys(indexes.ordered)}), public=True,
               section="matrix", weight=_item_count(indexes.ordered)),
        Output(THEMES_URL, "themes.html", lambda: themes_view(indexes), frozenset({"site", "themes", listing, counts}),
               anchors=tuple(f"group-{group.slug}" for group, _ in indexes.groups), public=True, section="themes"),
    ]


# The ids the areas table writes (it is a macro, so they are not the template's own).
_AREAS_TABLE_IDS = ("areas-caption",)


def _listing_row(items: AreaItems) -> tuple:
    """What pages that list every area show of one area (so a change elsewhere does not touch them)."""
    area = items.area
    follow = area.follow_up.published if area.follow_up else None
    return (area.slug, area.name, area.wave, area.published, area.scope.counts, tuple((g.kind, g.follow_up, len(g.refs)) for g in items.groups),
            follow, tuple(sorted(source.url for source in area.sources)))


def _area_pages(site: Site, indexes: Indexes, redirects: RedirectPlan, titles) -> Iterable[Output]:
    for items in indexes.ordered:
        area = items.area
        url = items.url
        moved = redirects.moved.get(url, ())
        aliases = redirects.aliases.get(url, {})
        anchors = [ref.anchor for group in items.groups for ref in group.refs]
        anchors += [old for olds in aliases.values() for old in olds]
        anchors += [forward.anchor for forward in moved]
        anchors += _area_section_ids(items, bool(moved))
        anchors += _ids(area.summary)
        keys = {"site", "themes", f"area:{area.slug}"}
        if moved or aliases:
            keys.add(derived("redirect", (moved, aliases)))
            keys |= _keys_of([forward.to or "" for forward in moved], site)
        view = (lambda items=items, moved=moved, aliases=aliases: area_view(items, moved, aliases, titles))
        authored = _authored(area.summary)
        authored["authored_links"] += _forward_links(moved)
        yield Output(url, "area.html", view, frozenset(keys), anchors=tuple(anchors), public=True, weight=10 + 2 * _item_count((items,)),
                     cited=tuple(ref.anchor for group in items.groups for ref in group.refs), section="areas", **authored)


def _area_section_ids(items: AreaItems, has_moved: bool) -> list[str]:
    """Return the ids of the area page's sections that only some areas have."""
    ids = []
    if items.area.findings:
        ids += ["concerns", "strengths"]
    if items.count("suggestion"):
        ids.append("other-suggestions")
    if items.area.follow_up is not None:
        ids.append("follow-up")
        ids += [f"follow-up-{group.kind}s" for group in items.follow_up_groups]
    if has_moved:
        ids.append("moved")
    return ids


def _theme_pages(site: Site, indexes: Indexes) -> Iterable[Output]:
    names = derived("area-names", [(items.area.slug, items.area.name) for items in indexes.ordered])
    for summary in indexes.themes:
        yield Output(summary.url, "theme.html", lambda summary=summary: theme_view(summary, indexes),
                     frozenset({"site", "themes", names, *_area_keys(summary.by_area)}), anchors=_theme_ids(summary, indexes), public=True, section="themes",
                     weight=10 + _item_count(summary.by_area))


def _theme_ids(summary: ThemeSummary, indexes: Indexes) -> tuple[str, ...]:
    ids = [f"area-{cell.area.slug}" for cell in summary.by_area]
    if len(summary.by_area) < len(indexes.ordered):
        ids.append("not-recorded")
    return tuple(ids)


def _prose_pages(site: Site, indexes: Indexes, catalog: TemplateCatalog) -> Iterable[Output]:
    listing = derived("waves", [(wave.slug, [(i.area.slug, i.area.name) for i in areas]) for wave, areas in indexes.waves])
    counts = derived("theme-areas", [(s.theme.slug, s.area_count) for s in indexes.themes])
    for page in site.pages:
        if page.slug == "home":
            continue
        keys = {"site", f"page:{page.slug}"}
        if page.slug == "about":
            keys |= {"themes", listing, counts}
        template = f"page-{page.slug}.html" if f"page-{page.slug}.html" in catalog.names else "page.html"
        yield Output(page_url(page.slug), template, lambda page=page: prose_page_view(page, indexes), frozenset(keys),
                     anchors=_ids(page.body) + (("contents-heading",) if page.body.headings else ()), public=True,
                     section=page.slug, **_authored(page.body))


def _ids(prose: Prose | None) -> tuple[str, ...]:
    return tuple(anchor for anchor, _ in prose.ids) if prose else ()


def _authored(prose: Prose | None) -> dict:
    return {"authored_links": prose.links, "authored_ids": prose.ids} if prose else {}


def _forward_links(forwards: Iterable[Forward]) -> tuple[AuthoredLink, ...]:
    """Redirect targets count as links written in redirects.yaml, where problems are reported."""
    return tuple(AuthoredLink(forward.to, public_url(forward.to), forward.origin) for forward in forwards if forward.to)


def _item_count(rows: Iterable[AreaItems]) -> int:
    return sum(len(group.refs) for items in rows for group in items.groups)


def _area_keys(rows: Iterable[AreaItems]) -> list[str]:
    return [f"area:{items.area.slug}" for items in rows]


def _keys_of(urls: Iterable[str], site: Site) -> set[str]:
    """Return the keys of the pages that `urls` lead to, for pages that name them in words."""
    keys = set()
    for url in urls:
        parts = url.split("/")
        if url.startswith("areas/") and len(parts) >= 3:
            keys.add(f"area:{parts[1]}")
        elif url.startswith("themes/"):
            keys.add("themes")
        elif len(parts) == 2 and parts[0]:
            keys.add(f"page:{parts[0]}")
    return keys


def _titles_for_redirects(site: Site, indexes: Indexes, redirects: RedirectPlan):
    urls = [retired.to or "" for retired in redirects.pages.values()]
    urls += [forward.to or "" for retired in redirects.pages.values() for forward in retired.anchors]
    urls += [forward.to or "" for forwards in redirects.moved.values() for forward in forwards]
    return page_titles(site, indexes, urls) if urls else None

