"""Pictures drawn at build time as inline SVG: a tile map, an area's profile, bars and a timeline.

Each chart is a pure function of frozen values that returns one `<svg>` as Markup, and has a
companion returning the same numbers as a `ChartTable`, the text alternative a template prints
next to it. Output is deterministic (numbers carry at most one decimal, ids come from the caller's
`id_prefix`), every piece of text is escaped, and links are made by the caller's `href` (a page's
`Linker.href`), so the link check sees them. Colours come from classes styled in site.css (its chart section);
textures, shapes and words carry the same information for readers who cannot tell the colours apart.

A chart without links has `role="img"`. A chart whose marks are links has
`role="graphics-document"` instead: the img role makes its children presentational, so links
inside it would be focusable but hidden from screen readers (axe's `nested-interactive`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup
from markupsafe import escape as markup_escape

Href = Callable[[str], str]

KINDS = ("concern", "strength", "recommendation")
KIND_HEADINGS = {"concern": "Concerns", "strength": "Strengths", "recommendation": "Recommendations"}
EVENT_KINDS = {"review": "Review", "follow-up": "Follow-up"}
LOOKS = ("solid", "dotted", "striped", "plain", "hatched")

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TEXTURES = {"dotted": "dots", "striped": "stripes", "hatched": "hatch"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")

_FONT = 13  # text size in viewBox units; charts are drawn about as wide as a phone is, so 1 unit is about 1 px
_EVENT_FONT = 12  # timeline labels, a little smaller so more share a lane
_LINE = 16
_WIDTH = 400
_PAD = 4

_SPECIAL = re.compile(r"[&<>\"']")


def escape(text: str) -> str:
    """Return `text` escaped for HTML. Most of a chart's text is numbers and class names, which
    are returned as they are without the cost of markupsafe's wrapping."""
    return str(markup_escape(text)) if _SPECIAL.search(text) else text


# --- Values -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a text alternative: `url` (a site URL) makes it a link; `value` is its
    machine-readable form (a number, an ISO date or an ISO interval), equal to the chart's."""

    text: str
    url: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class ChartTable:
    """A chart's text alternative: a caption, column headings, and rows whose first cell heads the row."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One entry of a tile map's key: tiles of `category` are drawn with `look` and mean `words`.

    Looks are told apart by texture and outline as well as colour: `solid` (filled), `dotted`,
    `striped`, `plain` (outlined) and `hatched` (diagonal lines and a dashed outline, for "nothing
    recorded").
    """

    category: str
    words: str
    look: str

    def __post_init__(self) -> None:
        if not _SLUG.fullmatch(self.category):
            raise ValueError(f"category {self.category!r} must be a slug")
        if self.look not in LOOKS:
            raise ValueError(f"look {self.look!r} must be one of {', '.join(LOOKS)}")


THEME_STATUS_LEGEND = (
    LegendEntry("raised-concern", "Raised, with at least one concern", "solid"),
    LegendEntry("raised-other", "Raised, as strengths or recommendations only", "dotted"),
    LegendEntry("not-raised", "Not raised (the area has findings on other themes)", "plain"),
    LegendEntry("nothing-recorded", "Nothing recorded for this area on any theme", "hatched"),
)


