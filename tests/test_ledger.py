"""The URL contract: published URLs and anchors never vanish without a redirect."""

import pytest
from stage import area, compile_site

from reviewsite.errors import BuildFailed, SourcePos
from reviewsite.ledger import LEDGER_HEADER, check_ledger, format_ledger, new_urls_error

LEDGER = "content/published-urls.txt"
REDIRECTS = "content/redirects.yaml"
ALPHA = "content/areas/alpha.md"
JOINT_PLAN = "  - id: joint-plan\n    text: Agree one plan across the system.\n    themes: [leadership]\n    source: https://example.org/alpha-release\n"


def errors_of(project, **options) -> list[str]:
    before = project.snapshot() if project.out_dir.exists() else None
    with pytest.raises(BuildFailed) as info:
        project.build(**options)
    if before is not None:
        assert project.snapshot() == before
    return [str(e) for e in info.value.errors]


def ledger_line(project, url: str) -> int:
    return project.read(LEDGER).splitlines().index(url) + 1


def test_removing_a_recommendation_without_a_redirect_fails_naming_its_url(built):
    built.edit(ALPHA, JOINT_PLAN, "")
    line = ledger_line(built, "/areas/alpha/#rec-joint-plan")
    assert errors_of(built) == [
        "content/pages/about.md:7: broken link '/areas/alpha/#rec-joint-plan': /areas/alpha/ has no element with id 'rec-joint-plan'",
        f"content/published-urls.txt:{line}: the anchor #rec-joint-plan on /areas/alpha/ was published but is no longer built\n"
        "  hint: restore it, or add to content/redirects.yaml '- from: /areas/alpha/#rec-joint-plan' with 'to:' its new place or 'removed:' a note saying why",
    ]


def test_renamed_anchor_with_a_redirect_still_resolves_on_the_page(built):
    built.edit(ALPHA, "- id: joint-plan", "- id: single-plan")
    built.write(REDIRECTS, "- from: /areas/alpha/#rec-joint-plan\n  to: /areas/alpha/#rec-single-plan\n")
    built.build(update_ledger=True)
    item = built.soup("areas/alpha/index.html").find(id="rec-single-plan")
    assert item.find(id="rec-joint-plan") is not None
    assert "/areas/alpha/#rec-joint-plan" in built.read(LEDGER).splitlines()
    assert "/areas/alpha/#rec-single-plan" in built.read(LEDGER).splitlines()


def test_anchor_moved_to_another_page_leaves_a_link_at_the_old_anchor(built):
    built.edit(ALPHA, JOINT_PLAN, "")
    built.edit("content/areas/beta.md", "recommendations: []\n", "recommendations:\n" + JOINT_PLAN.replace("alpha-release", "beta-news"))
    built.write(REDIRECTS, "- from: /areas/alpha/#rec-joint-plan\n  to: /areas/beta/#rec-joint-plan\n")
    built.build(update_ledger=True)
    moved = built.soup("areas/alpha/index.html").find(id="rec-joint-plan")
    assert moved.a["href"] == "../beta/#rec-joint-plan"


def test_renamed_area_gets_a_redirect_page_and_its_anchors_follow(built):
    built.path(ALPHA).rename(built.path("content/areas/alpha-vale.md"))
    built.write(REDIRECTS, "- from: /areas/alpha/\n  to: /areas/alpha-vale/\n")
    built.build(update_ledger=True)
    soup = built.soup("areas/alpha/index.html")
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../alpha-vale/"
    assert soup.find(id="redirect-target")["href"] == "../alpha-vale/"
    assert soup.find(id="rec-joint-plan").a["href"] == "../alpha-vale/#rec-joint-plan"
    assert (built.out_dir / "areas/alpha-vale/index.html").is_file()


def test_renamed_area_without_a_redirect_fails_once_for_the_page_and_its_anchors(built):
    built.path(ALPHA).rename(built.path("content/areas/alpha-vale.md"))
    errors = [e for e in errors_of(built, update_ledger=True) if "published-urls.txt" in e]
    assert errors == [
        f"content/published-urls.txt:{ledger_line(built, '/areas/alpha/')}: the page /areas/alpha/ (with 6 item anchors) was published but is no longer built\n"
        "  hint: if it moved, one redirect carries its anchors along: '- from: /areas/alpha/' with 'to:' the new page; if it is gone, use 'removed:' with a note instead of 'to:'"
    ]


