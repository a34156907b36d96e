"""YAML and CSV read into dicts and lists that remember the line of every value.

A YAML file is read as a stream: libyaml (PyYAML's C parser) turns the text into
events, and each record of a section is composed, built and handed on before the
next one is read, so a file of 100,000 missions never holds 100,000 node trees.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

import yaml
from yaml.composer import Composer
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own reader, scanner and parser: libyaml's stand-in when missing."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


# libyaml's parser when PyYAML was built with it (its wheels are), else PyYAML's own.
def _parser_class() -> Any:
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return _PythonParser
    return CParser


_Parser: Any = _parser_class()


def _line(item: Any) -> int:
    """Return the 1-based line where a node or event starts."""
    return int(item.start_mark.line) + 1


# GER's data nests a few levels (section, record, partner or source); anything far
# deeper is not GER data, and reading it would exhaust Python's recursion limit.
MAX_DEPTH = 20
NUL = "\x00"
# Scalars up to this length (keys, codes, slugs) are shared between records.
SHARED_TEXT = 64


class LocatedDict(dict[str, Any]):
    """A mapping read from a file, with the line of itself and of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A sequence read from a file, with the line of itself and of each item."""

    line: int
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class SourceFormatError(Exception):
    """A file that is not well-formed YAML or CSV; carries the line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _LocatingLoader(
    Composer,
    _Parser,  # type: ignore[misc]
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """A safe loader that keeps dates as text and records lines.

    The parser's events come from libyaml; the nodes are composed here, in Python,
    one level at a time, so that nesting is counted and a record can be built on
    its own.
    """

    _depth = 0
    last_line = 1

    def __init__(self, stream: str | IO[bytes]) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # Counted while the tree is built: PyYAML recurses once per level.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise SourceFormatError(
                    _line(self.peek_event()),
                    f"nested more than {MAX_DEPTH} levels deep",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_scalar(self, node: ScalarNode) -> Any:  # type: ignore[override]
        value = super().construct_scalar(node)
        if isinstance(value, str):
            if NUL in value:
                raise SourceFormatError(
                    node.start_mark.line + 1,
                    "a value holds a NUL character (\\0), which GER does not store",
                )
            if len(value) <= SHARED_TEXT:
                # Keys and codes repeat in every record: keep one copy of each.
                value = sys.intern(value)
        return value

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> LocatedDict:  # type: ignore[override]
        mapping = LocatedDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            key_text = str(key)
            line = key_node.start_mark.line + 1
            if key_text in mapping:
                raise SourceFormatError(line, f"duplicate key {key_text!r}")
            mapping[key_text] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key_text] = line
        return mapping

    def construct_located_sequence(self, node: SequenceNode) -> LocatedList:
        sequence = LocatedList(
            self.construct_object(child, deep=True) for child in node.value
        )
        sequence.line = node.start_mark.line + 1
        sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
        return sequence


_LocatingLoader.add_constructor(
    "tag:yaml.org,2002:map",
    _LocatingLoader.construct_mapping,
)
_LocatingLoader.add_constructor(
    "tag:yaml.org,2002:seq",
    _LocatingLoader.construct_located_sequence,
)
# Dates stay text: GER parses them itself, keeping their precision.
_LocatingLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:timestamp"
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _format_error(error: yaml.YAMLError, last_line: int) -> SourceFormatError:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        # libyaml marks a file that ends too early just past its last line.
        line = max(1, min(line, last_line))
        return SourceFormatError(line, f"not valid YAML: {error.problem or error}")
    return SourceFormatError(1, f"not valid YAML: {error}")


def load_yaml(text: str) -> Any:
    """Return the YAML document in ``text`` with line-aware mappings and lists."""
    loader = _LocatingLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        raise _format_error(error, _last_line(text)) from None
    finally:
        loader.dispose()


