"""Whole-site builds of the minimal fixture: assert on the HTML a reader receives."""

import json
import re
from collections import Counter
from pathlib import Path

import html5lib
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURE

CONTENT = FIXTURE / "content"


def fixture_area(slug: str) -> dict:
    text = (CONTENT / "areas" / f"{slug}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---\n")[0][4:])


def html_pages(site) -> list[Path]:
    return sorted(site.out_dir.rglob("*.html"))


# The matrix in every kind (everything, concerns, strengths, recommendations) and every order.
MATRIX_VIEWS = {f"matrix/{kind}{order}index.html" for kind in ("", "concerns/", "strengths/", "recommendations/")
                for order in ("", "by-wave/", "by-date/", "by-frequency/")}


def test_builds_every_page_of_the_url_contract(built_once):
    pages = {p.relative_to(built_once.out_dir).as_posix() for p in html_pages(built_once)}
    assert pages == {
        "index.html", "404.html", "offline.html", "about/index.html", "areas/index.html", "themes/index.html",
        "areas/alpha/index.html", "areas/beta/index.html",
        "themes/leadership/index.html", "themes/discharge/index.html", "themes/workforce/index.html",
        "compare/index.html", "compare/alpha--beta/index.html", "compare/beta--alpha/index.html",
        "data/index.html", "areas/alpha/cite/index.html", "areas/beta/cite/index.html", "search/index.html",
        *MATRIX_VIEWS,
    }
    assert (built_once.out_dir / "data/reviews.json").is_file()
    assert (built_once.out_dir / "static/css/site.css").is_file()


def test_every_page_is_well_formed_accessible_html5(built_once):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for path in html_pages(built_once):
        text = path.read_text(encoding="utf-8")
        parser.parse(text)  # raises on any HTML5 parse error
        soup = BeautifulSoup(text, "html.parser")
        assert soup.html["lang"] == "en-GB", path
        assert len(soup.find_all("h1")) == 1, path
        assert soup.select_one("a.skip-link")["href"] == "#main", path
        assert soup.find("main", id="main") is not None, path
        assert soup.find("header") and soup.find("footer") and soup.find("nav"), path
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp, path


def test_pages_have_no_inline_scripts_styles_or_event_handlers(built_once):
    for path in html_pages(built_once):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert all(script.get("src") for script in soup.find_all("script")), path
        assert soup.find("style") is None, path
        for tag in soup.find_all(True):
            assert not [name for name in tag.attrs if name.startswith("on")], (path, tag.name)
            assert "style" not in tag.attrs, (path, tag.name)


def test_area_page_shows_every_item_with_a_stable_anchor_and_a_link_to_itself(built_once):
    soup = built_once.soup("areas/alpha/index.html")
    area = fixture_area("alpha")
    expected = [f"finding-{f['id']}" for f in area["findings"]] + [f"rec-{r['id']}" for r in area["recommendations"]]
    expected += [f"finding-{f['id']}" for f in area["follow_up"]["findings"]]
    for anchor in expected:
        item = soup.find(id=anchor)
        assert item is not None, anchor
        assert item.select_one(f'a.permalink[href="#{anchor}"]') is not None, anchor
    texts = [li.select_one(".item-text").get_text() for li in soup.select("li.item")]
    assert sorted(texts) == sorted(i["text"] for i in area["findings"] + area["recommendations"] + area["follow_up"]["findings"])


def test_area_page_groups_findings_and_labels_recommendation_basis(built_once):
    soup = built_once.soup("areas/alpha/index.html")
    concerns = soup.find(id="concerns").find_next("ol")
    assert [li["id"] for li in concerns.find_all("li", recursive=False)] == ["finding-no-shared-vision", "finding-discharge-delays"]
    strengths = soup.find(id="strengths").find_next("ol")
    assert [li["id"] for li in strengths.find_all("li", recursive=False)] == ["finding-keen-staff"]
    basis = soup.find(id="rec-trusted-assessor").select_one(".item-basis").get_text(" ", strip=True)
    assert basis == "From CQC's public statement, not the report's list. Said on publication day."
    assert soup.find(id="rec-joint-plan").select_one(".item-basis") is None