def test_new_urls_fail_until_the_ledger_is_updated_explicitly(built):
    built.write("content/areas/gamma.md", built.read("content/areas/beta.md").replace("Beta Town", "Gamma"))
    assert errors_of(built) == [
        "content/published-urls.txt: 3 new public URLs are not in the ledger yet: /areas/gamma/, /areas/gamma/#finding-good-relationships, /compare/beta--gamma/\n"
        "  hint: once the new URLs are right, record them with: .venv/bin/python build.py --update-ledger"
    ]
    built.build(update_ledger=True)
    assert "/areas/gamma/" in built.read(LEDGER).splitlines()
    built.build()


@pytest.mark.parametrize(
    "redirects, message",
    [
        ("- from: /areas/alpha/\n  to: /areas/beta/\n", "content/redirects.yaml:1: /areas/alpha/ is redirected, but the site still builds it"),
        ("- from: /areas/gone/\n  to: /areas/nowhere/\n", "content/redirects.yaml:1: the redirect target /areas/nowhere/ is not a page the site builds"),
        ("- from: /areas/gone/#rec-x\n  to: /areas/beta/\n", "content/redirects.yaml:1: the page /areas/gone/ no longer exists, so its anchor cannot be redirected on its own"),
        ("- from: https://elsewhere.org/\n  to: /areas/beta/\n", "content/redirects.yaml:1: redirect 1: 'https://elsewhere.org/' is not a URL of this site"),
    ],
    ids=["still-built", "dead-target", "orphan-anchor", "foreign-url"],
)
def test_redirects_that_cannot_work_are_errors(built, redirects, message):
    built.write(REDIRECTS, redirects)
    assert errors_of(built)[0].split("\n")[0] == message


def test_ledger_without_update_is_never_rewritten(built):
    before = built.read(LEDGER)
    built.build()
    assert built.read(LEDGER) == before


def test_a_removed_item_keeps_its_anchor_with_the_reason(built):
    built.edit(ALPHA, JOINT_PLAN, "")
    built.edit("content/pages/about.md", "(/areas/alpha/#rec-joint-plan)", "(/areas/alpha/)")
    built.write(REDIRECTS, "- from: /areas/alpha/#rec-joint-plan\n  removed: Withdrawn because its source could not be confirmed.\n")
    built.build()
    note = built.soup("areas/alpha/index.html").find(id="rec-joint-plan")
    assert note.get_text(" ", strip=True) == "This item was removed: Withdrawn because its source could not be confirmed."


def test_a_removed_area_leaves_a_page_that_says_why_and_keeps_its_anchors(built):
    built.path(ALPHA).unlink()
    built.edit("content/pages/about.md", "Read the [Alpha Vale review](/areas/alpha/#rec-joint-plan).", "Read more.")
    built.write(REDIRECTS, "- from: /areas/alpha/\n  removed: This area was added by mistake.\n")
    built.build()
    soup = built.soup("areas/alpha/index.html")
    assert soup.h1.get_text() == "This page has been removed"
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert "This area was added by mistake." in soup.get_text()
    assert soup.find(id="rec-joint-plan").get_text(" ", strip=True) == "Removed: This area was added by mistake."


def test_a_redirect_may_point_at_any_id_on_a_live_page(built):
    built.edit(ALPHA, JOINT_PLAN, "")
    built.edit("content/pages/about.md", "(/areas/alpha/#rec-joint-plan)", "(/areas/alpha/)")
    built.write(REDIRECTS, "- from: /areas/alpha/#rec-joint-plan\n  to: /areas/alpha/#follow-up\n")
    built.build()
    moved = built.soup("areas/alpha/index.html").find(id="rec-joint-plan")
    assert moved.a["href"] == "#follow-up"
    built.write(REDIRECTS, "- from: /areas/alpha/#rec-joint-plan\n  to: /areas/alpha/#no-such-section\n")
    errors = errors_of(built)
    assert errors[0].startswith("content/redirects.yaml:1: broken link '/areas/alpha/#no-such-section': /areas/alpha/ has no element with id 'no-such-section'")


def test_a_redirect_needs_exactly_one_of_to_and_removed(built):
    built.write(REDIRECTS, "- from: /areas/gone/\n  to: /\n  removed: Gone.\n")
    assert errors_of(built)[0] == "content/redirects.yaml:1: redirect 1: give either 'to' (where the URL moved) or 'removed' (a note on why it was removed)"


# --- the contract as a stage: check_ledger on a site compiled in memory -------------------------

LEDGER_POS = SourcePos(LEDGER)
LIVE = frozenset({"/", "/areas/alpha/", "/areas/alpha/#rec-joint-plan", "/areas/alpha/#finding-delays", "/areas/beta/", "/compare/alpha--beta/"})


