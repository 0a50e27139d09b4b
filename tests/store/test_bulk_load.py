"""The bulk loads behind opening a project: parcels read in slices, repeated values kept once."""

from __future__ import annotations

from tl342.core.workflow import derive_state
from tl342.store import repo, snapshot_read


def _parcel_fields(p):
    return (p.commune, p.sheet, p.number, p.land_use, p.land_use_orig, p.area_m2,
            p.geometry.wkb, None if p.recovered_geometry is None else p.recovered_geometry.wkb,
            p.recovered_area_m2, p.owner_name, p.address, p.household_code, p.id)


def test_sliced_parcel_load_is_the_whole_load(project, monkeypatch):
    """Parcels read two rows per slice equal those read in one slice (fields, geometry, order)."""
    with project.session() as s:
        whole = repo.load_parcels(s)
        monkeypatch.setattr(snapshot_read, "_SLICE", 2)
        sliced = repo.load_parcels(s)
    assert len(whole) > 4
    assert [_parcel_fields(p) for p in sliced] == [_parcel_fields(p) for p in whole]
    assert [p.key for p in whole] == sorted(p.key for p in whole)


def test_parcels_share_repeated_texts(project):
    """Parcels of one commune and sheet hold the same string objects, not one copy each."""
    with project.session() as s:
        parcels = repo.load_parcels(s)
    for attr in ("commune", "sheet", "land_use", "address"):
        values = [getattr(p, attr) for p in parcels]
        assert len({id(v) for v in values}) == len(set(values)), attr


def test_events_by_household_share_repeated_values(project):
    """Grouped events equal the plain load, fold to the same states, and equal codes, dates,
    clerks and record times are one object each."""
    with project.session() as s:
        plain = repo.load_events(s)
        grouped = repo.events_by_household(s)
    events = [e for evs in grouped.values() for e in evs]
    assert sorted(events, key=lambda e: e.id) == plain and len(plain) > 6
    for code, evs in grouped.items():
        assert derive_state(evs) == derive_state([e for e in plain if e.household_code == code])
    for attr in ("household_code", "at", "by", "recorded_at"):
        values = [getattr(e, attr) for e in events]
        assert len({id(v) for v in values}) == len(set(values)), attr
