"""Charts drawn as inline SVG: well-formed, named, escaped, deterministic, and saying what their tables say."""

from __future__ import annotations

import datetime
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markupsafe import Markup

from reviewsite import charts
from reviewsite.charts import Bar, LegendEntry, ProfileRow, Tile, TimelineEvent
from reviewsite.urls import Linker

SVG = "{http://www.w3.org/2000/svg}"
REPO = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert('x')</script> & \"Brighton\" & Hove's"
STATUSES = ("raised-concern", "raised-other", "not-raised", "nothing-recorded")
WAVES = (LegendEntry("first-12", "First wave", "solid"), LegendEntry("further-8", "Further areas", "dotted"),
         LegendEntry("later-3", "Extension", "striped"))


def make_tiles(count: int = 23, name: str = "Area") -> list[Tile]:
    return [Tile(i % 6, i // 6, f"A{i:02d}", f"{name} {i}", f"areas/area-{i}/", STATUSES[i % 4],
                 f"{i % 3} concerns, {i % 2} recommendations") for i in range(count)]


def make_rows(count: int = 20, theme: str = "Theme") -> list[ProfileRow]:
    return [ProfileRow(f"{theme} {i}", {"concern": i % 4, "strength": i % 3, "recommendation": i % 5},
                       {"concern": (i % 3) / 2, "strength": 1.0, "recommendation": 0.5 * (i % 2)}) for i in range(count)]


def make_bars(count: int = 20, label: str = "Theme") -> list[Bar]:
    return [Bar(f"{label} {i}", f"themes/theme-{i}/", 23 - i) for i in range(count)]


def make_events(label: str = "Area") -> list[TimelineEvent]:
    """Return 23 reviews and 3 follow-ups spread like the real programme, a third of them unconfirmed."""
    events = []
    for i in range(23):
        day = datetime.date(2017, 10, 1) + datetime.timedelta(days=17 * i)
        if i % 3 == 0:
            events.append(TimelineEvent(f"{label} {i}", f"areas/area-{i}/", "review", range=(day, day + datetime.timedelta(days=60 + i))))
        else:
            events.append(TimelineEvent(f"{label} {i}", f"areas/area-{i}/", "review", date=day))
    events.append(TimelineEvent(f"{label} 1 follow-up", "areas/area-1/#follow-up", "follow-up", date=datetime.date(2019, 1, 9)))
    events.append(TimelineEvent(f"{label} 2 follow-up", "areas/area-2/#follow-up", "follow-up", date=datetime.date(2019, 1, 11)))
    events.append(TimelineEvent(f"{label} 3 follow-up", "areas/area-3/#follow-up", "follow-up",
                                range=(datetime.date(2018, 12, 10), datetime.date(2019, 6, 30))))
    return events


START, END = datetime.date(2017, 7, 1), datetime.date(2019, 6, 30)


def draw(kind: str, href=None, text: str = "Sample", prefix: str = "chart") -> Markup:
    """Return one chart of `kind` drawn from the sample data, with `text` in every name and label."""
    href = href or Linker("themes/").href
    if kind == "tile_map":
        return charts.tile_map(make_tiles(name=text), text, text, href, prefix, charts.THEME_STATUS_LEGEND)
    if kind == "profile":
        return charts.profile_chart(make_rows(theme=text), text, text, prefix)
    if kind == "bars":
        return charts.bar_chart(make_bars(label=text), text, text, href, prefix, text)
    return charts.timeline(make_events(label=text), text, text, href, prefix, START, END)


def table(kind: str, text: str = "Sample") -> charts.ChartTable:
    if kind == "tile_map":
        return charts.tile_map_table(make_tiles(name=text), text, charts.THEME_STATUS_LEGEND)
    if kind == "profile":
        return charts.profile_table(make_rows(theme=text), text)
    if kind == "bars":
        return charts.bar_table(make_bars(label=text), text, "Theme", text)
    return charts.timeline_table(make_events(label=text), text)