def test_area_page_key_facts(built_once):
    soup = built_once.soup("areas/alpha/index.html")
    facts = {dt.get_text(strip=True): dd for dt, dd in zip(soup.select(".summary-list dt"), soup.select(".summary-list dd"), strict=True)}
    assert facts["Report published"].find("time")["datetime"] == "2017-11-10"
    assert facts["Report published"].find("time").get_text() == "10 November 2017"
    assert "One of 20 targeted reviews" in facts["Programme size stated"].get_text()
    assert facts["Fieldwork"].get_text(" ", strip=True).startswith("4 to 8 September 2017")
    assert [li.get_text(" ", strip=True) for li in facts["What reviewers looked at"].find_all("li")] == ["Care homes: 87", "GP practices: 46"]
    assert facts["Follow-up review"].find("time")["datetime"] == "2019-01-11"


def test_unknown_date_is_said_in_words_never_guessed(built_once):
    soup = built_once.soup("areas/beta/index.html")
    published = soup.select(".summary-list dd")[0]
    assert published.find("time") is None
    assert published.get_text(" ", strip=True).startswith("Date not confirmed . On or before 19 December 2017.")
    row = built_once.soup("index.html").find("a", string="Beta Town").find_parent("tr")
    assert "Date not confirmed" in row.get_text()


def test_theme_tags_link_to_theme_pages(built_once):
    soup = built_once.soup("areas/alpha/index.html")
    tags = soup.find(id="finding-discharge-delays").select(".item-meta a[href*='themes/']")
    assert [(a["href"], a.get_text()) for a in tags] == [("../../themes/discharge/", "Hospital discharge"), ("../../themes/workforce/", "Workforce")]


def expected_cells() -> Counter:
    """Count (theme, area, kind) straight from the fixture YAML, independently of the code."""
    counts: Counter = Counter()
    for slug in ("alpha", "beta"):
        area = fixture_area(slug)
        for finding in area.get("findings", []):
            for theme in finding["themes"]:
                counts[(theme, slug, finding["kind"])] += 1
        for rec in area.get("recommendations", []):
            kind = "other suggestion" if rec.get("basis") in ("statement", "action-plan") else "recommendation"
            for theme in rec["themes"]:
                counts[(theme, slug, kind)] += 1
        for finding in (area.get("follow_up") or {}).get("findings", []):
            for theme in finding["themes"]:
                counts[(theme, slug, "follow-up " + finding["kind"])] += 1
    return counts


def test_matrix_is_a_real_table_whose_counts_equal_the_content(built_once):
    soup = built_once.soup("matrix/index.html")
    table = soup.find("table")
    assert table.caption.get_text(strip=True)
    columns = [th.get_text(" ", strip=True) for th in table.thead.find_all("th", scope="col")]
    assert columns == ["Theme Areas", "Alpha Vale * (a follow-up review was published)", "Beta Town"]
    found: Counter = Counter()
    for row in table.find_all("tr"):
        header = row.find("th", scope="row")
        if header is None:
            continue
        theme = header.a["href"].rstrip("/").split("/")[-1]
        for (slug, name), cell in zip((("alpha", "Alpha Vale"), ("beta", "Beta Town")), row.find_all("td"), strict=True):
            if "empty" in cell.get("class", []):
                assert cell.get_text() == f"– {name}, {header.a.get_text()}: not raised"
                continue
            assert cell.a["href"] == f"../themes/{theme}/#{slug}"
            words = cell.select_one(".visually-hidden").get_text()
            where, _, counts = words.partition(": ")
            assert where == f" {name}, {header.a.get_text()}"
            for part in counts.split(", "):
                count, kind = part.split(" ", 1)
                found[(theme, slug, kind if int(count) == 1 else kind[:-1])] += int(count)
            short = cell.a.contents[0]
            assert sum(int(entry[:-1]) for entry in short.split()) == int(sum(int(p.split(" ")[0]) for p in counts.split(", ")))
    assert found == expected_cells()


def anchors_of(site, relative: str) -> set[str]:
    return {tag["id"] for tag in site.soup(relative).find_all(id=True)}


