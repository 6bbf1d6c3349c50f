"""The page plan: every file the build writes, listed once, computed from the validated site.

Each `Output` says where it goes, how it is made (a template and its view, or a function that
returns the bytes), which ids it defines and which inputs it depends on. Render, write, the
sitemap, the ledger, the link check and the preview all read this list; a new kind of output is
one more entry here.

Dependencies are keys: `site`, `themes`, `redirects`, `area:<slug>`, `page:<slug>`,
`static:<path>` and `template:<name>` name input files, whose digests the build knows (`site`
also covers the base URL and which prose pages exist, which every page's links depend on);
A key holding `=` (`area-names=3f2a...`) is derived data whose digest is part of its name: pages
that show parts of many areas depend on the digests of those parts (see `indexes.area_facets`).

Pages that would grow with the number of areas are split so that none passes about 1 MB: the
matrix above MAX_MATRIX_COLUMNS areas and a theme page above MAX_THEME_ITEMS items become an
overview at the same URL and parts at `/matrix/areas-<initials>/` and
`/themes/<theme>/areas-<initials>/`, each holding the areas whose slugs start with those letters
(one letter, or more where one letter holds too many). Home and the A to Z list show a compact
list of names above MAX_TABLE_ROWS areas.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from reviewsite.compare import canonical_compare_url, compare_index, compare_page_view, compare_pairs, pair_view
from reviewsite import figures
from reviewsite.feed import feed_of, render_feed
from reviewsite.cite import cite_area, render_ris
from reviewsite.data import render_area_data, render_data, render_schema, source_statement
from reviewsite.figures import medians
from reviewsite.indexes import AreaItems, Indexes, ThemeSummary
from reviewsite.errors import SourcePos
from reviewsite.markdown import AuthoredLink, Prose
from reviewsite.model import Forward, RedirectPlan, RetiredPage, Site
from reviewsite.similar import Neighbour, similar_areas
from reviewsite.icon import render_icon_ico, render_icon_svg
from reviewsite.render import SEARCH_CONTENT_SECURITY_POLICY, SERVICE_WORKER_SOURCE, TemplateCatalog, render_robots, render_service_worker, render_sitemap
from reviewsite.search import search_records, search_view
from reviewsite.search_index import index_records, pagefind_version
from reviewsite.tables import AREA_SHEET, SITE_TABLES, TABLES, TableRows, about_rows, render_csv, render_datapackage, render_sqlite, sheet_rows
from reviewsite.urls import (
    AREAS_URL,
    COMPARE_DATA_URL,
    COMPARE_URL,
    DATA_URL,
    FEED_URL,
    HOME_URL,
    ICO_URL,
    ICON_URL,
    NOT_FOUND_URL,
    OFFLINE_URL,
    ROBOTS_URL,
    SEARCH_INDEX_URL,
    SEARCH_URL,
    SERVICE_WORKER_URL,
    SITEMAP_URL,
    THEMES_URL,
    DATA_PAGE_URL,
    DATAPACKAGE_URL,
    SCHEMA_URL,
    SQLITE_URL,
    area_citations_url,
    area_cite_url,
    area_data_url,
    area_sheet_url,
    full_url,
    compare_url,
    compared_areas,
    matrix_area_anchor,
    matrix_part_url,
    matrix_url,
    output_path,
    page_url,
    public_url,
    legacy_theme_area_anchor,
    source_anchor,
    theme_area_anchor,
    theme_part_url,
    table_url,
)
from reviewsite.matrix import KIND_VIEWS, ORDERS, matrix_view
from reviewsite.views import (
    area_view,
    areas_view,
    home_view,
    Titles,
    page_titles,
    cite_page_view,
    data_page_view,
    prose_page_view,
    redirect_view,
    theme_view,
    themes_view,
    LastChanged,
)


@dataclass(frozen=True, slots=True)
class Output:
    """One file the build writes.

    `template` names the Jinja template that prints `view()`; without one, `view()` returns the
    file's bytes, or for a `bundle` (the search index) every file of the folder at `url`, by path
    within it (`view(cancel)`, see `search_index`; the engine lists them as outputs `part_of` it).
    `anchors` are the ids the page defines; `cited` are those the URL ledger records. `authored_links` and `authored_ids` are what authors wrote that the page shows
    (Markdown links and heading ids, redirect targets), so problems name the author's line.
    """

    url: str
    template: str | None
    view: Callable[[], Any]
    depends_on: frozenset[str]
    anchors: tuple[str, ...] = ()
    public: bool = False  # a page or file of the site, in the sitemap and (see `ledgered`) the ledger
    ledgered: bool = True  # parts of split pages are public but not in the ledger: their bounds move as the site grows
    cited: tuple[str, ...] = ()
    authored_links: tuple[AuthoredLink, ...] = ()
    authored_ids: tuple[tuple[str, SourcePos], ...] = ()
    template_links: tuple[str, ...] = ()  # hrefs written literally in the template
    template_info: object = None  # what the template adds (set once, by _with_templates)
    summary: bool = False  # made from every other output: `view` takes {url: digest of its bytes}
    weight: int = 10  # roughly how long it takes to make, in items shown, to share the work
    absolute_links: bool = False
    section: str = ""
    answers_ledger: bool = False  # a page the plan makes at a published URL that moved (not in the sitemap)
    changed: LastChanged | None = None  # the date the page says its content last changed (see _with_dates)
    bundle: bool = False
    part_of: str = ""  # the URL of the bundle a file comes from
    later: bool = False  # a site-wide file that takes long to make: the preview makes it after the pages

    dependency_keys: tuple[str, ...] = field(init=False, repr=False, compare=False)  # depends_on, sorted

    def __post_init__(self) -> None:
        object.__setattr__(self, "dependency_keys", tuple(sorted(self.depends_on)))

    @property
    def path(self) -> PurePosixPath:
        """Where it is written, from `url` (asked only of the outputs a build writes)."""
        return output_path(self.url)


@dataclass(frozen=True, slots=True)
class Plan:
    """Every output of one build, in a fixed order."""

    outputs: tuple[Output, ...]
    by_url: dict[str, Output] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_url", {output.url: output for output in self.outputs})

    def public_urls(self, memo: dict | None = None) -> frozenset[str]:
        """Return the URLs the ledger records: real pages, data files and cited anchors.

        `memo` keeps each output's URLs between builds, for as long as it is the same object."""
        known = memo if memo is not None else {}
        fresh = {}
        urls: set[str] = set()
        for output in self.outputs:
            kept = known.get(output.url)
            if kept is None or kept[0] is not output:
                kept = (output, _ledger_urls(output))
            fresh[output.url] = kept
            urls.update(kept[1])
        if memo is not None:
            memo.clear()
            memo.update(fresh)
        return frozenset(urls)


