"""Split front matter from Markdown and parse YAML into a small tree that remembers lines.

The tree keeps every scalar as the text the author wrote: YAML 1.1's guesses (`no` as a boolean,
`2018-01-02` as a date, `010` as octal) never happen, and the schema decides each value's type.
The parser walks YAML events itself, so anchors, aliases and tags are refused before anything is
built: an alias bomb costs nothing, and no Python object is ever constructed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import yaml

from reviewsite.errors import ContentError, SourcePos

MAX_DEPTH = 24
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_COMMENT_AFTER = re.compile(r"[ \t]+#")
_FENCE = re.compile(r"---[ \t]*")


# The tree's nodes are plain (not frozen) data classes: they are built by the hundred per file
# and never shared, and frozen ones take four times as long to create.
@dataclass(slots=True)
class Scalar:
    """A scalar value as written; `value` is None for an empty or null plain scalar."""

    value: str | None
    line: int
    plain: bool = True
    comment_follows: bool = False


@dataclass(slots=True)
class Entry:
    """One key of a mapping: the line of the key and its value."""

    key_line: int
    value: Node


@dataclass(slots=True)
class Mapping:
    entries: dict[str, Entry]
    line: int


@dataclass(slots=True)
class Sequence:
    items: tuple[Node, ...]
    line: int


Node = Scalar | Mapping | Sequence


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A Markdown file cut in two: YAML text and body, each with the file line it starts on."""

    yaml_text: str
    yaml_line: int
    body: str
    body_line: int


