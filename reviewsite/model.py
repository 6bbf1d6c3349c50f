"""The content model: frozen data classes built once by `validate` and read by everything after."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from reviewsite.errors import SourcePos
from reviewsite.markdown import Prose
from reviewsite.values import Value

FINDING_KINDS = ("concern", "strength")

SCOPE_COUNTS = {
    "care_homes": "Care homes",
    "homecare_agencies": "Homecare agencies",
    "gp_practices": "GP practices",
    "records_reviewed": "Care records reviewed",
    "services_visited": "Services visited",
}

SCOPE_NOUNS = {
    "care_homes": "care homes",
    "homecare_agencies": "homecare agencies",
    "gp_practices": "GP practices",
    "records_reviewed": "care records reviewed",
    "services_visited": "services visited",
}

RECOMMENDATION_BASES = {
    "report": "From the review report",
    "follow-up": "From the follow-up review",
    "statement": "From CQC's public statement, not the report's list",
    "action-plan": "From the area's own action plan, not CQC's wording",
}


@dataclass(frozen=True, slots=True)
class Reference(Value):
    """A value in one file that names something defined in another (a theme, a wave) or must
    fall in the site's span of dates; checked once every file is compiled."""

    kind: str  # "theme", "wave", "date", or "tile" (its place must not be another area's)
    value: str
    pos: SourcePos
    what: str  # how messages name the holder: "finding 'discharge-delays'"


@dataclass(frozen=True, slots=True)
class Source(Value):
    """A public document an area cites."""

    url: str
    title: str
    publisher: str
    date: datetime.date | None


@dataclass(frozen=True, slots=True)
class Published(Value):
    """A publication date, or the honest statement that it is not known (`date` None, `note` says more)."""

    date: datetime.date | None
    note: str | None
    source: str | None
    # When the date is not known: the bounds the sources give (None where they give none).
    earliest: datetime.date | None = None
    latest: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class Fact(Value):
    """A short sourced statement, such as when fieldwork took place."""

    text: str
    source: str | None


@dataclass(frozen=True, slots=True)
class ProgrammeSize(Value):
    """How many reviews CQC said the programme had when this report came out."""

    count: int
    source: str


@dataclass(frozen=True, slots=True)
class Scope(Value):
    """What a review looked at: named counts (in SCOPE_COUNTS order), their source and a note."""

    counts: tuple[tuple[str, int], ...]
    source: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Organisation(Value):
    name: str
    role: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Finding(Value):
    """What a review found; `id` is the author's stable anchor, never derived from `text`."""

    id: str
    kind: str
    text: str
    themes: tuple[str, ...]
    source: str
    follow_up: bool
    origin: SourcePos


@dataclass(frozen=True, slots=True)
class Recommendation(Value):
    """What a review suggested; `basis` says where the wording comes from (RECOMMENDATION_BASES)."""

    id: str
    text: str
    themes: tuple[str, ...]
    source: str
    basis: str
    note: str | None
    follow_up: bool
    origin: SourcePos


Item = Finding | Recommendation


@dataclass(frozen=True, slots=True)
class FollowUp(Value):
    """A later progress review of the same area."""

    review_type: str
    published: Published
    sources: tuple[str, ...]
    summary: str | None
    findings: tuple[Finding, ...]
    recommendations: tuple[Recommendation, ...]
    notes: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class MapTile(Value):
    """An area's place on the site's tile map: a column counted from the west and a row from the
    north (both from 0), and a label of one to four capitals or digits."""

    column: int
    row: int
    label: str


@dataclass(frozen=True, slots=True)
class Area(Value):
    """One reviewed local authority area: the facts of its review, each with a source."""

    slug: str
    name: str
    wave: str
    published: Published
    programme_size: ProgrammeSize | None
    fieldwork: Fact | None
    review_team: Fact | None
    scope: Scope
    organisations: tuple[Organisation, ...]
    sources: tuple[Source, ...]
    findings: tuple[Finding, ...]
    recommendations: tuple[Recommendation, ...]
    follow_up: FollowUp | None
    notes: tuple[Fact, ...]
    summary: Prose
    references: tuple[Reference, ...]
    origin: SourcePos
    tile: MapTile | None = None
    updated: datetime.date | None = None  # when this area's content last changed (front matter `updated`)

    def items(self) -> tuple[Item, ...]:
        """Return every finding and recommendation, the follow-up's included, in page order."""
        items: tuple[Item, ...] = self.findings + self.recommendations
        if self.follow_up is not None:
            items += self.follow_up.findings + self.follow_up.recommendations
        return items


@dataclass(frozen=True, slots=True)
class ThemeGroup(Value):
    slug: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Theme(Value):
    slug: str
    title: str
    description: str
    group: str
    origin: SourcePos


@dataclass(frozen=True, slots=True)
class Wave(Value):
    slug: str
    title: str
    description: str
    source: str


@dataclass(frozen=True, slots=True)
class Licence(Value):
    name: str
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class SiteConfig(Value):
    title: str
    description: str
    base_url: str
    earliest_date: datetime.date
    latest_date: datetime.date
    licence: Licence
    waves: tuple[Wave, ...]
    feedback_url: str = ""  # where readers report problems (the accessibility statement links it); "" when there is none


@dataclass(frozen=True, slots=True)
class Page(Value):
    """A prose page from `content/pages/`."""

    slug: str
    title: str
    description: str
    body: Prose
    origin: SourcePos
    updated: datetime.date | None = None  # when this page's content last changed (front matter `updated`)


@dataclass(frozen=True, slots=True)
class Redirect(Value):
    """An old public URL (page or page#anchor) and the URL that replaces it, or, when `new` is
    None, the note that tells readers why it was removed."""

    old: str
    new: str | None
    note: str | None
    origin: SourcePos


@dataclass(frozen=True, slots=True)
class Forward(Value):
    """Where an old #anchor now leads (a site URL), or None and a note when it was removed."""

    anchor: str
    to: str | None
    note: str | None
    origin: SourcePos


@dataclass(frozen=True, slots=True)
class RetiredPage(Value):
    """A published page that is no longer built: where it moved, or why it was removed."""

    to: str | None
    note: str | None
    anchors: tuple[Forward, ...]
    origin: SourcePos


@dataclass(frozen=True, slots=True)
class RedirectPlan(Value):
    """What the renderer adds so that every published URL and anchor keeps working.

    Keys are site URLs (`areas/york/`). `pages`: retired pages, each rendered as a small page at
    its old address. `aliases`: on a live page, {new anchor: old anchors} that now point at it.
    `moved`: on a live page, old anchors whose items moved elsewhere or were removed.
    """

    pages: dict[str, RetiredPage] = field(default_factory=dict)
    aliases: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    moved: dict[str, tuple[Forward, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Site(Value):
    """The whole validated site, areas sorted by name."""

    config: SiteConfig
    groups: tuple[ThemeGroup, ...]
    themes: tuple[Theme, ...]
    areas: tuple[Area, ...]
    pages: tuple[Page, ...]
    redirects: tuple[Redirect, ...]
    ledger: dict[str, int] | None  # published URL -> line in the ledger file; None if no ledger

    def content_date(self) -> datetime.date | None:
        """Return when the content last changed: the newest `updated` date of any area or page."""
        dates = [item.updated for item in (*self.areas, *self.pages) if item.updated is not None]
        return max(dates, default=None)