def _ledger_urls(output: Output) -> tuple[str, ...]:
    if output.answers_ledger:
        return (public_url(output.url),)
    if output.public and output.ledgered:
        return (public_url(output.url), *(public_url(f"{output.url}#{anchor}") for anchor in output.cited))
    return ()


def plan_site(site: Site, indexes: Indexes, catalog: TemplateCatalog, settle: Callable[[frozenset[str]], RedirectPlan] | None = None,
              static: Mapping[str, bytes] | None = None, memo: dict | None = None, search: list[Output] | None = None) -> Plan:
    """Return every output of the site.

    `settle` is told the public URLs of the site's live pages (see Plan.public_urls) and returns
    the redirect plan that keeps every published URL working (the ledger check); the plan then
    adds pages at retired URLs and forwards on live pages. `static` maps a site URL to a static
    file's bytes. `memo` keeps pieces of outputs between builds (per-area JSON, area pages).
    `search` holds the search outputs when they were made already (see search_outputs).
    """
    memo = memo if memo is not None else {}
    theme_parts = {summary.theme.slug: _theme_parts(summary) for summary in indexes.themes}
    sections = {slug: _section_urls(indexes.themes_by_slug[slug], parts) for slug, parts in theme_parts.items()}
    similar = similar_areas(indexes, memo=memo.setdefault("similar", {}))
    counts = _facets("counts", indexes.ordered, "counts")
    known = memo.get("medians")
    if known is None or known[0] != counts:
        known = memo["medians"] = (counts, medians(indexes))
    typical = (tuple(summary.theme for summary in indexes.themes), known[1], len(indexes.ordered))  # what area pages' profiles show
    dated = (site.config, site.content_date())  # what area pages' citations name: the site, and the date for areas without their own
    outputs = [*_home_and_lists(site, indexes, sections), *_area_pages(indexes, similar, typical, catalog, memo.setdefault("area-pages", {}), dated),
               *_theme_pages(indexes, theme_parts), *_compare_pages(site, indexes, similar, sections, catalog, memo.setdefault("pairs", {})), *_prose_pages(site, indexes, catalog)]
    fragments = memo.setdefault("json", {})
    outputs.append(Output(DATA_URL, None, lambda: render_data(site, indexes, fragments),
                          frozenset({"site", "themes", _facets("areas", indexes.ordered, "all"), derived("content-date", site.content_date())}),
                          public=True, later=True, weight=_item_count(indexes.ordered)))  # reviews.json names the content date
    outputs += search if search is not None else search_outputs(site, indexes, memo.setdefault("search", {}))
    outputs += [Output(area_data_url(items.area.slug), None, lambda area=items.area: render_area_data(area, site, indexes, fragments),
                       frozenset({"site", f"area:{items.area.slug}"}), public=True, ledgered=False, weight=1 + items.size // 4) for items in indexes.ordered]
    # The feed shows what lists of areas show (names, dates, counts), and the site's content date.
    outputs.append(Output(FEED_URL, None, lambda: render_feed(site, feed_of(indexes)),
                          frozenset({"site", _facets("listings", indexes.ordered, "listing"), derived("content-date", site.content_date())}),
                          public=True, weight=len(indexes.ordered)))
    outputs += _open_data(site, indexes, memo.setdefault("tables", {}))
    redirects = settle(Plan(tuple(outputs)).public_urls(memo.setdefault("public", {}))) if settle is not None else RedirectPlan()
    if redirects.pages or redirects.moved or redirects.aliases:
        outputs = _with_redirects(outputs, site, indexes, catalog, redirects, similar, typical, dated)
    outputs.append(Output(NOT_FOUND_URL, "404.html", dict, frozenset({"site"}), absolute_links=True))
    outputs.append(Output(OFFLINE_URL, "offline.html", dict, frozenset({"site"})))
    outputs.append(Output(ROBOTS_URL, None, lambda: render_robots(site.config.base_url), frozenset({"site"})))
    outputs += [Output(ICON_URL, None, render_icon_svg, frozenset()), Output(ICO_URL, None, render_icon_ico, frozenset())]
    static = static or {}
    for url, data in sorted(static.items()):
        outputs.append(Output(url, None, lambda data=data: data, frozenset({f"static:{url}"}), weight=1))
    worker = static.get(SERVICE_WORKER_SOURCE)
    if worker is not None:
        outputs.append(Output(SERVICE_WORKER_URL, None, lambda digests: render_service_worker(worker, digests), frozenset(), summary=True))
    outputs = _with_dates_and_templates(outputs, site, catalog, memo.setdefault("dated", {}))
    if site.config.base_url:
        pages = sorted((o.url, o.changed.date if o.changed else None) for o in outputs if o.public and o.template is not None and not o.answers_ledger)
        outputs.append(Output(SITEMAP_URL, None, lambda: render_sitemap(site.config.base_url, pages), frozenset({"site", derived("urls", pages)})))
    return Plan(tuple(outputs))


def _with_redirects(outputs: list[Output], site: Site, indexes: Indexes, catalog: TemplateCatalog, redirects: RedirectPlan,
                    similar: dict[str, tuple[Neighbour, ...]], typical: tuple, dated: tuple) -> list[Output]:
    """Give live pages their forwards (old anchors), and add a page at each retired URL."""
    titles = _titles_for_redirects(site, indexes, redirects)
    forwarding = set(redirects.moved) | set(redirects.aliases)

    def with_forwards(output: Output) -> Output:
        slug = output.url.split("/")[1]
        return _area_page(indexes.areas[slug], _neighbours(indexes, similar, slug), typical, dated, redirects, titles)

    outputs = [with_forwards(output) if output.url in forwarding and output.template == "area.html" else output for output in outputs]
    for old, retired in sorted(redirects.pages.items()):
        targets = [retired.to or "", *(forward.to or "" for forward in retired.anchors)]
        anchors = tuple(forward.anchor for forward in retired.anchors) + (("redirect-target",) if retired.to else ())
        links = _forward_links(retired.anchors) + ((AuthoredLink(retired.to, public_url(retired.to), retired.origin),) if retired.to else ())
        outputs.append(Output(old, "redirect.html", lambda r=retired: redirect_view(r, titles), frozenset({"site", derived("redirect", retired)}) | _keys_of(targets, site),
                              anchors=anchors, authored_links=links))
    return outputs


def _with_dates_and_templates(outputs: list[Output], site: Site, catalog: TemplateCatalog, memo: dict | None = None) -> list[Output]:
    """Give every page what its template adds (see _with_templates) and, if it does not date
    itself, the site's content date, on which it then depends. Pages at retired URLs show no
    date: they hold nothing but a pointer or a note. (One pass: a large site has many pages.)

    `memo` keeps the result for each output between builds while the output is the same
    object and the date and templates are the same."""
    date = site.content_date()
    changed, key = LastChanged(date, "site"), derived("content-date", date)
    memo = memo if memo is not None else {}
    known = memo.get("outputs", {}) if memo.get("date", ()) == date and memo.get("catalog") is catalog else {}
    fresh = {}
    finished = []
    for output in outputs:
        if output.template is None:
            finished.append(output)
            continue
        kept = known.get(output.url)
        if kept is None or kept[0] is not output:
            changes = _template_changes(output, catalog) if output.template_info is None else {}
            if output.changed is None and output.template != "redirect.html":
                changes |= {"changed": changed, "depends_on": changes.get("depends_on", output.depends_on) | {key}}
            kept = (output, dataclasses.replace(output, **changes) if changes else output)
        fresh[output.url] = kept
        finished.append(kept[1])
    memo.update(date=date, catalog=catalog, outputs=fresh)
    return finished


def _with_templates(output: Output, catalog: TemplateCatalog) -> Output:
    """Add the ids the template always writes, and the template files, to an output."""
    if output.template is None or output.template_info is not None:
        return output
    return dataclasses.replace(output, **_template_changes(output, catalog))


def _template_changes(output: Output, catalog: TemplateCatalog) -> dict:
    info = catalog.info(output.template)
    return {"anchors": info.ids + output.anchors, "depends_on": output.depends_on | {f"template:{name}" for name in info.files},
            "template_links": info.links, "template_info": info}


def derived(name: str, data: object) -> str:
    """Return a dependency key for derived data: its name and a digest of its value's repr."""
    return f"{name}={hashlib.blake2b(repr(data).encode('utf-8'), digest_size=12).hexdigest()}"


MAX_TABLE_ROWS = 400
MAX_MATRIX_COLUMNS = 60
MAX_THEME_ITEMS = 1200


@dataclass(frozen=True, slots=True)
class Part:
    """One page of a split list of areas: those whose slugs start with `first` up to `last`
    (the same initials when the part covers one)."""

    first: str
    last: str
    url: str
    rows: tuple[AreaItems, ...]

    @property
    def label(self) -> str:
        """Return how readers see the part: 'A', or a range like 'Sa–Sh'."""
        return self.first.capitalize() if self.first == self.last else f"{self.first.capitalize()}–{self.last.capitalize()}"


def partition(rows: Sequence[AreaItems], weight: Callable[[AreaItems], int], limit: int, url: Callable[[str], str]) -> tuple[Part, ...]:
    """Split areas (kept in name order) into parts by the initials of their slugs.

    Each first letter has a part of its own; a letter whose areas weigh more than `limit` is
    split by its first two letters (or more where needed), and neighbouring groups are put
    together while they fit, so that parts are few and full: 'Sa–Sh', 'Si–Sy'.
    """
    parts: list[Part] = []

    place = {id(items): index for index, items in enumerate(rows)}

    def add(run: list[tuple[str, list[AreaItems]]]) -> None:
        first, last = run[0][0], run[-1][0]
        members = sorted((items for _, group in run for items in group), key=lambda items: place[id(items)])  # in the order of `rows`
        parts.append(Part(first, last, url(first if first == last else f"{first}-{last}"), tuple(members)))

    def split(group: list[AreaItems], length: int) -> None:
        buckets: dict[str, list[AreaItems]] = {}
        for items in group:
            buckets.setdefault(items.area.slug[:length], []).append(items)
        run: list[tuple[str, list[AreaItems]]] = []
        load = 0
        for initials, members in sorted(buckets.items()):
            heavy = sum(map(weight, members))
            if heavy > limit and len(members) > 1 and any(len(items.area.slug) > length for items in members):
                if run:
                    add(run)
                run, load = [], 0
                split(members, length + 1)
                continue
            if run and load + heavy > limit:
                add(run)
                run, load = [], 0
            run.append((initials, members))
            load += heavy
        if run:
            add(run)

    letters: dict[str, list[AreaItems]] = {}
    for items in rows:
        letters.setdefault(items.area.slug[:1], []).append(items)
    for letter, members in sorted(letters.items()):
        if sum(map(weight, members)) > limit and len(members) > 1:
            split(members, 2)
        else:
            parts.append(Part(letter, letter, url(letter), tuple(members)))
    return tuple(parts)


def _home_and_lists(site: Site, indexes: Indexes, sections: dict[str, dict[str, str]]) -> list[Output]:
    listing = _facets("listings", indexes.ordered, "listing")
    compact = len(indexes.ordered) > MAX_TABLE_ROWS
    table_ids = () if compact else _AREAS_TABLE_IDS
    home = next((page for page in site.pages if page.slug == "home"), None)
    home_keys = frozenset({"site", listing} | ({"page:home"} if home else set()))
    return [
        Output(HOME_URL, "home.html", lambda: home_view(home, site, indexes, compact), home_keys,
               anchors=table_ids + _home_ids(home is not None, indexes) + _ids(home.body if home else None), public=True,
               weight=len(indexes.ordered), **_authored(home.body if home else None)),
        Output(AREAS_URL, "areas.html", lambda: areas_view(indexes, compact), frozenset({"site", listing}), anchors=table_ids, public=True, section="areas",
               weight=len(indexes.ordered)),
        *_matrix_pages(indexes, sections),
        Output(THEMES_URL, "themes.html", lambda: themes_view(indexes), frozenset({"site", "themes", _facets("counts", indexes.ordered, "counts")}),
               anchors=tuple(f"group-{group.slug}" for group, _ in indexes.groups), public=True, section="themes"),
    ]


def _home_ids(has_page: bool, indexes: Indexes) -> tuple[str, ...]:
    """The ids of the home page's sections that only some sites have."""
    ids = []
    if figures.draws_overviews(indexes):
        if any(items.area.tile for items in indexes.ordered):
            ids.append("map-heading")
        if any(_dated(items.area.published) or (items.area.follow_up and _dated(items.area.follow_up.published)) for items in indexes.ordered):
            ids.append("timeline-heading")
    return (*ids, *(("about-the-reviews",) if has_page else ()))


def _dated(published) -> bool:
    return published.date is not None or (published.earliest is not None and published.latest is not None)


# The ids the areas table writes (it is a macro, so they are not the template's own).
_AREAS_TABLE_IDS = ("areas-caption",)


def _matrix_pages(indexes: Indexes, sections: dict[str, dict[str, str]]) -> list[Output]:
    """The matrix in each of its views, or when it has too many areas, an overview and one page
    per group of areas (in its default view only).

    Its cells link to the theme pages' sections, so every page also depends on where they are.
    """
    keys = {"site", "themes", derived("sections", sorted((theme, sorted(urls.items())) for theme, urls in sections.items()))}
    if len(indexes.ordered) <= MAX_MATRIX_COLUMNS:
        facets = {_facets("columns", indexes.ordered, "listing", "counts")}
        anchors = _MATRIX_IDS + tuple(matrix_area_anchor(items.area.slug) for items in indexes.ordered)
        return [Output(matrix_url(kind, order), "matrix.html", lambda kind=kind, order=order: matrix_view(indexes, sections, kind, order), frozenset(keys | facets),
                       public=True, anchors=anchors, section="matrix", weight=_item_count(indexes.ordered))
                for kind in KIND_VIEWS for order in ORDERS]
    parts = partition(indexes.ordered, lambda items: 1, MAX_MATRIX_COLUMNS, matrix_part_url)
    # Every view keeps its address when the matrix is split (they are in the ledger): each leads
    # to the parts, which show the default view.
    listed = frozenset(keys | {_facets("listings", indexes.ordered, "listing")})
    overviews = [Output(matrix_url(kind, order), "matrix.html", lambda kind=kind, order=order: matrix_view(indexes, sections, kind, order, columns=(), parts=parts),
                        listed, public=True, section="matrix", weight=len(indexes.ordered))
                 for kind in KIND_VIEWS for order in ORDERS]
    return [*overviews, *(Output(part.url, "matrix.html", lambda part=part: matrix_view(indexes, sections, columns=part.rows, parts=parts, part=part),
                               frozenset(keys | {_facets("columns", part.rows, "listing", "counts")}),
                               anchors=_MATRIX_IDS + tuple(matrix_area_anchor(items.area.slug) for items in part.rows), public=True, ledgered=False,
                               section="matrix", weight=_item_count(part.rows)) for part in parts)]


# The table's caption: written when the page has a table (not on the overview of a split matrix).
_MATRIX_IDS = ("matrix-caption",)


def _area_pages(indexes: Indexes, similar: dict[str, tuple[Neighbour, ...]], typical: tuple, catalog: TemplateCatalog, memo: dict,
                dated: tuple) -> list[Output]:
    """Every area's page. A page is reused from `memo` while its area, its similar areas, the
    medians its profile shows and the templates are the same as last time (the preview keeps
    them between rebuilds)."""
    pages = []
    fresh = {}
    for items in indexes.ordered:
        known = memo.get(items.area.slug)
        neighbours = _neighbours(indexes, similar, items.area.slug)
        if known is not None and known[0] is items and known[1] is catalog and known[2] == neighbours and known[3] == typical and known[5] == dated:
            page = known[4]
        else:
            page = _with_templates(_area_page(items, neighbours, typical, dated), catalog)
        fresh[items.area.slug] = (items, catalog, neighbours, typical, page, dated)
        pages.append(page)
    memo.clear()
    memo.update(fresh)
    return pages


@dataclass(frozen=True, slots=True)
class SimilarArea:
    """An area as another's page lists it among its similar areas."""

    name: str
    url: str
    compare_url: str
    neighbour: Neighbour


def _neighbours(indexes: Indexes, similar: dict[str, tuple[Neighbour, ...]], slug: str) -> tuple[SimilarArea, ...]:
    return tuple(SimilarArea(indexes.areas[n.slug].area.name, indexes.areas[n.slug].url, canonical_compare_url(slug, n.slug), n)
                 for n in similar.get(slug, ()))


def _area_page(items: AreaItems, neighbours: tuple[SimilarArea, ...], typical: tuple, dated: tuple, redirects: RedirectPlan | None = None,
               titles=None) -> Output:
    area = items.area
    redirects = redirects or RedirectPlan()
    url = items.url
    moved = redirects.moved.get(url, ())
    aliases = redirects.aliases.get(url, {})
    anchors = [ref.anchor for group in items.groups for ref in group.refs]
    anchors += [old for olds in aliases.values() for old in olds]
    anchors += [forward.anchor for forward in moved]
    anchors += _area_section_ids(items, bool(moved))
    anchors += [source_anchor(number) for number in range(1, len(area.sources) + 1)]
    anchors += _ids(area.summary)
    themes, middle, total = typical
    keys = {"site", "themes", f"area:{area.slug}", derived("medians", (total, sorted(middle.items())))} | _dated_key(area, dated[1])
    if neighbours:
        keys.add(derived("similar", neighbours))
    if moved or aliases:
        keys.add(derived("redirect", (moved, aliases)))
        keys |= _keys_of([forward.to or "" for forward in moved], None)
    authored = _authored(area.summary)
    authored["authored_links"] += _forward_links(moved)
    return Output(url, "area.html", lambda: area_view(items, moved, aliases, titles, neighbours, figures.profile(items, themes, middle, total),
                                                      cite_area(items, *dated)[0]), frozenset(keys),
                  anchors=tuple(anchors), public=True, changed=LastChanged(area.updated, "area"),
                  weight=10 + 2 * items.size, cited=tuple(ref.anchor for group in items.groups for ref in group.refs), section="areas", **authored)


def _area_section_ids(items: AreaItems, has_moved: bool) -> list[str]:
    """Return the ids of the area page's sections that only some areas have."""
    area = items.area
    ids = []
    if area.findings:
        ids += ["concerns", "strengths"]
    if area.findings or area.recommendations:
        ids.append("recommendations")
    if area.organisations:
        ids.append("organisations")
    if area.notes:
        ids.append("notes")
    if items.count("suggestion"):
        ids.append("other-suggestions")
    if items.area.follow_up is not None:
        ids.append("follow-up")
        ids += [f"follow-up-{group.kind}s" for group in items.follow_up_groups]
    if has_moved:
        ids.append("moved")
    return ids


def _theme_parts(summary: ThemeSummary) -> tuple[Part, ...] | None:
    """Return the parts a theme's page is split into, or None when one page holds it all."""
    if _item_count(summary.by_area) <= MAX_THEME_ITEMS:
        return None
    return partition(summary.by_area, lambda cell: cell.size, MAX_THEME_ITEMS,
                     lambda initials: theme_part_url(summary.theme.slug, initials))


def _section_urls(summary: ThemeSummary, parts: tuple[Part, ...] | None) -> dict[str, str]:
    """Return the URL of each area's section on the theme's page (or on its part)."""
    if parts is None:
        return {cell.area.slug: f"{summary.url}#{theme_area_anchor(cell.area.slug)}" for cell in summary.by_area}
    return {cell.area.slug: f"{part.url}#{theme_area_anchor(cell.area.slug)}" for part in parts for cell in part.rows}


def _theme_pages(indexes: Indexes, theme_parts: dict[str, tuple[Part, ...] | None]) -> Iterable[Output]:
    """A page per theme, or when one holds too many items, an overview and one page per group of areas."""
    names = derived("area-names", [(items.area.slug, items.area.name) for items in indexes.ordered])
    # A theme's map shows every mapped area's counts, so its page depends on them all.
    counts = _facets("counts", indexes.ordered, "counts")
    mapped = {counts} if any(items.area.tile for items in indexes.ordered) else set()
    for summary in indexes.themes:
        keys = {"site", "themes", names, *mapped}
        missing = len(summary.by_area) < len(indexes.ordered)
        parts = theme_parts[summary.theme.slug]
        if parts is None:
            yield Output(summary.url, "theme.html", lambda summary=summary: theme_view(summary, indexes, summary.by_area),
                         frozenset(keys | {_cells(indexes, summary, summary.by_area)}), anchors=_theme_ids(summary.by_area, missing), public=True,
                         section="themes", weight=10 + _item_count(summary.by_area))
            continue
        yield Output(summary.url, "theme.html", lambda summary=summary, parts=parts: theme_view(summary, indexes, (), parts),
                     frozenset(keys | {counts}), anchors=_theme_ids((), missing), public=True, section="themes",
                     weight=10 + len(indexes.ordered))
        for part in parts:
            yield Output(part.url, "theme.html", lambda summary=summary, parts=parts, part=part: theme_view(summary, indexes, part.rows, parts, part),
                         frozenset(keys | {_cells(indexes, summary, part.rows), derived("parts", [(p.url, p.label, len(p.rows)) for p in parts])}),
                         anchors=_theme_ids(part.rows, False), public=True, ledgered=False,
                         section="themes", weight=10 + _item_count(part.rows))


def _theme_ids(cells: Iterable[AreaItems], missing: bool) -> tuple[str, ...]:
    ids = [anchor for cell in cells for anchor in (theme_area_anchor(cell.area.slug), legacy_theme_area_anchor(cell.area.slug))]
    return (*ids, *(("not-recorded",) if missing else ()))


def _compare_pages(site: Site, indexes: Indexes, similar: dict[str, tuple[Neighbour, ...]], sections: dict[str, dict[str, str]],
                   catalog: TemplateCatalog, memo: dict) -> Iterable[Output]:
    """The compare page, its data, and a page per pair of areas compared (each area with its most
    similar areas, and every pair the ledger holds): at the pair's canonical URL, with a page at
    the reverse order that forwards to it. Above MAX_TABLE_ROWS areas a pair's page holds its
    table of counts, each linked to the theme page's section that lists the items. A pair's
    pages are reused from `memo` while both areas, their sections and the templates are the same."""
    pairs, retired = compare_pairs(indexes, similar, site.ledger, site.redirects, memo.setdefault("ledger-comparisons", {}))
    listing = _facets("listings", indexes.ordered, "listing")
    compact = len(indexes.ordered) > MAX_TABLE_ROWS
    yield Output(COMPARE_URL, "compare.html", lambda: compare_page_view(indexes, similar, compact),
                 frozenset({"site", listing, derived("similar", sorted(similar.items()))}), public=True, section="compare",
                 weight=len(indexes.ordered))
    yield Output(COMPARE_DATA_URL, None, lambda: compare_index(indexes, pairs), frozenset({"site", "themes", listing, derived("pairs", pairs)}), public=True,
                 weight=len(indexes.ordered))
    # Where each area's items on each theme are listed, which compact pages link to.
    placed = {items.area.slug: tuple(by_area.get(items.area.slug) for by_area in sections.values()) for items in indexes.ordered} if compact else {}
    # A reused page is made, when its themes or the site changed, from this build's indexes.
    now = memo.setdefault("now", _PairContext())
    now.indexes, now.sections = indexes, sections if compact else None
    kept, fresh = memo.setdefault("pages", {}), {}
    for first, second in pairs:
        one, other = indexes.areas[first], indexes.areas[second]
        context = (catalog, compact, placed.get(first), placed.get(second))
        known = kept.get((first, second))
        if known is not None and known[0] is one and known[1] is other and known[2] == context:
            made = known[3]
        else:
            made = tuple(_with_templates(output, catalog) for output in _pair_pages(one, other, now, sections if compact else None))
        fresh[(first, second)] = (one, other, context, made)
        yield from made
    memo["pages"] = fresh
    for url, page in sorted(retired.items()):
        titles = Titles({page.to: f"the comparison of {' and '.join(indexes.areas[slug].area.name for slug in compared_areas(page.to))}"} if page.to else {})
        yield Output(url, "redirect.html", lambda page=page, titles=titles: redirect_view(page, titles), frozenset({"site", derived("retired", (page, titles))}),
                     anchors=("redirect-target",) if page.to else (), answers_ledger=True, weight=1)


class _PairContext:
    """What pair pages are made from besides their two areas: the current build's indexes, and
    the theme sections compact pages link to (None for full pages)."""

    indexes: Indexes
    sections: dict[str, dict[str, str]] | None


def _pair_pages(one: AreaItems, other: AreaItems, now: _PairContext, sections: dict[str, dict[str, str]] | None) -> tuple[Output, Output]:
    """A pair's page at its canonical URL, and the page at the reverse order that forwards to it."""
    first, second = one.area.slug, other.area.slug
    url = compare_url(first, second)
    themes = tuple({theme: None for items in (one, other) for theme, _ in items.by_theme})
    keys = {"site", "themes", f"area:{first}", f"area:{second}"}
    compact = sections is not None
    if compact:
        keys.add(derived("sections", [(theme, sections[theme].get(first), sections[theme].get(second)) for theme in themes]))
    dates = (one.area.updated, other.area.updated)
    page = Output(url, "compare-pair.html", lambda: pair_view(one, other, now.indexes, now.sections),
                  frozenset(keys), public=True, section="compare", changed=LastChanged(None if None in dates else max(dates), "pair"),
                  anchors=(("by-theme",) if themes else ()) + (() if compact else themes), weight=10 + one.size + other.size)
    forward = RetiredPage(url, None, (), SourcePos("content"))
    titles = Titles({url: f"the comparison of {one.area.name} and {other.area.name}"})
    return page, Output(compare_url(second, first), "redirect.html", lambda: redirect_view(forward, titles),
                        frozenset({"site", derived("names", (one.area.name, other.area.name))}), anchors=("redirect-target",), weight=1)


def search_outputs(site: Site, indexes: Indexes, memo: dict) -> list[Output]:
    """The search page, and the index it searches: Pagefind's files, made again only when a
    record changes (or the version of Pagefind does). `memo` keeps each area's records."""
    records, digest = search_records(site, indexes, memo)
    index_keys = frozenset({f"search={digest}", derived("pagefind", pagefind_version())})
    version = derived("index", sorted(index_keys)).partition("=")[2]  # the page names the index it searches, for caches
    return [Output(SEARCH_URL, "search.html", lambda: {**search_view(indexes), "index_version": version, "csp": SEARCH_CONTENT_SECURITY_POLICY},
                   frozenset({"site", "themes", _facets("names", indexes.ordered, "listing"), *index_keys}), public=True, section="search",
                   weight=len(indexes.ordered)),
            Output(SEARCH_INDEX_URL, None, lambda cancel=None: index_records(records, cancel), index_keys, bundle=True, weight=len(records))]


def _prose_pages(site: Site, indexes: Indexes, catalog: TemplateCatalog | None) -> Iterable[Output]:
    for page in site.pages:
        if page.slug == "home":
            continue
        keys = {"site", f"page:{page.slug}"}
        if page.slug == "about":
            keys |= {"themes", _facets("about", indexes.ordered, "listing", "counts")}
        template = f"page-{page.slug}.html" if catalog is None or f"page-{page.slug}.html" in catalog.names else "page.html"
        yield Output(page_url(page.slug), template, lambda page=page: prose_page_view(page, indexes), frozenset(keys),
                     anchors=_ids(page.body) + (("contents-heading",) if page.body.headings else ()), public=True,
                     section=page.slug, changed=LastChanged(page.updated, "page") if page.updated else None, **_authored(page.body))


def _ids(prose: Prose | None) -> tuple[str, ...]:
    return tuple(anchor for anchor, _ in prose.ids) if prose else ()


def _authored(prose: Prose | None) -> dict:
    return {"authored_links": prose.links, "authored_ids": prose.ids} if prose else {}


def _forward_links(forwards: Iterable[Forward]) -> tuple[AuthoredLink, ...]:
    """Redirect targets count as links written in redirects.yaml, where problems are reported."""
    return tuple(AuthoredLink(forward.to, public_url(forward.to), forward.origin) for forward in forwards if forward.to)


def _item_count(rows: Iterable[AreaItems]) -> int:
    return sum(items.size for items in rows)


def _area_keys(rows: Iterable[AreaItems]) -> list[str]:
    return [f"area:{items.area.slug}" for items in rows]


def _facets(name: str, rows: Iterable[AreaItems], *facets: str) -> str:
    """Return one derived key for what pages show of many areas (their facets' digests)."""
    return derived(name, "".join(items.facets[facet] for items in rows for facet in facets))


def _cells(indexes: Indexes, summary: ThemeSummary, cells: Iterable[AreaItems]) -> str:
    """Return one derived key for areas' items on one theme, as its pages list them."""
    facet = f"cell-{summary.theme.slug}"
    return derived("cells", "".join(indexes.areas[cell.area.slug].facets[facet] for cell in cells))


def _keys_of(urls: Iterable[str], site: Site | None) -> set[str]:
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



def _dated_key(area, content_date) -> set[str]:
    """Return the key of the site's content date for outputs that cite an area without its own date."""
    return {derived("content-date", content_date)} if area.updated is None else set()


def _open_data(site: Site, indexes: Indexes, memo: dict) -> list[Output]:
    """The open data besides reviews.json: its schema, a CSV file per table, the Data Package that
    describes them, the same tables as SQLite, and per area a CSV sheet of its items, its
    citations as RIS and a page of citations; and the /data/ page that documents them."""
    content_date = site.content_date()
    dated = derived("content-date", content_date)
    every_area = _facets("areas", indexes.ordered, "all")
    rows = functools.cache(lambda: TableRows(site, indexes, memo))  # made once, by the first output that needs them
    weight = _item_count(indexes.ordered)
    example = (indexes.ordered[0].area.slug, indexes.ordered[0].area.name) if indexes.ordered else None  # the area whose files the page links to
    outputs = [Output(DATA_PAGE_URL, "data.html", lambda: data_page_view(site, indexes), frozenset({"site", dated, derived("example", example)}),
                      public=True, section="data",
                      anchors=tuple(f"table-{table.name}" for table in TABLES) + ("table-area-items",)),
               Output(SCHEMA_URL, None, lambda: render_schema(site), frozenset({"site"}), public=True),
               Output(DATAPACKAGE_URL, None, lambda: render_datapackage(site, content_date), frozenset({"site", dated}), public=True)]
    for table in TABLES:
        keys = {"site", "themes"} if table.name in SITE_TABLES else {"site", every_area}
        outputs.append(Output(table_url(table.name), None, lambda table=table: render_csv(table, rows().rows(table.name)), frozenset(keys), public=True,
                              later=table.name not in SITE_TABLES, weight=1 if table.name in SITE_TABLES else weight // 4))
    outputs.append(Output(SQLITE_URL, None, lambda: render_sqlite(rows(), about_rows(site, source_statement(site), content_date)),
                          frozenset({"site", "themes", every_area, dated}), public=True, later=True, weight=weight))
    link = functools.partial(full_url, site.config.base_url)
    for items in indexes.ordered:
        slug = items.area.slug
        keys = frozenset({"site", f"area:{slug}"} | _dated_key(items.area, content_date))
        outputs += [
            Output(area_sheet_url(slug), None, lambda items=items: render_csv(AREA_SHEET, sheet_rows(items, site, link), excel=True),
                   frozenset({"site", "themes", f"area:{slug}"}), public=True, ledgered=False, weight=1 + items.size // 4),
            Output(area_citations_url(slug), None, lambda items=items: render_ris(cite_area(items, site.config, content_date), site.config), keys,
                   public=True, ledgered=False, weight=1 + items.size // 4),
            Output(area_cite_url(slug), "cite.html", lambda items=items: cite_page_view(items, cite_area(items, site.config, content_date)), keys,
                   anchors=tuple(ref.anchor for group in items.groups for ref in group.refs), public=True, ledgered=False, section="areas",
                   weight=2 + items.size),
        ]
    return outputs

