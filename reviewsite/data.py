"""Render /data/reviews.json, the whole content model with the canonical URL of every item, and
its JSON Schema (/data/reviews.schema.json)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

from reviewsite.indexes import AreaItems, Indexes, ItemRef
from reviewsite.model import SCOPE_COUNTS, Area, Fact, Finding, FollowUp, Published, Site
from reviewsite.urls import SCHEMA_URL, area_url, full_url, theme_url


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
    themes = [{"slug": t.slug, "title": t.title, "group": t.group, "description": t.description, "url": full_url(base, theme_url(t.slug))} for t in site.themes]
    waves = [{"slug": w.slug, "title": w.title, "description": w.description, "source": w.source} for w in site.config.waves]
    content_date = site.content_date()
    head = {"$schema": full_url(base, SCHEMA_URL), "title": site.config.title, "licence": _licence(site), "source": source_statement(site),
            "content_date": content_date.isoformat() if content_date else None}
    tail = '],"themes":' + _json(themes) + ',"waves":' + _json(waves) + "}\n"
    return (_json(head)[:-1] + ',"areas":[').encode("utf-8") + b",".join(areas) + tail.encode("utf-8")


def source_statement(site: Site) -> str:
    """Return where the data comes from, in one paragraph (reviews.json, the Data Package, SQLite)."""
    return (f"Compiled by {site.config.title} from public documents: each area lists the documents it cites (its sources), and every "
            "finding, recommendation, date and count names the one it comes from. Texts are our own summaries of those documents, "
            "not quotations; where a fact could not be confirmed, the data says so rather than guess.")


def _licence(site: Site) -> dict:
    licence = site.config.licence
    return {"name": licence.name, "url": licence.url, "text": licence.text}


def render_area_data(area: Area, site: Site, indexes: Indexes, fragments: dict[str, tuple[Area, str, bytes]] | None = None) -> bytes:
    """Return one area's data as JSON: its object in reviews.json (shared with it through
    `fragments`, so each area is encoded once)."""
    return _fragment(area, indexes, site.config.base_url, fragments if fragments is not None else {}) + b"\n"


def _fragment(area: Area, indexes: Indexes, base: str, memo: dict[str, tuple[Area, str, bytes]]) -> bytes:
    known = memo.get(area.slug)
    if known is None or known[0] is not area or known[1] != base:
        known = memo[area.slug] = (area, base, _json(_area(area, indexes.areas[area.slug], lambda url: full_url(base, url))).encode("utf-8"))
    return known[2]


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
        "updated": _date(area.updated),
        "programme_size": {"count": area.programme_size.count, "source": area.programme_size.source} if area.programme_size else None,
        "fieldwork": _fact(area.fieldwork),
        "review_team": _fact(area.review_team),
        "scope": {**dict(area.scope.counts), "source": area.scope.source, "note": area.scope.note},
        "organisations": [{"name": o.name, "role": o.role, "source": o.source} for o in area.organisations],
        "sources": [{"url": s.url, "title": s.title, "publisher": s.publisher, "date": _date(s.date)} for s in area.sources],
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
    return {"date": _date(value.date), "earliest": _date(value.earliest), "latest": _date(value.latest), "note": value.note, "source": value.source}


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _fact(fact: Fact | None) -> dict | None:
    return {"text": fact.text, "source": fact.source} if fact is not None else None


# --- the JSON Schema of reviews.json -----------------------------------------------------------


def render_schema(site: Site) -> bytes:
    """Return the JSON Schema (draft 2020-12) that reviews.json and every area's JSON file meet."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": full_url(site.config.base_url, SCHEMA_URL),
        "title": f"{site.config.title}: all reviews",
        "description": "reviews.json. Each area's file under /data/areas/ holds one object of 'areas' (see $defs/area).",
        **_object({
            "$schema": _string("The address of this schema."),
            "title": _string("The site's title."),
            "licence": _object({"name": _string("The licence's name."), "url": _string("The licence's address."), "text": _string("What it allows, in short.")}),
            "source": _string("Where the data comes from."),
            "content_date": _date_schema("When the content last changed: the newest 'updated' date of any area or page; null when none is recorded."),
            "areas": {"type": "array", "description": "Every area, in name order.", "items": {"$ref": "#/$defs/area"}},
            "themes": {"type": "array", "items": _object({"slug": _string("Id."), "title": _string(), "group": _string("The slug of its group."),
                                                          "description": _string(), "url": _string("Its page.")})},
            "waves": {"type": "array", "description": "In the order they were announced.",
                      "items": _object({"slug": _string(), "title": _string(), "description": _string(), "source": _string("URL.")})},
        }),
        "$defs": _definitions(),
    }
    return (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _definitions() -> dict:
    fact = {"oneOf": [{"type": "null"}, _object({"text": _string(), "source": _nullable("string", "URL of one of the area's sources.")})]}
    items = {"type": "array", "items": {"$ref": "#/$defs/item"}}
    notes = {"type": "array", "items": {"$ref": "#/$defs/fact"}}
    scope = {"type": "object", "required": ["source", "note"], "additionalProperties": False,
             "properties": {**{key: {"type": "integer", "minimum": 0} for key in SCOPE_COUNTS}, "source": _nullable("string"), "note": _nullable("string")}}
    return {
        "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "published": _object({"date": _date_schema("null when not known."), "earliest": _date_schema("Bounds when the date is not known."),
                              "latest": _date_schema(), "note": _nullable("string"), "source": _nullable("string")}),
        "fact": fact,
        "item": {"type": "object", "required": ["id", "label", "text", "kind", "themes", "source", "url"], "additionalProperties": False,
                 "description": "A finding (kind concern or strength) or a recommendation (kind recommendation or suggestion, with basis and note).",
                 "properties": {
                     "id": _string("Stable id, unique within the area."), "label": _string("How the area page lists it: 'Concern 3'."), "text": _string(),
                     "kind": {"enum": ["concern", "strength", "recommendation", "suggestion"]},
                     "basis": {"enum": ["report", "follow-up", "statement", "action-plan"]}, "note": _nullable("string"),
                     "themes": {"type": "array", "items": {"type": "string"}, "minItems": 1}, "source": _string("URL of one of the area's sources."),
                     "url": _string("The item's stable address.")}},
        "area": _object({
            "slug": _string("Stable id; the page is /areas/<slug>/."), "name": _string(), "url": _string(), "wave": _string("A wave's slug."),
            "published": {"$ref": "#/$defs/published"}, "updated": _date_schema("When our content for the area last changed."),
            "programme_size": {"oneOf": [{"type": "null"}, _object({"count": {"type": "integer"}, "source": _string()})]},
            "fieldwork": {"$ref": "#/$defs/fact"}, "review_team": {"$ref": "#/$defs/fact"}, "scope": scope,
            "organisations": {"type": "array", "items": _object({"name": _string(), "role": _nullable("string"), "source": _nullable("string")})},
            "sources": {"type": "array", "minItems": 1, "items": _object({"url": _string(), "title": _string(), "publisher": _string(), "date": _date_schema()})},
            "summary": _string("Markdown."), "findings": items, "recommendations": items, "notes": notes,
            "follow_up": {"oneOf": [{"type": "null"}, _object({
                "review_type": _string(), "published": {"$ref": "#/$defs/published"}, "sources": {"type": "array", "items": {"type": "string"}},
                "summary": _nullable("string"), "findings": items, "recommendations": items, "notes": notes})]},
        }),
    }


def _object(properties: dict) -> dict:
    """A JSON object with exactly these keys, all of them present."""
    return {"type": "object", "required": list(properties), "additionalProperties": False, "properties": properties}


def _string(description: str = "") -> dict:
    return {"type": "string", **({"description": description} if description else {})}


def _nullable(kind: str, description: str = "") -> dict:
    return {"type": [kind, "null"], **({"description": description} if description else {})}


def _date_schema(description: str = "") -> dict:
    return {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/date"}], **({"description": description} if description else {})}
