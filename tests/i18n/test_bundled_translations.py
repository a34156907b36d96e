"""The bundled data in French and Spanish: the translation files, seed, pages and builds."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from ger.dataset.reading import DataSet, read_files
from ger.dataset.translations import (
    Translations,
    english_texts,
    read_translations,
    translation_paths,
    untranslated,
)
from ger.editions.models import Edition, EditionProse
from ger.plancache import new_plan_generation
from ger.plans.models import Destination, Mission

# The builds need a test database (never the real one): every test here may use it.
pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "es")
FALLBACK = {"fr": "(en anglais)", "es": "(en inglés)"}


@pytest.fixture(scope="module")
def bundled() -> tuple[DataSet, Translations]:
    data_dir = Path(settings.GER_DATA_DIR)
    dataset = read_files(sorted(data_dir.glob("*.yaml")))
    return dataset, read_translations(translation_paths(data_dir), dataset)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reader_facing_text_of_the_bundled_data_is_translated(bundled, language):
    dataset, translations = bundled
    assert dataset.problems == []
    assert translations.problems == []
    missing = untranslated(dataset, translations, language)
    assert missing == [], f"untranslated bundled texts in {language}: {missing}"


def _problems(tmp_path: Path, text: str, dataset: DataSet, name: str = "fr.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_translations([path], dataset).problems


def test_a_translation_of_a_record_the_data_no_longer_holds_names_file_line_and_key(
    bundled, tmp_path
):
    dataset, _translations = bundled
    problems = _problems(
        tmp_path,
        "language: fr\n"
        "destinations:\n"
        "  lunar-orbit:\n"
        '    name: "Orbite lunaire"\n'
        "  old-name:\n"
        '    name: "Ancien nom"\n',
        dataset,
    )
    assert [(Path(p.file).name, p.line, p.field) for p in problems] == [
        ("fr.yaml", 5, "destinations.old-name")
    ]
    assert "no such record in the bundled data" in problems[0].message


def test_a_translation_of_a_field_with_no_english_text_is_refused(bundled, tmp_path):
    dataset, _translations = bundled
    problems = _problems(
        tmp_path,
        'language: fr\nmissions:\n  artemis-i:\n    name: "Artémis I"\n',
        dataset,
    )
    assert [(p.line, p.field) for p in problems] == [(4, "missions.artemis-i.name")]


def test_a_list_translation_must_match_the_english_item_by_item(bundled, tmp_path):
    dataset, _translations = bundled
    problems = _problems(
        tmp_path,
        'language: fr\neditions:\n  GER-4:\n    themes: ["un seul thème"]\n',
        dataset,
    )
    assert [(p.line, p.field) for p in problems] == [(4, "editions.GER-4.themes")]
    assert "list of 4 texts" in problems[0].message


def test_a_file_must_say_its_own_language_and_hold_known_sections(bundled, tmp_path):
    dataset, _translations = bundled
    wrong_language = _problems(tmp_path, "language: es\n", dataset, name="fr.yaml")
    assert [(p.line, p.field) for p in wrong_language] == [(1, "language")]
    unknown = _problems(tmp_path, "language: fr\nplanets:\n  x: {}\n", dataset)
    assert [(p.line, p.field) for p in unknown] == [(2, "planets")]
    empty_text = _problems(
        tmp_path, 'language: fr\nthemes:\n  T1:\n    name: "  "\n', dataset
    )
    assert [(p.line, p.field) for p in empty_text] == [(4, "themes.T1.name")]


def test_seed_refuses_bad_translations_and_writes_nothing(db, tmp_path, settings):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    bundled_dir = Path(settings.GER_DATA_DIR)
    for path in bundled_dir.glob("*.yaml"):
        (data_dir / path.name).write_bytes(path.read_bytes())
    (data_dir / "translations").mkdir()
    (data_dir / "translations" / "fr.yaml").write_text(
        'language: fr\ndestinations:\n  no-such-place:\n    name: "Nulle part"\n',
        encoding="utf-8",
    )
    settings.GER_DATA_DIR = data_dir
    with pytest.raises(Exception, match="problem"):
        call_command("seed", verbosity=0)
    assert not Destination.objects.exists()


def test_seed_writes_the_translations_without_touching_the_history(seeded):
    far_side = Destination.objects.get(slug="lunar-far-side")
    assert far_side.translations["fr"]["name"] == "Face cachée de la Lune"
    assert far_side.translations["es"]["name"] == "Cara oculta de la Luna"
    mission = Mission.objects.get(slug="chang-e-6")
    assert "face cachée" in mission.translations["fr"]["description"]
    version = mission.version
    # Seeding again changes nothing: no translation is rewritten, no version bumped.
    call_command("seed", verbosity=0)
    mission.refresh_from_db()
    assert mission.version == version


def test_a_published_edition_takes_translations_but_no_other_change(seeded):
    edition = Edition.objects.get(code="GER-4")
    edition.translations = {"fr": {"title": "Un autre titre"}}
    edition.save()
    edition.title = "Changed"
    with pytest.raises(Exception, match="published"):
        edition.save()
    prose = EditionProse.objects.filter(edition__status="published").first()
    if prose is not None:
        prose.translations = {"fr": {"markdown": "Texte"}}
        prose.save(update_fields=["translations"])
        prose.markdown = "changed"
        with pytest.raises(Exception, match="published"):
            prose.save()


@pytest.mark.parametrize(
    ("prefix", "phrases"),
    [
        ("/fr", ["Face cachée de la Lune", "Région polaire sud de la Lune"]),
        ("/es", ["Cara oculta de la Luna", "Región polar sur de la Luna"]),
    ],
)
def test_destination_pages_are_in_the_readers_language(client, seeded, prefix, phrases):
    body = client.get(f"{prefix}/destinations/").content.decode()
    for phrase in phrases:
        assert phrase in body
    assert "Lunar far side" not in body
    page = client.get(f"{prefix}/destinations/lunar-far-side/").content.decode()
    assert "Lunar far side" not in page
    assert "(in English)" not in page
    assert "untranslated" not in page


def test_a_text_an_editor_has_not_translated_yet_is_marked(client, seeded):
    Destination.objects.create(slug="phobos", name="Phobos orbit", description="New.")
    new_plan_generation()  # pages kept for the plan generation are drawn again
    body = client.get("/fr/destinations/").content.decode()
    assert '<span lang="en">Phobos orbit</span>' in body
    assert '<span class="muted untranslated">(en anglais)</span>' in body
    english = client.get("/destinations/").content.decode()
    assert "untranslated" not in english


def test_a_mission_page_shows_its_description_in_the_readers_language(client, seeded):
    body = client.get("/es/missions/chang-e-6/").content.decode()
    start = body.index('<div class="description" lang="es">')
    description = body[start : body.index("</div>", start)]
    assert "La primera misión en traer muestras de la cara oculta" in description
    assert "untranslated" not in description
    assert 'class="name" translate="no">Chang&#x27;e 6<' in body


# ------------------------------------------------------------------ the builds


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def _pdf_text(path: Path) -> str:
    raw = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    # A word hyphenated at a line's end is joined again (U+2010 is the soft break).
    joined = re.sub(r"\u2010\n", "", raw)
    return re.sub(r"\s+", " ", joined)


@dataclass(frozen=True)
class LanguageBuild:
    language: str
    out: Path
    texts: dict[tuple[str, str], dict[str, object]]
    translations: dict[tuple[str, str], dict[str, dict[str, object]]]
    mission_names: list[str]
    # Names that stay as written (missions, organisations): an English word of the
    # data inside one of them ("Europe" in "ispace Europe") is not an untranslated text.
    proper_names: tuple[str, ...] = ()

    def pdf(self) -> str:
        return _pdf_text(self.out / "roadmap.pdf")

    def site(self) -> dict[str, str]:
        return {
            path.relative_to(self.out).as_posix(): _html_text(path)
            for path in sorted((self.out / "site").rglob("*.html"))
        }


@pytest.fixture(scope="session")
def language_builds(django_db_setup, django_db_blocker, tmp_path_factory):
    """Build the 2022 supplement in French and in Spanish, once."""
    folder = tmp_path_factory.mktemp("language-builds")
    data_dir = Path(settings.GER_DATA_DIR)
    dataset = read_files(sorted(data_dir.glob("*.yaml")))
    translations = read_translations(translation_paths(data_dir), dataset)
    builds = {}
    with django_db_blocker.unblock(), transaction.atomic():
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or Path(name).name.startswith("test_"), name
        call_command("seed", verbosity=0)
        edition = Edition.objects.get(slug="2022-supplement-e1")
        names = [m["name"] for m in edition.verified_snapshot()["missions"]]
        for language in LANGUAGES:
            out = folder / language
            call_command(
                "build",
                edition.slug,
                "--out",
                str(out),
                "--lang",
                language,
                verbosity=0,
            )
            builds[language] = LanguageBuild(
                language,
                out,
                english_texts(dataset),
                translations.texts,
                names,
                _proper_names(dataset),
            )
        transaction.set_rollback(True)
    return builds


def _proper_names(dataset: DataSet) -> tuple[str, ...]:
    names = {str(m.get("name") or "") for m in dataset["missions"]}
    for agency in dataset["agencies"]:
        names.add(str(agency["code"]))
        if not agency.get("member"):
            names.add(str(agency.get("name") or ""))
    # The bibliography cites each source by its own title, in its own language.
    for mission in dataset["missions"]:
        names |= {str(source.get("title") or "") for source in mission["sources"]}
    return tuple(sorted(name for name in names if name))


def _found(original: str, text: str, build: LanguageBuild) -> bool:
    """Return whether ``original`` is in ``text`` as words, outside proper names."""
    pattern = re.compile(r"(?<!\w)" + re.escape(original) + r"(?!\w)")
    if not pattern.search(text):
        return False
    for name in build.proper_names:
        if pattern.search(name):
            text = text.replace(name, " ")
    return bool(pattern.search(text))


def _english_left(build: LanguageBuild, text: str) -> list[str]:
    """Return the bundled English texts (translated differently) found in ``text``."""
    found = []
    for key, fields in build.texts.items():
        translated = build.translations.get(key, {}).get(build.language, {})
        for field, english in fields.items():
            items = english if isinstance(english, list) else [english]
            targets = translated.get(field)
            target_items = targets if isinstance(targets, list) else [targets]
            for original, target in zip(items, target_items, strict=False):
                original = " ".join(str(original).split())
                if target is not None and original == " ".join(str(target).split()):
                    continue  # the same in both languages (a name, "Canada")
                if original == key[1]:
                    continue  # a code that is also a name ("UK Space Agency")
                if _found(original, text, build):
                    found.append(f"{key[0]}.{key[1]}.{field}: {original[:60]}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_holds_no_english_text_of_the_bundled_data(language_builds, language):
    build = language_builds[language]
    text = build.pdf()
    assert _english_left(build, text) == []
    assert FALLBACK[language] not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_static_site_holds_no_english_text_of_the_bundled_data(
    language_builds, language
):
    build = language_builds[language]
    for page, text in build.site().items():
        assert _english_left(build, text) == [], page
        assert FALLBACK[language] not in text, page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_document_is_in_its_language_and_names_are_never_hyphenated(
    language_builds, language
):
    build = language_builds[language]
    document = (build.out / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in document
    raw = subprocess.run(
        ["pdftotext", str(build.out / "roadmap.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = raw.replace("\n", " ")
    # Every mission name of the annex is printed whole: no hyphen inserted, no break.
    for name in build.mission_names:
        assert name in flat, name
    assert not re.search(r"Chandrayaa\S*[\u2010\s]+n", raw)
