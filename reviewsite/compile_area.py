"""Compile one area file: check it against the schema in content/README.md and build its `Area`.

Compiling reads nothing but the file's own text. What it names from other files (themes, waves)
and its dates are returned as `Area.references`, checked once every file is compiled.
"""

from __future__ import annotations

import datetime
import re

from markdown_it import MarkdownIt

from reviewsite.errors import ContentError, SourcePos, did_you_mean
from reviewsite.frontmatter import Sequence
from reviewsite.load import SourceText
from reviewsite.markdown import MarkdownErrors, compile_markdown
from reviewsite.model import (
    FINDING_KINDS,
    RECOMMENDATION_BASES,
    SCOPE_COUNTS,
    Area,
    Fact,
    Finding,
    FollowUp,
    MapTile,
    Organisation,
    ProgrammeSize,
    Published,
    Recommendation,
    Reference,
    Scope,
    Source,
)
from reviewsite.schema import NOT_KNOWN_DATE, Fields, is_web_url, read_front_matter
from reviewsite.urls import area_url, is_slug

AREA_KEYS = (
    "name", "wave", "published", "programme_size", "fieldwork", "review_team", "scope",
    "organisations", "sources", "findings", "recommendations", "follow_up", "notes", "tile", "updated",
)
MAX_TILE_PLACE = 40
TILE_LABEL = re.compile(r"[A-Z0-9]{1,4}")
FOLLOW_UP_KEYS = ("review_type", "published", "sources", "summary", "findings", "recommendations", "notes")
FINDING_KEYS = ("id", "kind", "text", "themes", "source")
RECOMMENDATION_KEYS = ("id", "text", "themes", "source", "basis", "note")


def compile_area(slug: str, source: SourceText, md: MarkdownIt) -> tuple[Area | None, list[ContentError]]:
    """Return the Area in `source` (None if it has errors) and every problem found in it."""
    errors: list[ContentError] = []
    if not is_slug(slug):
        errors.append(ContentError(source.pos, f"the file name '{slug}.md' is not a valid area slug", hint="use lowercase letters, digits and single hyphens, like 'stoke-on-trent.md'"))
    references: list[Reference] = []
    parsed = read_front_matter(source.pos, source.text, errors, references)
    if parsed is None:
        return None, errors
    fields, document = parsed
    area = _AreaReader(fields, references).read(slug)
    try:
        summary = compile_markdown(md, document.body, source.pos.at(document.body_line), area_url(slug))
    except MarkdownErrors as failure:
        return None, errors + failure.errors
    if area is None or errors:
        return None, errors
    return Area(**area, summary=summary, references=tuple(references), origin=source.pos), errors


