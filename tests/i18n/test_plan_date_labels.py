"""Plan dates read naturally in each language; str() stays the machine form."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from ger.plandates import PlanDate


@pytest.mark.parametrize(
    ("text", "english", "french", "spanish"),
    [
        ("2028", "2028", "2028", "2028"),
        ("2028-03", "March 2028", "mars 2028", "marzo de 2028"),
        ("2027-Q2", "Q2 2027", "T2 2027", "T2 2027"),
        ("2023-07-14", "July 14, 2023", "14 juillet 2023", "14 de julio de 2023"),
        ("NET 2028", "NET 2028", "2028 au plus tôt", "no antes de 2028"),
        (
            "NLT 2026-09",
            "NLT September 2026",
            "septembre 2026 au plus tard",
            "no después de septiembre de 2026",
        ),
    ],
)
def test_a_plan_date_reads_in_the_active_language(text, english, french, spanish):
    date = PlanDate.parse(text)
    for language, expected in (("en", english), ("fr", french), ("es", spanish)):
        with translation.override(language):
            assert date.label() == expected, language


def test_a_month_precision_date_reads_mars_2028_in_french():
    with translation.override("fr"):
        assert PlanDate.parse("2028-03").label() == "mars 2028"


def test_str_stays_the_machine_form_in_every_language():
    date = PlanDate.parse("NET 2028-03")
    for language in ("en", "fr", "es"):
        with translation.override(language):
            assert str(date) == "NET 2028-03"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (PlanDate.parse("2028-03"), "mars 2028"),
        ("NET 2027-Q4", "T4 2027 au plus tôt"),
        (None, "—"),
        ("", "—"),
        ("not a date", "not a date"),
    ],
)
def test_the_plan_date_filter_takes_dates_and_their_machine_form(value, expected):
    template = Template('{% load ger_i18n %}{{ value|plan_date|default:"—" }}')
    with translation.override("fr"):
        assert template.render(Context({"value": value})) == expected


def test_a_bad_date_explains_itself_in_the_readers_language():
    with translation.override("es"), pytest.raises(ValueError, match="el mes 13"):
        PlanDate.parse("2025-13")
