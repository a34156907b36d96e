"""The licence of the data set and its releases, and the attribution line to copy.

The licence is a setting (``GER_DATA_LICENCE``, CC BY 4.0 by default) so that a
deployment publishing its own data can name another open licence; every place that
states it (data packages, the about page, the static site, the PDF colophon) reads
it from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class DataLicence:
    """An open data licence: its Open Definition identifier, names and address."""

    name: str  # the identifier a data package's ``licenses`` entry names
    title: str  # the licence's own title (a proper name, not translated)
    short: str  # how attribution lines write it: "CC BY 4.0"
    path: str  # the licence's text

    def as_descriptor(self) -> dict[str, str]:
        """Return the ``licenses`` entry of a Frictionless data package."""
        return {"name": self.name, "path": self.path, "title": self.title}


LICENCES = {
    licence.name: licence
    for licence in (
        DataLicence(
            "CC-BY-4.0",
            "Creative Commons Attribution 4.0 International",
            "CC BY 4.0",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        DataLicence(
            "CC-BY-SA-4.0",
            "Creative Commons Attribution-ShareAlike 4.0 International",
            "CC BY-SA 4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        DataLicence(
            "CC0-1.0",
            "Creative Commons CC0 1.0 Universal",
            "CC0 1.0",
            "https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        DataLicence(
            "ODC-BY-1.0",
            "Open Data Commons Attribution License 1.0",
            "ODC-By 1.0",
            "https://opendatacommons.org/licenses/by/1-0/",
        ),
        DataLicence(
            "ODC-ODbL-1.0",
            "Open Data Commons Open Database License 1.0",
            "ODbL 1.0",
            "https://opendatacommons.org/licenses/odbl/1-0/",
        ),
        DataLicence(
            "ODC-PDDL-1.0",
            "Open Data Commons Public Domain Dedication and License 1.0",
            "PDDL 1.0",
            "https://opendatacommons.org/licenses/pddl/1-0/",
        ),
    )
}
DEFAULT_LICENCE = "CC-BY-4.0"


def data_licence() -> DataLicence:
    """Return the licence the deployment publishes its data under."""
    return LICENCES[settings.GER_DATA_LICENCE]


def attribution(
    title: str, code: str, released: str | None, as_of: dt.date | None = None
) -> str:
    """Return the line that credits a release: data set, edition, date, source, licence.

    ``released`` is the edition's release date as GER writes it ("2022-10"); a
    working draft has none and is dated by ``as_of``, the day its data last changed.
    """
    # Imported here: settings imports this module for its table of licences.
    from ger.plandates import PlanDate, PlanDateError

    if released:
        try:
            dated = PlanDate.parse(released).label()
        except PlanDateError:
            dated = released
    elif as_of is not None:
        dated = _("as of %(date)s") % {"date": date_format(as_of, "DATE_FORMAT")}
    else:
        dated = _("not released")
    return _(
        "Global Exploration Roadmap data, %(title)s (%(code)s, %(date)s), "
        "GER platform, %(licence)s"
    ) % {
        "title": title,
        "code": code,
        "date": dated,
        "licence": data_licence().short,
    }
