"""Put the compiled files together into the validated `Site`, checking what crosses files.

Each file is compiled on its own (see `compile`); here the areas' references to themes, waves
and the site's span of dates are checked, and area names must be distinct.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from reviewsite.compile import Compiled
from reviewsite.errors import BuildFailed, ContentError, SourcePos, did_you_mean
from reviewsite.model import Area, Page, Site, SiteConfig


def assemble_site(compiled: Iterable[Compiled], load_errors: Iterable[ContentError] = ()) -> Site:
    """Return the validated site; raise BuildFailed with every error in every file."""
    units = list(compiled)
    errors = list(load_errors)
    for unit in units:
        errors.extend(unit.errors)
    by_kind = {unit.kind: unit.value for unit in units if unit.kind not in ("area", "page")}
    config: SiteConfig | None = by_kind.get("site")
    themes_read = by_kind.get("themes")
    groups, themes = themes_read if themes_read is not None else ((), ())
    areas: list[Area] = [unit.value.area for unit in units if unit.kind == "area" and unit.value is not None]
    pages: list[Page] = [unit.value for unit in units if unit.kind == "page" and unit.value is not None]
    theme_slugs = frozenset(theme.slug for theme in themes) if themes_read is not None else None
    for area in areas:
        errors.extend(check_references(area, config, theme_slugs))
    errors.extend(_check_unique_names(areas))
    errors.extend(_check_tiles(areas))
    if errors:
        raise BuildFailed(errors)
    assert config is not None
    areas.sort(key=lambda area: (area.name.casefold(), area.slug))
    redirects = by_kind.get("redirects") or ()
    return Site(config, groups, themes, tuple(areas), tuple(pages), redirects, by_kind.get("ledger"))


def check_references(area: Area, config: SiteConfig | None, themes: frozenset[str] | None) -> list[ContentError]:
    """Return an error for each theme or wave the area names that is not defined, and for each
    date outside the site's span. What cannot be checked (site.yaml or themes.yaml is broken)
    is skipped: those files report their own errors."""
    errors = []
    waves = sorted(wave.slug for wave in config.waves) if config is not None else None
    for ref in area.references:
        if ref.kind == "theme" and themes is not None and ref.value not in themes:
            hint = did_you_mean(ref.value, themes) or "theme slugs are listed in content/themes.yaml"
            errors.append(ContentError(ref.pos, _prefixed(ref.what, f"unknown theme '{ref.value}'"), hint=hint))
        elif ref.kind == "wave" and waves is not None and ref.value not in waves:
            hint = did_you_mean(ref.value, waves) or "choose one of " + ", ".join(f"'{wave}'" for wave in waves)
            errors.append(ContentError(ref.pos, _prefixed(ref.what, f"'{ref.value}' is not a known wave"), hint=hint))
        elif ref.kind == "date" and config is not None:
            first, last = config.earliest_date, config.latest_date
            if not first <= datetime.date.fromisoformat(ref.value) <= last:
                errors.append(ContentError(ref.pos, _prefixed(ref.what, f"{ref.value} is outside the span the site covers ({first} to {last})"),
                                           hint="check the year; the span is set in content/site.yaml"))
    return errors


def _check_unique_names(areas: list[Area]) -> list[ContentError]:
    seen: dict[str, SourcePos] = {}
    errors = []
    for area in areas:
        key = area.name.casefold()
        if key in seen:
            errors.append(ContentError(area.origin, f"two areas are named '{area.name}' (the other is {seen[key].path})", hint="give each area a distinct name"))
        else:
            seen[key] = area.origin
    return errors


def _check_tiles(areas: list[Area]) -> list[ContentError]:
    """Each tile of the map has its own place and its own label."""
    places: dict[tuple[int, int], Area] = {}
    labels: dict[str, Area] = {}
    errors = []
    for area in sorted(areas, key=lambda area: area.origin.path):
        tile = area.tile
        if tile is None:
            continue
        pos = _tile_pos(area)
        other = places.setdefault((tile.column, tile.row), area)
        if other is not area:
            errors.append(ContentError(pos, f"tile: column {tile.column}, row {tile.row} is already {other.name}'s place on the map ({other.origin.path})",
                                       hint="give each area its own place; move one of them to a free neighbouring place"))
        other = labels.setdefault(tile.label, area)
        if other is not area:
            errors.append(ContentError(pos, f"tile: the label '{tile.label}' is already {other.name}'s ({other.origin.path})", hint="give each area its own label"))
    return errors


def _tile_pos(area: Area) -> SourcePos:
    ref = next((ref for ref in area.references if ref.kind == "tile"), None)
    return ref.pos if ref is not None else area.origin


def _prefixed(what: str, message: str) -> str:
    return f"{what}: {message}" if what else message
