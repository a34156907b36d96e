"""The French and Spanish catalogues are complete, current and compiled.

Nothing ships untranslated: a string marked in the code but missing from a
catalogue, an empty or fuzzy translation, or a stale .mo file fails here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.i18n.catalogues import (
    LANGUAGES,
    LOCALE,
    compiled_catalogue,
    expected_catalogue,
    messages,
    placeholders,
    read_po,
)

SOURCE = LOCALE.parent
NEEDS_GETTEXT = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
    reason="makemessages needs Debian's gettext (apt-get install gettext)",
)
UPDATE = (
    "cd src/ger && DEBUG=true ../../.venv/bin/ger makemessages -l fr -l es "
    "--ignore=.venv --no-obsolete, translate, then compilemessages"
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = messages(language)
    assert len(entries) > 500
    untranslated = [e.msgid for e in entries if not e.translated]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == [], f"{language}: untranslated messages"
    assert fuzzy == [], f"{language}: fuzzy messages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_message(language):
    wrong = []
    for entry in messages(language):
        names = placeholders(entry.msgid) | placeholders(entry.plural or "")
        for index, text in entry.strings.items():
            # A singular may say "one" instead of the count; it adds no other name.
            ok = (
                placeholders(text) <= names
                if entry.plural is not None and index == 0
                else placeholders(text) == names
            )
            if not ok:
                wrong.append((entry.msgid, text))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_names_the_language_and_is_not_fuzzy(language):
    header = next(e for e in read_po(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert f"Language: {language}\n" in header.strings[0]
    assert "charset=UTF-8" in header.strings[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_translations(language):
    assert compiled_catalogue(language) == expected_catalogue(language), (
        f"{language}: django.mo is stale; run compilemessages ({UPDATE})"
    )


def _sources_only(folder: str, names: list[str]) -> set[str]:
    """Copy what makemessages reads (code and templates) and the catalogues."""
    return {
        name
        for name in names
        if name in {"__pycache__", "data", "static"}
        or (Path(folder, name).is_file() and not name.endswith((".py", ".html", ".po")))
    }


@NEEDS_GETTEXT
def test_makemessages_would_add_or_drop_no_message(tmp_path, settings, monkeypatch):
    copy = tmp_path / "ger"
    shutil.copytree(SOURCE, copy, ignore=_sources_only)
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command(
        "makemessages",
        locale=list(LANGUAGES),
        no_obsolete=True,
        ignore_patterns=[".venv"],
        verbosity=0,
    )
    for language in LANGUAGES:
        committed = {e.key for e in messages(language)}
        path = copy / "locale" / language / "LC_MESSAGES" / "django.po"
        current = {e.key for e in read_po(path) if e.msgid and not e.obsolete}
        assert sorted(current - committed, key=str) == [], (
            f"{language}: new strings to translate; {UPDATE}"
        )
        assert sorted(committed - current, key=str) == [], (
            f"{language}: the catalogue holds strings the code no longer has; {UPDATE}"
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_has_each_form_its_language_counts(language):
    """A plural with fewer forms than the header's nplurals falls back to English."""
    header = next(e for e in read_po(LOCALE / language / "LC_MESSAGES" / "django.po"))
    count = int(header.strings[0].split("nplurals=")[1].split(";")[0])
    short = [
        entry.msgid
        for entry in messages(language)
        if entry.plural is not None
        and sorted(index for index, text in entry.strings.items() if text)
        != list(range(count))
    ]
    assert short == [], f"{language}: plurals without all {count} forms"
