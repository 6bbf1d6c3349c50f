"""Hypothesis strategies for one area file of the minimal fixture (`content/areas/beta.md`).

`area_files()` writes files the schema accepts, full of hostile text, and remembers every item
and the line of every field. `broken_area_files()` takes such a file and breaks exactly one
field, and says which error that field must get: its line and what the message names.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hypothesis import strategies as st

THEMES = ("leadership", "discharge", "workforce")  # the fixture's themes
SOURCES = ("https://example.org/source-1", "https://example.org/source-2", "https://example.org/source-3")
WAVES = ("first", "second")
FIRST_DAY, LAST_DAY = datetime.date(2017, 1, 1), datetime.date(2020, 12, 31)  # the fixture's span

# Markup, entities, template syntax and Markdown, all of it text the schema accepts.
FRAGMENTS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "JaVaScRiPt:", "&#106;", "&amp;",
             "data:text/html,x", "<https://x.org>", "# ", "## ", "---", "- ", "* ", "> ", "`", "|a|b|", "é", "Môn", "{{ x }}",
             "{% if %}", ": ", " #", "'", '"', "\\", "</title>", "<!--", "]]>"]
# No control or format characters (the schema refuses them), and in Markdown no brackets or
# braces: with them, random text could write a link to a page that does not exist, or a
# heading id, and a valid file must build.
_CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs", "Cf"))
_PROSE_CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs", "Cf"), blacklist_characters="[]{}<>#!")
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(_CHARACTERS, max_size=8)), min_size=1, max_size=5).map(lambda parts: "".join(parts).strip() or "x")
# Markdown without level-1 headings (the page title is the only one).
_PROSE_FRAGMENTS = [fragment for fragment in FRAGMENTS if fragment not in ("# ", " #")] + ["\n\n", "[the matrix](/matrix/)", "[a plan](/areas/alpha/#rec-joint-plan)"]
BODY = st.lists(st.one_of(st.sampled_from(_PROSE_FRAGMENTS),
                          st.text(_PROSE_CHARACTERS, max_size=8)), min_size=1, max_size=8).map(lambda parts: "".join(parts).strip() or "x")
# Fourteen distinct item ids, enough for every item a file may hold.
IDS = st.lists(st.sampled_from(["a", "gp-access", "discharge", "x1", "long-waits-2018", "rec", "finding"]), min_size=14, max_size=14).map(
    lambda words: [f"{word}-{number}" for number, word in enumerate(words)])
DATES = st.dates(FIRST_DAY, LAST_DAY)
THEME_LISTS = st.lists(st.sampled_from(THEMES), min_size=1, max_size=3, unique=True)
BASES = (None, "report", "follow-up", "statement", "action-plan")


@dataclass(frozen=True)
class Item:
    """A finding or recommendation as written, and how the site must count it."""

    id: str
    counted_as: str  # concern, strength, recommendation (the review's own words) or suggestion
    text: str
    themes: tuple[str, ...]
    follow_up: bool

    @property
    def anchor(self) -> str:
        """The item's id on its area page, by the URL contract (see README.md)."""
        return f"finding-{self.id}" if self.counted_as in ("concern", "strength") else f"rec-{self.id}"


@dataclass(frozen=True)
class AreaFile:
    """A generated area file: its text, what it holds, and the line of each field by path
    (`name`, `published.date`, `findings.0.kind`, `follow_up.recommendations.1.id`)."""

    lines: tuple[str, ...]
    name: str
    items: tuple[Item, ...]
    where: dict[str, int]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass(frozen=True)
class BrokenFile:
    """An area file broken in one field: the one error it must get is at `line` and its
    message contains `names` (the field, or the value written in it)."""

    text: str
    breakage: str
    line: int
    names: str