KINDS = ["tile_map", "profile", "bars", "timeline"]
LINKED = ["tile_map", "bars", "timeline"]


def parse(svg: Markup) -> ET.Element:
    return ET.fromstring(str(svg))


def links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}a"))


@pytest.mark.parametrize("kind", KINDS)
def test_chart_is_one_well_formed_svg_scaled_by_its_view_box(kind):
    svg = draw(kind)
    assert isinstance(svg, Markup)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox").startswith("0 0 ")
    assert "chart" in root.get("class").split()


@pytest.mark.parametrize("kind", KINDS)
def test_chart_is_named_by_its_title_and_described_by_its_desc(kind):
    root = parse(draw(kind, text="Areas by wave", prefix="home-map"))
    assert root.get("role") == ("img" if kind == "profile" else "graphics-document")
    titles = {element.get("id"): element for element in root if element.tag in (f"{SVG}title", f"{SVG}desc")}
    assert root.get("aria-labelledby") == "home-map-title"
    assert root.get("aria-describedby") == "home-map-desc"
    assert titles["home-map-title"].tag == f"{SVG}title"
    assert titles["home-map-title"].text == "Areas by wave"
    assert titles["home-map-desc"].text == "Areas by wave"


def test_a_chart_without_links_is_an_image_and_one_with_links_keeps_them_reachable():
    """role=img hides its children from screen readers, so a chart of links must not have it."""
    assert not links(parse(draw("profile")))
    for kind in LINKED:
        root = parse(draw(kind))
        assert links(root) and root.get("role") == "graphics-document"


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_names_are_escaped_and_read_back_unchanged(kind):
    svg = str(draw(kind, text=HOSTILE, href=lambda url: f'{url}?a="1"&b=<2>'))
    root = ET.fromstring(svg)  # would fail on a stray < or &
    assert "<script" not in svg
    assert not any(element.tag.endswith("script") for element in root.iter())
    texts = ["".join(element.itertext()) for element in root.iter() if element.tag in (f"{SVG}title", f"{SVG}text", f"{SVG}desc")]
    assert HOSTILE in texts
    assert any(text.startswith(HOSTILE) for text in texts[2:]), "labels keep the name as written"
    for link in links(root):
        assert link.get("href").endswith('?a="1"&b=<2>')


@pytest.mark.parametrize("kind", KINDS)
def test_same_input_gives_the_same_bytes(kind):
    assert draw(kind) == draw(kind)


def test_output_does_not_depend_on_the_order_counts_were_given_in():
    forward = ProfileRow("Workforce", {"concern": 2, "strength": 1, "recommendation": 0}, {"concern": 1.5, "strength": 0.5})
    backward = ProfileRow("Workforce", {"recommendation": 0, "strength": 1, "concern": 2}, {"strength": 0.5, "concern": 1.5})
    assert charts.profile_chart([forward], "t", "d", "p") == charts.profile_chart([backward], "t", "d", "p")


@pytest.mark.parametrize("kind", KINDS)
def test_every_id_starts_with_the_prefix_so_two_charts_fit_on_one_page(kind):
    ids = [element.get("id") for element in parse(draw(kind, prefix="a-1")).iter() if element.get("id")]
    assert ids and all(value.startswith("a-1-") for value in ids)
    assert len(ids) == len(set(ids))
    references = re.findall(r'url\(#([^)]+)\)|aria-(?:labelledby|describedby)="([^"]+)"', str(draw(kind, prefix="a-1")))
    assert {ref for pair in references for ref in pair if ref} <= set(ids)


@pytest.mark.parametrize("prefix", ["", "1map", "a b", 'a"b', "a<b"])
def test_refuses_an_id_prefix_that_is_not_a_plain_name(prefix):
    with pytest.raises(ValueError, match="id_prefix"):
        draw("bars", prefix=prefix)


