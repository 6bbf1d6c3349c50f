"""`new`: a commented area file that never overwrites, and that `check` and `build` refuse
until its placeholder text is replaced."""

import pytest

from reviewsite.cli import main
from reviewsite.urls import slugify


@pytest.mark.parametrize(
    "name, slug",
    [("Ynys Môn", "ynys-mon"), ("Brighton & Hove", "brighton-and-hove"), ("  Stoke-on-Trent ", "stoke-on-trent"),
     ("Kingston upon Hull, City of", "kingston-upon-hull-city-of"), ("../../etc", "etc")],
)
def test_slugs_for_new_files(name, slug):
    assert slugify(name) == slug


NEW = "content/areas/ynys-mon.md"
LEDGER = "content/published-urls.txt"
NOTE_ERROR = ("the note on when the report was published still holds the text a new area file starts with: 'Not researched yet.'\n"
              "  hint: give the date CQC published the report (YYYY-MM-DD) and its source, or keep 'not known' with a note saying what the sources do say")
SUMMARY_ERROR = ("the summary still holds the text a new area file starts with: "
                 "'A short summary, in your own words, of what the review found and recommended.'\n"
                 "  hint: replace it with a short summary, in your own words, of what the review found and recommended")


def line_of(text: str, line: str) -> int:
    """Return the 1-based number of the one line of `text` that is exactly `line`."""
    lines = text.splitlines()
    assert lines.count(line) == 1, line
    return lines.index(line) + 1


def fill_in(text: str) -> str:
    """Replace the text a new area file starts with by facts, as an author would."""
    return (text.replace("  note: Not researched yet.", "  note: On or before 1 March 2018.")
            .replace("A short summary, in your own words, of what the review found and recommended.", "The review found strong local partnerships."))


def test_new_writes_a_commented_area_file_that_check_refuses_at_each_placeholder(site, capsys):
    assert main(["new", "Ynys Môn"], root=site.root) == 0
    text = site.read(NEW)
    assert 'name: "Ynys Môn"' in text and "# A new area, started by `.venv/bin/python build.py new`" in text
    assert "Created content/areas/ynys-mon.md." in capsys.readouterr().out
    assert main(["check"], root=site.root) == 1
    assert capsys.readouterr().err == (
        f"{NEW}:{line_of(text, '  note: Not researched yet.')}: {NOTE_ERROR}\n"
        f"{NEW}:{len(text.splitlines())}: {SUMMARY_ERROR}\n"
        "2 errors; fix them and check again.\n"
    )
    assert not site.out_dir.exists()


def test_a_build_refuses_a_new_area_and_leaves_the_site_and_the_ledger_as_they_were(built, capsys):
    ledger, before = built.read(LEDGER), built.snapshot()
    main(["new", "Ynys Môn"], root=built.root)
    capsys.readouterr()
    for args in ([], ["--update-ledger"]):
        assert main(args, root=built.root) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"{NEW}:{line_of(built.read(NEW), '  note: Not researched yet.')}: {NOTE_ERROR}\n")
        assert err.endswith("2 errors; nothing was written.\n")
        assert built.snapshot() == before and built.read(LEDGER) == ledger
        assert not (built.out_dir / "areas/ynys-mon").exists()


def test_a_filled_in_area_asks_only_for_the_ledger_then_builds(site, capsys):
    main(["new", "Ynys Môn"], root=site.root)
    site.write(NEW, fill_in(site.read(NEW)))
    capsys.readouterr()
    assert main(["check"], root=site.root) == 1
    assert capsys.readouterr().err == (
        "content/published-urls.txt: 1 new public URL is not in the ledger yet: /areas/ynys-mon/\n"
        "  hint: once the new URLs are right, record them with: .venv/bin/python build.py --update-ledger\n"
        "1 error; fix it and check again.\n"
    )
    assert main(["--update-ledger"], root=site.root) == 0
    assert "Ynys Môn" in site.html("areas/ynys-mon/index.html")
    assert "/areas/ynys-mon/" in site.read(LEDGER).splitlines()


def test_new_refuses_to_overwrite(site, capsys):
    before = site.read("content/areas/beta.md")
    assert main(["new", "Beta"], root=site.root) == 1
    assert capsys.readouterr().err.startswith("content/areas/beta.md: this area file already exists; it was left unchanged")
    assert site.read("content/areas/beta.md") == before


def test_new_refuses_names_without_letters(site, capsys):
    assert main(["new", "!!!"], root=site.root) == 1
    assert "cannot make a file name from '!!!'" in capsys.readouterr().err


def test_the_commented_example_works_when_uncommented_once_its_text_is_replaced(site, capsys):
    main(["new", "Ynys Môn"], root=site.root)
    text = site.read(NEW)
    lines = text.splitlines()
    start, end = lines.index("# findings:"), lines.index("findings: []")
    example = [line[2:] for line in lines[start:end]]
    text = fill_in(text.replace("findings: []\n", "\n".join(example) + "\n"))
    site.write(NEW, text)
    capsys.readouterr()
    # Uncommented as it is, the example's id and text are placeholders too.
    assert main(["check"], root=site.root) == 1
    assert [line for line in capsys.readouterr().err.splitlines() if not line.startswith("  hint")] == [
        f"{NEW}:{line_of(text, '  - id: short-topic-slug')}: the example finding's id still holds the text a new area file starts with: 'short-topic-slug'",
        f"{NEW}:{line_of(text, '    text: What the review found, in your own words.')}: the example finding's text still holds the text a new area file starts with: "
        "'What the review found, in your own words.'",
        "2 errors; fix them and check again.",
    ]
    site.write(NEW, text.replace("short-topic-slug", "strong-partnerships").replace("What the review found, in your own words.", "Partners worked well together."))
    assert main(["--update-ledger"], root=site.root) == 0, capsys.readouterr().err
    finding = site.soup("areas/ynys-mon/index.html").find(id="finding-strong-partnerships")
    assert "Partners worked well together." in finding.get_text()


def test_a_list_under_a_key_with_a_value_gets_a_hint(site, capsys):
    main(["new", "Ynys Môn"], root=site.root)
    site.edit("content/areas/ynys-mon.md", "findings: []\n", "findings: []\n  - id: x\n")
    assert main(["check"], root=site.root) == 1
    err = capsys.readouterr().err
    assert "invalid YAML: expected <block end>, but found '<block sequence start>'" in err
    assert "hint: a '- ' list is indented under a key that already has a value (such as []): remove the value, or fix the indentation" in err
