"""The link check on a hand-made plan: every link and #fragment against the ids pages declare."""

from reviewsite.errors import SourcePos
from reviewsite.links import check_links, targets_removed
from reviewsite.markdown import AuthoredLink
from reviewsite.plan import Output, Plan

ABOUT = SourcePos("content/pages/about.md", 7)
PAGE_TEXT = '<html>\n<body>\n<a href="../gamma/">x</a>\n<p id="twice">a</p>\n<p id="twice">b</p>\n<a href="#top">top</a>\n</body>\n</html>\n'


def output(url: str, anchors: tuple[str, ...] = (), **fields) -> Output:
    return Output(url, "page.html", dict, frozenset(), anchors=anchors, **fields)


def plan(*outputs: Output) -> Plan:
    return Plan((output("areas/alpha/", ("finding-delays", "rec-joint-plan")), output("areas/beta/", ("finding-good",)),
                 output("matrix/"), *outputs))


def check(site_plan: Plan, linked: dict[str, frozenset[str]] | None = None, only=None) -> list[str]:
    return [str(error) for error in check_links(site_plan, linked or {}, lambda _: PAGE_TEXT, "_site", only)]


def authored(target: str, written: str, pos: SourcePos = ABOUT) -> Output:
    return output("about/", authored_links=(AuthoredLink(target, written, pos),))


def test_links_to_pages_and_ids_that_exist_pass():
    links = {"about/": frozenset({"areas/alpha/", "areas/alpha/#rec-joint-plan", "matrix/"})}
    assert check(plan(authored("areas/beta/#finding-good", "/areas/beta/#finding-good")), links) == []


def test_an_authored_link_to_a_missing_page_is_reported_where_it_was_written_with_a_suggestion():
    assert check(plan(authored("areas/betta/", "../areas/betta/"))) == [
        "content/pages/about.md:7: broken link '../areas/betta/': there is no page at /areas/betta/\n  hint: did you mean /areas/beta/?"]


def test_an_authored_link_to_a_missing_id_names_the_page_and_the_id():
    assert check(plan(authored("areas/alpha/#rec-joint-plans", "/areas/alpha/#rec-joint-plans"))) == [
        "content/pages/about.md:7: broken link '/areas/alpha/#rec-joint-plans': /areas/alpha/ has no element with id 'rec-joint-plans'\n"
        "  hint: did you mean 'rec-joint-plan'?"]


def test_a_link_a_template_made_is_reported_at_the_rendered_pages_line():
    errors = check(plan(output("areas/gama/")), {"areas/alpha/": frozenset({"areas/gamma/"})})
    assert errors == ["_site/areas/alpha/index.html:3: broken link '../gamma/': there is no page at /areas/gamma/\n  hint: did you mean /areas/gama/?"]


def test_a_literal_template_link_to_a_missing_id_or_outside_the_site_is_reported():
    errors = check(plan(output("about/", template_links=("#top", "../../../etc/"))))
    assert errors == ["_site/about/index.html:6: broken link '#top': /about/ has no element with id 'top'",
                      "_site/about/index.html: broken link '../../../etc/': it leads outside the site"]


def test_an_id_a_page_defines_twice_is_reported_at_its_second_use():
    assert check(plan(output("about/", ("twice", "twice")))) == ["_site/about/index.html:5: the id 'twice' is used twice on this page"]


def test_a_heading_id_written_twice_is_reported_where_the_author_wrote_it():
    heading = SourcePos("content/pages/about.md", 3)
    assert check(plan(output("about/", ("main", "main"), authored_ids=(("main", heading),)))) == [
        "content/pages/about.md:3: the heading id 'main' is already used on this page\n  hint: choose an id the page does not use for anything else"]


def test_only_the_pages_asked_for_are_checked():
    site_plan = plan(authored("areas/gamma/", "/areas/gamma/"))
    assert check(site_plan, only={"matrix/"}) == []
    assert len(check(site_plan, only={"about/"})) == 1


def test_a_removed_page_or_id_means_every_page_must_be_checked_again():
    site_plan = plan()
    anchors = {output.url: output.anchors for output in site_plan.outputs}
    assert not targets_removed(site_plan, anchors)
    assert targets_removed(site_plan, {**anchors, "areas/alpha/": ("finding-delays", "finding-gone")})
    assert targets_removed(site_plan, {**anchors, "areas/gamma/": ()})
