"""The text `new` writes into an area file for its author to replace, and finding what is left.

A new area file compiles, so the preview can show it while it is being filled in; `check` and
`build` refuse it while any of this text remains, so a half-written area is never published or
recorded in the URL ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewsite.errors import ContentError
from reviewsite.load import SourceText


@dataclass(frozen=True, slots=True)
class Placeholder:
    """Text the scaffold writes, exactly; what it stands in for; and how to replace it."""

    text: str
    what: str
    hint: str


SUMMARY = Placeholder(
    "A short summary, in your own words, of what the review found and recommended.",
    "the summary",
    "replace it with a short summary, in your own words, of what the review found and recommended",
)
PUBLISHED_NOTE = Placeholder(
    "Not researched yet.",
    "the note on when the report was published",
    "give the date CQC published the report (YYYY-MM-DD) and its source, or keep 'not known' with a note saying what the sources do say",
)
EXAMPLE_ID = Placeholder(
    "short-topic-slug",
    "the example finding's id",
    "name the finding's topic in a short slug, such as 'discharge-delays'; it becomes a public #anchor",
)
EXAMPLE_TEXT = Placeholder(
    "What the review found, in your own words.",
    "the example finding's text",
    "write what the review found, in your own words, from the source the finding cites",
)
PLACEHOLDERS = (SUMMARY, PUBLISHED_NOTE, EXAMPLE_ID, EXAMPLE_TEXT)


def find_placeholders(source: SourceText) -> list[ContentError]:
    """Return an error at each line of an area file that still holds scaffold text; YAML
    comment lines are skipped (the scaffold's commented example is meant to stay as it is)."""
    errors = []
    for number, line in enumerate(source.text.split("\n"), start=1):
        if line.lstrip().startswith("#"):
            continue
        for placeholder in PLACEHOLDERS:
            if placeholder.text in line:
                message = f"{placeholder.what} still holds the text a new area file starts with: '{placeholder.text}'"
                errors.append(ContentError(source.pos.at(number), message, hint=placeholder.hint))
    return errors