@pytest.mark.parametrize("kind", LINKED)
def test_links_are_made_by_the_callers_href(kind):
    linker = Linker("about/")
    root = parse(draw(kind, href=linker.href))
    hrefs = [link.get("href") for link in links(root)]
    assert hrefs and all(href.startswith("../") for href in hrefs)
    assert {linker.href(url) for url in linker.linked} == set(hrefs)
    expected = {cell.url for row in table(kind).rows for cell in row if cell.url}
    assert linker.linked == expected, "the chart links to exactly what its table links to"


def test_tile_map_numbers_and_words_equal_its_table():
    root = parse(draw("tile_map"))
    tiles = [(link.get("data-category"), link.find(f"{SVG}title").text, link.find(f"{SVG}text").text) for link in links(root)]
    rows = table("tile_map").rows
    assert len(tiles) == len(rows) == 23
    for (category, name, label), (area, key, details), tile in zip(tiles, rows, make_tiles(), strict=True):
        assert category == key.value == tile.category
        assert name == f"{area.text}: {details.text}"
        assert label == tile.label


def test_profile_numbers_equal_its_table():
    root = parse(draw("profile"))
    rows = table("profile").rows
    groups = [group for group in root.iter(f"{SVG}g") if group.get("class") == "profile-row"]
    assert len(groups) == len(rows) == 20
    for group, row in zip(groups, rows, strict=True):
        assert group.get("data-theme") == row[0].text
        cells = [cell for cell in group if cell.get("data-kind")]
        assert [cell.get("data-kind") for cell in cells] == list(charts.KINDS)
        drawn = [number for cell in cells for number in (cell.get("data-count"), cell.get("data-median"))]
        assert drawn == [cell.value for cell in row[1:]] == [cell.text for cell in row[1:]]
        shown = [next(text.text for text in cell.iter(f"{SVG}text")) for cell in cells]
        assert shown == [cell.get("data-count") for cell in cells], "the count printed is the count drawn"


def test_profile_medians_keep_one_decimal():
    row = ProfileRow("Workforce", {"concern": 3}, {"concern": 1.5, "strength": 2.0})
    cells = [cell for cell in parse(charts.profile_chart([row], "t", "d", "p")).iter() if cell.get("data-kind")]
    assert [(cell.get("data-count"), cell.get("data-median")) for cell in cells] == [("3", "1.5"), ("0", "2"), ("0", "0")]
    assert [cell.text for cell in charts.profile_table([row], "t").rows[0]] == ["Workforce", "3", "1.5", "0", "2", "0", "0"]


def test_profile_marks_a_median_only_where_it_is_not_zero():
    row = ProfileRow("Workforce", {"concern": 3}, {"concern": 1.5})
    root = parse(charts.profile_chart([row], "t", "d", "p"))
    marks = {cell.get("data-kind"): cell.findall(f"{SVG}path[@class='median']") for cell in root.iter() if cell.get("data-kind")}
    assert {kind: len(found) for kind, found in marks.items()} == {"concern": 1, "strength": 0, "recommendation": 0}


def test_bar_numbers_equal_its_table():
    root = parse(draw("bars"))
    drawn = [(link.find(f"{SVG}text").text, link.get("data-value"), link.findall(f"{SVG}text")[-1].text) for link in links(root)]
    rows = table("bars").rows
    assert drawn == [(label.text, value.value, value.text) for label, value in rows]
    assert [value.text for _, value in rows] == [str(23 - i) for i in range(20)], "bars keep the caller's order"
    assert links(root)[0].find(f"{SVG}title").text == "Sample 0 (Sample: 23)", "the link's name says what the value counts"


def test_timeline_dates_equal_its_table():
    root = parse(draw("timeline"))
    drawn = {link.find(f"{SVG}text").text: link.get("data-date") or f"{link.get('data-earliest')}/{link.get('data-latest')}"
             for link in links(root)}
    rows = table("timeline").rows
    assert drawn == {label.text: date.value for label, _, date in rows}
    assert len(rows) == 26


