"""Importing into a project: read and validate, then write in ONE transaction.

Each ``import_*`` function returns the validation report. It raises
:class:`~tl342.core.errors.ValidationError` (carrying the report) when the input has errors,
and writes nothing then; with ``dry_run`` it validates everything — including the checks
that need the project, such as household rows that match no parcel — and writes nothing.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import shapely

from ..core.collector import paused
from ..core.errors import UserError, ValidationError
from ..core.progress import CancelToken, Progress
from ..store import repo
from ..store.project import Project
from .report import ValidationReport, captured_warnings

FAR_FROM_ROUTE_M = 2000.0
FAR_LISTED = 100  # far parcels warned one by one; the rest are counted


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _before_write(project: Project, what: str) -> None:
    """Refuse early on a read-only project; back the project file up before an import."""
    from ..store.backup import make_backup

    project.require_writable()
    if project.is_file:
        make_backup(project.target, f"before-import-{what}")


def _refuse_if_errors(report) -> None:
    if not report.ok:
        raise ValidationError(report.summary_line(), report)


def _run(project: Project, dry_run: bool, work) -> None:
    """Run ``work(session)`` in one transaction; roll back on dry runs and on any error."""
    try:
        with project.session() as s:
            work(s)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass


def import_route(
    project: Project, line_file, *, stakes=None, equations=None, crs=None, layer=None
) -> dict:
    """Replace the route; returns its span and true length."""
    from ..core.chainage import format_chainage
    from .route import read_route

    with captured_warnings():  # library chatter never reaches the terminal
        route = read_route(
            line_file,
            stakes=stakes,
            equations=equations,
            crs=crs,
            layer=layer,
            project_crs=project.crs,
        )
    _before_write(project, "route")
    with project.session() as s:
        repo.save_route(
            s,
            route.line,
            route.stakes,
            route.equations,
            name=route.name,
            source=Path(line_file).name,
        )
    start, end = route.span
    return {
        "start": format_chainage(start),
        "end": format_chainage(end),
        "length_m": round(route.length_m, 2),
        "stakes": len(route.stakes),
        "equations": len(route.equations),
    }


MAX_SILENT_LOSS = 0.20  # a boundary may remove this share of the recovered area without --force
MIN_COMMUNE_COVER = 0.80  # share of parcels that commune polygons must hold without --force


def _m2(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") + " m²"


def _refuse(report, message: str) -> None:
    report.add_error(report.source, message)
    raise ValidationError(report.summary_line(), report)


def import_boundary(project: Project, path, *, crs=None, force=False, dry_run=False) -> dict:
    """Replace the clearance boundary and recompute every parcel's recovered part.

    The effect is computed before anything is written: the recovered area before and after,
    how many parcels gain or lose their recovered part, and how much of the route lies inside.
    Without ``force`` the import is refused (ValidationError, nothing written) when it would
    remove more than :data:`MAX_SILENT_LOSS` of the recovered area or leave the route outside.
    """
    from .route import read_polygons

    report = ValidationReport(source=Path(path).name)
    with captured_warnings(report):
        areas = read_polygons(
            path, crs=crs, project_crs=project.crs, what="clearance boundary", report=report
        )
    geom = shapely.union_all(list(areas.values()))
    with project.session() as s:
        route = repo.load_route(s)
        ids, geoms, before = repo.parcel_geometries(s)
    _parts, after = repo.recovered_parts(geoms, geom)
    old_total, new_total = float(sum(before)), float(sum(after))
    effect = {
        "area_m2": round(geom.area, 1),
        "parcels": len(ids),
        "recovered_area_m2": {"before": round(old_total, 1), "after": round(new_total, 1)},
        "parcels_recovered": {
            "before": sum(1 for a in before if a > 0),
            "after": sum(1 for a in after if a > 0),
        },
        "route_inside_share": (
            round(route.line.intersection(geom).length / route.line.length, 4)
            if route is not None
            else None
        ),
        "dry_run": bool(dry_run),
        "forced": bool(force),
    }
    report.info.update(
        recovered_before_m2=effect["recovered_area_m2"]["before"],
        recovered_after_m2=effect["recovered_area_m2"]["after"],
        route_inside_share=effect["route_inside_share"],
    )
    change = f"recovered area {_m2(old_total)} → {_m2(new_total)}"
    reasons = []
    if old_total > 0 and new_total < old_total * (1 - MAX_SILENT_LOSS):
        reasons.append(f"{change} ({(new_total - old_total) / old_total:+.0%})")
    if effect["route_inside_share"] == 0:
        reasons.append("the route lies wholly outside the boundary")
    if reasons and not force:
        _refuse(
            report,
            f"{'; '.join(reasons)}; is this the clearance boundary (chỉ giới GPMB)? "
            "Pass --force to import it anyway",
        )
    effect["change"] = change
    effect["warnings"] = [str(p) for p in report.problems] + reasons
    if dry_run:
        return effect
    _before_write(project, "boundary")
    with project.session() as s:
        repo.save_areas(s, "boundary", {"clearance boundary": geom})
        effect["parcels_recomputed"] = repo.recompute_recovered(s, geom)
    return effect


def import_communes(
    project: Project, path, *, crs=None, name_field=None, force=False, dry_run=False
) -> dict:
    """Replace the commune polygons, after checking they hold the route and the parcels.

    Without ``force`` the import is refused when the route lies outside every polygon or
    fewer than :data:`MIN_COMMUNE_COVER` of the parcels lie inside one (when there are any).
    """
    from .route import read_polygons

    report = ValidationReport(source=Path(path).name)
    with captured_warnings(report):
        areas = read_polygons(
            path,
            crs=crs,
            name_field=name_field,
            project_crs=project.crs,
            what="commune",
            report=report,
        )
    union = shapely.union_all(list(areas.values()))
    with project.session() as s:
        route = repo.load_route(s)
        _ids, geoms, _rec = repo.parcel_geometries(s)
        old = repo.load_areas(s, "commune")
    inside = _share_inside(geoms, union)
    before = _share_inside(geoms, shapely.union_all(list(old.values()))) if old else None
    result = {
        "communes": sorted(areas),
        "count": len(areas),
        "parcels": len(geoms),
        "parcels_inside_share": {"before": before, "after": inside},
        "route_inside_share": (
            round(route.line.intersection(union).length / route.line.length, 4)
            if route is not None
            else None
        ),
        "dry_run": bool(dry_run),
        "forced": bool(force),
    }
    reasons = []
    if result["route_inside_share"] == 0:
        reasons.append("the route lies wholly outside the commune polygons")
    if inside is not None and inside < MIN_COMMUNE_COVER:
        reasons.append(f"only {inside:.0%} of the {len(geoms)} parcels lie inside a commune")
    if reasons and not force:
        _refuse(
            report,
            f"{'; '.join(reasons)}; are these the commune boundaries? "
            "pass --force to import them anyway",
        )
    result["warnings"] = [str(p) for p in report.problems] + reasons
    if dry_run:
        return result
    _before_write(project, "communes")
    with project.session() as s:
        repo.save_areas(s, "commune", areas)
    return result


def _share_inside(geoms, area) -> float | None:
    """Share of parcels whose representative point lies inside ``area`` (None: no parcels)."""
    if not len(geoms):
        return None
    shapely.prepare(area)
    pts = shapely.point_on_surface(geoms)
    return round(float(shapely.contains(area, pts).mean()), 4)


def import_parcels(
    project: Project,
    path,
    *,
    layer=None,
    commune=None,
    crs=None,
    encoding="auto",
    mapping=None,
    dry_run=False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
):
    """Read, check and upsert parcels by (commune, sheet, number); histories are kept.

    The overlap check (warnings only) runs on a worker thread from the moment the geometries
    are checked, beside the rest of the reading, the far-from-route check and the write; its
    warnings join the report before it is returned.
    """
    with paused():  # records built by the ten thousand: no cycles to look for
        return _import_parcels(
            project, path, layer, commune, crs, encoding, mapping, dry_run, progress, cancel
        )


def _import_parcels(
    project, path, layer, commune, crs, encoding, mapping, dry_run, progress, cancel
):
    from .parcels import OverlapCheck, read_parcels

    overlaps = OverlapCheck()  # started by the reader, beside the rest of the import
    parcels, report = read_parcels(
        path,
        layer=layer,
        commune=commune,
        crs=crs,
        encoding=encoding,
        mapping=mapping,
        progress=progress,
        cancel=cancel,
        project_crs=project.crs,
        check_overlaps=overlaps,
    )
    try:
        with project.session() as s:
            route = repo.load_route(s)
        if route is not None:
            _check_far_from_route(parcels, route, report)
        _refuse_if_errors(report)
        if cancel is not None:
            cancel.raise_if_cancelled()
        if not dry_run:
            _before_write(project, "parcels")

        def work(s):
            boundary = repo.load_boundary(s)
            report.counts.update(repo.upsert_parcels(s, parcels, boundary))
            _check_recovered(parcels, boundary, report)

        _run(project, dry_run, work)
    finally:
        overlaps.finish(parcels, report)
    report.counts["dry_run"] = bool(dry_run)
    return report


def _check_recovered(parcels, boundary, report) -> None:
    """Warn where the recovered part is larger than the parcel's registered area (the parts
    were set on the records by the upsert)."""
    if boundary is None:
        return
    for p in parcels:
        part = p.recovered_area_m2
        if part and p.area_m2 and part > p.area_m2 * 1.01:
            report.add_warning(
                f"parcel {p.commune} {p.sheet}/{p.number}",
                f"recovered part {part:.1f} m² is larger than the parcel's area {p.area_m2:.1f} m²",
            )


def _check_far_from_route(parcels, route, report) -> None:
    """Warn for parcels farther than :data:`FAR_FROM_ROUTE_M` from the route.

    Two buffers of the route bracket the exact distance (polygon chords lie inside the true
    offset curve): parcels outside the outer one are far, inside the inner one near; only
    the few in between are measured. The first :data:`FAR_LISTED` far parcels get their own
    warning with the distance; the rest are counted in one warning.
    """
    geoms = np.array([p.geometry for p in parcels], dtype=object)
    if not len(geoms):
        return
    segs = 16
    inner = route.line.buffer(FAR_FROM_ROUTE_M, quad_segs=segs)
    outer = route.line.buffer(FAR_FROM_ROUTE_M / math.cos(math.pi / (4 * segs)), quad_segs=segs)
    shapely.prepare(inner)
    shapely.prepare(outer)
    far = ~shapely.intersects(outer, geoms)
    unsure = np.flatnonzero(~far & ~shapely.intersects(inner, geoms))
    if len(unsure):
        far[unsure] = shapely.distance(geoms[unsure], route.line) > FAR_FROM_ROUTE_M
    far = np.flatnonzero(far)
    if not len(far):
        return
    listed = far[:FAR_LISTED]
    for i, d in zip(listed, shapely.distance(geoms[listed], route.line), strict=True):
        p = parcels[i]
        report.add_warning(
            f"parcel {p.commune} {p.sheet}/{p.number}",
            f"lies {d / 1000:.1f} km from the route (feature {i + 1})",
        )
    if len(far) > len(listed):
        report.add_warning(
            report.source,
            f"{len(far) - len(listed)} more parcels lie over {FAR_FROM_ROUTE_M / 1000:g} km "
            "from the route (is this the right file or coordinate system?)",
        )
    report.count("far_from_route", len(far))


def import_households(
    project: Project,
    path,
    *,
    dry_run=False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
):
    """Read a household list, link rows to parcels by (commune, sheet, parcel), upsert."""
    from .households import group_households, link_report, read_households

    rows, report = read_households(path, progress=progress)
    with project.session() as s:
        keys = repo.parcel_keys(s)
    for problem in link_report(rows, keys):
        report.problems.append(problem)
    _refuse_if_errors(report)
    if cancel is not None:
        cancel.raise_if_cancelled()
    groups = group_households(rows)
    households = [hh for hh, _ in groups]
    links = [(hh.code, key, declared) for hh, parcels in groups for key, declared in parcels]
    if not dry_run:
        _before_write(project, "households")

    def work(s):
        report.counts.update(repo.upsert_households(s, households, links))

    _run(project, dry_run, work)
    report.counts["dry_run"] = bool(dry_run)
    return report


def import_events(project: Project, path, *, dry_run=False):
    """Append workflow events from a CSV, each checked against the rules, all or none."""
    from ..core.model import EventKind
    from ..core.workflow import (
        derive_state,
        load_rules,
        make_flag_event,
        make_na_event,
        make_status_event,
    )
    from .events import read_events

    rows, report = read_events(path)
    _refuse_if_errors(report)
    if not dry_run:
        _before_write(project, "events")
    rules = load_rules(project.regime)
    added = 0

    def work(s):
        nonlocal added
        known = {hh.code for hh in repo.load_households(s)}
        events = repo.events_by_household(s)
        donations = repo.load_donations(s)
        new_events = []
        for r in rows:
            where = f"{Path(path).name} row {r.row}"
            if r.household not in known:
                raise UserError(f"{where}: no household with code {r.household!r}")
            history = events.setdefault(r.household, [])
            state = derive_state(history)
            try:
                if r.kind in (EventKind.FLAG_ON, EventKind.FLAG_OFF):
                    ev = make_flag_event(
                        state,
                        r.household,
                        r.flag,
                        r.kind == EventKind.FLAG_ON,
                        r.at,
                        by=r.by,
                        note=r.note,
                    )
                elif r.kind == EventKind.NOT_APPLICABLE:
                    dues = repo.household_dues(s, r.household, donations)
                    ev = make_na_event(
                        rules, state, r.household, r.step, r.note, r.at, by=r.by, dues=dues
                    )
                else:
                    ev = make_status_event(
                        rules,
                        state,
                        r.household,
                        r.to_status,
                        r.at,
                        by=r.by,
                        note=r.note,
                        doc_no=r.doc_no,
                    )
            except UserError as exc:
                raise UserError(f"{where}: household {r.household}: {exc}") from None
            history.append(ev)
            new_events.append(ev)
        added = repo.append_events(s, new_events)

    _run(project, dry_run, work)
    report.counts["events_added"] = 0 if dry_run else added
    report.counts["dry_run"] = bool(dry_run)
    return report
