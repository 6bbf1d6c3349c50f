"""The Atom feed (RFC 4287) of reviews and follow-ups, newest first: `reviews.atom`.

An entry's `<updated>` is the date its report was published. Where the sources do not confirm
that date, the entry carries the latest date they allow (the date by which the report was
certainly out) and its summary says so; a publication with no such bound is left out of the
feed, and the home page, which links the feed, names it. Nothing here reads the clock: the
feed's own `<updated>` is the site's content date (when no file has a date, its newest entry's, or
else the start of the site's span of dates).

Entry ids are `urn:uuid:` names made from the entry's public URL without the site's address, so
they stay the same when the site moves (RFC 4287 4.2.6). Links are absolute when the site's
address is known; otherwise they are relative, which Atom allows: a reader resolves them against
the feed's own address, and the feed sits at the site's root.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import escape

from reviewsite.figures import date_words
from reviewsite.indexes import AreaItems, Indexes
from reviewsite.model import Published, Site
from reviewsite.urls import FEED_URL, HOME_URL, public_url, relative_href

# This generator's namespace for feed ids: never change it, or every reader sees every entry anew.
ID_NAMESPACE = uuid.UUID("22fa73a5-62f1-42d7-9900-8fd46542d091")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One publication: a review or a follow-up. `published` is set only when the date is confirmed."""

    url: str  # the site URL the entry links to, and names its id
    title: str
    updated: datetime.date
    published: datetime.date | None
    summary: str


@dataclass(frozen=True, slots=True)
class Feed:
    """The feed's entries, newest first, and the publications left out for want of a date."""

    entries: tuple[FeedEntry, ...]
    left_out: tuple[str, ...]  # 'East Sussex review', 'York follow-up'


def feed_of(indexes: Indexes) -> Feed:
    """Return every review and follow-up that has a date, or a latest date, to be listed by."""
    entries, left_out = [], []
    for items in indexes.ordered:
        area = items.area
        kinds = [("review", area.published, items.url)]
        if area.follow_up is not None:
            kinds.append(("follow-up", area.follow_up.published, items.follow_up_url))
        for kind, published, url in kinds:
            entry = _entry(items, kind, published, url)
            if entry is None:
                left_out.append(f"{area.name} {kind}")
            else:
                entries.append(entry)
    entries.sort(key=lambda entry: (-entry.updated.toordinal(), entry.title))
    return Feed(tuple(entries), tuple(left_out))


def _entry(items: AreaItems, kind: str, published: Published, url: str) -> FeedEntry | None:
    updated = published.date or published.latest
    if updated is None:
        return None
    name = items.area.name
    title = f"{name}: local system review" if kind == "review" else f"{name}: follow-up review"
    words = date_words(published)
    sentences = [words[:1].upper() + words[1:] + "."]
    if published.date is None:
        sentences.append(f"This entry is dated {_day(updated)}, the latest date the sources allow.")
        if published.note:
            sentences.append(published.note)
    sentences.append(_counts(items, follow_up=kind == "follow-up"))
    return FeedEntry(url, title, updated, published.date, " ".join(sentences))


def _counts(items: AreaItems, follow_up: bool) -> str:
    groups = [f"{len(group.refs)} {group.noun}" for group in items.groups if group.follow_up == follow_up]
    if not groups:
        return "No findings or recommendations from it are recorded on this site."
    return "Recorded on this site: " + ", ".join(groups) + "."


def _day(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


def render_feed(site: Site, feed: Feed) -> bytes:
    """Return the feed as UTF-8 XML."""
    config = site.config
    base = config.base_url
    updated = site.content_date() or (feed.entries[0].updated if feed.entries else config.earliest_date)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
        f"  <id>{_id(FEED_URL)}</id>",
        f"  <title>{escape(config.title)}: reviews and follow-ups</title>",
        f"  <subtitle>{escape(config.description)}</subtitle>",
        f"  <updated>{_timestamp(updated)}</updated>",
        f"  <author><name>{escape(config.title)}</name>{f'<uri>{escape(base)}</uri>' if base else ''}</author>",
        f'  <link rel="alternate" type="text/html" href="{_href(base, HOME_URL)}"/>',
        *([f'  <link rel="self" type="application/atom+xml" href="{escape(base + FEED_URL)}"/>'] if base else []),
        f"  <rights>{escape(config.licence.name)}</rights>",
        *(_entry_xml(entry, base) for entry in feed.entries),
        "</feed>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _entry_xml(entry: FeedEntry, base: str) -> str:
    published = f"\n    <published>{_timestamp(entry.published)}</published>" if entry.published else ""
    return (f"  <entry>\n    <id>{_id(entry.url)}</id>\n    <title>{escape(entry.title)}</title>\n"
            f'    <link rel="alternate" type="text/html" href="{_href(base, entry.url)}"/>\n'
            f"    <updated>{_timestamp(entry.updated)}</updated>{published}\n"
            f"    <summary>{escape(entry.summary)}</summary>\n  </entry>")


def _id(url: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, public_url(url))}"


def _href(base: str, url: str) -> str:
    return str(escape(base + url if base else relative_href(PurePosixPath(FEED_URL), url)))


def _timestamp(date: datetime.date) -> str:
    """Return an RFC 3339 date-time for a day (Atom's dates need a time): its start, in UTC."""
    return f"{date.isoformat()}T00:00:00Z"
