"""Dates with their precision: "2025", "2025-Q3", "NET 2025-05", "2025-05-17".

Plans are rarely known to the day. GER keeps a date as the first day of its period,
the precision of that period and an optional qualifier, so that "2025" is never shown
or compared as if it meant 1 January 2025.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils import formats
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

PATTERN = re.compile(
    r"^(?:(?P<qualifier>NET|NLT)\s+)?(?P<year>\d{4})"
    r"(?:-(?:Q(?P<quarter>\d)|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?$"
)


class Precision(models.TextChoices):
    YEAR = "year", _("year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")
    DAY = "day", _("day")


class Qualifier(models.TextChoices):
    EXACT = "", _("as stated")
    NO_EARLIER_THAN = "net", _("no earlier than")
    NO_LATER_THAN = "nlt", _("no later than")


class PlanDateError(ValueError):
    """A text that is not a date in GER's date syntax."""


@dataclass(frozen=True, order=True)
class PlanDate:
    """A date known to a year, quarter, month or day, possibly qualified."""

    start: dt.date
    precision: Precision = Precision.DAY
    qualifier: Qualifier = Qualifier.EXACT

    @classmethod
    def parse(cls, text: str, allow_qualifier: bool = True) -> PlanDate:
        """Return the date written as ``text``; raise PlanDateError if it is none."""
        match = PATTERN.match(text.strip())
        if match is None:
            syntax = (
                gettext(
                    "%(text)s is not a date: write 2025, 2025-Q3, 2025-05 or "
                    "2025-05-17, optionally after NET or NLT"
                )
                if allow_qualifier
                else gettext(
                    "%(text)s is not a date: write 2025, 2025-Q3, 2025-05 or 2025-05-17"
                )
            )
            raise PlanDateError(syntax % {"text": repr(text)})
        qualifier = Qualifier((match["qualifier"] or "").lower())
        if qualifier and not allow_qualifier:
            raise PlanDateError(
                gettext("%(text)s: a qualifier (NET/NLT) is not allowed here")
                % {"text": repr(text)}
            )
        year = int(match["year"])
        if year < 1900 or year > 2200:
            raise PlanDateError(
                gettext("%(text)s: year %(year)s is outside 1900-2200")
                % {"text": repr(text), "year": year}
            )
        if match["quarter"]:
            quarter = int(match["quarter"])
            if not 1 <= quarter <= 4:
                raise PlanDateError(
                    gettext("%(text)s: quarter must be Q1 to Q4") % {"text": repr(text)}
                )
            return cls(dt.date(year, 3 * quarter - 2, 1), Precision.QUARTER, qualifier)
        if match["month"] is None:
            return cls(dt.date(year, 1, 1), Precision.YEAR, qualifier)
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise PlanDateError(
                gettext("%(text)s: month %(month)s does not exist")
                % {"text": repr(text), "month": month}
            )
        if match["day"] is None:
            return cls(dt.date(year, month, 1), Precision.MONTH, qualifier)
        day = int(match["day"])
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise PlanDateError(
                gettext("%(text)s: day %(day)s does not exist in that month")
                % {"text": repr(text), "day": day}
            )
        return cls(dt.date(year, month, day), Precision.DAY, qualifier)

    @classmethod
    def from_parts(
        cls, start: dt.date | None, precision: str, qualifier: str = ""
    ) -> PlanDate | None:
        """Return the date stored as model fields, or None when there is none."""
        if start is None:
            return None
        return cls(start, Precision(precision), Qualifier(qualifier))

    @property
    def end(self) -> dt.date:
        """Return the last day of the period the date covers."""
        year, month = self.start.year, self.start.month
        if self.precision == Precision.YEAR:
            return dt.date(year, 12, 31)
        if self.precision == Precision.QUARTER:
            last_month = month + 2
            return dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        if self.precision == Precision.MONTH:
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        return self.start

    def label(self) -> str:
        """Return the date as people read it in the active language ("mars 2028").

        ``str()`` stays the machine form ("NET 2028-03") that exports and the API use.
        """
        if self.precision == Precision.YEAR:
            text = f"{self.start.year:04d}"
        elif self.precision == Precision.QUARTER:
            text = pgettext("plan date", "Q%(quarter)s %(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": f"{self.start.year:04d}",
            }
        elif self.precision == Precision.MONTH:
            text = formats.date_format(self.start, "YEAR_MONTH_FORMAT")
        else:
            text = formats.date_format(self.start, "DATE_FORMAT")
        if self.qualifier == Qualifier.NO_EARLIER_THAN:
            return pgettext("plan date", "NET %(date)s") % {"date": text}
        if self.qualifier == Qualifier.NO_LATER_THAN:
            return pgettext("plan date", "NLT %(date)s") % {"date": text}
        return text

    def __str__(self) -> str:
        if self.precision == Precision.YEAR:
            text = f"{self.start.year:04d}"
        elif self.precision == Precision.QUARTER:
            text = f"{self.start.year:04d}-Q{(self.start.month - 1) // 3 + 1}"
        elif self.precision == Precision.MONTH:
            text = f"{self.start.year:04d}-{self.start.month:02d}"
        else:
            text = self.start.isoformat()
        return f"{self.qualifier.upper()} {text}" if self.qualifier else text