def quoted(text: str) -> str:
    """Return `text` as a YAML double-quoted scalar with every character outside printable
    ASCII escaped, so that YAML reads back exactly `text`."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


class _Writer:
    """Collects lines of YAML and the line of each field."""

    def __init__(self) -> None:
        self.lines = ["---"]
        self.where: dict[str, int] = {}

    def add(self, path: str | None, line: str) -> None:
        self.lines.append(line)
        if path is not None:
            self.where[path] = len(self.lines)


@st.composite
def area_files(draw) -> AreaFile:
    """A valid area file, with hostile text in every free-text field and in its summary."""
    out = _Writer()
    name = draw(TEXT)
    sources = SOURCES[: draw(st.integers(1, len(SOURCES)))]
    cite = st.sampled_from(sources)
    out.add("name", f"name: {quoted(name)}")
    out.add("wave", f"wave: {draw(st.sampled_from(WAVES))}")
    _published(draw, out, "published", "", cite)
    for key in ("fieldwork", "review_team"):
        if draw(st.booleans()):
            out.add(key, f"{key}:")
            out.add(f"{key}.text", f"  text: {quoted(draw(TEXT))}")
            out.add(f"{key}.source", f"  source: {draw(cite)}")
    if draw(st.booleans()):
        out.add("scope", "scope:")
        out.add("scope.care_homes", f"  care_homes: {draw(st.integers(0, 10**6))}")
        out.add("scope.source", f"  source: {draw(cite)}")
    out.add("sources", "sources:")
    for number, url in enumerate(sources):
        out.add(f"sources.{number}.url", f"  - url: {url}")
        out.add(f"sources.{number}.title", f"    title: {quoted(draw(TEXT))}")
        out.add(f"sources.{number}.publisher", f"    publisher: {quoted(draw(TEXT))}")
    ids = iter(draw(IDS))
    items = _items(draw, out, "", ids, cite, follow_up=False, empty="[]")
    if draw(st.booleans()):
        out.add("follow_up", "follow_up:")
        out.add("follow_up.review_type", f"  review_type: {quoted(draw(TEXT))}")
        _published(draw, out, "follow_up.published", "  ", cite)
        out.add("follow_up.sources", "  sources:")
        out.add("follow_up.sources.0", f"    - {draw(cite)}")
        items += _items(draw, out, "follow_up.", ids, cite, follow_up=True, empty=None)
    for number, note in enumerate(draw(st.lists(TEXT, max_size=2))):
        if number == 0:
            out.add("notes", "notes:")
        out.add(f"notes.{number}.text", f"  - text: {quoted(note)}")
    out.add(None, "---")
    out.add(None, draw(BODY))
    return AreaFile(tuple(out.lines), name, tuple(items), out.where)


def _published(draw, out: _Writer, path: str, indent: str, cite) -> None:
    out.add(path, f"{indent}{path.rpartition('.')[2]}:")
    date = draw(st.one_of(st.none(), DATES))
    out.add(f"{path}.date", f"{indent}  date: {'not known' if date is None else date.isoformat()}")
    if date is None or draw(st.booleans()):
        out.add(f"{path}.note", f"{indent}  note: {quoted(draw(TEXT))}")
    out.add(f"{path}.source", f"{indent}  source: {draw(cite)}")


def _items(draw, out: _Writer, prefix: str, ids, cite, follow_up: bool, empty: str | None) -> list[Item]:
    """Write findings and recommendations under `prefix`; return them as the site must count them."""
    indent = "  " if follow_up else ""
    items = []
    for key, most in (("findings", 3), ("recommendations", 3)):
        count = draw(st.integers(0, most))
        if not count:
            if empty is not None:
                out.add(f"{prefix}{key}", f"{indent}{key}: {empty}")
            continue
        out.add(f"{prefix}{key}", f"{indent}{key}:")
        for number in range(count):
            path, item_id, text, themes = f"{prefix}{key}.{number}", next(ids), draw(TEXT), draw(THEME_LISTS)
            out.add(f"{path}.id", f"{indent}  - id: {item_id}")
            if key == "findings":
                counted_as = draw(st.sampled_from(("concern", "strength")))
                out.add(f"{path}.kind", f"{indent}    kind: {counted_as}")
            out.add(f"{path}.text", f"{indent}    text: {quoted(text)}")
            out.add(f"{path}.themes", f"{indent}    themes: [{', '.join(themes)}]")
            out.add(f"{path}.source", f"{indent}    source: {draw(cite)}")
            if key == "recommendations":
                basis = draw(st.sampled_from(BASES))
                if basis is not None:
                    out.add(f"{path}.basis", f"{indent}    basis: {basis}")
                if draw(st.booleans()):
                    out.add(f"{path}.note", f"{indent}    note: {quoted(draw(TEXT))}")
                counted_as = "suggestion" if basis in ("statement", "action-plan") else "recommendation"
            items.append(Item(item_id, counted_as, text, tuple(themes), follow_up))
    return items


# Each way to break one field: the fields it applies to (a path suffix), the new value, and
# what the error's message must contain.
_REWRITES = {
    "kind": (".kind", "concerned", "'concerned' is not a known kind"),
    "theme": (".themes", "[staffing]", "unknown theme 'staffing'"),
    "citation": (".source", "https://example.org/unlisted", "the source https://example.org/unlisted is not in this area's 'sources' list"),
    "id": (".id", "Not An Id", "'Not An Id' is not a valid id"),
    "date": ("published.date", "2018-02-30", "'2018-02-30' is not a real date"),
    "span": ("published.date", "2031-05-01", "2031-05-01 is outside the span the site covers"),
    "wave": ("wave", "fist", "'fist' is not a known wave"),
    "empty text": (".text", '""', "'text' is empty"),
    "control character": (".text", '"a\\ab"', "'text' contains an invisible control character (U+0007)"),
    "comment": ("name", "Beta #2", "'name' stops at ' #'"),
    "count": ("care_homes", "-3", "'care_homes' must be a whole number of zero or more, not '-3'"),
}


@st.composite
def broken_area_files(draw) -> BrokenFile:
    """A valid area file with exactly one field broken."""
    area = draw(area_files())
    choices = [name for name, (suffix, _, _) in _REWRITES.items() if any(path.endswith(suffix) for path in area.where)]
    choices += ["unknown key", "missing name"] + (["duplicate id"] if len(area.items) > 1 else [])
    breakage = draw(st.sampled_from(sorted(choices)))
    lines = list(area.lines)
    if breakage == "unknown key":
        lines.insert(2, "summary: A summary belongs under the front matter.")
        return BrokenFile("\n".join(lines) + "\n", breakage, 3, "unknown key 'summary'")
    if breakage == "missing name":
        del lines[area.where["name"] - 1]
        return BrokenFile("\n".join(lines) + "\n", breakage, 2, "required key 'name' is missing")
    if breakage == "duplicate id":
        first, second = sorted((line for path, line in area.where.items() if path.endswith(".id")))[:2]
        lines[second - 1] = lines[second - 1].rpartition(" ")[0] + " " + lines[first - 1].rpartition(" ")[2]
        return BrokenFile("\n".join(lines) + "\n", breakage, second, f"is already used in this area (line {first})")
    suffix, value, names = _REWRITES[breakage]
    line = draw(st.sampled_from(sorted(line for path, line in area.where.items() if path.endswith(suffix))))
    key = lines[line - 1].partition(":")[0]
    lines[line - 1] = f"{key}: {value}"
    return BrokenFile("\n".join(lines) + "\n", breakage, line, names)
