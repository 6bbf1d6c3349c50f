"""The matrix of themes by areas: its views (by kind, in several orders) and their cells.

Each cell shows its counts as text, is shaded by how much it holds, and says area, theme and
counts in words for screen readers. A cell with nothing on its theme reads "not raised"; the
cells of an area with nothing recorded at all look and read differently.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from reviewsite.indexes import AreaItems, Indexes, ThemeSummary
from reviewsite.urls import matrix_area_anchor, matrix_url

# The kinds a view can show: slug in the URL -> (item kind, label). "all" shows every kind.
KIND_VIEWS = {
    "all": (None, "Everything"),
    "concerns": ("concern", "Concerns"),
    "strengths": ("strength", "Strengths"),
    "recommendations": ("recommendation", "Recommendations"),
}
# The orders a view can take: slug in the URL -> label.
ORDERS = {
    "a-z": "Areas A to Z",
    "by-wave": "Areas by wave",
    "by-date": "Areas by publication date",
    "by-frequency": "Themes by how many areas raise them",
}
# Short labels for the counts in a cell of the "all" view, in display order (the legend spells them out).
CELL_LABELS = (("concern", "C"), ("strength", "S"), ("recommendation", "R"), ("suggestion", "O"))
NOUNS = {"concern": ("concern", "concerns"), "strength": ("strength", "strengths"), "recommendation": ("recommendation", "recommendations")}


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """One (theme, area) cell. `state` is raised, not-raised or nothing-recorded (the area has
    nothing recorded on any theme); `shade` is 0 to 4, by how many items it counts."""

    state: str
    url: str | None
    short: str
    words: str
    shade: int


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    """An area as a column: its page, its follow-up, and the group it is shown in (a wave)."""

    items: AreaItems
    group: str | None

    @property
    def name(self) -> str:
        return self.items.area.name

    @property
    def nothing_recorded(self) -> bool:
        return self.items.size == 0

    @property
    def anchor(self) -> str:
        """Return the id of the area's block in the one-area-at-a-time layout."""
        return matrix_area_anchor(self.items.area.slug)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    summary: ThemeSummary
    cells: tuple[MatrixCell, ...]
    raised: int  # how many of the view's areas have something of the view's kind on the theme


@dataclass(frozen=True, slots=True)
class ViewLink:
    label: str
    url: str
    current: bool


def matrix_view(indexes: Indexes, sections: dict[str, dict[str, str]], kind: str = "all", order: str = "a-z",
                columns: tuple[AreaItems, ...] | None = None, parts: tuple = (), part=None) -> dict:
    """Return what the matrix page prints for one view.

    `columns` are the areas shown (all by default; one part's on a split matrix; none on its
    overview). `sections` gives, per theme, the URL of each area's section on the theme's pages.
    Views other than the default are offered only when the matrix is not split (`parts` empty).
    """
    shown = indexes.ordered if columns is None else columns
    ordered = _ordered_columns(shown, indexes, order)
    position = {items.area.slug: index for index, items in enumerate(indexes.ordered)}
    item_kind = KIND_VIEWS[kind][0]
    rows = []
    for group, summaries in indexes.groups:
        group_rows = tuple(_row(summary, ordered, position, sections, item_kind) for summary in summaries)
        rows.append((group, group_rows))
    if order == "by-frequency":
        flat = sorted((row for _, group_rows in rows for row in group_rows), key=lambda row: (-row.raised, row.summary.theme.title.casefold()))
        rows = [(None, tuple(flat))]
    view = {
        "columns": ordered,
        "column_groups": _column_groups(ordered) if order == "by-wave" else (),
        "rows": tuple(rows),
        "kind": kind,
        "kind_label": KIND_VIEWS[kind][1],
        "order": order,
        "kinds": () if parts else tuple(ViewLink(label, matrix_url(slug, order), slug == kind) for slug, (_, label) in KIND_VIEWS.items()),
        "orders": () if parts else tuple(ViewLink(label, matrix_url(kind, slug), slug == order) for slug, label in ORDERS.items()),
        "parts": parts,
        "part": part,
        "area_total": len(indexes.ordered),
    }
    view["by_area"] = by_area(view)
    return view


