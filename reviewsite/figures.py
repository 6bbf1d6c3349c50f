"""The site's pictures, as values: what each chart shows, computed once from the indexes.

A `Figure` holds a chart's caption, its drawing (made when the page is rendered, with the page's
own links) and its text alternative, a table with the same numbers. Views put figures on pages;
`charts` draws them.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from reviewsite import charts
from reviewsite.charts import Bar, ChartTable, LegendEntry, ProfileRow, Tile, TimelineEvent
from reviewsite.indexes import AreaItems, Indexes, ThemeSummary
from reviewsite.model import Published, Site, Theme

PROFILE_KINDS = charts.KINDS  # concerns, strengths, recommendations: the review's own items
WAVE_LOOKS = ("solid", "dotted", "striped", "plain")
NOUNS = {"concern": ("concern", "concerns"), "strength": ("strength", "strengths"), "recommendation": ("recommendation", "recommendations"),
         "suggestion": ("other suggestion", "other suggestions")}

# Maps and the timeline show every area at once; above this many areas they are left out.
MAX_DRAWN_AREAS = 400


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart on a page: `draw(href)` returns its SVG, `table` its text alternative."""

    caption: str
    draw: Callable[[Callable[[str], str]], Markup]
    table: ChartTable
    note: str = ""  # said under the chart, such as what it leaves out and why


def counts_in_words(items: AreaItems | None, kinds: tuple[str, ...] = ("concern", "strength", "recommendation", "suggestion")) -> str:
    """Return '2 concerns, 1 recommendation' for the review's own items (not follow-ups)."""
    if items is None:
        return ""
    words = []
    for kind in kinds:
        count = items.count(kind)
        if count:
            words.append(f"{count} {NOUNS[kind][0 if count == 1 else 1]}")
    return ", ".join(words)


def _mapped(indexes: Indexes) -> list[AreaItems]:
    """The areas that have a place on the map, in name order (the table's and screen readers' order)."""
    if not draws_overviews(indexes):
        return []
    return [items for items in indexes.ordered if items.area.tile is not None]


def draws_overviews(indexes: Indexes) -> bool:
    """Whether the site is small enough for pictures of every area at once (the maps and the
    timeline): above MAX_DRAWN_AREAS they would be unreadable, and too heavy for one page."""
    return len(indexes.ordered) <= MAX_DRAWN_AREAS


def _tile(items: AreaItems, category: str, note: str) -> Tile:
    tile = items.area.tile
    return Tile(tile.column, tile.row, tile.label, items.area.name, items.url, category, note)


def wave_map(site: Site, indexes: Indexes) -> Figure | None:
    """The home page's map: every mapped area, by the wave of the programme it was reviewed in."""
    mapped = _mapped(indexes)
    if not mapped:
        return None
    waves = site.config.waves
    legend = tuple(LegendEntry(f"wave-{wave.slug}", wave.title + ": " + wave.description.rstrip("."), WAVE_LOOKS[index % len(WAVE_LOOKS)])
                   for index, wave in enumerate(waves))
    titles = {wave.slug: wave.title for wave in waves}
    tiles = tuple(_tile(items, f"wave-{items.area.wave}", f"{titles[items.area.wave]}, {date_words(items.area.published)}") for items in mapped)
    title = "Map of the reviewed areas by wave"
    desc = f"A tile map of England with one square for each of {len(tiles)} reviewed areas, placed roughly where the area is and marked by its wave."
    return Figure(f"Where the {len(tiles)} reviewed areas are, and in which wave of the programme each was reviewed. Each square is an area; select one to open its page.",
                  lambda href: charts.tile_map(tiles, title, desc, href, "wave-map", legend),
                  charts.tile_map_table(tiles, "The reviewed areas by wave", legend),
                  _unmapped_note(indexes, mapped))


def theme_map(summary: ThemeSummary, indexes: Indexes) -> Figure | None:
    """A theme page's map: which areas raised the theme, and whether with a concern."""
    mapped = _mapped(indexes)
    if not mapped:
        return None
    cells = {items.area.slug: cell for items, cell in zip(indexes.ordered, summary.cells, strict=True)}
    tiles = []
    for items in mapped:
        cell = cells[items.area.slug]
        if cell is not None:
            category = "raised-concern" if cell.count("concern") else "raised-other"
            note = counts_in_words(cell) or "follow-up items only"
        elif items.size:
            category, note = "not-raised", "nothing on this theme"
        else:
            category, note = "nothing-recorded", "no findings recorded at all"
        tiles.append(_tile(items, category, note))
    title = f"Map: which areas raised {summary.theme.title}"
    desc = f"A tile map of the {len(tiles)} reviewed areas, each marked by whether its review recorded anything on this theme, and whether a concern."
    return Figure(f"Which areas' reviews recorded something on {summary.theme.title}. Select an area to open its page.",
                  lambda href: charts.tile_map(tuple(tiles), title, desc, href, "theme-map", charts.THEME_STATUS_LEGEND),
                  charts.tile_map_table(tuple(tiles), f"{summary.theme.title} by area", charts.THEME_STATUS_LEGEND),
                  _unmapped_note(indexes, mapped))


def _unmapped_note(indexes: Indexes, mapped: list[AreaItems]) -> str:
    missing = len(indexes.ordered) - len(mapped)
    return f"{missing} {'area has' if missing == 1 else 'areas have'} no place on the map yet; the table lists the areas shown." if missing else ""