def split_front_matter(pos: SourcePos, text: str) -> FrontMatter:
    """Return the front matter and body of `text`; raise ContentError if the fences are wrong."""
    if not text.strip():
        raise ContentError(pos, "the file is empty", hint="start it with front matter between two '---' lines")
    lines = text.split("\n")
    if not _FENCE.fullmatch(lines[0]):
        raise ContentError(
            pos.at(1),
            "the file does not start with front matter",
            hint="the first line must be '---', followed by the YAML keys and another '---' line",
        )
    for index in range(1, len(lines)):
        if _FENCE.fullmatch(lines[index]):
            return FrontMatter(
                yaml_text="\n".join(lines[1:index]) + "\n",
                yaml_line=2,
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise ContentError(
        pos.at(1),
        "the front matter that opens at line 1 is never closed",
        hint="add a line '---' after the last YAML key",
    )


def parse_yaml(pos: SourcePos, text: str, first_line: int = 1) -> tuple[Node | None, list[ContentError]]:
    """Parse YAML that starts at file line `first_line` into a tree.

    Returns the tree (None for an empty document) and the problems that did not stop parsing
    (duplicate keys, anchors, tags). A syntax error raises ContentError at its file line.
    """
    if _FAST_LOADER is not None:
        try:
            events = list(yaml.parse(text, Loader=_FAST_LOADER))
        except yaml.YAMLError:
            pass  # re-read below: the pure-Python parser's messages are the ones our hints know
        else:
            return _build_tree(pos, text, first_line, events)
    try:
        return _build_tree(pos, text, first_line, yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(pos, error, first_line) from None
    except yaml.YAMLError as error:  # e.g. a reader error without a mark
        raise ContentError(pos, f"invalid YAML: {error}") from None


# libyaml parses about 25 times faster than the pure-Python parser, with the same events and marks.
_FAST_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else None


def _build_tree(pos: SourcePos, text: str, first_line: int, events: Iterable[yaml.Event]) -> tuple[Node | None, list[ContentError]]:
    builder = _TreeBuilder(pos, text, first_line)
    for event in events:
        builder.feed(event)
    return builder.root, builder.errors


def _syntax_error(pos: SourcePos, error: yaml.MarkedYAMLError, first_line: int) -> ContentError:
    mark = error.problem_mark or error.context_mark
    line = first_line + mark.line if mark is not None else None
    problem = error.problem or error.context or "the YAML cannot be read"
    hint = _SYNTAX_HINTS.get(problem)
    return ContentError(pos.at(line), f"invalid YAML: {problem}", hint=hint)


_SYNTAX_HINTS = {
    "mapping values are not allowed here": "a value that contains ': ' must be put in quotes",
    "expected <block end>, but found '<block sequence start>'": "a '- ' list is indented under a key that already has a value (such as []): remove the value, or fix the indentation",
    "expected <block end>, but found '?'": "check the indentation: this line is not lined up with the keys around it",
    "expected <block end>, but found '<block mapping start>'": "check the indentation: this line is not lined up with the keys around it",
    "found unexpected end of stream": "a quoted value is not closed: add the closing quote",
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "could not find expected ':'": "check the indentation, and quote values that contain ': '",
    "found undefined alias": "YAML aliases (*name) are not allowed; write the value out in full",
}


@dataclass
class _Open:
    """A mapping or sequence whose end event has not arrived yet."""

    line: int
    is_mapping: bool
    items: list[Node] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)
    key: Scalar | None = None
    has_key: bool = False


class _TreeBuilder:
    """Turns a stream of YAML events into Nodes, refusing what the schema never needs."""

    def __init__(self, pos: SourcePos, text: str, first_line: int) -> None:
        self.pos, self.text, self.first_line = pos, text, first_line
        self.stack: list[_Open] = []
        self.root: Node | None = None
        self.documents = 0
        self.errors: list[ContentError] = []

    def _line(self, mark: yaml.Mark) -> int:
        return self.first_line + mark.line

    def feed(self, event: yaml.Event) -> None:
        # Scalars are most of the events, so they are tested first.
        if isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None or event.tag is not None:
                self._check_node_event(event)
            self._add(self._scalar(event))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._check_node_event(event)
            if len(self.stack) >= MAX_DEPTH:
                raise ContentError(self.pos.at(self._line(event.start_mark)), f"the YAML is nested more than {MAX_DEPTH} levels deep")
            is_mapping = isinstance(event, yaml.MappingStartEvent)
            self.stack.append(_Open(self._line(event.start_mark), is_mapping))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            done = self.stack.pop()
            node: Node = Mapping(done.entries, done.line) if done.is_mapping else Sequence(tuple(done.items), done.line)
            self._add(node)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise ContentError(self.pos.at(self._line(event.start_mark)), "only one YAML document is allowed here")
        elif isinstance(event, yaml.AliasEvent):
            self._refuse(event, "YAML aliases (*name) are not allowed", "write the value out in full")
            self._add(Scalar(None, self._line(event.start_mark)))

    def _check_node_event(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            self._refuse(event, f"YAML anchors (&{event.anchor}) are not allowed", "write each value out in full")
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self._refuse(event, f"YAML tags ({shown}) are not allowed", "remove the tag; values are read as plain text")

    def _refuse(self, event: yaml.Event, message: str, hint: str) -> None:
        self.errors.append(ContentError(self.pos.at(self._line(event.start_mark)), message, hint=hint))

    def _scalar(self, event: yaml.ScalarEvent) -> Scalar:
        line = self._line(event.start_mark)
        if event.style:  # None (pure Python) or "" (libyaml) for a plain scalar
            return Scalar(event.value, line, plain=False)
        end = event.end_mark.index
        line_end = self.text.find("\n", end)
        rest = self.text[end : line_end if line_end >= 0 else len(self.text)]
        value = None if event.value in _NULLS else event.value
        return Scalar(value, line, plain=True, comment_follows=bool(_COMMENT_AFTER.match(rest)))

    def _add(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        if not top.is_mapping:
            top.items.append(node)
        elif not top.has_key:
            top.key = self._take_key(top, node)
            top.has_key = True
        else:
            if top.key is not None:
                top.entries[top.key.value or ""] = Entry(top.key.line, node)
            top.key, top.has_key = None, False

    def _take_key(self, top: _Open, node: Node) -> Scalar | None:
        """Return the key to store the next value under, or None to drop that value."""
        if not isinstance(node, Scalar) or node.value is None:
            self.errors.append(ContentError(self.pos.at(_node_line(node)), "a key must be plain text"))
            return None
        if node.value in top.entries:
            first = top.entries[node.value].key_line
            self.errors.append(
                ContentError(
                    self.pos.at(node.line),
                    f"key '{node.value}' appears twice in one mapping (first at line {first})",
                    hint="keep one of them; YAML would silently use only the last",
                )
            )
            return None
        return node


def _node_line(node: Node) -> int:
    return node.line
