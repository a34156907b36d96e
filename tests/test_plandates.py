from __future__ import annotations

import datetime as dt

import pytest

from ger.plandates import PlanDate, PlanDateError, Precision, Qualifier


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), Precision.YEAR),
        ("2025-Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 30), Precision.QUARTER),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), Precision.MONTH),
        ("2023-08-23", dt.date(2023, 8, 23), dt.date(2023, 8, 23), Precision.DAY),
    ],
)
def test_it_keeps_the_precision_of_a_date(text, start, end, precision):
    date = PlanDate.parse(text)
    assert (date.start, date.end, date.precision) == (start, end, precision)
    assert str(date) == text


def test_it_reads_no_earlier_than_and_no_later_than():
    assert PlanDate.parse("NET 2025-05").qualifier == Qualifier.NO_EARLIER_THAN
    assert str(PlanDate.parse("NLT 2029")) == "NLT 2029"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13", "month 13 does not exist"),
        ("2023-02-29", "day 29 does not exist"),
        ("2025-Q5", "quarter must be Q1 to Q4"),
        ("next year", "is not a date"),
        ("1850", "outside 1900-2200"),
    ],
)
def test_it_rejects_impossible_dates_with_a_reason(text, message):
    with pytest.raises(PlanDateError, match=message):
        PlanDate.parse(text)


def test_it_refuses_a_qualifier_where_none_is_allowed():
    with pytest.raises(PlanDateError, match="qualifier"):
        PlanDate.parse("NET 2025", allow_qualifier=False)


def test_a_year_sorts_before_a_later_month_of_the_same_year():
    assert PlanDate.parse("2025") < PlanDate.parse("2025-06")