@dataclass(frozen=True, slots=True)
class Tile:
    """One area on a tile map, at a 0-based grid place authored in content.

    `note` adds to the name in the tile's tooltip, accessible name and table row
    ("2 concerns, 1 recommendation"); it should not repeat the name.
    """

    column: int
    row: int
    label: str
    name: str
    url: str
    category: str
    note: str = ""

    def __post_init__(self) -> None:
        if self.column < 0 or self.row < 0:
            raise ValueError(f"tile {self.name!r} has a negative grid place")
        if not 1 <= len(self.label) <= 4:
            raise ValueError(f"tile label {self.label!r} must have 1 to 4 characters")


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """One theme of an area's profile: the area's count and all areas' median for each kind (a
    kind left out counts 0)."""

    theme: str
    counts: Mapping[str, int]
    medians: Mapping[str, float]

    def __post_init__(self) -> None:
        unknown = (set(self.counts) | set(self.medians)) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds {sorted(unknown)} for theme {self.theme!r}")
        if any(value < 0 for value in (*self.counts.values(), *self.medians.values())):
            raise ValueError(f"theme {self.theme!r} has a negative count or median")


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label links to `url` (a site URL)."""

    label: str
    url: str
    value: float

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError(f"bar {self.label!r} has a negative value")


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A publication: on a known `date`, or, when the date is not confirmed, somewhere in `range`
    (earliest, latest), which is drawn as a bar and never as a point."""

    label: str
    url: str
    kind: str
    date: datetime.date | None = None
    range: tuple[datetime.date, datetime.date] | None = None

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"event kind {self.kind!r} must be one of {', '.join(EVENT_KINDS)}")
        if (self.date is None) == (self.range is None):
            raise ValueError(f"event {self.label!r} needs either a date or a range, not both")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError(f"event {self.label!r} has a range that ends before it starts")

    @property
    def earliest(self) -> datetime.date:
        """Return the date, or the first day it can be."""
        return self.date if self.date is not None else self.range[0]

    @property
    def latest(self) -> datetime.date:
        """Return the date, or the last day it can be."""
        return self.date if self.date is not None else self.range[1]


# --- Tile map ---------------------------------------------------------------------------------

_PITCH = 48
_TILE = 44
_SWATCH = 20


def tile_map(tiles: Sequence[Tile], title: str, desc: str, href: Href, id_prefix: str,
             legend: Sequence[LegendEntry]) -> Markup:
    """Return a tile map: one linked square per area at its grid place, styled by its category,
    with the key below it."""
    looks = _looks_of(tiles, legend)
    _check_places(tiles)
    columns = max((tile.column for tile in tiles), default=-1) + 1
    grid_height = (max((tile.row for tile in tiles), default=-1) + 1) * _PITCH
    width = max(columns * _PITCH, 288)
    textures = sorted({_TEXTURES[entry.look] for entry in legend if entry.look in _TEXTURES})
    parts = [_patterns(id_prefix, textures)]
    parts += [_tile(tile, looks[tile.category], href, id_prefix) for tile in tiles]
    key, key_height = _tile_key(legend, id_prefix, grid_height + 12, width)
    parts.append(key)
    return _svg("tile-map", id_prefix, "graphics-document", width, grid_height + 12 + key_height, title, desc, parts)


def tile_map_table(tiles: Sequence[Tile], title: str, legend: Sequence[LegendEntry]) -> ChartTable:
    """Return the tile map's text alternative: each area (linked), what its tile means and its note."""
    words = {entry.category: entry.words for entry in legend}
    rows = tuple((Cell(tile.name, url=tile.url), Cell(words[tile.category], value=tile.category), Cell(tile.note))
                 for tile in tiles)
    return ChartTable(title, ("Area", "Key", "Details"), rows)


def _looks_of(tiles: Sequence[Tile], legend: Sequence[LegendEntry]) -> dict[str, str]:
    looks = {entry.category: entry.look for entry in legend}
    for tile in tiles:
        if tile.category not in looks:
            raise ValueError(f"tile {tile.name!r} has category {tile.category!r}, which the legend does not explain")
    return looks


def _check_places(tiles: Sequence[Tile]) -> None:
    taken: dict[tuple[int, int], str] = {}
    for tile in tiles:
        place = (tile.column, tile.row)
        if place in taken:
            raise ValueError(f"tiles {taken[place]!r} and {tile.name!r} share column {tile.column}, row {tile.row}")
        taken[place] = tile.name


def _tile(tile: Tile, look: str, href: Href, prefix: str) -> str:
    x, y = tile.column * _PITCH + 2, tile.row * _PITCH + 2
    body = _swatch(x, y, _TILE, look, prefix) + _text(x + _TILE / 2, y + _TILE / 2 + 4.5, tile.label, "tile-label", "middle")
    name = f"{tile.name}: {tile.note}" if tile.note else tile.name
    return _link(href(tile.url), name, body, {"class": f"tile tile--{look}", "data-category": tile.category})


def _swatch(x: float, y: float, size: float, look: str, prefix: str) -> str:
    """Return a tile's shape, with its texture laid over the fill when its look has one."""
    box = {"x": _num(x), "y": _num(y), "width": _num(size), "height": _num(size)}
    shape = _tag("rect", {"class": "tile-shape", **box, "rx": "4"})
    if look not in _TEXTURES:
        return shape
    return shape + _tag("rect", {"class": "tile-texture", **box, "rx": "4", "fill": f"url(#{prefix}-{_TEXTURES[look]})"})


