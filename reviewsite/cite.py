"""Citations of an area's page and of each of its findings and recommendations: a plain-text
reference in a Harvard-like style, and the same as RIS records for reference managers.

A citation names the site, the item and its area, its stable address (with the item's
#anchor), the date our content last changed (the area's `updated` date, or the site's content
date when the area has none; never the clock) and the original source with its date.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass

from reviewsite.indexes import NOUNS, AreaItems, ItemRef
from reviewsite.model import SiteConfig, Source
from reviewsite.render import long_date
from reviewsite.urls import full_url


@dataclass(frozen=True, slots=True)
class Citation:
    """One citable thing: `anchor` is its id on the area page ('' for the page itself)."""

    anchor: str
    label: str  # how the area page names it: 'Concern 3', or the area's name
    title: str
    url: str  # absolute when the site's address is known, else the public URL (/areas/york/#rec-x)
    site_url: str  # the same as a site URL, for links
    date: datetime.date | None
    source: Source | None
    before: str  # the reference is before + url + after
    after: str

    @property
    def text(self) -> str:
        """Return the plain-text reference."""
        return self.before + self.url + self.after


def cite_area(items: AreaItems, config: SiteConfig, fallback: datetime.date | None) -> tuple[Citation, ...]:
    """Return the citation of the area's page, then one per item in page order.

    `fallback` is the site's content date, used when the area has no `updated` date.
    """
    area = items.area
    date = area.updated or fallback
    sources = {source.url: source for source in area.sources}
    page_source = sources.get(area.published.source or "") or area.sources[0]
    citations = [_citation("", area.name, page_title_of(area.name), items.url, date, page_source, config)]
    for ref in (ref for group in items.groups for ref in group.refs):
        citations.append(_citation(ref.anchor, ref.label, item_title(ref), ref.url, date, sources.get(ref.item.source), config))
    return tuple(citations)


def cite_data(config: SiteConfig, content_date: datetime.date | None, url: str) -> Citation:
    """Return the citation of the open data as a whole (`url` is the /data/ page's site URL)."""
    citation = _citation("", "Open data", "Open data: local system reviews", url, content_date, None, config)
    return dataclasses.replace(citation, after=citation.after + f" Licence: {config.licence.name}.")


def page_title_of(area_name: str) -> str:
    """Return the title an area's page is cited by: 'York: local system review'."""
    return f"{area_name}: local system review"


def item_title(ref: ItemRef) -> str:
    """Return the title an item is cited by: 'York, concern: People waited too long to leave hospital'."""
    noun = NOUNS[ref.kind][0]
    return f"{ref.area.name}, {'follow-up ' if ref.follow_up else ''}{noun}: {_one_line(ref.item.text).rstrip('.')}"


def _citation(anchor: str, label: str, title: str, site_url: str, date: datetime.date | None, source: Source | None, config: SiteConfig) -> Citation:
    before = f"{config.title} ({date.year if date else 'n.d.'}) ‘{title}’."
    if date is not None:
        before += f" Last changed {long_date(date)}."
    after = "." + (f" Original source: {original_source(source)}" if source is not None else "")
    url = full_url(config.base_url, site_url)
    return Citation(anchor, label, title, url, site_url, date, source, before + " Available at: ", after)


def original_source(source: Source) -> str:
    """Return a source as a reference: 'Care Quality Commission (2017) Title, 10 November 2017. Available at: URL.'"""
    when = f" ({source.date.year})" if source.date else " (n.d.)"
    day = f", {long_date(source.date)}" if source.date else ""
    return f"{source.publisher}{when} {_one_line(source.title).rstrip('.')}{day}. Available at: {source.url}."


def render_ris(citations: tuple[Citation, ...], config: SiteConfig) -> bytes:
    """Return the citations as RIS records (one per citation, web pages), UTF-8 with CRLF line ends."""
    lines: list[str] = []
    for citation in citations:
        lines += ["TY  - ELEC", f"TI  - {citation.title}", f"T2  - {config.title}"]
        if citation.date is not None:
            lines += [f"PY  - {citation.date.year}", f"DA  - {citation.date:%Y/%m/%d}/"]
        lines += [f"UR  - {citation.url}", "LA  - en-GB"]
        if citation.source is not None:
            lines.append(f"N1  - Original source: {original_source(citation.source)}")
        lines += ["ER  - ", ""]
    return "\r\n".join(lines).encode("utf-8")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
