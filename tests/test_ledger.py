"""The URL contract: published URLs and anchors never vanish without a redirect."""

import pytest

from reviewsite.errors import BuildFailed

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
        "content/pages/about.md:7: broken link '../areas/alpha/#rec-joint-plan': /areas/alpha/ has no element with id 'rec-joint-plan'",
        f"content/published-urls.txt:{line}: the anchor #rec-joint-plan on /areas/alpha/ was published but is no longer built\n"
        "  hint: restore it, or add a redirect to content/redirects.yaml: '- from: /areas/alpha/#rec-joint-plan' with 'to:' its new place",
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


def test_renamed_area_without_a_redirect_fails_for_the_page_and_every_anchor(built):
    built.path(ALPHA).rename(built.path("content/areas/alpha-vale.md"))
    errors = [e for e in errors_of(built, update_ledger=True) if "published-urls.txt" in e]
    assert len(errors) == 7
    assert errors[0].startswith(f"content/published-urls.txt:{ledger_line(built, '/areas/alpha/')}: the page /areas/alpha/ was published but is no longer built")


def test_new_urls_fail_until_the_ledger_is_updated_explicitly(built):
    built.write("content/areas/gamma.md", built.read("content/areas/beta.md").replace("Beta Town", "Gamma"))
    assert errors_of(built) == [
        "content/published-urls.txt: 2 new public URLs are not in the ledger yet: /areas/gamma/, /areas/gamma/#finding-good-relationships\n"
        "  hint: once the new URLs are right, record them with: python build.py --update-ledger"
    ]
    built.build(update_ledger=True)
    assert "/areas/gamma/" in built.read(LEDGER).splitlines()
    built.build()


@pytest.mark.parametrize(
    "redirects, message",
    [
        ("- from: /areas/alpha/\n  to: /areas/beta/\n", "content/redirects.yaml:1: /areas/alpha/ is redirected, but the site still builds it"),
        ("- from: /areas/gone/\n  to: /areas/nowhere/\n", "content/redirects.yaml:1: the redirect target /areas/nowhere/ is not built by the site"),
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
