"""Render /data/reviews.json: the whole content model, with the canonical URL of every item."""

from __future__ import annotations

import json
from collections.abc import Callable

from reviewsite.indexes import AreaItems, Indexes, ItemRef
from reviewsite.model import Area, Fact, Finding, FollowUp, Published, Site
from reviewsite.urls import area_url, public_url, theme_url


def render_data(site: Site, indexes: Indexes, fragments: dict[str, tuple[Area, str, bytes]] | None = None) -> bytes:
    """Return the JSON file: areas (in name order), themes and waves, UTF-8 encoded.

    `fragments` keeps each area's JSON between builds (slug -> (area, base URL, bytes)), so that
    one edited area costs one area's encoding.
    """
    base = site.config.base_url
    memo = fragments if fragments is not None else {}
    areas = [_fragment(area, indexes, base, memo) for area in site.areas]
    for slug in set(memo) - {area.slug for area in site.areas}:
        del memo[slug]
    themes = [{"slug": t.slug, "title": t.title, "group": t.group, "description": t.description, "url": _link(base, theme_url(t.slug))} for t in site.themes]
    waves = [{"slug": w.slug, "title": w.title, "description": w.description, "source": w.source} for w in site.config.waves]
    tail = '],"themes":' + _json(themes) + ',"waves":' + _json(waves) + "}\n"
    return b'{"areas":[' + b",".join(areas) + tail.encode("utf-8")


def render_area_data(area: Area, site: Site, indexes: Indexes, fragments: dict[str, tuple[Area, str, bytes]] | None = None) -> bytes:
    """Return one area's data as JSON: its object in reviews.json (shared with it through
    `fragments`, so each area is encoded once)."""
    return _fragment(area, indexes, site.config.base_url, fragments if fragments is not None else {}) + b"\n"


def _fragment(area: Area, indexes: Indexes, base: str, memo: dict[str, tuple[Area, str, bytes]]) -> bytes:
    known = memo.get(area.slug)
    if known is None or known[0] is not area or known[1] != base:
        known = memo[area.slug] = (area, base, _json(_area(area, indexes.areas[area.slug], lambda url: _link(base, url))).encode("utf-8"))
    return known[2]


def _link(base: str, url: str) -> str:
    return base + url if base else public_url(url)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _area(area: Area, numbered: AreaItems, link: Callable[[str], str]) -> dict:
    refs = {ref.item.id: ref for group in numbered.groups for ref in group.refs}
    data = {
        "slug": area.slug,
        "name": area.name,
        "url": link(area_url(area.slug)),
        "wave": area.wave,
        "published": _published(area.published),
        "programme_size": {"count": area.programme_size.count, "source": area.programme_size.source} if area.programme_size else None,
        "fieldwork": _fact(area.fieldwork),
        "review_team": _fact(area.review_team),
        "scope": {**dict(area.scope.counts), "source": area.scope.source, "note": area.scope.note},
        "organisations": [{"name": o.name, "role": o.role, "source": o.source} for o in area.organisations],
        "sources": [{"url": s.url, "title": s.title, "publisher": s.publisher, "date": s.date.isoformat() if s.date else None} for s in area.sources],
        "summary": area.summary.source,
        "findings": [_item(refs[f.id], link) for f in area.findings],
        "recommendations": [_item(refs[r.id], link) for r in area.recommendations],
        "notes": [_fact(note) for note in area.notes],
        "follow_up": _follow_up(area.follow_up, refs, link) if area.follow_up else None,
    }
    return data


def _follow_up(follow: FollowUp, refs: dict[str, ItemRef], link: Callable[[str], str]) -> dict:
    return {
        "review_type": follow.review_type,
        "published": _published(follow.published),
        "sources": list(follow.sources),
        "summary": follow.summary,
        "findings": [_item(refs[f.id], link) for f in follow.findings],
        "recommendations": [_item(refs[r.id], link) for r in follow.recommendations],
        "notes": [_fact(note) for note in follow.notes],
    }


def _item(ref: ItemRef, link: Callable[[str], str]) -> dict:
    """An item with the label the area page gives it ('Concern 3') and its canonical URL."""
    item = ref.item
    data: dict = {"id": item.id, "label": ref.label, "text": item.text, "kind": ref.kind}
    if not isinstance(item, Finding):
        data["basis"] = item.basis
        data["note"] = item.note
    data |= {"themes": list(item.themes), "source": item.source, "url": link(ref.url)}
    return data


def _published(value: Published) -> dict:
    return {"date": value.date.isoformat() if value.date else None, "note": value.note, "source": value.source}


def _fact(fact: Fact | None) -> dict | None:
    return {"text": fact.text, "source": fact.source} if fact is not None else None
