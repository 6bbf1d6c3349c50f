"""Front matter splitting and the line-keeping YAML tree."""

from pathlib import Path

import pytest

from reviewsite.errors import ContentError, SourcePos
from reviewsite.frontmatter import Mapping, Scalar, Sequence, parse_yaml, split_front_matter

POS = SourcePos("content/areas/york.md")


def test_splits_front_matter_and_body_with_file_lines():
    document = split_front_matter(POS, "---\nname: York\n---\nBody\ntext\n")
    assert document.yaml_text == "name: York\n"
    assert document.yaml_line == 2
    assert document.body == "Body\ntext\n"
    assert document.body_line == 4


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("", None, "the file is empty"),
        ("  \n\n", None, "the file is empty"),
        ("name: York\n", 1, "the file does not start with front matter"),
        ("---\nname: York\nno closing fence\n", 1, "the front matter that opens at line 1 is never closed"),
    ],
    ids=["empty", "blank", "no-front-matter", "never-closed"],
)
def test_rejects_broken_fences(text, line, message):
    with pytest.raises(ContentError) as info:
        split_front_matter(POS, text)
    assert info.value.pos == POS.at(line)
    assert info.value.message == message


def test_keeps_every_scalar_as_written_text():
    root, problems = parse_yaml(POS, "a: no\nb: 2018-01-02\nc: 010\nd: 1.5\ne: ~\nf: ''\n")
    assert problems == []
    values = {key: entry.value.value for key, entry in root.entries.items()}
    assert values == {"a": "no", "b": "2018-01-02", "c": "010", "d": "1.5", "e": None, "f": ""}


def test_reports_lines_relative_to_the_file():
    root, _ = parse_yaml(POS, "name: York\nthemes:\n  - a\n  - b\n", first_line=2)
    assert isinstance(root, Mapping)
    assert root.entries["name"].key_line == 2
    themes = root.entries["themes"].value
    assert isinstance(themes, Sequence)
    assert [item.line for item in themes.items] == [4, 5]


def test_syntax_error_names_the_file_line_and_a_hint():
    with pytest.raises(ContentError) as info:
        parse_yaml(POS, "name: York\ntext: Findings: many\n", first_line=2)
    assert str(info.value) == (
        "content/areas/york.md:3: invalid YAML: mapping values are not allowed here\n"
        "  hint: a value that contains ': ' must be put in quotes"
    )


def test_duplicate_keys_are_errors_not_last_one_wins():
    root, problems = parse_yaml(POS, "name: York\nwave: a\nname: Leeds\n", first_line=2)
    assert [str(p).splitlines()[0] for p in problems] == ["content/areas/york.md:4: key 'name' appears twice in one mapping (first at line 2)"]
    assert root.entries["name"].value.value == "York"


@pytest.mark.parametrize(
    "text, message",
    [
        ("a: &x 1\n", "YAML anchors (&x) are not allowed"),
        ("a: !!python/object/apply:os.system ['true']\n", "YAML tags (!!python/object/apply:os.system) are not allowed"),
        ("a: !custom x\n", "YAML tags (!custom) are not allowed"),
    ],
    ids=["anchor", "python-tag", "local-tag"],
)
def test_refuses_anchors_and_tags(text, message):
    _, problems = parse_yaml(POS, text)
    assert problems and problems[0].message == message


def test_alias_bomb_fails_fast_without_expanding():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 30):
        previous = chr(ord("a") + index - 1) if index < 26 else f"a{index - 1}"
        name = chr(ord("a") + index) if index < 26 else f"a{index}"
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    _, problems = parse_yaml(POS, "\n".join(lines) + "\n")
    assert any(p.message == "YAML aliases (*name) are not allowed" for p in problems)


def test_flags_a_comment_that_cuts_a_plain_value_short():
    root, _ = parse_yaml(POS, "text: Waits rose #3 in the region\nurl: https://x.org/a#b\n")
    assert root.entries["text"].value == Scalar("Waits rose", 1, plain=True, comment_follows=True)
    assert root.entries["url"].value.comment_follows is False


def test_refuses_deep_nesting():
    with pytest.raises(ContentError) as info:
        parse_yaml(POS, "a: " + "[" * 100 + "]" * 100 + "\n")
    assert "nested more than" in info.value.message


def test_refuses_more_than_one_document():
    with pytest.raises(ContentError) as info:
        parse_yaml(POS, "a: 1\n---\nb: 2\n")
    assert info.value.message == "only one YAML document is allowed here"


# What the two parsers report differently if anything does: scalar styles, nulls, comments after
# values, block scalars, flow collections, non-ASCII text, and keys on later lines.
TRICKY_YAML = """\
plain: Waits rose # a comment
quoted: 'it''s'
double: "a \\"b\\" c"
empty:
tilde: ~
literal: |
  line one
  line two
folded: >-
  one
  two
flow: [a, 'b', {c: d}]
nested:
  - id: x
    text: Môn — “quoted”
  -
"""


def test_libyaml_and_pure_python_parsers_build_the_same_tree(monkeypatch):
    import yaml

    import reviewsite.frontmatter as frontmatter

    if frontmatter._FAST_LOADER is None:
        pytest.skip("PyYAML was built without libyaml: there is only one parser")
    areas = Path(__file__).resolve().parent.parent / "content" / "areas"
    texts = [TRICKY_YAML] + [split_front_matter(POS, p.read_text(encoding="utf-8")).yaml_text for p in sorted(areas.glob("*.md"))]
    assert len(texts) > 1
    loaders = []
    parse = yaml.parse
    monkeypatch.setattr(yaml, "parse", lambda text, Loader: loaders.append(Loader) or parse(text, Loader=Loader))
    fast = [parse_yaml(POS, text, 2) for text in texts]
    assert set(loaders) == {yaml.CSafeLoader}, "every text was read by libyaml, without falling back"
    monkeypatch.setattr(frontmatter, "_FAST_LOADER", None)
    slow = [parse_yaml(POS, text, 2) for text in texts]
    assert set(loaders) == {yaml.CSafeLoader, yaml.SafeLoader}
    assert fast == slow
    assert fast[0][0].entries["plain"].value == Scalar("Waits rose", 2, plain=True, comment_follows=True)
