"""The shipped content: every reviewed area, faithful to the two seed CQC releases."""

import json

import pytest
import yaml
from conftest import REPO

STOKE_RELEASE = "https://www.cqc.org.uk/news/releases/stoke-trent-cqc-publishes-its-review-how-local-health-social-care-systems-work"
STAFFORDSHIRE_RELEASE = "https://www.cqc.org.uk/news/releases/cqc-publishes-its-review-how-local-health-social-care-systems-work-together"


@pytest.fixture(scope="module")
def data(shipped_site):
    return json.loads((shipped_site.out_dir / "data/reviews.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def areas(data):
    return {area["slug"]: area for area in data["areas"]}


def test_publishes_all_23_reviewed_areas_each_with_sources(shipped_site, areas):
    assert len(areas) == 23
    for slug, area in areas.items():
        assert area["sources"], slug
        assert (shipped_site.out_dir / "areas" / slug / "index.html").is_file()
        listed = {source["url"] for source in area["sources"]}
        for item in area["findings"] + area["recommendations"]:
            assert item["source"] in listed, (slug, item["id"])


def test_matrix_has_a_column_for_every_area(shipped_site, areas):
    soup = shipped_site.soup("matrix/index.html")
    columns = soup.find("table").thead.find_all("th", scope="col")[1:]
    assert [th.a["href"] for th in columns] == [f"../areas/{a['slug']}/" for a in sorted(areas.values(), key=lambda a: a["name"].casefold())]
    marked = {th.a.get_text() for th in columns if th.select_one(".marker")}
    assert marked == {"Coventry", "Oxfordshire", "Stoke-on-Trent", "York"}


def test_stoke_on_trent_carries_its_release(areas):
    stoke = areas["stoke-on-trent"]
    assert stoke["published"]["date"] == "2017-11-10"
    assert stoke["programme_size"] == {"count": 20, "source": STOKE_RELEASE}
    assert {k: stoke["scope"][k] for k in ("care_homes", "homecare_agencies", "gp_practices")} == {"care_homes": 87, "homecare_agencies": 46, "gp_practices": 46}
    from_release = [r for r in stoke["recommendations"] if r["basis"] == "report" and r["source"] == STOKE_RELEASE]
    assert len(from_release) == 9
    names = {o["name"] for o in stoke["organisations"]}
    assert {"Stoke-on-Trent City Council", "Stoke-on-Trent Clinical Commissioning Group",
            "University Hospitals of North Midlands NHS Trust", "Staffordshire and Stoke-on-Trent Partnership NHS Trust"} <= names
    assert stoke["follow_up"]["published"]["date"] == "2019-01-11"


def test_staffordshire_carries_its_release(areas):
    staffs = areas["staffordshire"]
    assert staffs["published"]["date"] == "2018-12-14"
    assert staffs["programme_size"] == {"count": 23, "source": STAFFORDSHIRE_RELEASE}
    assert staffs["scope"]["records_reviewed"] == 18 and staffs["scope"]["services_visited"] == 21
    from_release = [r for r in staffs["recommendations"] if r["basis"] == "report" and r["source"] == STAFFORDSHIRE_RELEASE]
    assert len(from_release) == 8
    kinds = {f["kind"] for f in staffs["findings"] if f["source"] == STAFFORDSHIRE_RELEASE}
    assert kinds == {"concern", "strength"}


def test_unconfirmed_dates_are_shown_as_not_known(shipped_site, areas):
    unknown = [slug for slug, area in areas.items() if area["published"]["date"] is None]
    assert {"bracknell-forest", "hartlepool", "york"} <= set(unknown)
    for slug in unknown:
        assert areas[slug]["published"]["note"], slug
        page = shipped_site.soup(f"areas/{slug}/index.html")
        assert "Date not confirmed" in page.select(".summary-list dd")[0].get_text()


def read_area_sources() -> dict[str, dict]:
    """Return each area file's front matter read with PyYAML itself, not the generator's parser."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))
            for path in sorted((REPO / "content" / "areas").glob("*.md"))}


def test_home_page_figures_count_what_the_content_files_hold(shipped_site):
    # Counted here from the files, so a counting bug in the generator cannot agree with itself.
    areas = read_area_sources().values()
    findings = [f for area in areas for f in area.get("findings") or []]
    concerns, strengths = (sum(1 for f in findings if f["kind"] == kind) for kind in ("concern", "strength"))
    recommendations = [[r.get("basis", "report") for r in area.get("recommendations") or []] for area in areas]
    from_reviews = sum(basis in ("report", "follow-up") for bases in recommendations for basis in bases)
    reports = sum(1 for bases in recommendations if any(basis in ("report", "follow-up") for basis in bases))
    others = sum(basis not in ("report", "follow-up") for bases in recommendations for basis in bases)
    sources = {source["url"] for area in areas for source in area["sources"]}
    figures = [li.get_text(" ", strip=True) for li in shipped_site.soup("index.html").select(".figures li")]
    assert concerns and strengths and from_reviews and others, "the content has every kind of item"
    assert figures[0] == f"{len(areas)} areas reviewed"
    assert figures[1] == f"{len(findings)} findings: {concerns} concerns, {strengths} strengths"
    assert figures[2] == f"{from_reviews} recommendations from {reports} reports, and {others} other suggestions"
    assert figures[4] == f"{len(sources)} sources cited"


def test_every_theme_page_gathers_from_every_area_that_has_it(shipped_site, data):
    for theme in data["themes"]:
        expected = sorted(a["name"] for a in data["areas"] if any(theme["slug"] in i["themes"] for i in _all_items(a)))
        page = shipped_site.soup(f"themes/{theme['slug']}/index.html")
        assert sorted(h2.get_text(strip=True) for h2 in page.select("section.theme-area h2")) == expected, theme["slug"]


def _all_items(area):
    items = area["findings"] + area["recommendations"]
    if area["follow_up"]:
        items += area["follow_up"]["findings"] + area["follow_up"]["recommendations"]
    return items


def test_no_placeholder_or_heading_only_recommendation_is_counted(shipped_site, areas):
    # An item whose content is not known (a sentence cut off mid-way, a bare action-plan heading)
    # is recorded in the area's notes, not listed or counted as a recommendation.
    for slug, area in areas.items():
        recs = area["recommendations"] + (area["follow_up"]["recommendations"] if area["follow_up"] else [])
        for rec in recs:
            assert "not known" not in rec["text"].lower(), (slug, rec["id"])
            assert len(rec["text"].split()) >= 4, (slug, rec["id"], rec["text"])
    assert areas["stockport"]["recommendations"] == []
    assert areas["halton"]["recommendations"] == []
    # Their published anchors stay in place, with a note saying why the item went.
    for page, anchor in [("stockport", "rec-care-homes-and-homecare"), ("halton", "rec-ap-workforce")]:
        assert shipped_site.soup(f"areas/{page}/index.html").find(id=anchor) is not None, anchor
