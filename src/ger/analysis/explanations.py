"""Plain-language sentences saying why two agencies could partner."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from ger.analysis.model import Portfolio
from ger.analysis.partnership_evidence import Evidence

ORDER = ("destination", "objective", "complement", "dependency", "partnership")
PER_KIND = 2


class Explainer:
    """Write the sentences for one report, translating each phrase only once."""

    def __init__(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        self.objectives = {o.code: o.title for o in portfolio.objectives}
        self.pair = _("%(first)s and %(second)s")
        self.they = _("they")
        self.destination = _(
            "%(who)s both plan missions to %(destination)s in %(years)s"
        )
        self.providing = _(", both providing %(capabilities)s")
        self.more = _("%(count)d more")
        self.objective = _("%(who)s both address %(objective)s (%(missions)s)")
        self.editorial = _(" — an editorial link that no source states")
        self.complement = _(
            "%(agency)s's %(mission)s provides %(capability)s, which "
            "%(other_agency)s's %(other_mission)s needs"
        )
        self.dependency = _(
            "%(agency)s's %(mission)s enables %(other_agency)s's %(other_mission)s"
        )
        self.partnership = _("%(who)s already partner on %(missions)s")

    def __call__(self, first: str, second: str, evidence: Iterable[Evidence]) -> str:
        """Return one sentence with the strongest reasons of each kind."""
        by_kind: dict[str, list[Evidence]] = {kind: [] for kind in ORDER}
        for item in evidence:
            by_kind[item.kind].append(item)
        by_kind["destination"].sort(key=lambda item: (-len(item.years), item.subject))
        clauses: list[str] = []
        who = self.pair % {"first": first, "second": second}
        for kind in ORDER[:-1]:
            for item in by_kind[kind][:PER_KIND]:
                clauses.append(self.clause(item, self.they if clauses else who))
        joint = [
            slug for item in by_kind["partnership"] for slug in item.missions_first
        ]
        if joint:
            clauses.append(
                self.partnership
                % {"who": self.they if clauses else who, "missions": self.names(joint)}
            )
        # Agency codes keep their own case ("ispace"), so no capitalising.
        return "; ".join(clauses) + "." if clauses else ""

    def clause(self, item: Evidence, who: str) -> str:
        """Return the reason one piece of evidence gives."""
        portfolio = self.portfolio
        mine = self.names(item.missions_first)
        theirs = self.names(item.missions_second)
        if item.kind == "destination":
            text = self.destination % {
                "who": who,
                "destination": portfolio.destination_name(item.subject),
                "years": years_text(item.years),
            }
            text += f" ({mine}; {theirs})"
            if item.capabilities:
                shared = sorted(item.capabilities)
                names = [portfolio.capability_name(code) for code in shared[:3]]
                if len(shared) > 3:
                    names.append(self.more % {"count": len(shared) - 3})
                text += self.providing % {"capabilities": ", ".join(names)}
            return text
        if item.kind == "objective":
            title = self.objectives.get(item.subject)
            text = self.objective % {
                "who": who,
                "objective": f"{item.subject} {title}" if title else item.subject,
                "missions": f"{mine}; {theirs}",
            }
            return text + self.editorial if item.editorial else text
        if item.kind in ("complement", "dependency"):
            other = portfolio.by_slug.get(item.missions_second[0])
            values = {
                "agency": item.first,
                "mission": mine,
                "other_agency": other.lead if other else "",
                "other_mission": theirs,
            }
            if item.kind == "complement":
                values["capability"] = portfolio.capability_name(item.subject)
                return self.complement % values
            relation = item.relation.replace("_", " ")
            return self.dependency % values + f" ({relation})"
        raise ValueError(f"no clause for evidence of kind {item.kind!r}")

    def names(self, slugs: Iterable[str]) -> str:
        found = self.portfolio.by_slug
        return ", ".join(found[slug].name if slug in found else slug for slug in slugs)


def years_text(years: Iterable[int]) -> str:
    """Return years as ranges: "2026, 2028-2030" (with an en dash)."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(
        str(run[0]) if len(run) == 1 else f"{run[0]}\u2013{run[-1]}" for run in runs
    )