def _tile_key(legend: Sequence[LegendEntry], prefix: str, top: float, width: float) -> tuple[str, float]:
    """Return the key (a swatch and its words per entry, one entry a line) and its height."""
    parts, y = [], top
    for entry in legend:
        lines = _wrap(entry.words, width - _SWATCH - 12, _FONT)
        swatch = _swatch(2, y + 2, _SWATCH, entry.look, prefix)
        words = _lines(_SWATCH + 10, y + 16, lines, "key-words")
        parts.append(f'<g class="key-entry tile--{entry.look}" data-category="{escape(entry.category)}">{swatch}{words}</g>')
        y += max(_SWATCH + 8, len(lines) * _LINE + 8)
    return f'<g class="key">{"".join(parts)}</g>', y - top


# --- Profile ----------------------------------------------------------------------------------

_BAR = 11


def profile_chart(rows: Sequence[ProfileRow], title: str, desc: str, id_prefix: str) -> Markup:
    """Return an area's profile: per theme, a bar for its count of each kind beside a marker for
    the median across all areas (none where the median is 0), with the counts as text."""
    column = (_WIDTH - 2 * _PAD) / len(KINDS)
    scale = (column - 34) / max([1.0] + [_value(row.counts, k) for row in rows for k in KINDS]
                                + [_value(row.medians, k) for row in rows for k in KINDS])
    parts = [_profile_patterns(id_prefix), _profile_heading(column)]
    y, baselines = 22.0, []
    for row in rows:
        part, y = _profile_row(row, y, column, scale, id_prefix)
        parts.append(part)
        baselines += [f"M{_num(_PAD + i * column)} {_num(y - _BAR - 16)}v{_BAR + 4}" for i in range(len(KINDS))]
    parts.insert(2, _tag("path", {"class": "baseline", "d": "".join(baselines)}) if rows else "")
    key, height = _profile_key(y, id_prefix)
    parts.append(key)
    return _svg("profile", id_prefix, "img", _WIDTH, y + height, title, desc, parts)


def profile_table(rows: Sequence[ProfileRow], title: str) -> ChartTable:
    """Return the profile's text alternative: per theme, each kind's count and all areas' median."""
    columns = ("Theme",) + tuple(heading for kind in KINDS for heading in (KIND_HEADINGS[kind], f"Median {KIND_HEADINGS[kind].lower()}"))
    cells = tuple((Cell(row.theme),) + tuple(_number_cell(_value(source, kind)) for kind in KINDS for source in (row.counts, row.medians))
                  for row in rows)
    return ChartTable(title, columns, cells)


def _profile_heading(column: float) -> str:
    return "".join(_text(_PAD + i * column, 14, KIND_HEADINGS[kind], f"column-heading kind--{kind}") for i, kind in enumerate(KINDS))


def _profile_row(row: ProfileRow, top: float, column: float, scale: float, prefix: str) -> tuple[str, float]:
    """Return one theme's label and bars, and where the next theme starts."""
    lines = _wrap(row.theme, _WIDTH - 2 * _PAD, _FONT)
    label = _lines(_PAD, top + 12, lines, "row-label")
    bar_top = top + len(lines) * _LINE + 6
    cells = "".join(_profile_cell(row, kind, _PAD + i * column, bar_top, scale, prefix) for i, kind in enumerate(KINDS))
    return f'<g class="profile-row" data-theme="{escape(row.theme)}">{label}{cells}</g>', bar_top + _BAR + 14


def _profile_cell(row: ProfileRow, kind: str, x: float, y: float, scale: float, prefix: str) -> str:
    count, median = _value(row.counts, kind), _value(row.medians, kind)
    end, mark = x + count * scale, x + median * scale
    parts = [_kind_bar(kind, x, y, end - x, prefix)] if count else []
    if median:
        parts.append(_median_mark(mark, y))
    shown, typical = _num(count), _num(median)
    parts.append(_text(max(end, mark + 3 if median else x) + 4, y + _BAR - 1, shown, "value"))
    # Written out rather than through _attrs: an area page has dozens of these (kind is a slug).
    return (f'<g data-kind="{kind}" data-count="{shown}" data-median="{typical}">'
            f"<title>{KIND_HEADINGS[kind]}: {shown} (median across areas {typical})</title>{''.join(parts)}</g>")


