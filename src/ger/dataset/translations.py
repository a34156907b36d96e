"""Translations of the bundled data: read, checked against the data, written by seed.

Each language has one file, ``translations/<language>.yaml`` beside the data, that
translators review: record kind, then the record's key, then the field::

    language: fr
    destinations:
      lunar-orbit:
        name: "Orbite lunaire"
        description: "…"

The texts are written into the records' ``translations`` fields (see
``ger.translated_content``). A translation of a record or field the data does not
hold (the English was renamed or removed) is a problem naming the file, line and
key, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from ger.dataset.fields import Problem
from ger.dataset.located import LocatedDict, LocatedList, SourceFormatError, load_yaml
from ger.dataset.reading import DataSet
from ger.editions.models import Edition, EditionProse
from ger.objectives.models import Goal, Objective, Theme
from ger.plans.models import Capability, Destination, Mission
from ger.registry.models import Agency


@dataclass(frozen=True)
class Kind:
    """A kind of record whose reader-facing texts are translated."""

    section: str  # the data section (and the translation file's section)
    model: type[models.Model]
    key: str  # the field that names a record in the data
    fields: tuple[str, ...]  # the fields translated
    # Only the fields of records for which this returns True must be translated.
    wanted: Any = None


def _name_of_members(record: Mapping[str, Any], field: str) -> bool:
    """Every country is translated; names only of members (companies keep theirs)."""
    return field == "country" or bool(record.get("member"))


KINDS: tuple[Kind, ...] = (
    Kind("agencies", Agency, "code", ("name", "country"), _name_of_members),
    Kind("destinations", Destination, "slug", ("name", "description")),
    Kind("capabilities", Capability, "code", ("name", "description")),
    Kind("themes", Theme, "code", ("name",)),
    Kind("goals", Goal, "code", ("title", "description")),
    Kind("objectives", Objective, "code", ("title",)),
    Kind("missions", Mission, "slug", ("description",)),
    Kind(
        "editions",
        Edition,
        "code",
        # Not the editor notes (notes, uncertain_note): readers do not see them.
        ("title", "themes", "summary", "erratum_reason"),
    ),
)
KIND_BY_SECTION = {kind.section: kind for kind in KINDS}
PROSE_SECTION = "edition_prose"
LIST_FIELDS = frozenset({"themes"})


def translation_dir(data_dir: Path | None = None) -> Path:
    """Return the folder of the bundled translation files."""
    return Path(data_dir or settings.GER_DATA_DIR) / "translations"


def translation_paths(data_dir: Path | None = None) -> list[Path]:
    """Return the bundled translation files, one per language."""
    return sorted(translation_dir(data_dir).glob("*.yaml"))


@dataclass
class Translations:
    """Texts by (section, key, field) and language, checked against the data."""

    # {(section, key): {language: {field: text or [texts]}}}
    texts: dict[tuple[str, str], dict[str, dict[str, Any]]] = field(
        default_factory=dict
    )
    problems: list[Problem] = field(default_factory=list)

    def add(self, section: str, key: str, language: str, name: str, text: Any) -> None:
        by_language = self.texts.setdefault((section, key), {})
        by_language.setdefault(language, {})[name] = text


def english_texts(dataset: DataSet) -> dict[tuple[str, str], dict[str, Any]]:
    """Return the translatable English texts of the data, by (section, key)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for kind in KINDS:
        for record in dataset[kind.section]:
            texts = {
                name: record.get(name)
                for name in kind.fields
                if record.get(name) not in (None, "", [])
            }
            found[(kind.section, str(record[kind.key]))] = texts
    for record in dataset["editions"]:
        for part, markdown in (record.get("prose") or {}).items():
            if str(markdown or "").strip():
                found[(PROSE_SECTION, f"{record['code']}/{part}")] = {
                    "markdown": markdown
                }
    return found


def expected_texts(dataset: DataSet) -> Iterator[tuple[str, str, str]]:
    """Yield (section, key, field) of every English text a translation must cover."""
    for kind in KINDS:
        for record in dataset[kind.section]:
            for name in kind.fields:
                if kind.wanted is not None and not kind.wanted(record, name):
                    continue
                if record.get(name) not in (None, "", []):
                    yield kind.section, str(record[kind.key]), name
    for record in dataset["editions"]:
        for part, markdown in (record.get("prose") or {}).items():
            if str(markdown or "").strip():
                yield PROSE_SECTION, f"{record['code']}/{part}", "markdown"


def read_translations(paths: Iterable[Path], dataset: DataSet) -> Translations:
    """Read the translation files and check each text against the data's English."""
    english = english_texts(dataset)
    languages = {code for code, _name in settings.LANGUAGES}
    result = Translations()
    for path in paths:
        name = str(path)
        try:
            document = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            result.problems.append(Problem(name, 0, "file", f"cannot be read: {error}"))
            continue
        except SourceFormatError as error:
            result.problems.append(Problem(name, error.line, "file", error.message))
            continue
        if not isinstance(document, LocatedDict):
            result.problems.append(
                Problem(name, 1, "file", "is not a mapping of sections")
            )
            continue
        language = document.get("language")
        if language != path.stem or language not in languages:
            result.problems.append(
                Problem(
                    name,
                    document.line_of("language"),
                    "language",
                    f"must be the file's name ({path.stem!r}), one of "
                    f"{', '.join(sorted(languages - {'en'}))}",
                )
            )
            continue
        for section, records in document.items():
            if section == "language":
                continue
            _read_section(name, document, section, records, language, english, result)
    return result


