"""Citations: a plain-text reference for every area page and every finding and recommendation,
and the same as RIS for reference managers."""

from __future__ import annotations

ALPHA_CONCERN = (
    "Test reviews (2019) ‘Alpha Vale, concern: Partners did not share a vision’. Last changed 1 February 2019. "
    "Available at: https://reviews.example.org/areas/alpha/#finding-no-shared-vision. "
    "Original source: Care Quality Commission (2017) Alpha Vale review published, 10 November 2017. Available at: https://example.org/alpha-release."
)


def citation_on(site, page: str, anchor: str) -> str:
    return site.soup(page).select_one(f"[id='{anchor}'] .citation").get_text()


def test_an_items_citation_names_the_site_item_area_address_date_and_source(dated_site):
    assert citation_on(dated_site, "areas/alpha/cite/index.html", "finding-no-shared-vision") == ALPHA_CONCERN


def test_a_follow_up_item_and_advice_from_a_statement_say_what_they_are(dated_site):
    improved = citation_on(dated_site, "areas/alpha/cite/index.html", "finding-improved")
    assert improved.startswith("Test reviews (2019) ‘Alpha Vale, follow-up strength: The system had improved’.")
    assert improved.endswith("Original source: Care Quality Commission (2019) Alpha Vale follow-up, 11 January 2019. Available at: https://example.org/alpha-follow-up.")
    statement = citation_on(dated_site, "areas/alpha/cite/index.html", "rec-trusted-assessor")
    assert "‘Alpha Vale, other suggestion: Start the trusted assessor scheme’" in statement


def test_the_area_pages_citation_is_on_the_page_itself(dated_site):
    soup = dated_site.soup("areas/alpha/index.html")
    assert soup.select_one("#cite ~ .citation").get_text() == (
        "Test reviews (2019) ‘Alpha Vale: local system review’. Last changed 1 February 2019. Available at: https://reviews.example.org/areas/alpha/. "
        "Original source: Care Quality Commission (2017) Alpha Vale review published, 10 November 2017. Available at: https://example.org/alpha-release.")
    assert soup.select_one("#finding-no-shared-vision a.cite-link")["href"] == "cite/#finding-no-shared-vision"
    assert soup.select_one("#finding-no-shared-vision a.cite-link").get_text() == "Cite Concern 1"


def test_an_area_without_its_own_date_is_cited_with_the_sites_content_date(dated_site):
    text = citation_on(dated_site, "areas/beta/cite/index.html", "finding-good-relationships")
    assert text.startswith("Test reviews (2019) ‘Beta Town, strength: Leaders related well to each other’. Last changed 1 February 2019.")
    assert text.endswith("Original source: Beta Gazette (n.d.) Beta Town review in the news. Available at: https://example.org/beta-news.")


def test_without_any_date_or_address_a_citation_says_no_date_and_gives_the_path(built_once):
    text = citation_on(built_once, "areas/alpha/cite/index.html", "finding-no-shared-vision")
    assert text.startswith("Test reviews (n.d.) ‘Alpha Vale, concern: Partners did not share a vision’. Available at: /areas/alpha/#finding-no-shared-vision.")


def test_citation_text_is_plain_text_in_the_page_without_script(dated_site):
    """The reference is in the HTML as text, in a paragraph of its own, not made by a script or hidden."""
    soup = dated_site.soup("areas/alpha/cite/index.html")
    entries = soup.select(".citation-list > li")
    assert [li["id"] for li in entries] == ["finding-no-shared-vision", "finding-discharge-delays", "finding-keen-staff", "rec-joint-plan",
                                           "rec-trusted-assessor", "finding-improved"]
    for paragraph in soup.select(".citation"):
        assert paragraph.name == "p" and not paragraph.find_parent(["template", "noscript"]) and not paragraph.find_parent(attrs={"hidden": True})
    # The header's search button submits a plain form; copy buttons, which need a script, are added by it.
    assert not [button for button in soup.select("button") if not button.find_parent("form")], "buttons that need a script are added by the script"


def test_ris_file_parses_with_one_record_per_citation(dated_site):
    import rispy

    text = (dated_site.out_dir / "data/areas/alpha.ris").read_text(encoding="utf-8")
    records = rispy.loads(text)
    assert len(records) == 7  # the page and its six items
    page, concern = records[0], records[1]
    assert page["type_of_reference"] == "ELEC"
    assert page["title"] == "Alpha Vale: local system review"
    assert page["urls"] == ["https://reviews.example.org/areas/alpha/"]
    assert concern["title"] == "Alpha Vale, concern: Partners did not share a vision"
    assert concern["secondary_title"] == "Test reviews"
    assert concern["year"] == "2019" and concern["date"] == "2019/02/01/"
    assert concern["urls"] == ["https://reviews.example.org/areas/alpha/#finding-no-shared-vision"]
    assert concern["notes"] == ["Original source: Care Quality Commission (2017) Alpha Vale review published, 10 November 2017. Available at: https://example.org/alpha-release."]
    assert all(line == "" or line[:2].isalnum() and line[2:6] == "  - " for line in text.split("\r\n")), "every line is 'XY  - value'"


def test_citations_are_on_the_ledger_only_through_the_item_anchors(dated_site):
    """The citation page and the RIS file are reached from the area page; what readers cite is the item's anchor."""
    plan_urls = {line for line in (dated_site.root / "content/published-urls.txt").read_text(encoding="utf-8").split()}
    assert "/areas/alpha/#finding-no-shared-vision" in plan_urls
    assert not any("cite" in url or url.endswith(".ris") for url in plan_urls)