def contract(ledgered, live=LIVE, redirects: str | None = None):
    """Check `live` against a ledger listing `ledgered`, one URL a line from line 1."""
    site = compile_site({"alpha": area("Alpha Vale")}, ledger="".join(f"{url}\n" for url in ledgered), redirects=redirects)
    return check_ledger(site, live, LEDGER_POS)


def test_stage_urls_still_built_pass_and_new_ones_are_listed_in_order():
    check = contract(["/", "/areas/alpha/"])
    assert check.problems == ()
    assert check.new_urls == ("/areas/alpha/#finding-delays", "/areas/alpha/#rec-joint-plan", "/areas/beta/", "/compare/alpha--beta/")


def test_stage_a_vanished_anchor_is_reported_at_its_ledger_line():
    check = contract([*sorted(LIVE), "/areas/alpha/#rec-gone"])
    assert [str(problem).split("\n")[0] for problem in check.problems] == [
        f"{LEDGER}:7: the anchor #rec-gone on /areas/alpha/ was published but is no longer built"]


def test_stage_a_vanished_page_is_reported_once_with_its_anchors_and_its_compare_pages_are_not():
    live = frozenset(url for url in LIVE if not url.startswith(("/areas/beta/", "/compare/")))
    check = contract(["/areas/beta/", "/areas/beta/#finding-a", "/areas/beta/#rec-b", "/compare/alpha--beta/"], live)
    assert [str(problem).split("\n")[0] for problem in check.problems] == [
        f"{LEDGER}:1: the page /areas/beta/ (with 2 item anchors) was published but is no longer built"]


def test_stage_a_moved_page_takes_its_anchors_along_when_the_new_page_has_them():
    live = frozenset(url.replace("/areas/alpha/", "/areas/alpha-vale/") for url in LIVE)
    check = contract(["/areas/alpha/", "/areas/alpha/#rec-joint-plan", "/areas/alpha/#rec-gone"], live, "- from: /areas/alpha/\n  to: /areas/alpha-vale/\n")
    retired = check.plan.pages["areas/alpha/"]
    assert (retired.to, retired.note) == ("areas/alpha-vale/", None)
    assert [(forward.anchor, forward.to) for forward in retired.anchors] == [("rec-joint-plan", "areas/alpha-vale/#rec-joint-plan")]
    # The anchor the new page lacks needs a redirect of its own.
    assert [str(problem).split("\n")[0] for problem in check.problems] == [
        f"{LEDGER}:3: the anchor #rec-gone on /areas/alpha/ was published but is no longer built"]


def test_stage_a_removed_page_keeps_its_address_and_its_anchors_share_its_note():
    check = contract(["/areas/gone/", "/areas/gone/#rec-x"], redirects="- from: /areas/gone/\n  removed: Added by mistake.\n")
    assert check.problems == ()
    retired = check.plan.pages["areas/gone/"]
    assert (retired.to, retired.note) == (None, "Added by mistake.")
    assert [(forward.anchor, forward.to, forward.note) for forward in retired.anchors] == [("rec-x", None, "Added by mistake.")]


def test_stage_a_renamed_id_becomes_an_alias_and_an_item_moved_away_leaves_a_forward():
    redirects = ("- from: /areas/alpha/#rec-old\n  to: /areas/alpha/#rec-joint-plan\n"
                 "- from: /areas/alpha/#finding-moved\n  to: /areas/beta/\n")
    check = contract([*sorted(LIVE), "/areas/alpha/#rec-old", "/areas/alpha/#finding-moved"], redirects=redirects)
    assert check.problems == ()
    assert check.plan.aliases == {"areas/alpha/": {"rec-joint-plan": ("rec-old",)}}
    assert [(forward.anchor, forward.to) for forward in check.plan.moved["areas/alpha/"]] == [("finding-moved", "areas/beta/")]


def test_stage_new_urls_error_shows_eight_and_counts_the_rest():
    urls = tuple(f"/areas/a{number}/" for number in range(10))
    error = new_urls_error(urls, LEDGER_POS, ledger_exists=True)
    assert error.message == f"10 new public URLs are not in the ledger yet: {', '.join(urls[:8])} and 2 more"
    assert new_urls_error(urls, LEDGER_POS, ledger_exists=False).message == "there is no URL ledger yet"


def test_stage_the_ledger_file_reads_back_what_was_written():
    text = format_ledger({"/matrix/", "/", "/areas/alpha/#rec-joint-plan"})
    assert text.startswith(LEDGER_HEADER) and text.removeprefix(LEDGER_HEADER) == "/\n/areas/alpha/#rec-joint-plan\n/matrix/\n"
    assert compile_site({}, ledger=text).ledger == {"/": 4, "/areas/alpha/#rec-joint-plan": 5, "/matrix/": 6}
