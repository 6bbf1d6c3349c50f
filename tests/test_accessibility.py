"""The accessibility statement: where it is, what every page's footer says, and what it needs."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from conftest import REPO

from reviewsite.errors import BuildFailed

STATEMENT = """---
title: Accessibility statement
description: How accessible this site is.
updated: 2021-03-04
---
## How accessible this site is {#how-accessible}

The statement's text.
"""


@pytest.fixture
def with_statement(site):
    site.write("content/pages/accessibility.md", STATEMENT)
    site.build(update_ledger=True)
    return site


def test_every_page_of_the_shipped_site_links_to_the_statement_in_its_footer(shipped_site):
    pages = sorted(shipped_site.out_dir.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        relative = path.relative_to(shipped_site.out_dir).as_posix()
        link = shipped_site.soup(relative).find("footer").find("a", string="Accessibility statement")
        assert link is not None, relative
        assert urljoin(f"https://host/{relative}", link["href"]) == "https://host/accessibility/", relative


def test_the_statement_has_a_stable_address_in_the_ledger():
    ledger = (REPO / "content/published-urls.txt").read_text(encoding="utf-8").splitlines()
    assert "/accessibility/" in ledger


def test_footers_link_to_the_statement_only_when_there_is_one(built, tmp_path):
    assert built.soup("areas/alpha/index.html").find("a", string="Accessibility statement") is None
    built.write("content/pages/accessibility.md", STATEMENT)
    built.build(update_ledger=True)
    assert built.soup("areas/alpha/index.html").find("a", string="Accessibility statement")["href"] == "../../accessibility/"
    assert built.soup("404.html").find("a", string="Accessibility statement")["href"] == "accessibility/"


def test_the_statement_says_when_it_was_prepared_and_that_there_is_no_contact_yet(with_statement):
    soup = with_statement.soup("accessibility/index.html")
    assert soup.h1.get_text() == "Accessibility statement"
    preparation = soup.find(id="preparation").find_next("p")
    assert preparation.get_text().startswith("This statement was prepared on 4 March 2021,")
    assert preparation.time["datetime"] == "2021-03-04"
    reporting = soup.find(id="reporting-problems").find_next("p").get_text()
    assert reporting.startswith("This site does not yet have a way for readers to contact the people who run it")
    assert [a.get_text() for a in soup.select("nav.contents a")] == ["How accessible this site is", "Reporting problems", "Preparation of this statement"]


def test_the_statement_links_to_the_feedback_address_when_there_is_one(with_statement):
    with_statement.edit("content/site.yaml", 'base_url: ""\n', 'base_url: ""\nfeedback_url: https://example.org/issues\n')
    with_statement.build()
    reporting = with_statement.soup("accessibility/index.html").find(id="reporting-problems").find_next("p")
    assert reporting.a["href"] == "https://example.org/issues" and reporting.a.get_text() == "tell us about it"


def test_the_feedback_address_must_be_a_web_address(site):
    site.edit("content/site.yaml", 'base_url: ""\n', 'base_url: ""\nfeedback_url: someone at example.org\n')
    with pytest.raises(BuildFailed) as info:
        site.build()
    assert [str(error) for error in info.value.errors] == [
        "content/site.yaml:4: 'someone at example.org' is not a valid web address\n  hint: write a full http:// or https:// address"]


def test_the_statement_must_say_when_it_was_prepared(site):
    site.write("content/pages/accessibility.md", STATEMENT.replace("updated: 2021-03-04\n", ""))
    with pytest.raises(BuildFailed) as info:
        site.build(update_ledger=True)
    assert [str(error) for error in info.value.errors] == ["content/pages/accessibility.md:2: required key 'updated' is missing"]
