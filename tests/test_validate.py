"""One test per validation rule: the exact `path:line: message`, and the previous site untouched."""

import pytest

from reviewsite.errors import BuildFailed

ALPHA = "content/areas/alpha.md"
BETA = "content/areas/beta.md"


def failed_build(project) -> list[str]:
    """Build, expect failure, check the old site is byte-identical, return each error's text."""
    before = project.snapshot()
    with pytest.raises(BuildFailed) as info:
        project.build()
    assert project.snapshot() == before, "a failed build changed the previous site"
    return [str(error) for error in info.value.errors]


RULES = [
    ("missing-required-key", ALPHA, "name: Alpha Vale\n", "",
     ["content/areas/alpha.md:2: required key 'name' is missing"]),
    ("empty-required-key", ALPHA, "name: Alpha Vale\n", "name:\n",
     ["content/areas/alpha.md:2: required key 'name' is empty"]),
    ("unknown-key-with-hint", ALPHA, "recommendations:\n", "recomendations:\n",
     ["content/areas/alpha.md:48: unknown key 'recomendations'\n  hint: did you mean 'recommendations'?"]),
    ("wrong-type-list-for-text", ALPHA, "name: Alpha Vale\n", "name: [Alpha, Vale]\n",
     ["content/areas/alpha.md:2: 'name' must be text, not a list"]),
    ("wrong-type-text-for-list", ALPHA, "themes: [workforce]\n    source: https://example.org/alpha-report",
     "themes: workforce\n    source: https://example.org/alpha-report",
     ["content/areas/alpha.md:46: finding 'keen-staff': 'themes' must be a list, not text\n  hint: write it as [first, second] or one '- ' line each"]),
    ("unknown-theme-did-you-mean", ALPHA, "themes: [discharge, workforce]", "themes: [discharg, workforce]",
     ["content/areas/alpha.md:41: finding 'discharge-delays': unknown theme 'discharg'\n  hint: did you mean 'discharge'?"]),
    ("duplicate-id", ALPHA, "- id: keen-staff", "- id: no-shared-vision",
     ["content/areas/alpha.md:43: finding 3: id 'no-shared-vision' is already used in this area (line 33)\n"
      "  hint: ids must be unique across findings, recommendations and follow-up items"]),
    ("invalid-id", ALPHA, "- id: keen-staff", "- id: ../keen",
     ["content/areas/alpha.md:43: finding 3: '../keen' is not a valid id\n  hint: use lowercase letters, digits and single hyphens, like 'gp-access'"]),
    ("bad-kind", ALPHA, "kind: strength\n    text: Staff", "kind: strenght\n    text: Staff",
     ["content/areas/alpha.md:44: finding 'keen-staff': 'strenght' is not a known kind\n  hint: did you mean 'strength'?"]),
    ("impossible-date", ALPHA, "date: 2017-11-10\n  source", "date: 2017-02-30\n  source",
     ["content/areas/alpha.md:5: published: '2017-02-30' is not a real date\n  hint: check the day and month"]),
    ("malformed-date", ALPHA, "date: 2017-11-10\n  source", "date: 10/11/2017\n  source",
     ["content/areas/alpha.md:5: published: '10/11/2017' is not a date in the form YYYY-MM-DD\n  hint: write 'not known' and add a note saying what is known"]),
    ("date-outside-span", ALPHA, "date: 2017-11-10\n  source", "date: 2027-11-10\n  source",
     ["content/areas/alpha.md:5: published: 2027-11-10 is outside the span the site covers (2017-01-01 to 2020-12-31)\n  hint: check the year; the span is set in content/site.yaml"]),
    ("not-known-without-note", BETA, "  note: On or before 19 December 2017.\n", "",
     ["content/areas/beta.md:5: published: a date that is not known needs a 'note' saying what is known\n  hint: for example: note: \"On or before 19 December 2017\""]),
    ("unsure-word-for-date", BETA, "date: not known", "date: unconfirmed",
     ["content/areas/beta.md:5: published: 'unconfirmed' is not a date\n  hint: write 'not known' and add a note saying what is known"]),
    ("invalid-url", ALPHA, "  - url: https://example.org/alpha-report", "  - url: example.org/alpha-report",
     ["content/areas/alpha.md:25: source 2: 'example.org/alpha-report' is not a valid web address\n  hint: write a full http:// or https:// address"]),
    ("unlisted-source", ALPHA, "    source: https://example.org/alpha-report\nrecommendations", "    source: https://example.org/alpha-reprot\nrecommendations",
     ["content/areas/alpha.md:47: finding 'keen-staff': the source https://example.org/alpha-reprot is not in this area's 'sources' list\n  hint: did you mean 'https://example.org/alpha-report'?"]),
    ("duplicate-source", BETA, "sources:\n", "sources:\n  - url: https://example.org/beta-news\n    title: Again\n    publisher: Again\n",
     ["content/areas/beta.md:12: source 2: the source https://example.org/beta-news is listed twice (first at line 9)\n  hint: list each source once"]),
    ("no-sources", BETA, "sources:\n  - url: https://example.org/beta-news\n    title: Beta Town review in the news\n    publisher: Beta Gazette\n", "sources: []\n",
     ["content/areas/beta.md:8: an area needs at least one source\n  hint: list the documents its facts come from under 'sources:'"]),
    ("negative-count", ALPHA, "care_homes: 87", "care_homes: -87",
     ["content/areas/alpha.md:14: scope: 'care_homes' must be a whole number of zero or more, not '-87'\n  hint: write digits only, like 87; leave the key out if no source gives the number"]),
    ("fractional-count", ALPHA, "care_homes: 87", "care_homes: 8.5",
     ["content/areas/alpha.md:14: scope: 'care_homes' must be a whole number of zero or more, not '8.5'\n  hint: write digits only, like 87; leave the key out if no source gives the number"]),
    ("counts-without-source", ALPHA, "  gp_practices: 46\n  source: https://example.org/alpha-release\n", "  gp_practices: 46\n",
     ["content/areas/alpha.md:14: scope: required key 'source' is missing"]),
    ("unknown-wave", ALPHA, "wave: first", "wave: frist",
     ["content/areas/alpha.md:3: 'frist' is not a known wave\n  hint: did you mean 'first'?"]),
    ("comment-cuts-text", ALPHA, "text: Staff were keen to do the right thing.", "text: Staff were keen #1 in the region",
     ["content/areas/alpha.md:45: finding 'keen-staff': 'text' stops at ' #': YAML reads the rest of the line as a comment\n  hint: put the whole value in double quotes"]),
    ("empty-text", ALPHA, "text: Staff were keen to do the right thing.", 'text: "  "',
     ["content/areas/alpha.md:45: finding 'keen-staff': 'text' is empty"]),
    ("bad-basis", ALPHA, "basis: statement", "basis: press",
     ["content/areas/alpha.md:57: recommendation 'trusted-assessor': 'press' is not a known basis\n  hint: choose one of 'report', 'follow-up', 'statement', 'action-plan'"]),
    ("follow-up-source-unlisted", ALPHA, "    - https://example.org/alpha-follow-up\n  findings", "    - https://example.org/elsewhere\n  findings",
     ["content/areas/alpha.md:65: follow_up: the source https://example.org/elsewhere is not in this area's 'sources' list\n  hint: did you mean 'https://example.org/alpha-report'?"]),
    ("unsafe-markdown-link", ALPHA, "[Beta Town](../beta/)", "[Beta Town](javascript:alert(1))",
     ["content/areas/alpha.md:76: link scheme 'javascript:' is not allowed\n  hint: use an https:, http: or mailto: link, or a link within the site"]),
    ("theme-listed-twice", ALPHA, "themes: [discharge, workforce]", "themes: [discharge, discharge]",
     ["content/areas/alpha.md:41: finding 'discharge-delays': theme 'discharge' is listed twice"]),
]


