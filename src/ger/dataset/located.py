"""YAML and CSV read into dicts and lists that remember the line of every value."""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# GER's data nests a few levels (section, record, partner or source); anything far
# deeper is not GER data, and reading it would exhaust Python's recursion limit.
MAX_DEPTH = 20
NUL = "\x00"


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


class _LocatingLoader(yaml.SafeLoader):
    """A safe loader that keeps dates as text and records lines."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # Counted while the tree is built: PyYAML recurses once per level.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise SourceFormatError(
                    mark.line + 1, f"nested more than {MAX_DEPTH} levels deep"
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_scalar(self, node: ScalarNode) -> Any:  # type: ignore[override]
        value = super().construct_scalar(node)
        if isinstance(value, str) and NUL in value:
            raise SourceFormatError(
                node.start_mark.line + 1,
                "a value holds a NUL character (\\0), which GER does not store",
            )
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


def load_yaml(text: str) -> Any:
    """Return the YAML document in ``text`` with line-aware mappings and lists."""
    try:
        return yaml.load(text, Loader=_LocatingLoader)
    except SourceFormatError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise SourceFormatError(
            line, f"not valid YAML: {error.problem or error}"
        ) from None
    except yaml.YAMLError as error:
        raise SourceFormatError(1, f"not valid YAML: {error}") from None


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
