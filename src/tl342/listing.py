"""Household and parcel lists with filters (``tl342 list``), shared by the CLI and tests."""

from __future__ import annotations

from .core.errors import UserError
from .core.model import PRIVATE_HOUSEHOLD_FIELDS, Status
from .core.text import fold, matches
from .store.actions import load_snapshot
from .store.project import Project


def _check_commune(snap, commune: str | None) -> str | None:
    if not commune:
        return None
    known = {p.commune for p in snap.parcels} | {h.commune for h in snap.households.values()}
    hit = [c for c in known if fold(c) == fold(commune)]
    if not hit:
        raise UserError(f"no commune {commune!r}; known: {', '.join(sorted(known)) or 'none'}")
    return hit[0]


def _payment(state) -> str | None:
    """How the payment step was met: paid / deposited (Gửi Kho bạc) / not_applicable / None."""
    if state.deposited:
        return "deposited"
    if Status.PAID in state.not_applicable:
        return "not_applicable"
    return "paid" if state.status.rank >= Status.PAID.rank else None


def list_households(
    project: Project, *, commune=None, status=None, search=None, public=False
) -> list[dict]:
    snap = load_snapshot(project)
    commune = _check_commune(snap, commune)
    status = Status(status) if status else None
    rows = []
    for code, hh in sorted(snap.households.items()):
        state = snap.states[code]
        hh_commune = snap.household_commune(code)
        if commune and hh_commune != commune:
            continue
        if status and state.status != status:
            continue
        parcels = snap.parcels_of(code)
        if search and not matches(
            search, hh.code, hh.head_name, hh.village, hh_commune, *(p.label for p in parcels)
        ):
            continue
        row = {
            "code": code,
            "head_name": hh.head_name,
            "commune": hh_commune,
            "village": hh.village,
            "status": state.status.value,
            "flags": sorted(f.value for f in state.flags),
            "parcels": [f"{p.sheet}/{p.number}" for p in parcels],
            "recovered_area_m2": round(sum(p.recovered_area_m2 for p in parcels), 1),
            "compensation_vnd": hh.compensation_vnd,
            "support_vnd": hh.support_vnd,
            "paid_vnd": hh.paid_vnd,
            "donated_value_vnd": hh.donated_value_vnd,
            "deposited": state.deposited,
            "payment": _payment(state),
        }
        if not public:
            row.update({f: getattr(hh, f) for f in PRIVATE_HOUSEHOLD_FIELDS})
        rows.append(row)
    return rows


def list_parcels(project: Project, *, commune=None, status=None, search=None) -> list[dict]:
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
            from .core.chainage import format_chainage

            lo, hi, sides = snap.route.range_of(p.recovered_geometry)
            rng = {
                "from": format_chainage(lo),
                "to": format_chainage(hi),
                "sides": sorted(s.value for s in sides),
            }
        rows.append(
            {
                "commune": p.commune,
                "sheet": p.sheet,
                "number": p.number,
                "land_use": p.land_use,
                "land_use_orig": p.land_use_orig,
                "area_m2": round(p.area_m2, 1),
                "recovered_area_m2": round(p.recovered_area_m2, 1),
                "remaining_area_m2": round(p.remaining_area_m2, 1),
                "household": p.household_code,
                "status": st.value if st else None,
                "chainage": rng,
            }
        )
    return rows