class _AreaReader:
    """Reads the keys of one area's front matter, checking ids, themes and cited sources."""

    def __init__(self, fields: Fields, references: list[Reference]) -> None:
        self.fields = fields
        self.references = references
        self.source_urls: dict[str, int] = {}
        self.sources_valid = False
        self.ids: dict[str, int] = {}

    def read(self, slug: str) -> dict | None:
        f = self.fields
        sources = self.sources()
        values = dict(
            slug=slug,
            name=f.text("name"),
            wave=self.wave(),
            published=self.published(self.section(f, "published", required=True)),
            programme_size=self.programme_size(),
            fieldwork=self.fact("fieldwork"),
            review_team=self.fact("review_team"),
            scope=self.scope(),
            organisations=self.organisations(),
            sources=sources,
            findings=self.findings(f, follow_up=False),
            recommendations=self.recommendations(f, follow_up=False),
            follow_up=self.follow_up(),
            notes=self.notes(f),
            tile=self.tile(),
            updated=self.updated(),
        )
        f.finish(AREA_KEYS)
        published, updated = values["published"], values["updated"]
        if updated is not None and published is not None and published.date is not None and updated < published.date:
            f.error("updated", f"'updated' ({updated}) is before the review was published ({published.date})",
                    hint="'updated' is the date this file's content last changed")
        required = ("name", "wave", "published")
        return None if any(values[key] is None for key in required) else values

    # --- sources and citations ------------------------------------------------------------------

    def sources(self) -> tuple[Source, ...]:
        f = self.fields
        found = []
        readable = 0
        for _, item in f.items("sources", "source", required=True):
            url, title, publisher = item.url("url"), item.text("title"), item.text("publisher")
            date = item.date("date", required=False)
            item.finish(("url", "title", "publisher", "date"))
            readable += url is not None
            if url is not None and url in self.source_urls:
                item.error("url", f"the source {url} is listed twice (first at line {self.source_urls[url]})", hint="list each source once")
            elif url is not None:
                self.source_urls[url] = item.at("url").line or 0
                if title and publisher:
                    found.append(Source(url, title, publisher, date if isinstance(date, datetime.date) else None))
        node = f.value("sources", False)
        entries = node.items if isinstance(node, Sequence) else ()
        if isinstance(node, Sequence) and not entries:
            f.error("sources", "an area needs at least one source", hint="list the documents its facts come from under 'sources:'")
        # Citations are checked only against a complete list of readable URLs: a broken entry
        # would otherwise turn every citation of it into a second, misleading error.
        self.sources_valid = bool(entries) and readable == len(entries)
        return tuple(found)

    def cite(self, f: Fields, key: str, required: bool = True) -> str | None:
        """Read a URL that must be one of this area's sources."""
        url = f.url(key, required, known=self.source_urls)
        if url is not None and self.sources_valid and url not in self.source_urls:
            hint = did_you_mean(url, self.source_urls) or "add it to the area's 'sources' list, or cite a source listed there"
            f.error(key, f"the source {url} is not in this area's 'sources' list", hint=hint)
            return None
        return url

    # --- key facts ----------------------------------------------------------------------------

    def wave(self) -> str | None:
        wave = self.fields.slug("wave")
        if wave is not None:
            self.references.append(Reference("wave", wave, self.fields.at("wave"), self.fields.what))
        return wave

    def section(self, parent: Fields, key: str, required: bool = False, what: str | None = None) -> Fields | None:
        """Return the mapping under `key`, or None when it is absent (an error if required)."""
        node = parent.value(key, required)
        return parent.within(node, what or key) if node is not None else None

    def published(self, f: Fields | None) -> Published | None:
        if f is None:
            return None
        date = f.date("date", allow_not_known=True)
        note = f.text("note", required=False)
        source = self.cite(f, "source", required=False)
        earliest = f.date("earliest", required=False) if "earliest" in f.node.entries else None
        latest = f.date("latest", required=False) if "latest" in f.node.entries else None
        f.finish(("date", "note", "source", "earliest", "latest"))
        if date is NOT_KNOWN_DATE and note is None:
            f.error("date", "a date that is not known needs a 'note' saying what is known", hint='for example: note: "On or before 19 December 2017"')
        elif isinstance(date, datetime.date) and source is None and "source" not in f.node.entries:
            f.error(None, "'source' is missing: cite the source that gives this date")
        bounds = [key for key, value in (("earliest", earliest), ("latest", latest)) if value is not None]
        if bounds and date is not NOT_KNOWN_DATE:
            f.error(bounds[0], f"'{bounds[0]}' is only for a date that is not known", hint="with a known date, leave out 'earliest' and 'latest'")
        elif isinstance(earliest, datetime.date) and isinstance(latest, datetime.date) and latest < earliest:
            f.error("latest", f"'latest' ({latest}) is before 'earliest' ({earliest})")
        elif bounds and source is None and "source" not in f.node.entries:
            f.error(None, "'source' is missing: cite the source that bounds this date")
        if date is None:
            return None
        return Published(date if isinstance(date, datetime.date) else None, note, source,
                         earliest if isinstance(earliest, datetime.date) else None, latest if isinstance(latest, datetime.date) else None)

    def updated(self) -> datetime.date | None:
        """Read when the area's content last changed: a date from the content, never the clock."""
        value = self.fields.date("updated", required=False, in_span=False) if "updated" in self.fields.node.entries else None
        return value if isinstance(value, datetime.date) else None

    def tile(self) -> MapTile | None:
        f = self.section(self.fields, "tile")
        if f is None:
            return None
        column, row, label = f.count("column", required=True), f.count("row", required=True), f.text("label")
        f.finish(("column", "row", "label"))
        for key, value in (("column", column), ("row", row)):
            if value is not None and value > MAX_TILE_PLACE:
                f.error(key, f"'{key}' must be at most {MAX_TILE_PLACE}, not {value}", hint="the map counts columns from the west and rows from the north, from 0")
                return None
        if label is not None and not TILE_LABEL.fullmatch(label):
            f.error("label", f"'label' must be one to four capital letters or digits, not '{label}'", hint="for example: label: YRK")
            return None
        if column is None or row is None or label is None:
            return None
        self.references.append(Reference("tile", label, self.fields.at("tile"), ""))  # where a clash with another area is reported
        return MapTile(column, row, label)

    def programme_size(self) -> ProgrammeSize | None:
        f = self.section(self.fields, "programme_size")
        if f is None:
            return None
        count, source = f.count("count", required=True), self.cite(f, "source")
        f.finish(("count", "source"))
        return ProgrammeSize(count, source) if count is not None and source is not None else None

    def fact(self, key: str) -> Fact | None:
        f = self.section(self.fields, key)
        if f is None:
            return None
        text, source = f.text("text"), self.cite(f, "source")
        f.finish(("text", "source"))
        return Fact(text, source) if text is not None and source is not None else None

    def scope(self) -> Scope:
        f = self.section(self.fields, "scope")
        if f is None:
            return Scope((), None, None)
        counts = tuple((key, value) for key in SCOPE_COUNTS if (value := f.count(key)) is not None)
        source = self.cite(f, "source", required=bool(counts))
        note = f.text("note", required=False)
        f.finish((*SCOPE_COUNTS, "source", "note"))
        return Scope(counts, source, note)

    def organisations(self) -> tuple[Organisation, ...]:
        found = []
        for _, f in self.fields.items("organisations", "organisation"):
            name, role, source = f.text("name"), f.text("role", required=False), self.cite(f, "source", required=False)
            f.finish(("name", "role", "source"))
            if name is not None:
                found.append(Organisation(name, role, source))
        return tuple(found)

    def notes(self, parent: Fields) -> tuple[Fact, ...]:
        found = []
        for _, f in parent.items("notes", "note"):
            text, source = f.text("text"), self.cite(f, "source", required=False)
            f.finish(("text", "source"))
            if text is not None:
                found.append(Fact(text, source))
        return tuple(found)

    # --- findings and recommendations ---------------------------------------------------------

    def item_id(self, f: Fields, noun: str) -> str | None:
        item_id = f.slug("id")
        if item_id is None:
            return None
        line = f.at("id").line or 0
        if item_id in self.ids:
            f.error("id", f"id '{item_id}' is already used in this area (line {self.ids[item_id]})", hint="ids must be unique across findings, recommendations and follow-up items")
            return None
        self.ids[item_id] = line
        f.what = f"{noun} '{item_id}'"
        return item_id

    def themes(self, f: Fields) -> tuple[str, ...] | None:
        entries = f.texts("themes", required=True)
        node = f.value("themes", False)
        if isinstance(node, Sequence) and not node.items:
            f.error("themes", "'themes' must name at least one theme")
        result: list[str] = []
        for slug, pos in entries:
            if slug in result:
                f.errors.append(ContentError(pos, f"{f.what}: theme '{slug}' is listed twice"))
            else:
                self.references.append(Reference("theme", slug, pos, f.what))
                result.append(slug)
        return tuple(result) if result else None

    def findings(self, parent: Fields, follow_up: bool) -> tuple[Finding, ...]:
        found = []
        noun = "follow-up finding" if follow_up else "finding"
        for _, f in parent.items("findings", noun):
            values = (self.item_id(f, noun), f.choice("kind", FINDING_KINDS), f.text("text"), self.themes(f), self.cite(f, "source"))
            f.finish(FINDING_KEYS)
            if all(value is not None for value in values):
                found.append(Finding(*values, follow_up=follow_up, origin=f.at()))
        return tuple(found)

    def recommendations(self, parent: Fields, follow_up: bool) -> tuple[Recommendation, ...]:
        found = []
        default_basis = "follow-up" if follow_up else "report"
        noun = "follow-up recommendation" if follow_up else "recommendation"
        for _, f in parent.items("recommendations", noun):
            values = (self.item_id(f, noun), f.text("text"), self.themes(f), self.cite(f, "source"))
            basis = f.choice("basis", tuple(RECOMMENDATION_BASES), required=False) or default_basis
            note = f.text("note", required=False)
            f.finish(RECOMMENDATION_KEYS)
            if all(value is not None for value in values):
                found.append(Recommendation(*values, basis=basis, note=note, follow_up=follow_up, origin=f.at()))
        return tuple(found)

    def follow_up(self) -> FollowUp | None:
        f = self.section(self.fields, "follow_up")
        if f is None:
            return None
        review_type = f.text("review_type")
        published = self.published(self.section(f, "published", required=True, what="follow_up published"))
        sources = tuple(url for url, pos in f.texts("sources", required=True) if self.cited(f, url, pos))
        values = dict(
            review_type=review_type, published=published, sources=sources, summary=f.text("summary", required=False),
            findings=self.findings(f, follow_up=True), recommendations=self.recommendations(f, follow_up=True), notes=self.notes(f),
        )
        f.finish(FOLLOW_UP_KEYS)
        return FollowUp(**values) if review_type is not None and published is not None else None

    def cited(self, f: Fields, url: str, pos: SourcePos) -> bool:
        """Return True if `url` (one entry of a list) is a web address among the area's sources."""
        if not is_web_url(url):
            f.errors.append(ContentError(pos, f"{f.what}: '{url}' is not a valid web address"))
            return False
        if self.sources_valid and url not in self.source_urls:
            f.errors.append(ContentError(pos, f"{f.what}: the source {url} is not in this area's 'sources' list", hint=did_you_mean(url, self.source_urls)))
            return False
        return True