def _kind_bar(kind: str, x: float, y: float, width: float, prefix: str) -> str:
    """Return a bar for one kind: concerns solid, strengths and recommendations filled with their
    pattern, which carries its own tint."""
    fill = "" if kind == "concern" else f' fill="url(#{prefix}-{kind})"'  # prefix is an id (see _svg), kind a slug
    return f'<rect class="bar bar--{kind}" x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" height="{_BAR}"{fill}/>'


def _median_mark(x: float, y: float) -> str:
    """Return a median marker: a line across the bar under a small downward triangle; the halo
    keeps it visible over a filled bar."""
    d = f"M{_num(x)} {_num(y - 1)}V{_num(y + _BAR + 3)}M{_num(x - 4)} {_num(y - 6)}h8l-4 5z"
    return f'<path class="median-halo" d="{d}"/><path class="median" d="{d}"/>'


def _profile_patterns(prefix: str) -> str:
    hatch = (f'<pattern id="{prefix}-strength" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
             '<rect class="texture-ground kind--strength" width="4" height="4"/>'
             '<line class="texture-line kind--strength" x1="0" y1="0" x2="0" y2="4"/></pattern>')
    dots = (f'<pattern id="{prefix}-recommendation" width="4" height="4" patternUnits="userSpaceOnUse">'
            '<rect class="texture-ground kind--recommendation" width="4" height="4"/>'
            '<circle class="texture-dot kind--recommendation" cx="2" cy="2" r="1"/></pattern>')
    return f"<defs>{hatch}{dots}</defs>"


def _profile_key(top: float, prefix: str) -> tuple[str, float]:
    """Return the key: a bar of each kind for the area's counts, and the median marker."""
    swatches = "".join(_kind_bar(kind, _PAD + i * 12, top + 6, 9, prefix) for i, kind in enumerate(KINDS))
    first = swatches + _text(_PAD + 40, top + 16, "this area's count", "key-words")
    second = _median_mark(_PAD + 166, top + 6) + _text(_PAD + 176, top + 16, "median across all areas, if not 0", "key-words")
    return f'<g class="key">{first}{second}</g>', 26


# --- Bars -------------------------------------------------------------------------------------


def bar_chart(bars: Sequence[Bar], title: str, desc: str, href: Href, id_prefix: str, unit: str) -> Markup:
    """Return horizontal bars in the order given, each under its linked label with its value as
    text; `unit` says what the values count and heads them."""
    scale = (_WIDTH - 2 * _PAD - 40) / max([1.0] + [bar.value for bar in bars])
    parts = [_text(_PAD, 14, unit, "column-heading")]
    y = 26.0
    for bar in bars:
        part, y = _bar_row(bar, y, scale, href, unit)
        parts.append(part)
    return _svg("bars", id_prefix, "graphics-document", _WIDTH, y, title, desc, parts)


def bar_table(bars: Sequence[Bar], title: str, label_heading: str, unit: str) -> ChartTable:
    """Return the bar chart's text alternative: each label (linked, under `label_heading`) and its value."""
    rows = tuple((Cell(bar.label, url=bar.url), _number_cell(bar.value)) for bar in bars)
    return ChartTable(title, (label_heading, unit), rows)


def _bar_row(bar: Bar, top: float, scale: float, href: Href, unit: str) -> tuple[str, float]:
    lines = _wrap(bar.label, _WIDTH - 2 * _PAD, _FONT)
    label = _lines(_PAD, top + 12, lines, "bar-label")
    y = top + len(lines) * _LINE + 1
    width = bar.value * scale
    shape = _tag("rect", {"class": "bar bar--value", "x": str(_PAD), "y": _num(y), "width": _num(width), "height": "12"})
    value = _text(_PAD + width + 5, y + 10.5, _num(bar.value), "value")
    link = _link(href(bar.url), f"{bar.label} ({unit}: {_num(bar.value)})", label + shape + value,
                 {"class": "bar-link", "data-value": _num(bar.value)})
    return link, y + 12 + 10


