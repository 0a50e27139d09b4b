"""An in-memory picture of a project, built once per load, for maps, panels and reports.

Nothing here touches the database: the store builds a :class:`Snapshot`, the renderer and
the exports read it, and status changes update it in place (``apply_event``) so a repaint
never queries storage. Each change bumps :attr:`Snapshot.version`, so figures derived from
the households' states can be memoised per version (``memo(..., per_version=True)``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry.base import BaseGeometry

from .landuse import land_group
from .law import Donation
from .model import DEFAULT_CRS, Event, Flag, Household, HouseholdState, Parcel, Regime, Status

if TYPE_CHECKING:  # pragma: no cover
    from .campaign import Campaign
    from .chainage import Route


@dataclass
class Snapshot:
    """Everything a view needs about one project, in the project CRS."""

    name: str = ""
    crs: str = DEFAULT_CRS
    regime: Regime = Regime.LAND_LAW_2024
    route: Route | None = None
    boundary: BaseGeometry | None = None
    communes: dict[str, BaseGeometry] = field(default_factory=dict)
    parcels: list[Parcel] = field(default_factory=list)
    households: dict[str, Household] = field(default_factory=dict)
    states: dict[str, HouseholdState] = field(default_factory=dict)
    events: dict[str, list[Event]] = field(default_factory=dict)
    campaign: Campaign | None = None
    holidays: list[tuple[date, str]] = field(default_factory=list)
    donations: dict[str, Donation] = field(default_factory=dict)  # household code -> in effect
    limits: dict[str, int] = field(default_factory=dict)  # project settings: rule id -> limit

    def __post_init__(self) -> None:
        #: bumped by every change of the households' states or events (``apply_event``,
        #: ``touch``): figures memoised with ``per_version=True`` are recomputed after it
        self.version = 0
        self._reindex()

    def _reindex(self) -> None:
        self._memo: dict[Hashable, Any] = {}
        self._version_memo: dict[Hashable, Any] = {}
        self._version_memo_of = self.version
        self._by_household: dict[str, list[Parcel]] = defaultdict(list)
        for p in self.parcels:
            if p.household_code:
                self._by_household[p.household_code].append(p)

    def memo(self, key: Hashable, compute: Callable[[], Any], *, per_version: bool = False) -> Any:
        """Derived data computed once and shared by every view.

        By default for data that depends only on what was loaded (geometry, route): computed
        once per load, e.g. the parcels' extents along the road. With ``per_version=True``
        for data that also depends on the households' states or events (deadlines as of a
        date): computed once per :attr:`version`; older versions' results are dropped. Put
        every other input (the date, the regime...) in ``key``. The result is shared: callers
        must not change it.
        """
        if per_version:
            if self._version_memo_of != self.version:
                self._version_memo = {}
                self._version_memo_of = self.version
            store = self._version_memo
        else:
            store = self._memo
        if key not in store:
            store[key] = compute()
        return store[key]

    def touch(self) -> None:
        """Say that states or events changed in place (drops the per-version memos)."""
        self.version += 1

    # -- look-ups ---------------------------------------------------------------------------
    def parcels_of(self, code: str) -> list[Parcel]:
        return self._by_household.get(code, [])

    def state_of(self, code: str | None) -> HouseholdState | None:
        if code is None:
            return None
        return self.states.get(code)

    def status_of_parcel(self, parcel: Parcel) -> Status | None:
        state = self.state_of(parcel.household_code)
        return state.status if state else None

    def household_commune(self, code: str) -> str:
        hh = self.households.get(code)
        if hh and hh.commune:
            return hh.commune
        parcels = self.parcels_of(code)
        return parcels[0].commune if parcels else ""

    def recovered_area_of(self, code: str) -> float:
        return sum(p.recovered_area_m2 for p in self.parcels_of(code))

    def dues_of(self, code: str):
        """What the household is owed and what it donated (:class:`~tl342.core.law.Dues`)."""
        from .law import dues_of

        return dues_of(
            self.households[code], self.recovered_area_of(code), self.donations.get(code)
        )

    def bounds(self) -> tuple[float, float, float, float] | None:
        """Extent of route, boundary and parcels (minx, miny, maxx, maxy)."""
        boxes = []
        if self.route is not None:
            boxes.append(self.route.line.bounds)
        if self.boundary is not None and not self.boundary.is_empty:
            boxes.append(self.boundary.bounds)
        geoms = [p.geometry for p in self.parcels if p.geometry is not None]
        if geoms:
            boxes.append(tuple(shapely.total_bounds(geoms)))
        if not boxes:
            return None
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    # -- aggregates -------------------------------------------------------------------------
    def status_counts(self) -> dict[str, int]:
        counts = Counter(s.status.value for s in self.states.values())
        return {st.value: counts.get(st.value, 0) for st in Status}

    def flag_counts(self) -> dict[str, int]:
        counts = Counter(f.value for s in self.states.values() for f in s.flags)
        return {f.value: counts.get(f.value, 0) for f in Flag}

    def held_parcels(self) -> list[Parcel]:
        return [p for p in self.parcels if p.household_code]

    def recovered_by_land_use(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for p in self.held_parcels():
            out[p.land_use] += p.recovered_area_m2
        return dict(sorted(out.items()))

    def recovered_by_group(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for p in self.held_parcels():
            out[land_group(p.land_use).value] += p.recovered_area_m2
        return dict(out)

    # -- live updates -----------------------------------------------------------------------
    def apply_event(self, event: Event, state: HouseholdState) -> None:
        """Record an event just written to the store and the household's new state."""
        self.events.setdefault(event.household_code, []).append(event)
        self.states[event.household_code] = state
        self.touch()
