"""The open data as tables: one definition of each table, its rows, and three ways to write them
(CSV files, a Frictionless Data Package that describes the CSV files, and one SQLite database).

`TABLES` is the one place a table, a column, its type and its meaning are defined; the CSV
header, the Data Package schema, the SQLite DDL and the /data/ page all read it. Keys are the
ids authors choose and never derive from text: area, theme, group and wave slugs, and an item's
(area, id). Rows come in a fixed order (areas in name order, then page order), so two builds of
the same content give the same bytes.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reviewsite.indexes import AreaItems, Indexes, ItemRef
from reviewsite.model import SCOPE_COUNTS, Area, Finding, Published, Site
from reviewsite.urls import DATA_URL, SITE_URLS, area_url, full_url, slugify, theme_url

Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: `type` is a Table Schema type (string, integer, boolean, date)."""

    name: str
    type: str
    description: str
    required: bool = False
    values: tuple[str, ...] = ()  # the only values allowed, when the column is a closed list

    @property
    def sql_type(self) -> str:
        return "INTEGER" if self.type in ("integer", "boolean") else "TEXT"


@dataclass(frozen=True, slots=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table of the open data: its columns, keys and what one row is."""

    name: str
    row: str  # what one row is, in words
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def path(self) -> str:
        """Return the CSV file's name, relative to /data/."""
        return f"{self.name}.csv"


def _text(name: str, description: str, required: bool = False, values: tuple[str, ...] = ()) -> Column:
    return Column(name, "string", description, required, values)


def _published(prefix: str, what: str) -> tuple[Column, ...]:
    return (
        Column(f"{prefix}_date", "date", f"When {what} was published (YYYY-MM-DD); empty when no source confirms the date."),
        Column(f"{prefix}_earliest", "date", "When the date is not known: the earliest date the sources allow."),
        Column(f"{prefix}_latest", "date", "When the date is not known: the latest date the sources allow."),
        _text(f"{prefix}_note", "What is known about the date when it is not known exactly."),
        _text(f"{prefix}_source", "The URL of the source that gives the date (one of the area's sources)."),
    )


_AREA = ForeignKey(("area",), "areas", ("slug",))
_AREA_SOURCE = ForeignKey(("area", "source"), "sources", ("area", "url"))
_AREA_COLUMN = _text("area", "The area's slug (see areas).", required=True)
_FOLLOW_UP = Column("follow_up", "boolean", "true for the follow-up review's items, false for the first review's.", required=True)
_ITEM_COLUMNS = (
    _text("label", "How the area page lists the item, such as 'Concern 3' or 'Follow-up strength 1'. Numbers change when items are added; use the id.",
          required=True),
    _text("text", "The item in our own words.", required=True),
    _text("source", "The URL of the source it comes from (one of the area's sources).", required=True),
    _text("url", "The item's stable address: the area page and the item's #anchor.", required=True),
)

TABLES: tuple[Table, ...] = (
    Table("waves", "wave of the review programme", (
        _text("slug", "The wave's id.", required=True),
        Column("position", "integer", "Its place in the order the waves were announced, from 1.", required=True),
        _text("title", "The wave's name.", required=True),
        _text("description", "Which areas it covered and why.", required=True),
        _text("source", "The URL of the source that announced it.", required=True),
    ), ("slug",)),
    Table("theme_groups", "group of themes", (
        _text("slug", "The group's id.", required=True),
        Column("position", "integer", "Its place in the site's order of groups, from 1.", required=True),
        _text("title", "The group's name.", required=True),
        _text("description", "What its themes cover.", required=True),
    ), ("slug",)),
    Table("themes", "theme that items are tagged with", (
        _text("slug", "The theme's id; also its address, /themes/<slug>/.", required=True),
        _text("group", "The slug of its group (see theme_groups).", required=True),
        Column("position", "integer", "Its place in the site's order of themes, from 1.", required=True),
        _text("title", "The theme's name.", required=True),
        _text("description", "What the theme covers.", required=True),
        _text("url", "The theme's page.", required=True),
    ), ("slug",), (ForeignKey(("group",), "theme_groups", ("slug",)),)),
    Table("areas", "reviewed area, with the facts of its review", (
        _text("slug", "The area's id; also its address, /areas/<slug>/.", required=True),
        _text("name", "The area's name.", required=True),
        _text("wave", "The slug of the programme wave it was reviewed in (see waves).", required=True),
        _text("url", "The area's page.", required=True),
        *_published("published", "the review report"),
        Column("updated", "date", "When our content for the area last changed; empty when not recorded."),
        Column("programme_size", "integer", "How many reviews CQC said the programme had when this report came out."),
        _text("programme_size_source", "The URL of the source of programme_size."),
        _text("fieldwork", "When reviewers were on site, as the source words it."),
        _text("fieldwork_source", "The URL of the source of fieldwork."),
        _text("review_team", "Who made up the review team, as the source words it."),
        _text("review_team_source", "The URL of the source of review_team."),
        *(Column(key, "integer", f"{label}: how many the reviewers looked at; empty when no source gives it.") for key, label in SCOPE_COUNTS.items()),
        _text("scope_source", "The URL of the source of the counts above."),
        _text("scope_note", "A note on the counts above."),
        _text("summary", "Our summary of the review, in Markdown.", required=True),
    ), ("slug",), (ForeignKey(("wave",), "waves", ("slug",)),)),
    Table("follow_ups", "follow-up review: a later progress review of an area", (
        _text("area", "The area's slug (see areas); an area has at most one follow-up review.", required=True),
        _text("review_type", "What kind of review it was, as the source words it.", required=True),
        *_published("published", "the follow-up review"),
        _text("summary", "Our summary of the follow-up review."),
    ), ("area",), (_AREA,)),
    Table("sources", "public document that an area cites (an area and a URL)", (
        _AREA_COLUMN,
        _text("url", "The document's address.", required=True),
        Column("number", "integer", "Its number in the area page's list of sources ('source 2').", required=True),
        _text("title", "The document's title.", required=True),
        _text("publisher", "Who published it.", required=True),
        Column("date", "date", "When it was published; empty when not known."),
        Column("follow_up", "boolean", "true when it covers the area's follow-up review.", required=True),
    ), ("area", "url"), (_AREA,)),
    Table("organisations", "organisation that a review named", (
        _AREA_COLUMN,
        Column("number", "integer", "Its place in the area's list of organisations, from 1 (positions change when the list does).", required=True),
        _text("name", "The organisation's name.", required=True),
        _text("role", "Its role in the local system, as the source describes it."),
        _text("source", "The URL of the source that names it."),
    ), ("area", "number"), (_AREA,)),
    Table("findings", "finding: a concern or strength that a review found", (
        _AREA_COLUMN,
        _text("id", "The finding's id, unique within its area and never changed; its anchor is #finding-<id>.", required=True),
        _FOLLOW_UP,
        _text("kind", "concern or strength.", required=True, values=("concern", "strength")),
        *_ITEM_COLUMNS,
    ), ("area", "id"), (_AREA, _AREA_SOURCE)),
    Table("recommendations", "recommendation: what a review (or, as basis says, another source) suggested", (
        _AREA_COLUMN,
        _text("id", "The recommendation's id, unique within its area and never changed; its anchor is #rec-<id>.", required=True),
        _FOLLOW_UP,
        _text("kind", "recommendation (the review's own) or suggestion (from a statement or an action plan: see basis).", required=True,
              values=("recommendation", "suggestion")),
        _text("basis", "Where the wording comes from: report, follow-up, statement (what CQC said publicly) or action-plan (the area's own plan).",
              required=True, values=("report", "follow-up", "statement", "action-plan")),
        _text("note", "What readers should know about where it comes from."),
        *_ITEM_COLUMNS,
    ), ("area", "id"), (_AREA, _AREA_SOURCE)),
    Table("finding_themes", "theme of a finding", (
        _AREA_COLUMN,
        _text("finding", "The finding's id (see findings).", required=True),
        _text("theme", "The theme's slug (see themes).", required=True),
    ), ("area", "finding", "theme"), (ForeignKey(("area", "finding"), "findings", ("area", "id")), ForeignKey(("theme",), "themes", ("slug",)))),
    Table("recommendation_themes", "theme of a recommendation", (
        _AREA_COLUMN,
        _text("recommendation", "The recommendation's id (see recommendations).", required=True),
        _text("theme", "The theme's slug (see themes).", required=True),
    ), ("area", "recommendation", "theme"),
        (ForeignKey(("area", "recommendation"), "recommendations", ("area", "id")), ForeignKey(("theme",), "themes", ("slug",)))),
    Table("notes", "note: a caveat about an area's facts", (
        _AREA_COLUMN,
        Column("number", "integer", "Its place in the area's notes, from 1 (the follow-up review's notes come last).", required=True),
        _FOLLOW_UP,
        _text("text", "The note.", required=True),
        _text("source", "The URL of the source that supports it."),
    ), ("area", "number"), (_AREA,)),
)
TABLES_BY_NAME = {table.name: table for table in TABLES}

# One area's findings and recommendations as one sheet: the file a reader opens in a
# spreadsheet from the area's page. It repeats rows of findings and recommendations, with theme
# titles instead of slugs; it is not part of the Data Package.
AREA_SHEET = Table("area items", "finding or recommendation of the area, in page order", (
    _AREA_COLUMN,
    _text("id", "The item's id, unique within the area.", required=True),
    _text("type", "finding or recommendation.", required=True, values=("finding", "recommendation")),
    _text("kind", "concern, strength, recommendation or suggestion.", required=True),
    _FOLLOW_UP,
    _ITEM_COLUMNS[0],
    _ITEM_COLUMNS[1],
    _text("basis", "For recommendations: where the wording comes from (see recommendations)."),
    _text("note", "For recommendations: what readers should know about where it comes from."),
    _text("themes", "The titles of its themes, separated by '; '.", required=True),
    _ITEM_COLUMNS[2],
    _text("source_title", "The title of that source.", required=True),
    _ITEM_COLUMNS[3],
), ("id",))

SITE_TABLES = ("waves", "theme_groups", "themes")


# --- rows --------------------------------------------------------------------------------------


def site_rows(site: Site) -> dict[str, list[Row]]:
    """Return the rows of the tables that do not come from areas (waves and themes)."""
    link = _linker(site)
    return {
        "waves": [(w.slug, n, w.title, w.description, w.source) for n, w in enumerate(site.config.waves, start=1)],
        "theme_groups": [(g.slug, n, g.title, g.description) for n, g in enumerate(site.groups, start=1)],
        "themes": [(t.slug, t.group, n, t.title, t.description, link(theme_url(t.slug))) for n, t in enumerate(site.themes, start=1)],
    }


def area_rows(items: AreaItems, link: Callable[[str], str]) -> dict[str, list[Row]]:
    """Return one area's rows of every table that comes from areas, in page order."""
    area = items.area
    follow = area.follow_up
    refs = {ref.item.id: ref for group in items.groups for ref in group.refs}
    findings = [refs[item.id] for item in (*area.findings, *(follow.findings if follow else ()))]
    recommendations = [refs[item.id] for item in (*area.recommendations, *(follow.recommendations if follow else ()))]
    notes = [(note, False) for note in area.notes] + [(note, True) for note in (follow.notes if follow else ())]
    return {
        "areas": [_area_row(area, link)],
        "follow_ups": [(area.slug, follow.review_type, *_published_values(follow.published), follow.summary)] if follow else [],
        "sources": [(area.slug, s.url, n, s.title, s.publisher, _date(s.date), follow is not None and s.url in follow.sources)
                    for n, s in enumerate(area.sources, start=1)],
        "organisations": [(area.slug, n, o.name, o.role, o.source) for n, o in enumerate(area.organisations, start=1)],
        "findings": [(area.slug, r.item.id, r.follow_up, r.item.kind, *_item_values(r, link)) for r in findings],
        "recommendations": [(area.slug, r.item.id, r.follow_up, r.kind, r.item.basis, r.item.note, *_item_values(r, link)) for r in recommendations],
        "finding_themes": [(area.slug, r.item.id, theme) for r in findings for theme in r.item.themes],
        "recommendation_themes": [(area.slug, r.item.id, theme) for r in recommendations for theme in r.item.themes],
        "notes": [(area.slug, n, follow_up, note.text, note.source) for n, (note, follow_up) in enumerate(notes, start=1)],
    }


def sheet_rows(items: AreaItems, site: Site, link: Callable[[str], str]) -> list[Row]:
    """Return an area's rows of AREA_SHEET: every finding and recommendation, in page order."""
    titles = {theme.slug: theme.title for theme in site.themes}
    sources = {source.url: source.title for source in items.area.sources}
    rows = []
    for ref in (ref for group in items.groups for ref in group.refs):
        item = ref.item
        finding = isinstance(item, Finding)
        rows.append((items.area.slug, item.id, "finding" if finding else "recommendation", ref.kind, ref.follow_up, ref.label, item.text,
                     None if finding else item.basis, None if finding else item.note, "; ".join(titles[slug] for slug in item.themes),
                     item.source, sources[item.source], link(ref.url)))
    return rows


def _area_row(area: Area, link: Callable[[str], str]) -> Row:
    counts = dict(area.scope.counts)
    size = area.programme_size
    return (area.slug, area.name, area.wave, link(area_url(area.slug)), *_published_values(area.published), _date(area.updated),
            size.count if size else None, size.source if size else None,
            *_fact(area.fieldwork), *_fact(area.review_team),
            *(counts.get(key) for key in SCOPE_COUNTS), area.scope.source, area.scope.note, area.summary.source)


def _item_values(ref: ItemRef, link: Callable[[str], str]) -> Row:
    return (ref.label, ref.item.text, ref.item.source, link(ref.url))


def _published_values(value: Published) -> Row:
    return (_date(value.date), _date(value.earliest), _date(value.latest), value.note, value.source)


def _fact(fact) -> Row:
    return (fact.text, fact.source) if fact is not None else (None, None)


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _linker(site: Site) -> Callable[[str], str]:
    return functools.partial(full_url, site.config.base_url)


class TableRows:
    """Every table's rows, gathered from each area's rows; an area's rows are made again only
    when the area (or the site's address) changed since the last build that used `memo`."""

    def __init__(self, site: Site, indexes: Indexes, memo: dict | None = None) -> None:
        memo = memo if memo is not None else {}
        link = _linker(site)
        base = site.config.base_url
        fresh = {}
        for items in indexes.ordered:
            known = memo.get(items.area.slug)
            if known is None or known[0] is not items.area or known[1] != base:
                known = (items.area, base, area_rows(items, link))
            fresh[items.area.slug] = known
        memo.clear()
        memo.update(fresh)
        self.site = site
        self._areas = [fresh[items.area.slug][2] for items in indexes.ordered]
        self._site = site_rows(site)

    def rows(self, name: str) -> Iterable[Row]:
        """Return the rows of one table, in order."""
        if name in self._site:
            return self._site[name]
        return (row for area in self._areas for row in area[name])


# --- CSV -----------------------------------------------------------------------------------------


def render_csv(table: Table, rows: Iterable[Row], excel: bool = False) -> bytes:
    """Return a table as CSV (RFC 4180: comma, double quotes, CRLF), UTF-8 with one header row.

    Empty cells are missing values; booleans are `true`/`false`. `excel` starts the file with a
    byte-order mark, without which Excel reads UTF-8 as another encoding.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(column.name for column in table.columns)
    writer.writerows(tuple(_csv_value(value) for value in row) for row in rows)
    return ("\ufeff" if excel else "").encode("utf-8") + out.getvalue().encode("utf-8")


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


# --- Data Package ----------------------------------------------------------------------------------


def render_datapackage(site: Site, content_date: datetime.date | None) -> bytes:
    """Return datapackage.json: a Frictionless Tabular Data Package describing the CSV files."""
    config = site.config
    package = {
        "profile": "tabular-data-package",
        "name": slugify(config.title) or "reviews",
        "title": config.title,
        "description": config.description,
        "homepage": _linker(site)(SITE_URLS.data_page),
        "licenses": [{"path": config.licence.url, "title": config.licence.name}],
        "sources": [{"title": "The public documents each area cites, listed in sources.csv", "path": "sources.csv"},
                    *({"title": f"{wave.title} of the review programme", "path": wave.source} for wave in config.waves)],
        "resources": [_resource(table) for table in TABLES],
    }
    if content_date is not None:
        package["version"] = content_date.isoformat()
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _resource(table: Table) -> dict:
    fields = []
    for column in table.columns:
        field: dict = {"name": column.name, "type": column.type, "description": column.description}
        if column.type == "boolean":
            field |= {"trueValues": ["true"], "falseValues": ["false"]}
        constraints = ({"required": True} if column.required else {}) | ({"enum": list(column.values)} if column.values else {})
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict = {"fields": fields, "primaryKey": list(table.primary_key), "missingValues": [""]}
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": list(key.columns), "reference": {"resource": key.table, "fields": list(key.references)}}
                                 for key in table.foreign_keys]
    return {"name": table.name, "path": table.path, "profile": "tabular-data-resource", "title": f"One row per {table.row}",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}


# --- SQLite ----------------------------------------------------------------------------------------

PAGE_SIZE = 4096


def render_sqlite(rows: TableRows, about: Sequence[tuple[str, str]]) -> bytes:
    """Return the tables as one SQLite database file, with their keys as constraints.

    The database is made in memory with a fixed page size and nothing that records when or
    where it was made, so the same content always gives the same bytes. `about` fills a small
    table `about` (key, value): title, licence, source, content date.
    """
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA foreign_keys = ON")
        with db:
            db.execute("CREATE TABLE about (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
            db.executemany("INSERT INTO about VALUES (?, ?)", about)
            for table in TABLES:
                db.execute(table_ddl(table))
                marks = ", ".join("?" * len(table.columns))
                db.executemany(f"INSERT INTO {table.name} VALUES ({marks})", rows.rows(table.name))
            db.execute(_ITEMS_VIEW)
        db.execute("VACUUM")
        return db.serialize()
    finally:
        db.close()


def table_ddl(table: Table) -> str:
    """Return the CREATE TABLE statement of a table, with its primary and foreign keys."""
    lines = []
    for column in table.columns:
        line = f"{_quote(column.name)} {column.sql_type}{' NOT NULL' if column.required else ''}"
        if column.type == "boolean":
            line += f" CHECK ({_quote(column.name)} IN (0, 1))"
        elif column.values:
            line += f" CHECK ({_quote(column.name)} IN ({', '.join(repr(value) for value in column.values)}))"
        lines.append(line)
    lines.append(f"PRIMARY KEY ({', '.join(map(_quote, table.primary_key))})")
    lines += [f"FOREIGN KEY ({', '.join(map(_quote, key.columns))}) REFERENCES {key.table} ({', '.join(map(_quote, key.references))})"
              for key in table.foreign_keys]
    # A table that is all key is stored as its key's index alone, not as rows plus a copy in an index.
    compact = " WITHOUT ROWID" if len(table.primary_key) == len(table.columns) else ""
    return f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(lines) + f"\n){compact}"


def _quote(name: str) -> str:
    return f'"{name}"'


# Findings and recommendations together, for queries across both.
_ITEMS_VIEW = """CREATE VIEW items AS
  SELECT area, id, 'finding' AS type, kind, follow_up, NULL AS basis, NULL AS note, label, text, source, url FROM findings
  UNION ALL
  SELECT area, id, 'recommendation', kind, follow_up, basis, note, label, text, source, url FROM recommendations"""


def about_rows(site: Site, statement: str, content_date: datetime.date | None) -> list[tuple[str, str]]:
    """Return what the database says about itself, as (key, value) rows."""
    rows = [("title", site.config.title), ("licence", site.config.licence.name), ("licence_url", site.config.licence.url),
            ("source", statement), ("json", _linker(site)(DATA_URL))]
    if content_date is not None:
        rows.append(("content_date", content_date.isoformat()))
    return rows