# --- Timeline ---------------------------------------------------------------------------------

_LANE = 22
_AXIS = 30
_MARK = 5


def timeline(events: Sequence[TimelineEvent], title: str, desc: str, href: Href, id_prefix: str,
             start: datetime.date, end: datetime.date) -> Markup:
    """Return a time axis with year ticks from `start` to `end` and each event on it, linked and
    labelled: a known date as a point (a circle for a review, a diamond for a follow-up), an
    unconfirmed one as a bar across its range. Events share lanes where their labels do not
    collide, so none overlaps another."""
    if start >= end:
        raise ValueError("the timeline must start before it ends")
    for event in events:
        if event.earliest < start or event.latest > end:
            raise ValueError(f"event {event.label!r} falls outside {start.isoformat()} to {end.isoformat()}")
    scale = (_WIDTH - 2 * _PAD) / (end - start).days
    placed = _place_events(events, start, scale)
    lanes = max((lane for lane, _, _ in placed), default=-1) + 1
    bottom = _AXIS + lanes * _LANE + 4
    parts = [_axis(start, end, scale, bottom)]
    parts += [_event(event, lane, label_x, start, scale, href) for lane, label_x, event in placed]
    key, height = _timeline_key(bottom + 10)
    parts.append(key)
    return _svg("timeline", id_prefix, "graphics-document", _WIDTH, bottom + 10 + height, title, desc, parts)


def timeline_table(events: Sequence[TimelineEvent], title: str) -> ChartTable:
    """Return the timeline's text alternative: each event (linked) in date order, its kind and date."""
    rows = tuple((Cell(event.label, url=event.url), Cell(EVENT_KINDS[event.kind]), _date_cell(event))
                 for event in _by_date(events))
    return ChartTable(title, ("Publication", "Kind", "Date"), rows)


def _by_date(events: Iterable[TimelineEvent]) -> list[TimelineEvent]:
    return sorted(events, key=lambda event: (event.earliest, event.latest, event.label))


def _date_cell(event: TimelineEvent) -> Cell:
    if event.date is not None:
        return Cell(_day(event.date), value=event.date.isoformat())
    earliest, latest = event.range
    text = f"Not confirmed: between {_day(earliest)} and {_day(latest)}"
    return Cell(text, value=f"{earliest.isoformat()}/{latest.isoformat()}")


def _place_events(events: Sequence[TimelineEvent], start: datetime.date, scale: float) -> list[tuple[int, float, TimelineEvent]]:
    """Return (lane, label x, event) for each event: its label goes right of its mark where it fits,
    else left, and it takes the first lane where nothing drawn before it reaches its left edge."""
    lane_ends: list[float] = []
    placed = []
    for event in _by_date(events):
        x0, x1 = _x(event.earliest, start, scale) - _MARK, _x(event.latest, start, scale) + _MARK
        width = _text_width(event.label, _EVENT_FONT)
        label_x = x1 + 4 if x1 + 4 + width <= _WIDTH - _PAD else x0 - 4
        left, right = (x0, label_x + width) if label_x > x0 else (label_x - width, x1)
        lane = next((i for i, lane_end in enumerate(lane_ends) if lane_end + 8 <= left), len(lane_ends))
        lane_ends[lane:lane + 1] = [right]
        placed.append((lane, label_x, event))
    return placed


def _axis(start: datetime.date, end: datetime.date, scale: float, bottom: float) -> str:
    """Return the axis: a line with a tick each month, a rule across the lanes at each new year, and
    each year's number centred over its part of the axis."""
    parts = [_tag("line", {"class": "axis", "x1": str(_PAD), "y1": str(_AXIS - 8), "x2": _num(_WIDTH - _PAD), "y2": str(_AXIS - 8)})]
    month = datetime.date(start.year, start.month, 1)
    while month <= end:
        x = _x(max(month, start), start, scale)
        if month.month == 1 or month == datetime.date(start.year, start.month, 1):
            parts.append(_tag("line", {"class": "year-rule", "x1": _num(x), "y1": str(_AXIS - 8), "x2": _num(x), "y2": _num(bottom)}))
        else:
            parts.append(_tag("line", {"class": "tick", "x1": _num(x), "y1": str(_AXIS - 8), "x2": _num(x), "y2": str(_AXIS - 4)}))
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for year in range(start.year, end.year + 1):
        first, last = max(start, datetime.date(year, 1, 1)), min(end, datetime.date(year, 12, 31))
        middle = (_x(first, start, scale) + _x(last, start, scale)) / 2
        if _x(last, start, scale) - _x(first, start, scale) >= _text_width(str(year), _FONT) + 4:
            parts.append(_text(middle, 14, str(year), "year", "middle"))
    parts.append(_tag("line", {"class": "year-rule", "x1": _num(_WIDTH - _PAD), "y1": str(_AXIS - 8), "x2": _num(_WIDTH - _PAD), "y2": _num(bottom)}))
    return f'<g class="time-axis">{"".join(parts)}</g>'


