"""Indexes, built from a small site compiled in memory: numbering, anchors, theme cells and counts."""

import pytest
from stage import OTHER_SOURCE, SOURCE, area, compile_site, finding, rec

from reviewsite.indexes import build_indexes, kind_of
from reviewsite.model import Recommendation

ALPHA = area(
    "Alpha Vale",
    findings=[finding("c1", "concern", "leadership", "workforce"), finding("s1", "strength", "workforce"), finding("c2", "concern", "discharge")],
    recommendations=[rec("r1", "leadership"), rec("r2", "discharge", basis="statement"), rec("r3", "workforce", basis="action-plan")],
    follow_up={"findings": [finding("f1", "strength", "leadership")], "recommendations": [rec("fr1", "workforce")]},
)
BETA = area("beta town", findings=[finding("b1", "strength", "leadership", source=OTHER_SOURCE)], sources=(SOURCE, OTHER_SOURCE), wave="second")
GAMMA = area("Gamma", follow_up={})


@pytest.fixture(scope="module")
def indexes():
    return build_indexes(compile_site({"gamma": GAMMA, "beta": BETA, "alpha": ALPHA}))


def listed(items) -> list[tuple[str, str]]:
    return [(ref.anchor, ref.label) for group in items.groups for ref in group.refs]


def test_numbers_each_kind_in_page_order_and_anchors_items_by_their_ids(indexes):
    alpha = indexes.areas["alpha"]
    assert listed(alpha) == [
        ("finding-c1", "Concern 1"), ("finding-c2", "Concern 2"), ("finding-s1", "Strength 1"), ("rec-r1", "Recommendation 1"),
        ("rec-r2", "Other suggestion 1"), ("rec-r3", "Other suggestion 2"), ("finding-f1", "Follow-up strength 1"),
        ("rec-fr1", "Follow-up recommendation 1"),
    ]
    assert [ref.url for ref in alpha.refs("concern")] == ["areas/alpha/#finding-c1", "areas/alpha/#finding-c2"]
    assert [(group.heading, group.noun) for group in alpha.follow_up_groups] == [("Follow-up strengths", "follow-up strength"),
                                                                               ("Follow-up recommendations", "follow-up recommendation")]


@pytest.mark.parametrize("basis, follow_up, kind", [
    ("report", False, "recommendation"), ("follow-up", True, "recommendation"), ("follow-up", False, "recommendation"),
    ("statement", False, "suggestion"), ("action-plan", True, "suggestion"),
], ids=["report", "follow-up", "follow-up-basis-in-review", "statement", "action-plan"])
def test_only_the_reviews_own_recommendations_count_as_recommendations(basis, follow_up, kind):
    item = Recommendation("x", "Text.", ("leadership",), SOURCE, basis, None, follow_up, None)
    assert kind_of(item) == kind


def test_areas_are_in_name_order_whatever_their_case_and_grouped_by_wave(indexes):
    assert [items.area.slug for items in indexes.ordered] == ["alpha", "beta", "gamma"]
    assert [(wave.slug, [items.area.slug for items in areas]) for wave, areas in indexes.waves] == [("first", ["alpha", "gamma"]), ("second", ["beta"])]


def test_each_theme_cell_holds_that_areas_items_on_the_theme_once(indexes):
    cells = {slug: summary.cells for slug, summary in indexes.themes_by_slug.items()}
    # Cells follow the areas' order (alpha, beta, gamma); None where an area has nothing on the theme.
    assert [cell and listed(cell) for cell in cells["workforce"]] == [
        [("finding-c1", "Concern 1"), ("finding-s1", "Strength 1"), ("rec-r3", "Other suggestion 2"), ("rec-fr1", "Follow-up recommendation 1")], None, None]
    assert [cell and listed(cell) for cell in cells["leadership"]] == [
        [("finding-c1", "Concern 1"), ("rec-r1", "Recommendation 1"), ("finding-f1", "Follow-up strength 1")], [("finding-b1", "Strength 1")], None]
    assert [cell and listed(cell) for cell in cells["discharge"]] == [[("finding-c2", "Concern 2"), ("rec-r2", "Other suggestion 1")], None, None]


@pytest.mark.parametrize("theme, counts, follow_ups, areas", [
    ("leadership", {"concern": (1, 1), "strength": (1, 1), "recommendation": (1, 1), "suggestion": (0, 0)}, 1, 2),
    ("workforce", {"concern": (1, 1), "strength": (1, 1), "recommendation": (0, 0), "suggestion": (1, 1)}, 1, 1),
    ("discharge", {"concern": (1, 1), "strength": (0, 0), "recommendation": (0, 0), "suggestion": (1, 1)}, 0, 1),
], ids=["leadership", "workforce", "discharge"])
def test_theme_counts_items_and_areas_by_kind_and_follow_ups_apart(indexes, theme, counts, follow_ups, areas):
    summary = indexes.themes_by_slug[theme]
    assert summary.counts == counts
    assert (summary.follow_ups, summary.area_count) == (follow_ups, areas)


def test_site_totals_count_the_reviews_own_items(indexes):
    totals = indexes.totals
    assert (totals.areas, totals.concerns, totals.strengths, totals.findings) == (3, 2, 2, 4)
    assert (totals.recommendations, totals.suggestions, totals.areas_with_recommendations) == (1, 2, 1)
    assert (totals.distinct_sources, totals.follow_ups_reported, totals.follow_ups_without_findings) == (2, 1, 1)


def test_facets_change_only_with_what_they_describe():
    before = build_indexes(compile_site({"alpha": ALPHA})).areas["alpha"].facets
    reworded = ALPHA.replace("Finding s1.", "Finding s1, reworded.")
    after = build_indexes(compile_site({"alpha": reworded})).areas["alpha"].facets
    assert after["cell-workforce"] != before["cell-workforce"] and after["all"] != before["all"]
    assert after["counts"] == before["counts"] and after["listing"] == before["listing"] and after["cell-leadership"] == before["cell-leadership"]
