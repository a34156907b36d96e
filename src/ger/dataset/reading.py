"""Read data files (YAML, or CSV for missions) into checked records and problems."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ger.dataset.fields import Problem
from ger.dataset.located import (
    LocatedDict,
    NotAMapping,
    SourceFormatError,
    load_csv,
    stream_yaml_sections,
)
from ger.dataset.sections import SECTIONS, read_section

# Sections in the order they are written: each refers only to those before it.
SECTION_ORDER = list(SECTIONS)
# A file of 100,000 missions is about 40 MB of YAML; far larger is not a data set.
MAX_FILE_BYTES = 64 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
CSV_LIST_FIELDS = {"partners", "sources"}


@dataclass
class DataSet:
    """Every record read from a group of files, by section, and the problems found."""

    sections: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in SECTION_ORDER}
    )
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def __getitem__(self, section: str) -> list[dict[str, Any]]:
        return self.sections[section]


def read_files(paths: list[Path]) -> DataSet:
    """Read every file in ``paths`` into one data set."""
    dataset = DataSet()
    for path in paths:
        name = str(path)
        dataset.files.append(name)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                dataset.problems.append(
                    Problem(
                        name,
                        1,
                        "file",
                        f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                    )
                )
                continue
            if path.suffix.lower() == ".csv":
                _read_csv(name, path.read_bytes().decode("utf-8"), dataset)
                continue
            # YAML is read a piece at a time: checked as UTF-8 first, then parsed.
            last_line = _utf8_line_count(path)
            with path.open("rb") as handle:
                _read_yaml(name, handle, last_line, dataset)
        except OSError as error:
            dataset.problems.append(
                Problem(name, 0, "file", f"cannot be read: {error.strerror}")
            )
        except NotUtf8 as error:
            dataset.problems.append(
                Problem(name, error.line, "file", "is not UTF-8 text")
            )
        except UnicodeDecodeError as error:
            line = path.read_bytes()[: error.start].count(b"\n") + 1
            dataset.problems.append(Problem(name, line, "file", "is not UTF-8 text"))
    return dataset


class NotUtf8(Exception):
    """A file that is not UTF-8; carries the line of the first bad byte."""

    def __init__(self, line: int) -> None:
        super().__init__(f"not UTF-8 at line {line}")
        self.line = line


def _utf8_line_count(path: Path) -> int:
    """Return the number of lines of a UTF-8 file, reading it a piece at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines, last = 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                raise NotUtf8(lines + chunk[: error.start].count(b"\n") + 1) from None
            lines += chunk.count(b"\n")
            last = chunk[-1:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise NotUtf8(lines + 1) from None
    return lines if last in (b"\n", b"") else lines + 1


def _read_yaml(name: str, source: IO[bytes], last_line: int, dataset: DataSet) -> None:
    # Read as a stream (see located.py); a file that turns out not to be YAML
    # part-way adds only that problem, as if nothing of it had been read.
    sizes = {section: len(records) for section, records in dataset.sections.items()}
    problems_before = len(dataset.problems)
    try:
        _read_yaml_sections(name, source, last_line, dataset)
    except SourceFormatError as error:
        for section, size in sizes.items():
            del dataset.sections[section][size:]
        del dataset.problems[problems_before:]
        dataset.problems.append(Problem(name, error.line, "file", error.message))
    except NotAMapping as wrong:
        if wrong.document is None:
            dataset.problems.append(Problem(name, 1, "file", "is empty"))
            return
        dataset.problems.append(
            Problem(
                name,
                1,
                "file",
                f"must be a mapping of sections ({', '.join(SECTION_ORDER)})",
            )
        )


def _read_yaml_sections(
    name: str, source: IO[bytes], last_line: int, dataset: DataSet
) -> None:
    for section, line, items in stream_yaml_sections(source, last_line):
        if section not in SECTIONS:
            dataset.problems.append(
                Problem(
                    name,
                    line,
                    section,
                    f"unknown section; expected one of {', '.join(SECTION_ORDER)}",
                )
            )
            continue
        records, problems = read_section(name, section, items, line)
        dataset.sections[section].extend(records)
        dataset.problems.extend(problems)


def _read_csv(name: str, text: str, dataset: DataSet) -> None:
    try:
        rows = load_csv(text.lstrip("\ufeff"))
    except SourceFormatError as error:
        dataset.problems.append(Problem(name, error.line, "file", error.message))
        return
    for row in rows:
        for column in CSV_LIST_FIELDS & set(row):
            row[column] = _csv_list(column, row[column], row.line)
    records, problems = read_section(name, "missions", rows, 1)
    dataset.sections["missions"].extend(records)
    dataset.problems.extend(problems)


def _csv_list(column: str, cell: str, line: int) -> list[Any]:
    items = [item.strip() for item in cell.split(";") if item.strip()]
    if column != "partners":
        return items
    partners: list[Any] = []
    for item in items:
        agency, _, role = item.partition(":")
        entry = LocatedDict(agency=agency.strip(), role=role.strip())
        entry.line, entry.key_lines = line, {}
        partners.append(entry)
    return partners