def medians(indexes: Indexes) -> dict[tuple[str, str], float]:
    """Return the median count of each kind on each theme across all areas (the review's own
    items; an area with none counts 0)."""
    result = {}
    for summary in indexes.themes:
        cells = summary.cells
        for kind in PROFILE_KINDS:
            counts = [cell.count(kind) if cell is not None else 0 for cell in cells]
            result[(summary.theme.slug, kind)] = statistics.median(counts) if counts else 0
    return result


def profile(items: AreaItems, themes: tuple[Theme, ...], typical: dict[tuple[str, str], float], total: int) -> Figure | None:
    """An area page's profile: per theme, its concerns, strengths and recommendations beside the
    median across all `total` areas. Themes where both are nothing are left out (the note says so)."""
    cells = dict(items.by_theme)
    rows = []
    for theme in themes:
        slug = theme.slug
        cell = cells.get(slug)
        counts = {kind: cell.count(kind) if cell is not None else 0 for kind in PROFILE_KINDS}
        middle = {kind: typical[(slug, kind)] for kind in PROFILE_KINDS}
        if any(counts.values()) or any(middle.values()):
            rows.append(ProfileRow(theme.title, counts, middle))
    if not any(any(row.counts.values()) for row in rows):
        return None
    name = items.area.name
    left_out = len(themes) - len(rows)
    notes = [f"{left_out} {'theme' if left_out == 1 else 'themes'} where {name} and the median area both have nothing {'is' if left_out == 1 else 'are'} left out."] if left_out else []
    if items.area.follow_up is not None:
        notes.append("The follow-up review's findings and recommendations are not counted here.")
    title = f"{name}'s findings and recommendations by theme, beside the median area"
    desc = f"Bars for {name}'s concerns, strengths and recommendations on each theme; a mark shows the median across all {total} areas."
    return Figure(f"{name}'s concerns, strengths and recommendations on each theme, with the median across all {total} areas for comparison.",
                  lambda href: charts.profile_chart(tuple(rows), title, desc, "profile"),
                  charts.profile_table(tuple(rows), f"{name} by theme, with the median area"),
                  " ".join(notes))


def theme_bars(indexes: Indexes) -> Figure | None:
    """The themes index: how many areas raised each theme, most first."""
    if not indexes.themes:
        return None
    ranked = sorted(indexes.themes, key=lambda summary: (-summary.area_count, summary.theme.title.casefold()))
    bars = tuple(Bar(summary.theme.title, summary.url, summary.area_count) for summary in ranked)
    total = len(indexes.ordered)
    title = "How many areas raised each theme"
    desc = f"A bar for each theme, longest first: the number of the {total} areas whose reviews recorded something on it."
    return Figure(f"How many of the {total} areas' reviews recorded something on each theme, most first. Select a theme to open its page.",
                  lambda href: charts.bar_chart(bars, title, desc, href, "theme-bars", "areas"),
                  charts.bar_table(bars, f"Areas with something recorded on each theme (of {total})", "Theme", "areas"))


def timeline(site: Site, indexes: Indexes) -> Figure | None:
    """When the reports and the follow-ups came out: a point for a known date, a bar across the
    range the sources allow for an unconfirmed one. Dates with no range are listed, not drawn."""
    if not draws_overviews(indexes):
        return None
    events = []
    undrawn = []
    for items in indexes.ordered:
        area = items.area
        for kind, published, url in (("review", area.published, items.url),
                                     ("follow-up", area.follow_up.published if area.follow_up else None, items.follow_up_url)):
            if published is None:
                continue
            label = area.name if kind == "review" else f"{area.name} follow-up"
            event = _event(label, url, kind, published)
            if event is None:
                undrawn.append(f"{label} ({date_words(published)})")
            else:
                events.append(event)
    if not events:
        return None
    start = datetime.date(min(event.earliest for event in events).year, 1, 1)
    end = datetime.date(max(event.latest for event in events).year + 1, 1, 1)
    title = "When the reviews and follow-ups were published"
    desc = (f"A time axis from {start.year} to {end.year - 1}: a point for each publication with a known date, "
            "and a bar across the possible dates for each that is not confirmed.")
    note = "Not drawn, because the sources give no range for the date: " + "; ".join(undrawn) + "." if undrawn else ""
    ordered = tuple(events)
    return Figure("When each review's report and each follow-up came out. Dates that are not confirmed are drawn as ranges, not points.",
                  lambda href: charts.timeline(ordered, title, desc, href, "timeline", start, end),
                  charts.timeline_table(ordered, "Publications by date"), note)


def _event(label: str, url: str, kind: str, published: Published) -> TimelineEvent | None:
    if published.date is not None:
        return TimelineEvent(label, url, kind, date=published.date)
    if published.earliest is not None and published.latest is not None:
        return TimelineEvent(label, url, kind, range=(published.earliest, published.latest))
    return None


def date_words(published: Published) -> str:
    """Return how a publication date reads in a sentence: 'published 10 November 2017', or
    'date not confirmed, on or before 19 December 2017' and the like."""
    if published.date is not None:
        return f"published {published.date.day} {published.date:%B %Y}"
    if published.earliest and published.latest:
        return f"date not confirmed, between {published.earliest.day} {published.earliest:%B %Y} and {published.latest.day} {published.latest:%B %Y}"
    if published.latest:
        return f"date not confirmed, on or before {published.latest.day} {published.latest:%B %Y}"
    if published.earliest:
        return f"date not confirmed, on or after {published.earliest.day} {published.earliest:%B %Y}"
    return "date not confirmed"