def test_every_matrix_and_theme_link_resolves_to_an_existing_anchor(built_once):
    pages = ["matrix/index.html", "themes/leadership/index.html", "themes/discharge/index.html", "themes/workforce/index.html"]
    items = 0
    sections = set()
    for page in pages:
        for link in built_once.soup(page).select("main a[href*='#']"):
            target, fragment = link["href"].split("#")
            resolved = (built_once.out_dir / page).parent.joinpath(target, "index.html").resolve()
            assert fragment in anchors_of(built_once, resolved.relative_to(built_once.out_dir.resolve()).as_posix()), link["href"]
            items += fragment.startswith(("finding-", "rec-"))
            if fragment in ("alpha", "beta"):
                sections.add((page, link["href"]))
    # Each item is linked once per theme page it appears on; each non-empty cell links to its section.
    assert items == sum(expected_cells().values())
    assert len(sections) == len({(theme, slug) for theme, slug, _ in expected_cells()})


def test_theme_page_gathers_items_by_area_with_n_of_m_figures(built_once):
    soup = built_once.soup("themes/leadership/index.html")
    figures = [li.get_text(" ", strip=True) for li in soup.select(".figures li")]
    assert figures[0] == "2 of 2 areas have something recorded on this theme"
    assert [h2.get_text(strip=True) for h2 in soup.select("section.theme-area h2")] == ["Alpha Vale", "Beta Town"]
    workforce = built_once.soup("themes/workforce/index.html")
    assert workforce.select(".figures li")[0].get_text(" ", strip=True) == "1 of 2 areas have something recorded on this theme"
    assert [a.get_text() for a in workforce.select("#not-recorded ~ ul a")] == ["Beta Town"]


def test_json_data_holds_the_whole_model_with_canonical_urls(built_once):
    data = json.loads((built_once.out_dir / "data/reviews.json").read_text(encoding="utf-8"))
    assert [a["slug"] for a in data["areas"]] == ["alpha", "beta"]
    alpha = data["areas"][0]
    assert alpha["url"] == "/areas/alpha/"
    assert alpha["published"] == {"date": "2017-11-10", "earliest": None, "latest": None, "note": None, "source": "https://example.org/alpha-release"}
    assert alpha["findings"][0] == {
        "id": "no-shared-vision", "label": "Concern 1", "text": "Partners did not share a vision.", "kind": "concern",
        "themes": ["leadership"], "source": "https://example.org/alpha-release", "url": "/areas/alpha/#finding-no-shared-vision",
    }
    assert [(r["url"], r["label"], r["basis"]) for r in alpha["recommendations"]] == [
        ("/areas/alpha/#rec-joint-plan", "Recommendation 1", "report"),
        ("/areas/alpha/#rec-trusted-assessor", "Other suggestion 1", "statement"),
    ]
    assert alpha["notes"] == [{"text": "The report's full list was not available.", "source": None}]
    assert alpha["summary"].startswith("Alpha Vale's partners did not share a vision.")
    assert alpha["follow_up"]["findings"][0]["url"] == "/areas/alpha/#finding-improved"
    assert {t["slug"]: t["url"] for t in data["themes"]}["workforce"] == "/themes/workforce/"


def test_base_url_makes_json_urls_and_canonical_links_absolute(site):
    site.build(base_url="https://reviews.example.org/sub")
    data = json.loads((site.out_dir / "data/reviews.json").read_text(encoding="utf-8"))
    assert data["areas"][0]["url"] == "https://reviews.example.org/sub/areas/alpha/"
    assert site.soup("areas/alpha/index.html").find("link", rel="canonical")["href"] == "https://reviews.example.org/sub/areas/alpha/"
    assert site.soup("matrix/index.html").find("a", string="Alpha Vale")["href"] == "../areas/alpha/"


def test_links_inside_the_site_are_relative(built_once):
    for path in html_pages(built_once):
        for tag in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(["a", "link", "script"]):
            href = tag.get("href") or tag.get("src") or ""
            assert not href.startswith("/"), (path, href)


def test_markdown_links_are_rewritten_and_rendered(built_once):
    summary = built_once.soup("areas/alpha/index.html").select_one(".prose")
    assert [a["href"] for a in summary.find_all("a")] == ["../../matrix/", "../beta/"]


def test_building_twice_gives_byte_identical_files(site, tmp_path):
    site.build()
    first = site.snapshot()
    site.build()
    assert site.snapshot() == first


