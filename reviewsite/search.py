"""What the site's search finds: one record per finding and recommendation, and one per page of prose.

Pagefind (see `search_index`) indexes these records, not the rendered pages, so that each item is
a result of its own whose link lands on the item's anchor on its area page
(`/areas/york/#finding-past-mistrust`), with the area, the kind and the themes to filter by.
Records hold plain text only: the search page sets every piece of it as text, never as HTML.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from reviewsite.indexes import NOUNS, AreaItems, Indexes, ItemRef
from reviewsite.markdown import Prose
from reviewsite.model import Site
from reviewsite.urls import page_url, public_url, theme_url
from reviewsite.values import Value

# The kinds a search can be narrowed to, as (filter value, label), in the order the form lists them.
KIND_FILTERS = (
    ("concern", "Concerns"),
    ("strength", "Strengths"),
    ("recommendation", "Recommendations"),
    ("suggestion", "Other suggestions"),
    ("page", "Pages about an area, a theme or the reviews"),
)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class SearchRecord(Value):
    """One search result: where it leads (a public URL, with the item's #anchor), its plain text,
    what the result says about it (`meta`: title, area, kind, themes) and the values it is
    filtered by (`filters`: area and theme slugs, and its kind)."""

    url: str
    content: str
    meta: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]


def search_records(site: Site, indexes: Indexes, memo: dict | None = None) -> tuple[tuple[SearchRecord, ...], str]:
    """Return every record the search index holds, in a fixed order (each area's summary and
    items, areas in name order, then theme pages and prose pages), and a digest of them all.

    `memo` keeps each area's records between builds while the area and the theme titles are the same.
    """
    memo = memo if memo is not None else {}
    titles = {summary.theme.slug: summary.theme.title for summary in indexes.themes}
    fresh = {}
    records: list[SearchRecord] = []
    digest = hashlib.blake2b(digest_size=16)
    for items in indexes.ordered:
        known = memo.get(items.area.slug)
        if known is None or known[0] is not items or known[1] != titles:
            area_records = _area_records(items, titles)
            known = (items, titles, area_records, hashlib.blake2b(repr(area_records).encode("utf-8"), digest_size=16).digest())
        fresh[items.area.slug] = known
        records += known[2]
        digest.update(known[3])
    memo.clear()
    memo.update(fresh)
    rest = [_theme_record(summary.theme.slug, summary.theme.title, summary.theme.description) for summary in indexes.themes]
    rest += [_page_record(page.slug, page.title if page.slug != "home" else site.config.title, page.body) for page in site.pages]
    digest.update(repr(rest).encode("utf-8"))
    return (*records, *rest), digest.hexdigest()


def _area_records(items: AreaItems, titles: dict[str, str]) -> tuple[SearchRecord, ...]:
    area = items.area
    summary = SearchRecord(public_url(items.url), plain_text(area.summary),
                           (("title", area.name), ("area", area.name), ("kind", "Area")),
                           (("area", (area.slug,)), ("kind", ("page",))))
    return (summary, *(_item_record(ref, titles) for group in items.groups for ref in group.refs))


def _item_record(ref: ItemRef, titles: dict[str, str]) -> SearchRecord:
    """A finding or recommendation: its text (and the note on where advice comes from, which its
    area page shows with it), leading to its anchor."""
    item = ref.item
    note = getattr(item, "note", None) if ref.shows_basis else None
    content = _one_line(f"{item.text} {note}" if note else item.text)
    kind = NOUNS[ref.kind][0]
    kind = f"Follow-up {kind}" if ref.follow_up else kind[0].upper() + kind[1:]
    meta = (("title", f"{ref.area.name}: {ref.label}"), ("area", ref.area.name), ("kind", kind),
            ("themes", ", ".join(titles.get(slug, slug) for slug in item.themes)))
    filters = (("area", (ref.area.slug,)), ("theme", tuple(item.themes)), ("kind", (ref.kind,)))
    return SearchRecord(public_url(ref.url), content, meta, filters)


def _theme_record(slug: str, title: str, description: str) -> SearchRecord:
    return SearchRecord(public_url(theme_url(slug)), _one_line(description), (("title", title), ("kind", "Theme")),
                        (("theme", (slug,)), ("kind", ("page",))))


def _page_record(slug: str, title: str, body: Prose) -> SearchRecord:
    return SearchRecord(public_url(page_url(slug)), plain_text(body), (("title", title), ("kind", "Page")), (("kind", ("page",)),))


def plain_text(prose: Prose) -> str:
    """Return the words of a compiled Markdown text, without markup, on one line."""
    return _one_line(html.unescape(_TAG.sub("", "".join(prose.parts[0::2]))))  # blocks end in line breaks


def _one_line(text: str) -> str:
    return " ".join(text.split())  # runs of whitespace (str.isspace, as regular expressions' \s) to one space


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a filter on the search page: the value its URL carries, and its label."""

    value: str
    label: str


def search_view(indexes: Indexes) -> dict:
    """Return what the search page prints: the filters' options (areas A to Z, themes by group, kinds)."""
    return {
        "areas": _choices((items.area.slug, items.area.name) for items in indexes.ordered),
        "theme_groups": tuple((group.title, _choices((summary.theme.slug, summary.theme.title) for summary in summaries))
                              for group, summaries in indexes.groups if summaries),
        "kinds": _choices(KIND_FILTERS),
    }


def _choices(pairs: Iterable[tuple[str, str]]) -> tuple[Choice, ...]:
    return tuple(Choice(value, label) for value, label in pairs)