def test_timeline_draws_unconfirmed_dates_as_ranges_never_as_points():
    events = [TimelineEvent("Known", "areas/known/", "review", date=datetime.date(2018, 2, 12)),
              TimelineEvent("Unknown", "areas/unknown/", "review", range=(datetime.date(2017, 10, 1), datetime.date(2018, 6, 30))),
              TimelineEvent("Unknown later", "areas/unknown/#follow-up", "follow-up", range=(datetime.date(2019, 1, 1), datetime.date(2019, 1, 1)))]
    root = parse(charts.timeline(events, "t", "d", str, "t", START, END))
    by_label = {link.find(f"{SVG}text").text: link for link in links(root)}
    known, unknown, later = by_label["Known"], by_label["Unknown"], by_label["Unknown later"]
    assert known.get("data-date") == "2018-02-12" and known.find(f"{SVG}circle") is not None
    assert known.find(f"{SVG}title").text == "Known: review published 12 February 2018"
    for event in (unknown, later):
        assert event.get("data-date") is None
        assert not [mark for mark in event if "event-mark" in (mark.get("class") or "")], "no point for an unconfirmed date"
        assert [mark for mark in event if "event-range" in (mark.get("class") or "")]
        assert event.find(f"{SVG}title").text.endswith("(date not confirmed)")
    assert float(unknown.find(f"{SVG}rect").get("width")) > 100
    assert later.find(f"{SVG}path").get("class") == "event-range event-range--follow-up"
    rows = charts.timeline_table(events, "t").rows
    assert [(row[0].text, row[2].value) for row in rows] == [
        ("Unknown", "2017-10-01/2018-06-30"), ("Known", "2018-02-12"), ("Unknown later", "2019-01-01/2019-01-01")]
    assert rows[0][2].text == "Not confirmed: between 1 October 2017 and 30 June 2018"


def test_timeline_reviews_and_follow_ups_have_different_shapes():
    events = [TimelineEvent("Review", "a/", "review", date=datetime.date(2018, 1, 1)),
              TimelineEvent("Follow-up", "b/", "follow-up", date=datetime.date(2019, 1, 1))]
    review, follow_up = links(parse(charts.timeline(events, "t", "d", str, "t", START, END)))
    assert review.find(f"{SVG}circle") is not None and review.find(f"{SVG}path") is None
    assert follow_up.find(f"{SVG}path").get("class") == "event-mark event-mark--follow-up"


def test_timeline_labels_in_one_lane_do_not_overlap():
    root = parse(draw("timeline"))
    lanes: dict[str, list[tuple[float, float]]] = {}
    for link in links(root):
        label = link.find(f"{SVG}text")
        x, width = float(label.get("x")), charts._text_width(label.text, 12)
        span = (x, x + width) if label.get("text-anchor") is None else (x - width, x)
        lanes.setdefault(label.get("y"), []).append(span)
    assert 1 < len(lanes) < 26, "events share lanes where they fit"
    for spans in lanes.values():
        spans.sort()
        assert all(left[1] < right[0] for left, right in zip(spans, spans[1:], strict=False)), spans


