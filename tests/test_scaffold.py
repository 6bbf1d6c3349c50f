"""`new`: a valid, commented area file that never overwrites."""

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


def test_new_writes_a_valid_commented_area_file(site, capsys):
    assert main(["new", "Ynys Môn"], root=site.root) == 0
    text = site.read("content/areas/ynys-mon.md")
    assert 'name: "Ynys Môn"' in text and "# A new area, started by `python build.py new`" in text
    assert "Created content/areas/ynys-mon.md." in capsys.readouterr().out
    # Valid: the only thing `check` asks for is recording the new URL in the ledger.
    assert main(["check"], root=site.root) == 1
    assert capsys.readouterr().err.startswith("content/published-urls.txt: 1 new public URL is not in the ledger yet: /areas/ynys-mon/")
    assert main(["--update-ledger"], root=site.root) == 0
    assert "Ynys Môn" in site.html("areas/ynys-mon/index.html")


def test_new_refuses_to_overwrite(site, capsys):
    before = site.read("content/areas/beta.md")
    assert main(["new", "Beta"], root=site.root) == 1
    assert capsys.readouterr().err.startswith("content/areas/beta.md: this area file already exists; it was left unchanged")
    assert site.read("content/areas/beta.md") == before


def test_new_refuses_names_without_letters(site, capsys):
    assert main(["new", "!!!"], root=site.root) == 1
    assert "cannot make a file name from '!!!'" in capsys.readouterr().err


def test_the_commented_example_works_when_uncommented(site, capsys):
    main(["new", "Ynys Môn"], root=site.root)
    text = site.read("content/areas/ynys-mon.md")
    lines = text.splitlines()
    start, end = lines.index("# findings:"), lines.index("findings: []")
    example = [line[2:] for line in lines[start:end]]
    text = text.replace("findings: []\n", "\n".join(example) + "\n")
    site.write("content/areas/ynys-mon.md", text)
    assert main(["--update-ledger"], root=site.root) == 0, capsys.readouterr().err
    assert "What the review found, in your own words." in site.html("areas/ynys-mon/index.html")


def test_a_list_under_a_key_with_a_value_gets_a_hint(site, capsys):
    main(["new", "Ynys Môn"], root=site.root)
    site.edit("content/areas/ynys-mon.md", "findings: []\n", "findings: []\n  - id: x\n")
    assert main(["check"], root=site.root) == 1
    err = capsys.readouterr().err
    assert "invalid YAML: expected <block end>, but found '<block sequence start>'" in err
    assert "hint: a '- ' list is indented under a key that already has a value (such as []): remove the value, or fix the indentation" in err
