"""Typed readers for YAML trees: each value is checked against what the schema expects.

A `Fields` wraps one mapping and collects problems instead of raising, so one run reports every
mistake in a file. Values arrive as the text the author wrote (see `frontmatter`), so a reader
decides, per key, whether `no` is text or an error and whether `2018-01-02` is a date.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Collection, Iterator
from urllib.parse import urlsplit

from reviewsite.errors import ContentError, SourcePos, did_you_mean
from reviewsite.frontmatter import FrontMatter, Mapping, Node, Scalar, Sequence, parse_yaml, split_front_matter
from reviewsite.model import Reference
from reviewsite.urls import is_slug

NOT_KNOWN = "not known"
MAX_TEXT_LENGTH = 5000
MAX_COUNT = 10_000_000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE_NUMBER = re.compile(r"0|[1-9][0-9]*")
_UNSURE_WORDS = frozenset({"unknown", "unconfirmed", "tbc", "n/a", "?"})
# Control characters (Unicode category Cc) other than tab and newline, and the bidirectional
# overrides, which can make text display differently from what it says.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class NotKnown:
    """The value of a date written `not known`."""

    def __repr__(self) -> str:
        return "NOT_KNOWN"


NOT_KNOWN_DATE = NotKnown()


def describe(node: Node) -> str:
    """Return how a message names the shape of `node`."""
    if isinstance(node, Mapping):
        return "a mapping of keys"
    if isinstance(node, Sequence):
        return "a list"
    return "text"


class Fields:
    """Error-collecting access to the keys of one mapping; `what` prefixes every message."""

    def __init__(self, node: Mapping, pos: SourcePos, errors: list[ContentError], what: str = "", references: list[Reference] | None = None) -> None:
        self.node, self.pos, self.errors, self.what, self.references = node, pos, errors, what, references

    @classmethod
    def of(cls, node: Node | None, pos: SourcePos, errors: list[ContentError], what: str = "", references: list[Reference] | None = None, line: int | None = None) -> Fields | None:
        """Wrap `node` if it is a mapping; otherwise record an error and return None.

        When `references` is a list, every date read is added to it, to be checked against the
        site's span once site.yaml is known.
        """
        if isinstance(node, Mapping):
            return cls(node, pos, errors, what, references)
        at = pos.at(node.line if node is not None else line)
        found = "nothing" if node is None or (isinstance(node, Scalar) and node.value is None) else describe(node)
        errors.append(ContentError(at, _prefixed(what, f"expected a mapping of keys and values, found {found}")))
        return None

    def within(self, node: Node | None, what: str, line: int | None = None) -> Fields | None:
        """Wrap a nested mapping that shares this file, error list and references."""
        return Fields.of(node, self.pos, self.errors, what, self.references, line)

    # --- positions and errors ---------------------------------------------------------------

    def at(self, key: str | None = None) -> SourcePos:
        """Return the line of `key`'s value, or of the mapping itself."""
        entry = self.node.entries.get(key) if key is not None else None
        return self.pos.at(entry.value.line if entry is not None else self.node.line)

    def error(self, key: str | None, message: str, hint: str | None = None) -> None:
        self.errors.append(ContentError(self.at(key), _prefixed(self.what, message), hint=hint))

    def finish(self, allowed: Collection[str]) -> None:
        """Report every key that the schema does not know, with a did-you-mean hint."""
        for key, entry in self.node.entries.items():
            if key not in allowed:
                hint = did_you_mean(key, allowed) or "known keys are " + ", ".join(f"'{k}'" for k in allowed)
                self.errors.append(ContentError(self.pos.at(entry.key_line), _prefixed(self.what, f"unknown key '{key}'"), hint=hint))

    # --- readers ------------------------------------------------------------------------------

    def value(self, key: str, required: bool) -> Node | None:
        """Return the node under `key`; None (after an error if required) when missing or null."""
        entry = self.node.entries.get(key)
        node = entry.value if entry is not None else None
        if node is None or (isinstance(node, Scalar) and node.value is None and node.plain):
            if required:
                where = "is empty" if entry is not None else "is missing"
                self.error(key, f"required key '{key}' {where}")
            return None
        return node

    def scalar(self, key: str, required: bool) -> Scalar | None:
        node = self.value(key, required)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.error(key, f"'{key}' must be text, not {describe(node)}")
            return None
        return node

    def text(self, key: str, required: bool = True) -> str | None:
        """Return trimmed, non-empty text without control characters."""
        node = self.scalar(key, required)
        if node is None or node.value is None:
            return None
        if node.comment_follows:
            self.error(key, f"'{key}' stops at ' #': YAML reads the rest of the line as a comment", hint="put the whole value in double quotes")
            return None
        text = node.value.strip()
        problem = _text_problem(text)
        if problem:
            self.error(key, f"'{key}' {problem}")
            return None
        return text

    def slug(self, key: str, required: bool = True) -> str | None:
        text = self.text(key, required)
        if text is not None and not is_slug(text):
            self.error(key, f"'{text}' is not a valid {key}", hint="use lowercase letters, digits and single hyphens, like 'gp-access'")
            return None
        return text

    def choice(self, key: str, choices: Collection[str], required: bool = True) -> str | None:
        text = self.text(key, required)
        if text is not None and text not in choices:
            options = ", ".join(f"'{c}'" for c in choices)
            self.error(key, f"'{text}' is not a known {key}", hint=did_you_mean(text, choices) or f"choose one of {options}")
            return None
        return text

    def url(self, key: str, required: bool = True, known: Collection[str] = ()) -> str | None:
        """Return a web address; one in `known` was checked already."""
        text = self.text(key, required)
        if text is not None and text not in known and not is_web_url(text):
            self.error(key, f"'{text}' is not a valid web address", hint="write a full http:// or https:// address")
            return None
        return text

    def count(self, key: str, required: bool = False) -> int | None:
        node = self.scalar(key, required)
        if node is None or node.value is None:
            return None
        text = node.value.strip()
        if not _WHOLE_NUMBER.fullmatch(text) or int(text) > MAX_COUNT:
            self.error(key, f"'{key}' must be a whole number of zero or more, not '{text}'", hint="write digits only, like 87; leave the key out if no source gives the number")
            return None
        return int(text)

    def date(self, key: str, required: bool = True, allow_not_known: bool = False, in_span: bool = True) -> datetime.date | NotKnown | None:
        """Return a real date, or NOT_KNOWN_DATE where allowed.

        A date `in_span` is recorded in `references`, to be checked against the site's span.
        """
        text = self.text(key, required)
        if text is None:
            return None
        if allow_not_known and text.lower() == NOT_KNOWN:
            return NOT_KNOWN_DATE
        hint = "write 'not known' and add a note saying what is known" if allow_not_known else "write the date as YYYY-MM-DD"
        if not _DATE.fullmatch(text):
            if text.lower() in _UNSURE_WORDS and allow_not_known:
                self.error(key, f"'{text}' is not a date", hint=hint)
            else:
                self.error(key, f"'{text}' is not a date in the form YYYY-MM-DD", hint=hint)
            return None
        try:
            value = datetime.date.fromisoformat(text)
        except ValueError:
            self.error(key, f"'{text}' is not a real date", hint="check the day and month")
            return None
        if self.references is not None and in_span:
            self.references.append(Reference("date", text, self.at(key), self.what))
        return value

    def items(self, key: str, what: str, required: bool = False) -> Iterator[tuple[int, Fields]]:
        """Yield (1-based position, Fields) for each mapping in the list under `key`."""
        node = self.value(key, required)
        if node is None:
            return
        if not isinstance(node, Sequence):
            self.error(key, f"'{key}' must be a list, not {describe(node)}", hint="start each entry with '- '")
            return
        for number, item in enumerate(node.items, start=1):
            fields = Fields.of(item, self.pos, self.errors, f"{what} {number}", self.references, line=node.line)
            if fields is not None:
                yield number, fields

    def texts(self, key: str, required: bool = False) -> list[tuple[str, SourcePos]]:
        """Return each text of the list under `key` (or of an inline `[a, b]` list) with its line."""
        node = self.value(key, required)
        if node is None:
            return []
        if not isinstance(node, Sequence):
            self.error(key, f"'{key}' must be a list, not {describe(node)}", hint="write it as [first, second] or one '- ' line each")
            return []
        found = []
        for item in node.items:
            if not isinstance(item, Scalar) or item.value is None:
                self.errors.append(ContentError(self.pos.at(item.line), _prefixed(self.what, f"each entry of '{key}' must be text")))
                continue
            found.append((item.value.strip(), self.pos.at(item.line)))
        return found


