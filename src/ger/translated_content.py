"""Texts of records that the secretariat translates, and how they are shown.

A record keeps its English text in its own field and the translations beside it in
a ``translations`` JSON field, ``{"fr": {"title": "…"}, "es": {"title": "…"}}``.
A missing translation falls back to the English text, and says so: pages mark it
"(in English)" rather than pass English off as the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, cast

from django import forms
from django.conf import settings
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

RecordT = TypeVar("RecordT", bound=models.Model)

TRANSLATIONS_HELP = _(
    'Titles in other languages, e.g. {"fr": {"title": "…"}, "es": {"title": "…"}}.'
)


def default_language() -> str:
    """Return the language records are written in (English)."""
    return str(settings.LANGUAGE_CODE).split("-")[0]


def translation_languages() -> Iterator[tuple[str, str]]:
    """Yield (code, name) of every language a record can be translated into."""
    for code, name in settings.LANGUAGES:
        if code != default_language():
            yield code, str(name)


@dataclass(frozen=True)
class TranslatedText:
    """A record's text in the reader's language, or in English when not translated."""

    text: str
    language: str
    fallback: bool = False

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> str:
        if not self.fallback:
            return self.text
        return gettext("%(text)s (in English)") % {"text": self.text}

    def __html__(self) -> SafeString:
        if not self.fallback:
            return format_html("{}", self.text)
        return format_html(
            '<span lang="{}">{}</span> <span class="muted untranslated">({})</span>',
            self.language,
            self.text,
            gettext("in English"),
        )


class TranslatedString(str):
    """A translated text as a string, for templates: HTML gets its markup.

    Templates turn any object but a string into ``str()`` before escaping it, so a
    ``TranslatedText`` would lose the ``lang="en"`` markup of its fallback; this
    string keeps it (``__html__``), and is the plain text (fallback marked)
    everywhere else. ``text``, ``language`` and ``fallback`` are as in
    ``TranslatedText``.
    """

    text: str
    language: str
    fallback: bool
    _html: SafeString

    def __new__(cls, value: TranslatedText) -> TranslatedString:
        made = super().__new__(cls, str(value))
        made.text = value.text
        made.language = value.language
        made.fallback = value.fallback
        made._html = value.__html__()
        return made

    def __html__(self) -> SafeString:
        return self._html

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            TranslatedString,
            (TranslatedText(self.text, self.language, self.fallback),),
        )


def translated(
    translations: Mapping[str, Any] | None,
    field: str,
    original: str,
    language: str | None = None,
) -> TranslatedText:
    """Return ``field`` in ``language`` (default: the active one), or ``original``."""
    english = default_language()
    wanted = (language or get_language() or english).split("-")[0]
    if wanted == english:
        return TranslatedText(original, english)
    entry = (translations or {}).get(wanted) or {}
    text = str(entry.get(field) or "").strip() if isinstance(entry, Mapping) else ""
    if text:
        return TranslatedText(text, wanted)
    return TranslatedText(original, english, fallback=bool(original.strip()))


def translated_as_stated(
    translations: Mapping[str, Any] | None,
    field: str,
    stated: str,
    current: str,
    language: str | None = None,
) -> TranslatedText:
    """Return a text an edition stated, translated if it is still the record's own.

    A snapshot keeps the English it was published with; the record's translations
    translate today's English. When the two differ, no translation of the stated
    text exists and it is shown in English, marked as such.
    """
    if stated.strip() == current.strip():
        return translated(translations, field, stated, language)
    return translated(None, field, stated, language)


def translated_list(
    translations: Mapping[str, Any] | None,
    field: str,
    originals: list[str],
    language: str | None = None,
) -> list[TranslatedText]:
    """Return a list field item by item in ``language``, or in English, marked."""
    english = default_language()
    wanted = (language or get_language() or english).split("-")[0]
    if wanted == english:
        return [TranslatedText(text, english) for text in originals]
    entry = (translations or {}).get(wanted) or {}
    texts = entry.get(field) if isinstance(entry, Mapping) else None
    if isinstance(texts, list) and len(texts) == len(originals):
        return [
            TranslatedText(str(text), wanted)
            if str(text).strip()
            else TranslatedText(original, english, fallback=bool(original.strip()))
            for text, original in zip(texts, originals, strict=True)
        ]
    return [
        TranslatedText(original, english, fallback=bool(original.strip()))
        for original in originals
    ]


def translation_inputs(
    model: type[models.Model], field_names: tuple[str, ...]
) -> dict[str, forms.Field]:
    """Return a form input per language for each translated field (``title_fr``)."""
    inputs: dict[str, forms.Field] = {}
    for code, name in translation_languages():
        for field_name in field_names:
            model_field = model._meta.get_field(field_name)
            if not isinstance(model_field, models.Field):
                raise TypeError(f"{field_name} is not a field of {model.__name__}")
            long_text = isinstance(model_field, models.TextField)
            inputs[f"{field_name}_{code}"] = forms.CharField(
                label=f"{capfirst(str(model_field.verbose_name))} ({name})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 6 if long_text else 2}),
            )
    return inputs


class TranslationsModelForm(forms.ModelForm[RecordT]):
    """A model form with one more input per language for each translated field.

    The inputs are named ``<field>_<language>`` (``title_fr``); an empty one removes
    that translation. The model must have a ``translations`` JSON field.
    """

    translated_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = getattr(self.instance, "translations", None) or {}
        inputs = translation_inputs(type(self.instance), self.translated_fields)
        for input_name, field in inputs.items():
            self.fields.setdefault(input_name, field)
            field_name, code = input_name.rsplit("_", 1)
            self.initial.setdefault(
                input_name, (stored.get(code) or {}).get(field_name, "")
            )

    @classmethod
    def with_declared_inputs(cls) -> type[TranslationsModelForm[RecordT]]:
        """Return this form with the inputs declared, as the admin needs them."""
        inputs = translation_inputs(cls._meta.model, cls.translated_fields)
        declared = type(cls.__name__, (cls,), dict(inputs))
        return cast("type[TranslationsModelForm[RecordT]]", declared)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        stored = getattr(self.instance, "translations", None) or {}
        translations = {code: dict(texts) for code, texts in stored.items()}
        for code, _name in translation_languages():
            texts = translations.setdefault(code, {})
            for field_name in self.translated_fields:
                text = str(cleaned.get(f"{field_name}_{code}") or "").strip()
                if text:
                    texts[field_name] = text
                else:
                    texts.pop(field_name, None)
        self.instance.translations = {  # type: ignore[attr-defined]
            code: texts for code, texts in translations.items() if texts
        }
        return cleaned


class TranslationsOf:
    """A record's translated texts by field: ``record.tr.name`` in templates."""

    def __init__(self, record: models.Model) -> None:
        self._record = record

    def __getitem__(self, field: str) -> TranslatedString:
        original = getattr(self._record, field, None)
        if original is None or not isinstance(original, str):
            raise KeyError(field)
        stored = getattr(self._record, "translations", None)
        return TranslatedString(translated(stored, field, original))

    def get(self, field: str, language: str | None = None) -> TranslatedText:
        """Return ``field`` in ``language`` (default: the active one), else English."""
        stored = getattr(self._record, "translations", None)
        return translated(stored, field, str(getattr(self._record, field)), language)


class Translatable:
    """Mixin of a model with a ``translations`` JSON field: ``record.tr.<field>``."""

    @property
    def tr(self) -> TranslationsOf:
        """Return the record's texts in the active language (English marked)."""
        return TranslationsOf(cast(models.Model, self))