def _event(event: TimelineEvent, lane: int, label_x: float, start: datetime.date, scale: float, href: Href) -> str:
    y = _AXIS + lane * _LANE + _LANE / 2
    x0, x1 = _x(event.earliest, start, scale), _x(event.latest, start, scale)
    if event.date is not None:
        mark = _point(event.kind, x0, y)
        attrs = {"data-date": event.date.isoformat()}
        name = f"{event.label}: {EVENT_KINDS[event.kind].lower()} published {_day(event.date)}"
    else:
        mark = _range(event.kind, x0, x1, y)
        attrs = {"data-earliest": event.range[0].isoformat(), "data-latest": event.range[1].isoformat()}
        name = (f"{event.label}: {EVENT_KINDS[event.kind].lower()} published between {_day(event.range[0])} "
                f"and {_day(event.range[1])} (date not confirmed)")
    anchor = "start" if label_x > x0 else "end"
    label = _text(label_x, y + 4, event.label, "event-label", anchor, _EVENT_FONT)
    return _link(href(event.url), name, mark + label, {"class": f"event event--{event.kind}", "data-kind": event.kind, **attrs})


def _point(kind: str, x: float, y: float) -> str:
    if kind == "review":
        return _tag("circle", {"class": "event-mark event-mark--review", "cx": _num(x), "cy": _num(y), "r": str(_MARK)})
    d = f"M{_num(x)} {_num(y - 6)}l6 6l-6 6l-6 -6z"
    return _tag("path", {"class": "event-mark event-mark--follow-up", "d": d})


def _range(kind: str, x0: float, x1: float, y: float) -> str:
    """Return a range bar: filled with rounded ends for a review, hollow with pointed ends for a
    follow-up (as its diamond is), never narrower than a point, so it cannot be mistaken for one."""
    x0, x1 = min(x0, (x0 + x1) / 2 - 7), max(x1, (x0 + x1) / 2 + 7)
    if kind == "review":
        box = {"x": _num(x0), "y": _num(y - 4), "width": _num(x1 - x0), "height": "8", "rx": "4"}
        return _tag("rect", {"class": "event-range event-range--review", **box})
    d = f"M{_num(x0)} {_num(y)}l6 -5H{_num(x1 - 6)}l6 5l-6 5H{_num(x0 + 6)}z"
    return _tag("path", {"class": "event-range event-range--follow-up", "d": d})


def _timeline_key(top: float) -> tuple[str, float]:
    """Return the key to the marks (each mark and its words, one a line) and its height."""
    entries = (
        (lambda y: _point("review", _PAD + 8, y), "Review published"),
        (lambda y: _point("follow-up", _PAD + 8, y), "Follow-up review published"),
        (lambda y: _range("review", _PAD, _PAD + 24, y) + _range("follow-up", _PAD, _PAD + 24, y + _LINE),
         "Date not confirmed: the bar spans the earliest and the latest date it can have"),
    )
    parts, y = [], top
    for draw, words in entries:
        lines = _wrap(words, _WIDTH - 2 * _PAD - 32, _FONT)
        parts.append(draw(y + 8) + _lines(_PAD + 32, y + 12, lines, "key-words"))
        y += len(lines) * _LINE + 6
    return f'<g class="key">{"".join(parts)}</g>', y - top


def _x(day: datetime.date, start: datetime.date, scale: float) -> float:
    return _PAD + (day - start).days * scale