def _ordered_columns(shown: tuple[AreaItems, ...], indexes: Indexes, order: str) -> tuple[MatrixColumn, ...]:
    if order == "by-wave":
        waves = {wave.slug: (index, wave.title) for index, (wave, _) in enumerate(indexes.waves)}
        ranked = sorted(shown, key=lambda items: waves[items.area.wave][0])
        return tuple(MatrixColumn(items, waves[items.area.wave][1]) for items in ranked)
    if order == "by-date":
        ranked = sorted(shown, key=lambda items: items.area.published.date or datetime.date.max)
        return tuple(MatrixColumn(items, None) for items in ranked)
    return tuple(MatrixColumn(items, None) for items in shown)


def _column_groups(columns: tuple[MatrixColumn, ...]) -> tuple[tuple[str, int], ...]:
    """Return (title, span) of each run of columns in one group, for a header row above the areas."""
    groups: list[list] = []
    for column in columns:
        if groups and groups[-1][0] == column.group:
            groups[-1][1] += 1
        else:
            groups.append([column.group, 1])
    return tuple((title, span) for title, span in groups)


def _row(summary: ThemeSummary, columns: tuple[MatrixColumn, ...], position: dict[str, int], sections: dict[str, dict[str, str]], kind: str | None) -> MatrixRow:
    cells = []
    for column in columns:
        cell = summary.cells[position[column.items.area.slug]]
        cells.append(matrix_cell(summary, column, cell, sections[summary.theme.slug], kind))
    return MatrixRow(summary, tuple(cells), sum(1 for cell in cells if cell.state == "raised"))


def matrix_cell(summary: ThemeSummary, column: MatrixColumn, cell: AreaItems | None, sections: dict[str, str], kind: str | None) -> MatrixCell:
    """Return the cell of one area (`column`) on one theme; `cell` holds its items on the theme."""
    where = f"{column.name}, {summary.theme.title}"
    if column.nothing_recorded:
        return MatrixCell("nothing-recorded", None, "", f"{where}: nothing recorded for this area", 0)
    counts = _counts(cell, kind) if cell is not None else {}
    total = sum(counts.values())
    if not total:
        return MatrixCell("not-raised", None, "–", f"{where}: not raised", 0)
    url = sections[column.items.area.slug]
    if kind is not None:
        singular, plural = NOUNS[kind]
        later = sum(len(group.refs) for group in cell.groups if group.follow_up and group.kind == kind)
        from_follow_up = f", {later} of them from the follow-up review" if later and later < total else ", from the follow-up review" if later else ""
        short = f"{total - later}+{later}F" if later else str(total)
        return MatrixCell("raised", url, short, f"{where}: {total} {singular if total == 1 else plural}{from_follow_up}", _shade(total))
    short = " ".join(f"{counts[label]}{label}" for _, label in (*CELL_LABELS, ("", "F")) if counts.get(label))
    words = ", ".join(f"{len(group.refs)} {group.noun}" for group in cell.groups)
    return MatrixCell("raised", url, short, f"{where}: {words}", _shade(total))


def _counts(cell: AreaItems, kind: str | None) -> dict[str, int]:
    """Return counts by short label (C, S, R, O, F), or by kind alone for one kind's view."""
    counts: dict[str, int] = {}
    labels = dict(CELL_LABELS)
    for group in cell.groups:
        if kind is not None:
            if group.kind == kind:
                counts[kind] = counts.get(kind, 0) + len(group.refs)
            continue
        label = "F" if group.follow_up else labels[group.kind]
        counts[label] = counts.get(label, 0) + len(group.refs)
    return counts


def _shade(total: int) -> int:
    """Return 1 for one item, 2 for two, 3 for three or four, 4 for five or more."""
    return 1 if total == 1 else 2 if total == 2 else 3 if total <= 4 else 4


def by_area(view: dict) -> tuple[tuple[MatrixColumn, tuple[tuple[ThemeSummary, MatrixCell], ...], int], ...]:
    """Return the view one area at a time (for narrow screens): each area with the themes it
    raises and how many it does not."""
    result = []
    for index, column in enumerate(view["columns"]):
        raised = tuple((row.summary, row.cells[index]) for _, rows in view["rows"] for row in rows if row.cells[index].state == "raised")
        total = sum(len(rows) for _, rows in view["rows"])
        result.append((column, raised, total - len(raised)))
    return tuple(result)