def _read_section(
    name: str,
    document: LocatedDict,
    section: str,
    records: Any,
    language: str,
    english: Mapping[tuple[str, str], Mapping[str, Any]],
    result: Translations,
) -> None:
    line = document.line_of(section)
    if section not in KIND_BY_SECTION and section != PROSE_SECTION:
        known = ", ".join([*KIND_BY_SECTION, PROSE_SECTION])
        result.problems.append(
            Problem(name, line, section, f"is not a translated section ({known})")
        )
        return
    if not isinstance(records, LocatedDict):
        result.problems.append(
            Problem(name, line, section, "must map record keys to their texts")
        )
        return
    for key, texts in records.items():
        where = f"{section}.{key}"
        key_line = records.line_of(str(key))
        source = english.get((section, str(key)))
        if source is None:
            result.problems.append(
                Problem(
                    name,
                    key_line,
                    where,
                    "no such record in the bundled data: its English was renamed or "
                    "removed; translate the current one",
                )
            )
            continue
        if not isinstance(texts, LocatedDict):
            result.problems.append(
                Problem(name, key_line, where, "must map fields to their texts")
            )
            continue
        for field_name, text in texts.items():
            _read_text(name, texts, where, field_name, text, source, language, result)


def _read_text(
    name: str,
    texts: LocatedDict,
    where: str,
    field_name: str,
    text: Any,
    source: Mapping[str, Any],
    language: str,
    result: Translations,
) -> None:
    line = texts.line_of(str(field_name))
    here = f"{where}.{field_name}"
    section, key = where.split(".", 1)
    if field_name not in source:
        result.problems.append(
            Problem(
                name,
                line,
                here,
                "the bundled data has no English text there to translate",
            )
        )
        return
    if field_name in LIST_FIELDS:
        original = source[field_name]
        if (
            not isinstance(text, LocatedList)
            or len(text) != len(original)
            or not all(isinstance(item, str) and item.strip() for item in text)
        ):
            result.problems.append(
                Problem(
                    name,
                    line,
                    here,
                    f"must be a list of {len(original)} texts, one per English item",
                )
            )
            return
        result.add(section, key, language, field_name, [s.strip() for s in text])
        return
    if not isinstance(text, str) or not text.strip():
        result.problems.append(Problem(name, line, here, "must be a non-empty text"))
        return
    result.add(section, key, language, field_name, " ".join(text.split()))


def write_translations(translations: Translations) -> int:
    """Write the texts into the records' ``translations``; return how many changed.

    Texts an editor added for other fields or languages are kept.
    """
    changed = 0
    for kind in KINDS:
        wanted = {
            key: texts
            for (section, key), texts in translations.texts.items()
            if section == kind.section
        }
        if not wanted:
            continue
        rows = kind.model._default_manager.filter(**{f"{kind.key}__in": list(wanted)})
        for row in rows:
            stored = row.translations  # type: ignore[attr-defined]
            merged = _merged(stored, wanted[getattr(row, kind.key)])
            if merged is not None:
                _save_translations(row, merged)
                changed += 1
    prose = {
        tuple(key.split("/", 1)): texts
        for (section, key), texts in translations.texts.items()
        if section == PROSE_SECTION
    }
    if prose:
        for row in EditionProse.objects.select_related("edition").filter(
            edition__code__in={code for code, _part in prose}
        ):
            texts = prose.get((row.edition.code, row.part))
            if texts is None:
                continue
            merged = _merged(row.translations, texts)
            if merged is not None:
                _save_translations(row, merged)
                changed += 1
    return changed


def _merged(
    stored: Mapping[str, Any] | None, texts: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any] | None:
    """Return the stored translations with ``texts`` laid over, or None if unchanged."""
    merged = {code: dict(fields) for code, fields in (stored or {}).items()}
    for language, fields in texts.items():
        merged.setdefault(language, {}).update(fields)
    return None if merged == (stored or {}) else merged


def _save_translations(row: models.Model, merged: dict[str, Any]) -> None:
    row.translations = merged  # type: ignore[attr-defined]
    if isinstance(row, Edition | EditionProse):
        # A published edition's translations may change; save() checks the rest.
        row.save(update_fields=["translations"])
    else:
        # No revision: a translation is not a change of the record's facts.
        type(row)._default_manager.filter(pk=row.pk).update(translations=merged)


def untranslated(
    dataset: DataSet, translations: Translations, language: str
) -> list[tuple[str, str, str]]:
    """Return (section, key, field) of the data's English texts not translated."""
    return [
        (section, key, name)
        for section, key, name in expected_texts(dataset)
        if name not in translations.texts.get((section, key), {}).get(language, {})
    ]
