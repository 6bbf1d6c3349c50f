"""The matrix's cells, from a small site compiled in memory: counts by kind, in figures and words."""

import pytest
from stage import area, compile_site, finding, rec

from reviewsite.indexes import build_indexes
from reviewsite.matrix import matrix_view

SITE = {
    "alpha": area("Alpha Vale", findings=[finding("c1", "concern", "workforce"), finding("c2", "concern", "workforce", "leadership"),
                                          finding("s1", "strength", "workforce")],
                  recommendations=[rec("r1", "workforce"), rec("r2", "workforce"), rec("r3", "workforce", basis="statement")],
                  follow_up={"findings": [finding("f1", "strength", "workforce"), finding("f2", "concern", "workforce")]}),
    "beta": area("Beta Town", findings=[finding("b1", "strength", "leadership")]),
    "gamma": area("Gamma"),
    "delta": area("Delta", findings=[finding(f"{kind}-{n}", kind, "discharge") for kind in ("concern", "strength") for n in (1, 2)],
                  recommendations=[rec("r1", "discharge"), rec("r2", "discharge"), rec("r3", "discharge", basis="action-plan")]),
}


@pytest.fixture(scope="module")
def indexes():
    return build_indexes(compile_site(SITE))


def cells(indexes, kind: str = "all") -> dict[tuple[str, str], tuple[str, str, str | None]]:
    """Return (state, short, words) of every (theme, area) cell of one view."""
    site_areas = [items.area.slug for items in indexes.ordered]
    sections = {summary.theme.slug: {slug: f"themes/{summary.theme.slug}/#{slug}" for slug in site_areas} for summary in indexes.themes}
    view = matrix_view(indexes, sections, kind)
    return {(row.summary.theme.slug, column.items.area.slug): (cell.state, cell.short, cell.words)
            for _, rows in view["rows"] for row in rows for column, cell in zip(view["columns"], row.cells, strict=True)}


def test_a_cell_counts_every_item_of_each_kind_with_follow_ups_apart(indexes):
    assert cells(indexes)[("workforce", "alpha")] == (
        "raised", "2C 1S 2R 1O 2F",
        "Alpha Vale, Workforce: 2 concerns, 1 strength, 2 recommendations, 1 other suggestion, 1 follow-up concern, 1 follow-up strength")
    assert cells(indexes)[("leadership", "alpha")] == ("raised", "1C", "Alpha Vale, Leadership: 1 concern")


def test_a_cell_with_nothing_on_its_theme_and_an_area_with_nothing_at_all_read_differently(indexes):
    assert cells(indexes)[("workforce", "beta")] == ("not-raised", "–", "Beta Town, Workforce: not raised")
    assert cells(indexes)[("workforce", "gamma")] == ("nothing-recorded", "", "Gamma, Workforce: nothing recorded for this area")


@pytest.mark.parametrize("kind, short, words", [
    ("concerns", "2", "Delta, Hospital discharge: 2 concerns"),
    ("strengths", "2", "Delta, Hospital discharge: 2 strengths"),
    ("recommendations", "2", "Delta, Hospital discharge: 2 recommendations"),
], ids=["concerns", "strengths", "recommendations"])
def test_a_view_of_one_kind_counts_only_items_of_that_kind(indexes, kind, short, words):
    assert cells(indexes, kind)[("discharge", "delta")] == ("raised", short, words)


def test_a_view_of_one_kind_counts_a_follow_up_reviews_items_and_says_how_many(indexes):
    assert cells(indexes, "concerns")[("workforce", "alpha")] == (
        "raised", "2+1F", "Alpha Vale, Workforce: 3 concerns, 1 of them from the follow-up review")
    assert cells(indexes, "strengths")[("workforce", "alpha")] == (
        "raised", "1+1F", "Alpha Vale, Workforce: 2 strengths, 1 of them from the follow-up review")
    assert cells(indexes, "recommendations")[("workforce", "alpha")] == ("raised", "2", "Alpha Vale, Workforce: 2 recommendations")