@pytest.mark.parametrize("path, old, new, expected", [rule[1:] for rule in RULES], ids=[rule[0] for rule in RULES])
def test_reports_exact_error_and_keeps_previous_site(built, path, old, new, expected):
    built.edit(path, old, new)
    assert failed_build(built) == expected


def test_reports_every_error_in_every_file_at_once(built):
    built.edit(ALPHA, "wave: first", "wave: frist")
    built.edit(ALPHA, "themes: [discharge, workforce]", "themes: [discharg, workforce]")
    built.edit(BETA, "name: Beta Town\n", "")
    built.edit("content/pages/about.md", "title: About\n", "")
    errors = failed_build(built)
    assert [e.split(": ")[0] for e in errors] == [
        "content/areas/alpha.md:3",
        "content/areas/alpha.md:41",
        "content/areas/beta.md:2",
        "content/pages/about.md:2",
    ]


def test_duplicate_theme_slug(built):
    built.edit("content/themes.yaml", "  - slug: workforce", "  - slug: leadership")
    assert failed_build(built) == ["content/themes.yaml:17: theme 3: theme 'leadership' is defined twice (first at line 9)\n  hint: each theme slug must be unique"]


def test_duplicate_wave_slug(built):
    built.edit("content/site.yaml", "  - slug: second", "  - slug: first")
    assert failed_build(built) == ["content/site.yaml:15: wave 2: wave 'first' is defined twice"]