@pytest.mark.parametrize("field", ["name", "text"])
def test_author_text_can_never_inject_markup(site, field):
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    if field == "name":
        site.edit("content/areas/beta.md", "name: Beta Town", f"name: '{hostile}'")
    else:
        site.edit("content/areas/beta.md", "text: Leaders related well to each other.", f"text: '{hostile}'")
    site.build()
    for path in html_pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not soup.find_all("script", src=False), path
        assert not soup.find_all("img"), path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in site.html("areas/beta/index.html")


def test_service_worker_cache_name_changes_only_with_the_site(site):
    site.build()
    first = (site.out_dir / "sw.js").read_text(encoding="utf-8")
    site.build()
    assert (site.out_dir / "sw.js").read_text(encoding="utf-8") == first
    site.edit("content/areas/beta.md", "Little is known", "Very little is known")
    site.build()
    second = (site.out_dir / "sw.js").read_text(encoding="utf-8")
    assert first.splitlines()[1] != second.splitlines()[1] and first.splitlines()[1].startswith('var CACHE_NAME = "reviews-')


def test_sitemap_lists_every_real_page_when_the_address_is_known(site):
    site.build()
    assert not (site.out_dir / "sitemap.xml").exists()
    site.build(base_url="https://reviews.example.org/")
    sitemap = (site.out_dir / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    pages = ["", "about/", "areas/", "areas/alpha/", "areas/beta/", "themes/", "themes/discharge/", "themes/leadership/", "themes/workforce/",
             "compare/", "compare/alpha--beta/", "data/", "areas/alpha/cite/", "areas/beta/cite/", "search/"]  # not compare/beta--alpha/, which forwards to alpha--beta
    assert locations == sorted(f"https://reviews.example.org/{url}" for url in pages + [view[: -len("index.html")] for view in MATRIX_VIEWS])


def test_the_404_page_links_absolutely_when_the_address_is_known(site):
    site.build()
    assert site.soup("404.html").find("a", string="Browse themes")["href"] == "themes/"
    site.build(base_url="https://reviews.example.org/sub/")
    soup = site.soup("404.html")
    assert soup.find("a", string="Browse themes")["href"] == "https://reviews.example.org/sub/themes/"
    assert soup.find("link", rel="stylesheet")["href"] == "https://reviews.example.org/sub/static/css/site.css"


def test_advice_that_is_not_the_reports_own_is_listed_apart_and_labelled_everywhere(built_once):
    area = built_once.soup("areas/alpha/index.html")
    recommendations = area.find(id="recommendations").find_next("ol")
    assert [li["id"] for li in recommendations.find_all("li", recursive=False)] == ["rec-joint-plan"]
    other = area.find(id="other-suggestions").find_next("ol")
    assert [li["id"] for li in other.find_all("li", recursive=False)] == ["rec-trusted-assessor"]
    theme = built_once.soup("themes/discharge/index.html")
    item = theme.find("a", href="../../areas/alpha/#rec-trusted-assessor").find_parent("li")
    assert item.select_one(".item-basis").get_text(" ", strip=True).startswith("From CQC's public statement, not the report's list.")
    assert item.select_one("a.permalink").get_text() == "Other suggestion 1"
    cell = built_once.soup("matrix/index.html").find("a", href="../themes/discharge/#alpha")
    assert cell.get_text() == "1C 1O Alpha Vale, Hospital discharge: 1 concern, 1 other suggestion"


def test_follow_up_items_are_listed_and_numbered_by_kind(built_once):
    area = built_once.soup("areas/alpha/index.html")
    heading = area.find(id="follow-up-strengths")
    assert heading.get_text() == "Follow-up strengths (1)"
    assert [li["id"] for li in heading.find_next("ol").find_all("li", recursive=False)] == ["finding-improved"]
    cell = built_once.soup("matrix/index.html").find("a", href="../themes/leadership/#alpha")
    assert cell.get_text() == "1C 1R 1F Alpha Vale, Leadership: 1 concern, 1 recommendation, 1 follow-up strength"


def test_areas_page_lists_every_area(built_once):
    rows = built_once.soup("areas/index.html").select("table tbody th a")
    assert [(a.get_text(), a["href"]) for a in rows] == [("Alpha Vale", "alpha/"), ("Beta Town", "beta/")]
