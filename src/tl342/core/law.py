"""What a household is owed and what it gave: the facts the workflow rules weigh.

A voluntary donation (hiến đất / hiến cây) waives only what was donated (domain.md §7a):
trees donated but land recovered → the land is still paid for. So:

- the payment step (chi trả) may be skipped only when NOTHING remains payable;
- the recovery decision (quyết định thu hồi đất) may be skipped only when ALL the recovered
  land is donated.

``payable_vnd`` is compensation + support of the approved plan minus what was already paid.
The plan's amounts are taken as already net of what was donated (the household lists record
donors so: land donors have 0); a donation recorded after the plan does not lower them by
itself — revise the plan (re-import the list). The rules files say so too ("unclear").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import fmt

#: recovered areas are computed to 0.1 m²; a donated area this close to it counts as "all"
AREA_TOLERANCE_M2 = 0.05


def format_vnd(amount: int) -> str:
    """``764123000`` → ``"764.123.000 đồng"`` (the one formatter, :mod:`tl342.core.fmt`)."""
    return fmt.money(amount, "đồng")


def format_m2(area: float) -> str:
    """``3274.5`` → ``"3.274,5 m²"`` (the one formatter, :mod:`tl342.core.fmt`)."""
    return fmt.area(area, 1, "m²")


@dataclass(frozen=True)
class Donation:
    """What one household voluntarily donated, on one document (biên bản hiến)."""

    household_code: str
    land_m2: float = 0.0  # donated land area (0: no land)
    all_land: bool = False  # the whole recovered land is donated
    assets_value_vnd: int = 0  # trees, crops and structures donated, at plan prices
    doc_no: str = ""
    doc_date: date | None = None
    note: str = ""
    id: int | None = None

    @property
    def has_land(self) -> bool:
        return self.all_land or self.land_m2 > 0

    def describe(self, lang: str = "en", recovered_m2: float | None = None) -> str:
        """One line: what was donated."""
        vi = lang == "vi"
        parts = []
        if self.all_land:
            parts.append("toàn bộ đất thu hồi" if vi else "all the recovered land")
            if recovered_m2:
                parts[-1] += f" ({format_m2(recovered_m2)})"
        elif self.land_m2 > 0:
            parts.append(f"{'đất' if vi else 'land'} {format_m2(self.land_m2)}")
        if self.assets_value_vnd:
            what = "cây cối, công trình" if vi else "trees and structures"
            parts.append(f"{what} {format_vnd(self.assets_value_vnd)}")
        text = (" và " if vi else " and ").join(parts) or ("không có gì" if vi else "nothing")
        if self.doc_no:
            text += f" ({self.doc_no}"
            text += f", {self.doc_date:%d/%m/%Y})" if self.doc_date else ")"
        return text


@dataclass(frozen=True)
class Dues:
    """A household's money and land as the rules see them."""

    compensation_vnd: int = 0
    support_vnd: int = 0
    paid_vnd: int = 0
    recovered_m2: float = 0.0
    donation: Donation | None = None

    @property
    def payable_vnd(self) -> int:
        """Still payable: compensation + support − paid (never below 0)."""
        return max(self.compensation_vnd + self.support_vnd - self.paid_vnd, 0)

    @property
    def all_land_donated(self) -> bool:
        d = self.donation
        if d is None or not d.has_land:
            return False
        return d.all_land or d.land_m2 + AREA_TOLERANCE_M2 >= self.recovered_m2

    def owed_text(self, lang: str = "en") -> str:
        """``764.151.000 đồng is still payable (compensation … + support … − paid …)``."""
        parts = (
            f"{format_vnd(self.compensation_vnd)} + {format_vnd(self.support_vnd)}"
            f" − {format_vnd(self.paid_vnd)}"
        )
        if lang == "vi":
            return (
                f"còn phải chi trả {format_vnd(self.payable_vnd)} "
                f"(bồi thường + hỗ trợ − đã chi: {parts})"
            )
        return (
            f"{format_vnd(self.payable_vnd)} is still payable "
            f"(compensation + support − paid: {parts})"
        )

    def donated_text(self, lang: str = "en") -> str:
        if self.donation is None:
            return "chưa ghi nhận hiến" if lang == "vi" else "no donation recorded"
        head = "đã hiến: " if lang == "vi" else "donated: "
        return head + self.donation.describe(lang, self.recovered_m2)


def dues_of(household, recovered_m2: float, donation: Donation | None = None) -> Dues:
    """The Dues of a :class:`~tl342.core.model.Household`."""
    return Dues(
        compensation_vnd=int(household.compensation_vnd),
        support_vnd=int(household.support_vnd),
        paid_vnd=int(household.paid_vnd),
        recovered_m2=float(recovered_m2),
        donation=donation,
    )
