"""Similar areas and comparisons: scores checked against figures worked out by hand, the pages
comparing two areas, their URLs, and what a reader without JavaScript is offered."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from conftest import REPO, make_project

from reviewsite.indexes import build_indexes
from reviewsite.pipeline import render_project
from reviewsite.similar import Neighbour, similar_areas

AREA = """---
name: {name}
wave: second
published:
  date: 2018-03-01
  source: https://example.org/{slug}
sources:
  - url: https://example.org/{slug}
    title: {name} review
    publisher: Example
findings:
{findings}
recommendations:
{recommendations}
---
A short summary of the {name} review.
"""


def item(kind: str | None, ident: str, themes: str, slug: str) -> str:
    lines = [f"  - id: {ident}"] + ([f"    kind: {kind}"] if kind else [])
    lines += [f"    text: The {ident.replace('-', ' ')} item.", f"    themes: [{themes}]", f"    source: https://example.org/{slug}"]
    return "\n".join(lines)


def area(name: str, slug: str, findings: list[tuple[str, str, str]], recommendations: list[tuple[str, str]]) -> str:
    return AREA.format(name=name, slug=slug,
                       findings="\n".join(item(kind, ident, themes, slug) for kind, ident, themes in findings) or "  []",
                       recommendations="\n".join(item(None, ident, themes, slug) for ident, themes in recommendations) or "  []")


# The fixture's areas, worked out by hand (follow-up items and other suggestions left out):
#   alpha:   leadership concern, discharge concern, workforce concern, workforce strength,
#            leadership recommendation; its discharge item "Start the trusted assessor scheme"
#            is an other suggestion, so it does not count                  (5 pairs)
#   beta:    leadership strength                                             (1 pair)
# and three more written here:
#   gamma:   leadership concern, workforce concern, discharge recommendation (3 pairs)
#   delta:   leadership strength, discharge concern                          (2 pairs)
#   epsilon: nothing recorded                                                (0 pairs)
# alpha-gamma share 2 (leadership and workforce concerns) of 6 in either: 1/3, 33%;
# alpha-delta share 1 (discharge concern) of 5 + 2 - 1 = 6: 1/6, 17%; beta-delta share 1 of 2: 1/2,
# 50%; alpha-beta, beta-gamma and gamma-delta share nothing; epsilon has no profile.
EXTRA = {
    "gamma": area("Gamma", "gamma", [("concern", "weak-leaders", "leadership, workforce")], [("plan-discharge", "discharge")]),
    "delta": area("Delta", "delta", [("strength", "leaders-agree", "leadership"), ("concern", "late-discharges", "discharge")], []),
    "epsilon": area("Epsilon", "epsilon", [], []),
}
EXPECTED = {
    "alpha": [("gamma", 2, 6, ("leadership", "workforce")), ("delta", 1, 6, ("discharge",))],
    "beta": [("delta", 1, 2, ("leadership",))],
    "gamma": [("alpha", 2, 6, ("leadership", "workforce"))],
    "delta": [("beta", 1, 2, ("leadership",)), ("alpha", 1, 6, ("discharge",))],
    "epsilon": [],
}


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("compare") / "project")
    for slug, text in EXTRA.items():
        project.write(f"content/areas/{slug}.md", text)
    project.build(update_ledger=True)
    return project


def theme_order(project) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in project.read("content/themes.yaml").splitlines() if line.strip().startswith("- slug:")]



def test_scores_equal_the_figures_worked_out_by_hand(compared):
    site = render_project(compared.project).site
    for vectorise_above in (1000, 0):  # the plain loop and the NumPy path agree
        found = similar_areas(build_indexes(site), vectorise_above=vectorise_above)
        order = theme_order(compared)
        expected = {slug: tuple(Neighbour(other, shared, either, tuple(sorted(themes, key=order.index))) for other, shared, either, themes in rows)
                    for slug, rows in EXPECTED.items()}
        assert found == expected
    assert found["alpha"][0].score == Fraction(1, 3) and found["alpha"][0].percent == 33
    assert found["alpha"][1].score == Fraction(1, 6) and found["alpha"][1].percent == 17
    assert found["beta"][0].percent == 50


def test_area_pages_list_their_similar_areas_with_score_and_shared_themes(compared):
    section = compared.soup("areas/alpha/index.html").find(id="similar-areas").parent
    rows = [" ".join(li.get_text(" ", strip=True).split()) for li in section.select("ol.similar-list > li")]
    assert rows[0].startswith("Gamma : 33% similar , 2 of 6 theme-and-kind pairs shared, on Leadership and Workforce.")
    assert rows[1].startswith("Delta : 17% similar , 1 of 6 theme-and-kind pairs shared, on Hospital discharge.")
    links = [a["href"] for a in section.select("ol.similar-list a")]
    assert links == ["../gamma/", "../../compare/alpha--gamma/", "../delta/", "../../compare/alpha--delta/"]


def test_an_area_with_nothing_recorded_gets_no_neighbours_and_says_why(compared):
    section = compared.soup("areas/epsilon/index.html").find(id="similar-areas").parent
    assert section.select("ol.similar-list") == []
    assert "No concerns, strengths or recommendations are recorded" in section.get_text()
    assert not any("epsilon" in path.name for path in (compared.out_dir / "compare").iterdir())


def test_a_pair_page_sets_both_areas_side_by_side_theme_by_theme(compared):
    soup = compared.soup("compare/alpha--gamma/index.html")
    assert soup.h1.get_text() == "Alpha Vale and Gamma compared"
    assert "Similarity 33%: the reviews share 2 of the 6 theme-and-kind pairs" in soup.select_one(".similarity-line").get_text()
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")] for tr in soup.select(".compare-table tbody tr")}
    assert rows["Workforce"] == ["1 concern, 1 strength", "1 concern"]
    section = soup.find(id="workforce").parent
    columns = section.select(".compare-column")
    assert [a["href"] for a in columns[1].select("a.permalink")] == ["../../areas/gamma/#finding-weak-leaders"]
    assert [a.get_text() for a in columns[0].select("a.permalink")] == ["Concern 2", "Strength 1"]


def test_the_reverse_order_forwards_to_the_canonical_pair(compared):
    soup = compared.soup("compare/gamma--alpha/index.html")
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../alpha--gamma/"
    assert soup.find(id="redirect-target").get_text() == "the comparison of Alpha Vale and Gamma"
    assert "/compare/gamma--alpha/" not in compared.read("content/published-urls.txt")


def test_pairs_are_each_area_with_its_neighbours_plus_those_the_ledger_holds(compared):
    built = sorted(path.name for path in (compared.out_dir / "compare").iterdir() if path.is_dir())
    canonical = [name for name in built if name.split("--") == sorted(name.split("--"))]
    assert canonical == ["alpha--beta", "alpha--delta", "alpha--gamma", "beta--delta"]  # alpha--beta: the fixture's ledger has it
    index = json.loads((compared.out_dir / "data/compare.json").read_text(encoding="utf-8"))
    assert index["pairs"] == [f"compare/{name}/" for name in canonical]
    assert [entry["data"] for entry in index["areas"]][:2] == ["data/areas/alpha.json", "data/areas/beta.json"]


def test_without_javascript_the_compare_page_offers_the_static_comparisons_and_the_matrix(compared):
    soup = compared.soup("compare/index.html")
    assert soup.find("form", id="compare-form").has_attr("hidden")  # its script shows it
    section = soup.find(id="static-comparisons").parent
    links = {a.get_text(" ", strip=True): a["href"] for a in section.find_all("a")}
    assert links["with Gamma"] == "alpha--gamma/" and links["the matrix"] == "../matrix/"
    assert "No findings or recommendations recorded" in section.get_text()


def test_a_published_comparison_follows_an_area_that_moved_or_was_removed(compared, tmp_path):
    project = make_project(tmp_path / "project", compared.root / "content")
    project.path("content/areas/gamma.md").rename(project.path("content/areas/gamma-vale.md"))
    project.path("content/areas/delta.md").unlink()
    project.write("content/redirects.yaml", "- from: /areas/gamma/\n  to: /areas/gamma-vale/\n"
                  "- from: /areas/delta/\n  removed: Delta's review was withdrawn.\n")
    project.build(update_ledger=True)
    moved = project.soup("compare/alpha--gamma/index.html")
    assert moved.find(id="redirect-target")["href"] == "../alpha--gamma-vale/"
    assert (project.out_dir / "compare/alpha--gamma-vale/index.html").is_file()
    removed = project.soup("compare/alpha--delta/index.html")
    assert "Delta's review was withdrawn." in removed.get_text()


def test_each_area_has_at_most_three_neighbours_so_pairs_grow_linearly(tmp_path):
    site = render_project(make_project(tmp_path / "project", REPO / "content").project).site
    found = similar_areas(build_indexes(site))
    pairs = {tuple(sorted((slug, n.slug))) for slug, neighbours in found.items() for n in neighbours}
    assert all(len(neighbours) <= 3 for neighbours in found.values())
    assert len(site.areas) <= len(pairs) <= 3 * len(site.areas)