def read_front_matter(pos: SourcePos, text: str, errors: list[ContentError], references: list[Reference] | None = None) -> tuple[Fields, FrontMatter] | None:
    """Split a Markdown file and parse its front matter; None after recording why it cannot be read."""
    try:
        document = split_front_matter(pos, text)
        root, problems = parse_yaml(pos, document.yaml_text, document.yaml_line)
    except ContentError as error:
        errors.append(error)
        return None
    errors.extend(problems)
    fields = Fields.of(root, pos, errors, references=references, line=document.yaml_line)
    return (fields, document) if fields is not None else None


def is_base_url(text: str) -> bool:
    """Return True for a web address a site can live at: http(s), a host, no query or fragment."""
    if not is_web_url(text):
        return False
    parts = urlsplit(text)
    return not parts.query and not parts.fragment and "?" not in text and "#" not in text


def is_web_url(text: str) -> bool:
    """Return True for an absolute http(s) URL with a host and no spaces or control characters."""
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _text_problem(text: str) -> str | None:
    if not text:
        return "is empty"
    if len(text) > MAX_TEXT_LENGTH:
        return f"is {len(text):,} characters long; the limit is {MAX_TEXT_LENGTH:,}"
    found = _INVISIBLE.search(text)
    return f"contains an invisible control character (U+{ord(found.group()):04X})" if found else None


def _prefixed(what: str, message: str) -> str:
    return f"{what}: {message}" if what else message