def _day(day: datetime.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


# --- SVG text ---------------------------------------------------------------------------------


def _svg(kind: str, prefix: str, role: str, width: float, height: float, title: str, desc: str, parts: Iterable[str]) -> Markup:
    """Return the chart's <svg>: sized by its viewBox (CSS scales it), named by its <title> and
    described by its <desc>, both with ids made from `prefix`."""
    if not _ID.fullmatch(prefix):
        raise ValueError(f"id_prefix {prefix!r} must be a letter followed by letters, digits, '-' or '_'")
    size = {"width": _num(width), "height": _num(height)}
    attrs = {"xmlns": "http://www.w3.org/2000/svg", "class": f"chart chart--{kind}", "viewBox": f"0 0 {size['width']} {size['height']}",
             **size, "font-size": str(_FONT), "role": role, "aria-labelledby": f"{prefix}-title", "aria-describedby": f"{prefix}-desc"}
    head = f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
    return Markup(f"<svg{_attrs(attrs)}>{head}{''.join(parts)}</svg>")


def _patterns(prefix: str, textures: Iterable[str]) -> str:
    """Return the tile textures the chart uses, with ids unique to it."""
    shapes = {
        "dots": ('width="6" height="6"', '<circle class="texture-dot" cx="3" cy="3" r="1.4"/>'),
        "stripes": ('width="6" height="6"', '<line class="texture-line" x1="0" y1="1.5" x2="6" y2="1.5"/>'),
        "hatch": ('width="7" height="7" patternTransform="rotate(45)"', '<line class="texture-line" x1="0" y1="0" x2="0" y2="7"/>'),
    }
    defs = "".join(f'<pattern id="{prefix}-{name}" {shapes[name][0]} patternUnits="userSpaceOnUse">{shapes[name][1]}</pattern>'
                   for name in textures)
    return f"<defs>{defs}</defs>" if defs else ""


def _link(href_value: str, name: str, body: str, attrs: Mapping[str, str]) -> str:
    """Return a link whose <title> is its accessible name and tooltip."""
    return f'<a href="{escape(href_value)}"{_attrs(attrs)}><title>{escape(name)}</title>{body}</a>'


def _text(x: float, y: float, words: str, cls: str, anchor: str = "start", size: int = _FONT) -> str:
    placed = (f' text-anchor="{escape(anchor)}"' if anchor != "start" else "") + (f' font-size="{size}"' if size != _FONT else "")
    return f'<text class="{escape(cls)}" x="{_num(x)}" y="{_num(y)}"{placed}>{escape(words)}</text>'


def _lines(x: float, y: float, lines: Sequence[str], cls: str) -> str:
    """Return lines of text, one under another, starting with a baseline at `y`."""
    if len(lines) == 1:
        return _text(x, y, lines[0], cls)
    # The space ending each line but the last keeps words apart when the text is read as one string.
    spans = "".join(f'<tspan x="{_num(x)}" dy="{0 if i == 0 else _LINE}">{escape(line)}{" " if i < len(lines) - 1 else ""}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text class="{cls}" x="{_num(x)}" y="{_num(y)}">{spans}</text>'


def _tag(name: str, attrs: Mapping[str, str]) -> str:
    return f"<{name}{_attrs(attrs)}/>"


def _attrs(attrs: Mapping[str, str]) -> str:
    return "".join(f' {key}="{escape(value)}"' for key, value in attrs.items())


def _num(value: float) -> str:
    """Return a number with at most one decimal, the same way every time: 3, 1.5, never -0."""
    if type(value) is int:  # most counts
        return str(value)
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _number_cell(value: float) -> Cell:
    return Cell(_num(value), value=_num(value))


def _value(values: Mapping[str, float], kind: str) -> float:
    return values.get(kind, 0)


def _text_width(text: str, size: float) -> float:
    """Return a generous estimate of the width of `text` in a system sans-serif font."""
    ems = 0.0
    for char in text:
        if char in "fijlrt.,:;'!|()[] -":
            ems += 0.33
        elif char in "mwMW@%":
            ems += 0.88
        elif char.isupper():
            ems += 0.7
        else:
            ems += 0.57
    return ems * size


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Return `text` broken into lines no wider than `width` where it has spaces."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and _text_width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines or [""]