def test_duplicate_area_names(built):
    built.edit(BETA, "name: Beta Town", "name: alpha vale")
    assert failed_build(built) == ["content/areas/beta.md: two areas are named 'alpha vale' (the other is content/areas/alpha.md)\n  hint: give each area a distinct name"]


def test_invalid_file_name(built):
    built.write("content/areas/Gamma.md", built.read(BETA).replace("Beta Town", "Gamma"))
    assert failed_build(built) == ["content/areas/Gamma.md: the file name 'Gamma.md' is not a valid area slug\n  hint: use lowercase letters, digits and single hyphens, like 'stoke-on-trent.md'"]


def test_a_site_without_waves_is_an_error(built):
    text = built.read("content/site.yaml")
    built.write("content/site.yaml", text[: text.index("waves:")] + "waves: []\n")
    errors = failed_build(built)
    assert errors[-1] == "content/site.yaml:10: the site needs at least one wave\n  hint: list the programme's waves; every area names one"


TILE = "wave: first\ntile:\n  column: 2\n  row: 3\n  label: {label}\n"


def test_two_areas_on_one_place_of_the_map(built):
    built.edit(ALPHA, "wave: first\n", TILE.format(label="ALV"))
    built.edit(BETA, "wave: second\n", TILE.format(label="BET").replace("first", "second"))
    assert failed_build(built) == [
        "content/areas/beta.md:5: tile: column 2, row 3 is already Alpha Vale's place on the map (content/areas/alpha.md)\n"
        "  hint: give each area its own place; move one of them to a free neighbouring place"]


def test_two_areas_with_one_label_on_the_map(built):
    built.edit(ALPHA, "wave: first\n", TILE.format(label="AV"))
    built.edit(BETA, "wave: second\n", TILE.format(label="AV").replace("first", "second").replace("row: 3", "row: 4"))
    assert failed_build(built) == ["content/areas/beta.md:5: tile: the label 'AV' is already Alpha Vale's (content/areas/alpha.md)\n  hint: give each area its own label"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("wave: first\n", TILE.format(label="alpha"),
     "content/areas/alpha.md:7: tile: 'label' must be one to four capital letters or digits, not 'alpha'\n  hint: for example: label: YRK"),
    ("wave: first\n", TILE.format(label="AV").replace("column: 2", "column: 99"),
     "content/areas/alpha.md:5: tile: 'column' must be at most 40, not 99\n  hint: the map counts columns from the west and rows from the north, from 0"),
    ("published:\n  date: 2017-11-10\n", "published:\n  date: 2017-11-10\n  earliest: 2017-10-01\n",
     "content/areas/alpha.md:6: published: 'earliest' is only for a date that is not known\n  hint: with a known date, leave out 'earliest' and 'latest'"),
])
def test_map_places_and_date_bounds_are_checked(built, old, new, expected):
    built.edit(ALPHA, old, new)
    assert failed_build(built) == [expected]


def test_a_date_range_must_not_end_before_it_starts(built):
    built.edit(BETA, "  date: not known\n", "  date: not known\n  earliest: 2018-01-01\n  latest: 2017-06-30\n")
    assert failed_build(built) == ["content/areas/beta.md:7: published: 'latest' (2017-06-30) is before 'earliest' (2018-01-01)"]


@pytest.mark.parametrize(("new", "expected"), [
    ("wave: first\nupdated: 2017-11-09\n",
     "content/areas/alpha.md:4: 'updated' (2017-11-09) is before the review was published (2017-11-10)\n  hint: 'updated' is the date this file's content last changed"),
    ("wave: first\nupdated: last week\n",
     "content/areas/alpha.md:4: 'last week' is not a date in the form YYYY-MM-DD\n  hint: write the date as YYYY-MM-DD"),
])
def test_the_date_content_last_changed_is_checked(built, new, expected):
    built.edit(ALPHA, "wave: first\n", new)
    assert failed_build(built) == [expected]
