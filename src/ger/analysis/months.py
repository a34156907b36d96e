"""Calendar dates as fractional month numbers, the time unit of the schedule analyses.

Plans are stated in months, quarters and years and dependencies carry lags in
months, so the analyses count time in months: month number ``year * 12 + month - 1``
plus the fraction of the month elapsed on that day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math


def month_number(day: dt.date) -> float:
    """Return the fractional month number of ``day``."""
    days = calendar.monthrange(day.year, day.month)[1]
    return day.year * 12 + day.month - 1 + (day.day - 1) / days


def date_from_month_number(value: float) -> dt.date:
    """Return the calendar day that a fractional month number falls on."""
    whole = math.floor(value)
    year, month = divmod(whole, 12)
    month += 1
    days = calendar.monthrange(year, month)[1]
    day = min(days, 1 + math.floor((value - whole) * days + 1e-9))
    return dt.date(year, month, day)


def months_between(earlier: dt.date, later: dt.date) -> float:
    """Return how many months ``later`` comes after ``earlier`` (negative if before)."""
    return month_number(later) - month_number(earlier)


def add_months(day: dt.date, months: float) -> dt.date:
    """Return the day ``months`` months after ``day``."""
    return date_from_month_number(month_number(day) + months)


def month_label(value: float) -> str:
    """Return a month number as ``YYYY-MM``, the precision forecasts are shown at."""
    if not math.isfinite(value):
        return ""
    day = date_from_month_number(value)
    return f"{day.year:04d}-{day.month:02d}"