def _last_line(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


class StreamedList(LocatedList):
    """A sequence whose items are read from the file while it is iterated, once.

    It is a list (empty until iterated) so that code written for lists takes it;
    ``line_of`` knows each item's line as soon as the item is handed out.
    """

    def __init__(self, line: int, items: Callable[[], Iterator[tuple[int, Any]]]):
        super().__init__()
        self.line = line
        self.item_lines = []
        self._items = items

    def __iter__(self) -> Iterator[Any]:
        for line, item in self._items():
            self.item_lines.append(line)
            yield item


def stream_yaml_sections(
    source: str | IO[bytes], last_line: int | None = None
) -> Iterator[tuple[str, int, Any]]:
    """Yield (key, line, value) for each key of the top-level mapping in ``source``
    (text, or a binary file read a piece at a time; ``last_line`` is its number of
    lines).

    A sequence value is a ``StreamedList``, read while it is iterated; iterate it
    (or not) before asking for the next key. Raises SourceFormatError (with the
    line) for text that is not YAML, ``NotAMapping`` carrying the document when the
    top level is something else.
    """
    loader = _LocatingLoader(source)
    if last_line is not None:
        loader.last_line = last_line
    elif isinstance(source, str):
        loader.last_line = _last_line(source)
    try:
        yield from _sections(loader)
    except yaml.YAMLError as error:
        raise _format_error(error, loader.last_line) from None
    finally:
        loader.dispose()


class NotAMapping(Exception):
    """The document is not a mapping of sections; carries what it is (or None)."""

    def __init__(self, document: Any) -> None:
        super().__init__("the document is not a mapping")
        self.document = document


def _sections(loader: _LocatingLoader) -> Iterator[tuple[str, int, Any]]:
    loader.get_event()  # stream start
    if loader.check_event(StreamEndEvent):
        raise NotAMapping(None)
    loader.get_event()  # document start
    if not loader.check_event(MappingStartEvent):
        node = loader.compose_node(None, None)
        raise NotAMapping(loader.construct_document(node))
    loader.get_event()
    seen: set[str] = set()
    while not loader.check_event(MappingEndEvent):
        loader._depth = 1
        key_node = _node(loader)
        key = str(loader.construct_document(key_node))
        line = _line(key_node)
        if key in seen:
            raise SourceFormatError(line, f"duplicate key {key!r}")
        seen.add(key)
        if loader.check_event(SequenceStartEvent):
            start = loader.get_event()
            streamed = StreamedList(_line(start), lambda: _items(loader))
            yield key, line, streamed
            for _unread in _items(loader):
                pass  # a section nobody read: skip to its end
            loader.get_event()  # sequence end
        else:
            node = loader.compose_node(None, None)
            yield key, line, loader.construct_document(node)
    loader.get_event()  # mapping end
    loader.get_event()  # document end
    if not loader.check_event(StreamEndEvent):
        raise SourceFormatError(
            _line(loader.peek_event()), "expected one YAML document, found more"
        )


def _items(loader: _LocatingLoader) -> Iterator[tuple[int, Any]]:
    # Runs while the section's reader iterates, outside stream_yaml_sections.
    try:
        while not loader.check_event(SequenceEndEvent):
            loader._depth = 2
            node = _node(loader)
            yield _line(node), loader.construct_document(node)
    except yaml.YAMLError as error:
        raise _format_error(error, loader.last_line) from None


def load_csv(text: str) -> LocatedList:
    """Return the rows of a CSV text with a header line as located mappings."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise SourceFormatError(
            1, "the file is empty: a header line is needed"
        ) from None
    except csv.Error as error:
        raise SourceFormatError(1, f"not valid CSV: {error}") from None
    columns = [name.strip() for name in header]
    rows = LocatedList()
    rows.line = 1
    rows.item_lines = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(columns):
                raise SourceFormatError(
                    line, f"{len(values)} values for {len(columns)} columns"
                )
            row = LocatedDict()
            row.line = line
            row.key_lines = {}
            for name, value in zip(columns, values, strict=True):
                if NUL in value:
                    raise SourceFormatError(
                        line, f"{name}: holds a NUL character, which GER does not store"
                    )
                if value.strip():
                    row[name] = value.strip()
                    row.key_lines[name] = line
            rows.append(row)
            rows.item_lines.append(line)
    except csv.Error as error:
        raise SourceFormatError(reader.line_num, f"not valid CSV: {error}") from None
    return rows


def _node(loader: _LocatingLoader) -> Node:
    node = loader.compose_node(None, None)
    assert node is not None  # only None at the end of a stream, checked before
    return node