def test_timeline_has_a_tick_for_each_year():
    root = parse(draw("timeline"))
    years = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "year"]
    assert years == ["2017", "2018", "2019"]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: TimelineEvent("x", "a/", "review"), "either a date or a range"),
        (lambda: TimelineEvent("x", "a/", "review", date=START, range=(START, END)), "either a date or a range"),
        (lambda: TimelineEvent("x", "a/", "review", range=(END, START)), "ends before it starts"),
        (lambda: TimelineEvent("x", "a/", "launch", date=START), "event kind"),
        (lambda: charts.timeline([TimelineEvent("x", "a/", "review", date=datetime.date(2020, 1, 1))], "t", "d", str, "t", START, END), "outside"),
        (lambda: Tile(0, 0, "TOOLONG", "x", "a/", "not-raised"), "1 to 4 characters"),
        (lambda: charts.tile_map([Tile(0, 0, "A", "x", "a/", "unknown")], "t", "d", str, "t", charts.THEME_STATUS_LEGEND), "legend"),
        (lambda: charts.tile_map([Tile(0, 0, "A", "x", "a/", "not-raised"), Tile(0, 0, "B", "y", "b/", "not-raised")], "t", "d", str, "t",
                                 charts.THEME_STATUS_LEGEND), "share column 0, row 0"),
        (lambda: LegendEntry("Not Raised", "x", "plain"), "slug"),
        (lambda: LegendEntry("x", "x", "sparkly"), "look"),
        (lambda: ProfileRow("x", {"concerns": 1}, {}), "unknown kinds"),
        (lambda: ProfileRow("x", {"concern": -1}, {}), "negative"),
        (lambda: Bar("x", "a/", -1), "negative"),
        (lambda: Tile(0, -1, "A", "x", "a/", "not-raised"), "negative grid place"),
        (lambda: charts.tile_map([Tile(0, 0, "A", "x", "a/", "not-raised")] * 2, "t", "d", str, "t", charts.THEME_STATUS_LEGEND), "share"),
    ],
    ids=["no-date", "date-and-range", "backwards-range", "unknown-kind", "outside-span", "long-label", "unexplained-category",
         "shared-place", "category-not-slug", "unknown-look", "unknown-count-kind", "negative-count", "negative-bar",
         "negative-place", "same-tile-twice"],
)
def test_refuses_input_it_cannot_draw_honestly(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_nothing_recorded_looks_and_reads_different_from_not_raised():
    tiles = [Tile(0, 0, "NR", "Quiet", "areas/quiet/", "not-raised", "not raised"),
             Tile(1, 0, "NO", "Empty", "areas/empty/", "nothing-recorded", "nothing recorded for this area")]
    not_raised, nothing = links(parse(charts.tile_map(tiles, "t", "d", str, "m", charts.THEME_STATUS_LEGEND)))
    assert not_raised.get("class") == "tile tile--plain"
    assert nothing.get("class") == "tile tile--hatched"
    assert [rect.get("class") for rect in not_raised.iter(f"{SVG}rect")] == ["tile-shape"]
    texture = [rect for rect in nothing.iter(f"{SVG}rect") if rect.get("class") == "tile-texture"]
    assert texture and texture[0].get("fill") == "url(#m-hatch)"
    words = {row[0].text: row[1].text for row in charts.tile_map_table(tiles, "t", charts.THEME_STATUS_LEGEND).rows}
    assert words["Quiet"] != words["Empty"] and "Nothing recorded" in words["Empty"]


def test_every_look_in_the_key_is_drawn_with_its_words():
    root = parse(charts.tile_map(make_tiles(3), "t", "d", str, "m", WAVES + charts.THEME_STATUS_LEGEND))
    entries = [group for group in root.iter(f"{SVG}g") if (group.get("class") or "").startswith("key-entry")]
    assert [entry.get("data-category") for entry in entries] == [entry.category for entry in WAVES + charts.THEME_STATUS_LEGEND]
    assert any(len(list(entry.iter(f"{SVG}tspan"))) > 1 for entry in entries), "long words wrap onto a second line"
    words = ["".join(entry.find(f"{SVG}text").itertext()) for entry in entries]
    assert words == [entry.words for entry in WAVES + charts.THEME_STATUS_LEGEND], "wrapped lines read as one string, spaces kept"


def test_tile_map_places_tiles_on_their_grid():
    tiles = [Tile(0, 0, "A", "a", "a/", "first-12"), Tile(3, 2, "B", "b", "b/", "later-3")]
    first, second = links(parse(charts.tile_map(tiles, "t", "d", str, "m", WAVES)))
    assert (first.find(f"{SVG}rect").get("x"), first.find(f"{SVG}rect").get("y")) == ("2", "2")
    assert (second.find(f"{SVG}rect").get("x"), second.find(f"{SVG}rect").get("y")) == ("146", "98")


def test_empty_charts_still_draw_a_named_svg():
    for svg in (charts.tile_map([], "t", "d", str, "a", WAVES), charts.profile_chart([], "t", "d", "b"),
                charts.bar_chart([], "t", "d", str, "c", "u"), charts.timeline([], "t", "d", str, "e", START, END)):
        assert parse(svg).find(f"{SVG}title").text == "t"


@pytest.mark.parametrize("kind, limit", [("tile_map", 15_000), ("profile", 25_000), ("bars", 10_000), ("timeline", 15_000)])
def test_charts_stay_small(kind, limit):
    href = Linker("themes/stoke-on-trent-and-north-staffordshire/").href  # long hrefs, as on a deep page
    assert len(str(draw(kind, href=href, text="Stoke-on-Trent")).encode()) < limit


# --- Colours ----------------------------------------------------------------------------------

SITE_CSS = REPO / "static" / "css" / "site.css"
CHARTS_SECTION = "/* Charts drawn at build time as inline SVG"
TEXT_PAIRS = [("chart-text", "chart-background"), ("chart-link", "chart-background"),
              ("chart-on-accent", "chart-accent"), ("chart-text", "chart-tint"), ("chart-text", "chart-pale")]
MARK_PAIRS = [("chart-outline", "chart-background"), ("chart-accent", "chart-background"), ("chart-concern", "chart-background"),
              ("chart-strength", "chart-background"), ("chart-recommendation", "chart-background"), ("chart-median", "chart-background"),
              ("chart-texture", "chart-tint")]


def colour_schemes() -> dict[str, dict[str, str]]:
    """Return the chart colours of each scheme in site.css's chart section: light (the default), dark and print."""
    css = SITE_CSS.read_text(encoding="utf-8")
    css = css[css.index(CHARTS_SECTION):]
    blocks = {"light": css.split("@media")[0], "dark": css.split("prefers-color-scheme: dark")[1].split("@media")[0],
              "print": css.split("@media print")[1]}
    return {name: dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", block)) for name, block in blocks.items()}


def contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark", "print"])
def test_chart_colours_meet_wcag_aa_contrast(scheme):
    colours = colour_schemes()[scheme]
    assert colours.keys() == colour_schemes()["light"].keys(), "every scheme sets every colour"
    for foreground, background in TEXT_PAIRS:
        assert contrast(colours[foreground], colours[background]) >= 4.5, (scheme, foreground, background)
    for foreground, background in MARK_PAIRS:
        assert contrast(colours[foreground], colours[background]) >= 3, (scheme, foreground, background)


# --- In a browser -----------------------------------------------------------------------------

def write_chart_page(folder: Path) -> Path:
    """Write a page with all four charts and site.css, as a template would place them."""
    shutil.copy(SITE_CSS, folder / "site.css")
    linker = Linker("charts/")
    figures = "".join(f'<figure><figcaption>{kind}</figcaption>{draw(kind, href=linker.href, text="Stoke-on-Trent", prefix=kind)}</figure>'
                      for kind in KINDS)
    targets = "".join(f'<p id="t{i}">target</p>' for i in range(3))
    page = folder / "index.html"
    page.write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, '
                    f'initial-scale=1"><title>Charts</title><link rel="stylesheet" href="site.css"></head><body><main class="wrap"><h1>Charts</h1>{figures}{targets}</main></body></html>',
                    encoding="utf-8")
    return page


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_fit_the_screen_keep_labels_apart_and_pass_axe(browser, tmp_path, width, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(write_chart_page(tmp_path).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    for box in page.eval_on_selector_all("svg.chart", "els => els.map(el => el.getBoundingClientRect().toJSON())"):
        assert box["width"] > 250 and box["x"] >= 0 and box["x"] + box["width"] <= width
    labels = page.eval_on_selector_all(".chart--timeline .event-label, .chart--timeline .event-mark, .chart--timeline .event-range",
                                       "els => els.map(el => el.getBoundingClientRect().toJSON())")
    overlaps = [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:]
                if a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1]
    assert overlaps == [], "timeline labels and marks overlap"
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()
    context.close()
