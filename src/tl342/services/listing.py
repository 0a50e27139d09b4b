"""Household and parcel lists (``tl342 list``) and THE household row builder and filter the
GUI's households list uses too: the same search text finds the same households in both.

Search folds case and Vietnamese diacritics; every word of the query must occur in the
household's code, head's name, commune, village or one of its parcel labels (``12/345``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ..core.chainage import format_chainage
from ..core.errors import UserError
from ..core.fmt import total
from ..core.handover import household_chainage_ranges, overdue_households
from ..core.model import PRIVATE_HOUSEHOLD_FIELDS, Flag, Side, Status
from ..core.snapshot import Snapshot
from ..core.text import fold, matches
from ..store.actions import load_snapshot
from ..store.project import Project
from .records import dp, internal, optional

OVERDUE = "overdue"  # the filter's pseudo-flag: a legal deadline past due


@dataclass(frozen=True)
class HouseholdRow:
    """One household of the list (CLI ``list households`` and the GUI's households list)."""

    code: str
    head_name: str
    commune: str
    village: str
    status: Status
    flags: tuple[Flag, ...]  # sorted by value
    parcels: tuple[str, ...]  # labels "sheet/number"
    recovered_area_m2: float = dp(1)
    compensation_vnd: int = 0
    support_vnd: int = 0
    paid_vnd: int = 0
    donated_value_vnd: int = 0
    deposited: bool = False  # the payment went to a State Treasury holding account
    payment: str | None = None  # how the payment step was met: see payment_kind()
    # private fields (Decree 356/2025): None on a public list, left out of its JSON
    id_card: str | None = optional()
    phone: str | None = optional()
    birth_year: str | None = optional()
    bank_account: str | None = optional()
    search_text: str = internal()  # folded once: code, name, commune, village, parcels


@dataclass(frozen=True)
class ChainageRange:
    """Chainage span of a parcel's recovered part and the sides of the centreline it lies on."""

    from_: str  # written as "from" in JSON
    to: str
    sides: tuple[Side, ...]


@dataclass(frozen=True)
class ParcelRow:
    """One parcel of ``tl342 list parcels``."""

    commune: str
    sheet: str
    number: str
    land_use: str
    land_use_orig: str
    area_m2: float = dp(1)
    recovered_area_m2: float = dp(1)
    remaining_area_m2: float = dp(1)
    household: str | None = None
    status: Status | None = None
    chainage: ChainageRange | None = None


@dataclass
class HouseholdFilter:
    """What a households list shows: every criterion must hold (empty / None = any)."""

    query: str = ""
    commune: str = ""
    status: Status | None = None
    chainage: tuple[float | None, float | None] = (None, None)
    flags: set[str] = field(default_factory=set)  # Flag values and OVERDUE


# -- the one row builder -----------------------------------------------------------------------
def _fold_words(text: str, cache: dict[str, str] | None) -> str:
    """``fold(text)``, word by word through ``cache`` (names share few distinct syllables)."""
    if cache is None:
        return fold(text)
    out = []
    for word in text.split():
        folded = cache.get(word)
        if folded is None:  # an ASCII word (a code, a parcel label) only needs lower-casing
            folded = cache[word] = word.lower() if word.isascii() else fold(word)
        if folded:
            out.append(folded)
    return " ".join(out)


def _fold_parts(parts: Iterable[str], cache: dict[str, str] | None) -> str:
    """``_fold_words(" ".join(parts))``, each whole part looked up in ``cache`` first (names,
    communes and villages repeat across a district's households)."""
    if cache is None:
        return _fold_words(" ".join(parts), None)
    out = []
    for part in parts:
        folded = cache.get(part)
        if folded is None:
            folded = cache[part] = _fold_words(part, cache)
        if folded:
            out.append(folded)
    return " ".join(out)


def household_row(
    snap: Snapshot, code: str, *, public: bool = False, fold_cache: dict[str, str] | None = None
) -> HouseholdRow:
    """The row of household ``code`` as the snapshot has it now."""
    hh = snap.households[code]
    state = snap.state_of(code)
    commune = snap.household_commune(code)
    parcels = snap.parcels_of(code)
    labels = tuple(p.label for p in parcels)
    private = {} if public else {f: getattr(hh, f) for f in PRIVATE_HOUSEHOLD_FIELDS}
    return HouseholdRow(
        code=code,
        head_name=hh.head_name,
        commune=commune,
        village=hh.village,
        status=state.status if state is not None else Status.PENDING,
        flags=tuple(sorted(state.flags, key=lambda f: f.value)) if state is not None else (),
        parcels=labels,
        recovered_area_m2=total(p.recovered_area_m2 for p in parcels),
        compensation_vnd=hh.compensation_vnd,
        support_vnd=hh.support_vnd,
        paid_vnd=hh.paid_vnd,
        donated_value_vnd=hh.donated_value_vnd,
        deposited=bool(state is not None and state.deposited),
        payment=payment_kind(state) if state is not None else None,
        search_text=_fold_parts((code, hh.head_name, commune, hh.village, *labels), fold_cache),
        **private,
    )


def payment_kind(state) -> str | None:
    """How the payment step was met: paid / deposited (Gửi Kho bạc) / not_applicable / None."""
    if state.deposited:
        return "deposited"
    if Status.PAID in state.not_applicable:
        return "not_applicable"
    return "paid" if state.status.rank >= Status.PAID.rank else None


def household_rows(snap: Snapshot, *, public: bool = False) -> list[HouseholdRow]:
    """Every household's row, in code order."""
    cache: dict[str, str] = {}
    return [household_row(snap, c, public=public, fold_cache=cache) for c in sorted(snap.households)]


def with_state(snap: Snapshot, row: HouseholdRow) -> HouseholdRow:
    """``row`` with the status and flags the snapshot has now (after an edit)."""
    state = snap.state_of(row.code)
    if state is None:
        return row
    flags = tuple(sorted(state.flags, key=lambda f: f.value))
    if state.status == row.status and flags == row.flags:
        return row
    return replace(row, status=state.status, flags=flags)


# -- the one filter ----------------------------------------------------------------------------
def search_words(query: str) -> list[str]:
    """The folded words a search text must all find."""
    return fold(query).split() if query else []


def filter_households(
    snap: Snapshot,
    rows: Sequence[HouseholdRow],
    criteria: HouseholdFilter,
    today: date | None = None,
    ranges: Callable[[], dict[str, tuple[float, float]]] | None = None,
) -> list[int]:
    """Indices of the ``rows`` that pass ``criteria`` (in ``rows`` order). Status and flags
    are read from ``snap``'s current states; "overdue" needs ``today``; the chainage
    criterion reads ``ranges()`` (default: :func:`household_chainage_ranges`) only when set."""
    c = criteria
    keep: Iterable[int] = range(len(rows))
    words = search_words(c.query)
    if words:
        keep = [i for i in keep if all(w in rows[i].search_text for w in words)]
    if c.commune:
        keep = [i for i in keep if rows[i].commune == c.commune]
    states = snap.states
    if c.status is not None:
        st = c.status
        keep = [i for i in keep if (s := states.get(rows[i].code)) is not None and s.status == st]
    lo, hi = c.chainage
    if lo is not None or hi is not None:
        extents = ranges() if ranges is not None else _safe_ranges(snap)
        out = []
        for i in keep:
            extent = extents.get(rows[i].code)
            if extent is None:
                continue
            if lo is not None and extent[1] < lo:
                continue
            if hi is not None and extent[0] > hi:
                continue
            out.append(i)
        keep = out
    for f in sorted(c.flags):
        if f == OVERDUE:
            overdue = overdue_households(snap, today or date.today())
            keep = [i for i in keep if rows[i].code in overdue]
        else:
            flag = Flag(f)
            keep = [
                i for i in keep if (s := states.get(rows[i].code)) is not None and flag in s.flags
            ]
    return list(keep)


def _safe_ranges(snap: Snapshot) -> dict[str, tuple[float, float]]:
    try:
        return household_chainage_ranges(snap)
    except UserError:
        return {}


# -- tl342 list --------------------------------------------------------------------------------
def _check_commune(snap: Snapshot, commune: str | None) -> str | None:
    if not commune:
        return None
    known = {p.commune for p in snap.parcels} | {h.commune for h in snap.households.values()}
    hit = [c for c in known if fold(c) == fold(commune)]
    if not hit:
        raise UserError(f"no commune {commune!r}; known: {', '.join(sorted(known)) or 'none'}")
    return hit[0]


def list_households(
    project: Project, *, commune=None, status=None, search=None, public=False
) -> list[HouseholdRow]:
    """``tl342 list households``: the rows passing the filter, in code order."""
    snap = load_snapshot(project)
    return households_of(snap, commune=commune, status=status, search=search, public=public)


def households_of(
    snap: Snapshot, *, commune=None, status=None, search=None, public=False
) -> list[HouseholdRow]:
    """:func:`list_households` on an in-memory snapshot."""
    criteria = HouseholdFilter(
        query=search or "",
        commune=_check_commune(snap, commune) or "",
        status=Status(status) if status else None,
    )
    rows = household_rows(snap, public=public)
    return [rows[i] for i in filter_households(snap, rows, criteria)]


def list_parcels(project: Project, *, commune=None, status=None, search=None) -> list[ParcelRow]:
    """``tl342 list parcels``: every parcel passing the filter, in the project's order."""
    snap = load_snapshot(project)
    commune = _check_commune(snap, commune)
    status = Status(status) if status else None
    rows = []
    for p in snap.parcels:
        if commune and p.commune != commune:
            continue
        st = snap.status_of_parcel(p)
        if status and st != status:
            continue
        hh = snap.households.get(p.household_code or "")
        if search and not matches(
            search,
            p.commune,
            p.label,
            p.owner_name,
            p.land_use,
            hh.head_name if hh else "",
            p.household_code or "",
        ):
            continue
        rng = None
        if snap.route is not None and p.recovered_geometry is not None:
            lo, hi, sides = snap.route.range_of(p.recovered_geometry)
            rng = ChainageRange(
                from_=format_chainage(lo),
                to=format_chainage(hi),
                sides=tuple(sorted(sides, key=lambda s: s.value)),
            )
        rows.append(
            ParcelRow(
                commune=p.commune,
                sheet=p.sheet,
                number=p.number,
                land_use=p.land_use,
                land_use_orig=p.land_use_orig,
                area_m2=p.area_m2,
                recovered_area_m2=p.recovered_area_m2,
                remaining_area_m2=p.remaining_area_m2,
                household=p.household_code,
                status=st,
                chainage=rng,
            )
        )
    return rows
