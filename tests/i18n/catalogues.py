"""Read GER's gettext catalogues (.po and .mo) without third-party packages."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "src" / "ger" / "locale"
LANGUAGES = ("fr", "es")
CONTEXT_SEPARATOR = "\x04"


@dataclass
class Entry:
    """One message of a .po file."""

    msgid: str
    context: str | None = None
    plural: str | None = None
    strings: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.context, self.msgid, self.plural)

    @property
    def translated(self) -> bool:
        return bool(self.strings) and all(self.strings.values())


def read_po(path: Path) -> list[Entry]:
    """Return the entries of a .po file, its header (msgid "") included."""
    entries: list[Entry] = []
    flags: set[str] = set()
    obsolete = False
    current: Entry | None = None
    target: tuple[str, int] = ("", 0)

    def close() -> None:
        nonlocal current, flags, obsolete
        if current is not None:
            entries.append(current)
        current, flags, obsolete = None, set(), False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            close()
            continue
        if line.startswith("#~"):
            obsolete = True
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            text = ast.literal_eval(line)
        else:
            text = ast.literal_eval(rest)
        if keyword in {"msgctxt", "msgid"} and current is not None and current.strings:
            close()
        if current is None:
            current = Entry(msgid="", flags=flags, obsolete=obsolete)
        if keyword == "msgctxt":
            current.context, target = text, ("context", 0)
        elif keyword == "msgid":
            current.msgid, target = text, ("msgid", 0)
        elif keyword == "msgid_plural":
            current.plural, target = text, ("plural", 0)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            current.strings[index], target = text, ("strings", index)
        elif target[0] == "strings":
            current.strings[target[1]] += text
        elif target[0] == "context":
            current.context = (current.context or "") + text
        elif target[0] == "plural":
            current.plural = (current.plural or "") + text
        else:
            current.msgid += text
    close()
    return entries


def messages(language: str) -> list[Entry]:
    """Return the live (not obsolete) messages of a language, without the header."""
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    return [e for e in read_po(path) if e.msgid and not e.obsolete]


def compiled_catalogue(language: str) -> dict[object, str]:
    """Return the messages of the compiled .mo file, keyed as gettext keys them."""
    path = LOCALE / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        catalogue = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    catalogue.pop("", None)
    return catalogue


def expected_catalogue(language: str) -> dict[object, str]:
    """Return what the .mo file must hold for the .po file's messages."""
    expected: dict[object, str] = {}
    for entry in messages(language):
        if "fuzzy" in entry.flags or not entry.translated:
            continue
        msgid = (
            f"{entry.context}{CONTEXT_SEPARATOR}{entry.msgid}"
            if entry.context is not None
            else entry.msgid
        )
        if entry.plural is None:
            expected[msgid] = entry.strings[0]
        else:
            for index, text in entry.strings.items():
                expected[(msgid, index)] = text
    return expected


PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdrfi]")


def placeholders(text: str) -> set[str]:
    """Return the names of the ``%(name)s`` placeholders in a message."""
    return set(PLACEHOLDER.findall(text))
