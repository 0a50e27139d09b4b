"""Command line of tl342: every capability of the app, scriptable, with ``--json`` output.

Exit codes: 0 success, 2 user error (one line on stderr naming the problem), 1 unexpected
failure (reported on one line too; run with TL342_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .core.errors import UserError, ValidationError

EXIT_OK, EXIT_FAILURE, EXIT_USER = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as a user error (exit 2, one line)."""

    def error(self, message: str):  # noqa: D401
        raise UserError(f"{self.prog}: {message}")


def _date(text: str) -> date:
    from .io.numbers import parse_date

    try:
        return parse_date(text)
    except (ValueError, TypeError):
        raise UserError(f"{text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)") from None


def _emit(args, data, text: str | None = None) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
        sys.stdout.write("\n")
    elif text is not None:
        print(text)
    else:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
        sys.stdout.write("\n")


def _json_default(o):
    if isinstance(o, date):
        return o.isoformat()
    if hasattr(o, "value"):
        return o.value
    if hasattr(o, "to_dict"):
        return o.to_dict()
    raise TypeError(type(o).__name__)


def _progress_printer(args):
    if getattr(args, "json", False) or not sys.stderr.isatty():
        return None

    def progress(done: int, total: int, message: str) -> None:
        pct = f"{100 * done // total:3d}%" if total else "   "
        print(f"\r{pct} {message[:60]:<60}", end="", file=sys.stderr, flush=True)
        if total and done >= total:
            print(file=sys.stderr)

    return progress


def _open(path: str):
    from .store.project import Project

    return Project.open(path)


# -- commands ----------------------------------------------------------------------------------


def cmd_init(args) -> int:
    from .core.model import Regime
    from .store.project import Project
    from .store.sample import copy_sample

    if args.scale:
        return _init_scale(args)
    if args.sample:
        dest = copy_sample(args.project, overwrite=args.force)
        project = Project.open(dest)  # migrates the bundled file if it is older
    else:
        project = Project.create(
            args.project,
            name=args.name or "",
            crs=args.crs,
            regime=Regime(args.regime),
            overwrite=args.force,
        )
    with project:
        _emit(
            args,
            {"project": str(args.project), "crs": project.crs, "sample": bool(args.sample)},
            f"created {args.project}",
        )
    return EXIT_OK


def _init_scale(args) -> int:
    """A synthetic ĐT342-like project with N parcels, for benchmarks (generator + importers)."""
    import tempfile

    from .core.model import Regime
    from .io.folder import import_folder
    from .store.project import Project

    if args.scale < 100:
        raise UserError("--scale wants at least 100 parcels")
    try:
        from .sample_data.generate import generate_scale
    except ImportError as exc:
        raise UserError(f"the sample generator is not installed ({exc})") from None
    project = Project.create(
        args.project,
        name=args.name or f"ĐT342 synthetic {args.scale}",
        crs=args.crs,
        regime=Regime(args.regime),
        overwrite=args.force,
    )
    with project, tempfile.TemporaryDirectory(prefix="tl342-scale-") as tmp:
        try:
            facts = generate_scale(args.seed, args.scale, Path(tmp))
            result = import_folder(project, tmp, progress=_progress_printer(args))
        except BaseException:
            project.close()
            Path(args.project).unlink(missing_ok=True)  # no half-built project is left behind
            raise
        data = {
            "project": str(args.project),
            "parcels": facts.get("parcels"),
            "households": facts.get("households"),
            "imported": result,
        }
        _emit(args, data, f"created {args.project} with {facts.get('parcels')} parcels")
    return EXIT_OK


def cmd_import(args) -> int:
    from .io import apply

    with _open(args.project) as project:
        what = args.what
        if what == "route":
            result = apply.import_route(
                project,
                args.file,
                stakes=args.stakes,
                equations=args.equations,
                crs=args.crs,
                layer=args.layer,
            )
            _emit(
                args,
                result,
                f"route {result['start']} → {result['end']}, "
                f"{result['length_m']:.1f} m, {result['stakes']} stakes, "
                f"{result['equations']} equations",
            )
            return EXIT_OK
        if what == "boundary":
            result = apply.import_boundary(project, args.file, crs=args.crs)
            _emit(
                args,
                result,
                f"clearance boundary {result['area_m2'] / 1e4:.2f} ha; "
                f"{result['parcels_recomputed']} parcels recomputed",
            )
            return EXIT_OK
        if what == "communes":
            result = apply.import_communes(project, args.file, crs=args.crs)
            _emit(args, result, f"{result['count']} communes: {', '.join(result['communes'])}")
            return EXIT_OK
        progress = _progress_printer(args)
        if what == "parcels":
            mapping = _mapping(args.map) if args.map else None
            report = apply.import_parcels(
                project,
                args.file,
                layer=args.layer,
                commune=args.commune,
                crs=args.crs,
                encoding=args.encoding,
                mapping=mapping,
                dry_run=args.dry_run,
                progress=progress,
            )
        elif what == "households":
            report = apply.import_households(
                project, args.file, dry_run=args.dry_run, progress=progress
            )
        else:  # events
            report = apply.import_events(project, args.file, dry_run=args.dry_run)
        _emit(args, report.to_dict(), _report_text(report, args.dry_run))
    return EXIT_OK


def _mapping(items: Sequence[str]) -> dict[str, str]:
    out = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            raise UserError(f"--map {item!r}: use FIELD=COLUMN, e.g. sheet=SoTo")
        out[field.strip()] = column.strip()
    return out


def _report_text(report, dry_run: bool) -> str:
    lines = [report.summary_line()]
    for p in report.problems:
        lines.append(f"  {p.severity}: {p.where}: {p.message}")
    if dry_run:
        lines.append("dry run: nothing was written")
    return "\n".join(lines)


def cmd_summary(args) -> int:
    from .summary import project_summary

    with _open(args.project) as project:
        data = project_summary(project, args.date or date.today())
    _emit(args, data)
    return EXIT_OK


def cmd_locate(args) -> int:
    from .core.chainage import format_chainage, parse_chainage
    from .store import repo

    with _open(args.project) as project, project.session() as s:
        route = repo.load_route(s)
        crs = project.crs
    if route is None:
        raise UserError(f"{args.project}: has no route; import one with `tl342 import route`")
    if (args.chainage is None) == (args.point is None):
        raise UserError("give either --chainage KmXX+YYY or --point X,Y")
    if args.chainage is not None:
        ch = parse_chainage(args.chainage)
        positions = route.point_at(ch)
        if not positions:
            eq = route.gap_containing(ch)
            why = f" (inside the gap of station equation {eq})" if eq else ""
            raise UserError(f"{format_chainage(ch)} has no point on the route{why}")
        first = positions[0]
        data = {
            "chainage": format_chainage(ch, 2 if ch % 1 else 0),
            "chainage_m": ch,
            "offset_m": 0.0,
            "side": None,
            "distance_m": round(first.distance_m, 3),
            "x": round(first.x, 3),
            "y": round(first.y, 3),
            "candidates": [
                {"distance_m": round(p.distance_m, 3), "x": round(p.x, 3), "y": round(p.y, 3)}
                for p in positions
            ],
        }
        if len(positions) > 1:
            data["note"] = f"{format_chainage(ch)} occurs {len(positions)} times (overlap equation)"
    else:
        x, y = _point(args.point)
        if args.crs:
            from pyproj import Transformer

            from .io.crs import resolve_crs

            src = resolve_crs(None, args.crs)
            x, y = Transformer.from_crs(src, crs, always_xy=True).transform(x, y)
        loc = route.locate(x, y)
        data = {
            "chainage": format_chainage(loc.chainage_m, 0),
            "chainage_m": round(loc.chainage_m, 3),
            "offset_m": round(loc.offset_m, 3),
            "side": loc.side.value,
            "distance_m": round(loc.distance_m, 3),
            "x": round(x, 3),
            "y": round(y, 3),
            "candidates": [],
        }
    text = f"{data['chainage']}  x={data['x']} y={data['y']}"
    if data["side"]:
        text += f"  offset {data['offset_m']:+.1f} m ({data['side']})"
    _emit(args, data, text)
    return EXIT_OK


def _point(text: str) -> tuple[float, float]:
    parts = text.replace(";", ",").split(",")
    if len(parts) != 2:
        raise UserError(f"--point {text!r}: use X,Y (easting,northing)")
    try:
        return float(parts[0]), float(parts[1])
    except ValueError:
        raise UserError(f"--point {text!r}: X and Y must be numbers") from None


def cmd_list(args) -> int:
    from .listing import list_households, list_parcels

    with _open(args.project) as project:
        if args.what == "households":
            rows = list_households(
                project,
                commune=args.commune,
                status=args.status,
                search=args.search,
                public=args.public,
            )
            text = "\n".join(
                f"{r['code']:<10} {r['status']:<17} {r['commune']:<12} {r['head_name']}"
                for r in rows
            )
        else:
            rows = list_parcels(
                project, commune=args.commune, status=args.status, search=args.search
            )
            text = "\n".join(
                f"{r['commune']:<12} {r['sheet']:>4}/{r['number']:<6} {r['land_use']:<5}"
                f" {r['recovered_area_m2']:>10.1f} m²  {r['household'] or '-'}"
                for r in rows
            )
    _emit(args, rows, text or "(none)")
    return EXIT_OK


def _event_dict(ev) -> dict:
    return {
        "id": ev.id,
        "household": ev.household_code,
        "kind": ev.kind.value,
        "from": ev.from_status.value if ev.from_status else None,
        "to": ev.to_status.value if ev.to_status else None,
        "flag": ev.flag.value if ev.flag else None,
        "step": ev.step.value if ev.step else None,
        "date": ev.at.isoformat(),
        "by": ev.by,
        "note": ev.note,
        "doc_no": ev.doc_no,
        "doc_date": ev.doc_date.isoformat() if ev.doc_date else None,
        "reverts": ev.reverts,
        "recorded_at": ev.recorded_at.isoformat() if ev.recorded_at else None,
    }


def _state_dict(state) -> dict:
    return {
        "status": state.status.value,
        "flags": sorted(f.value for f in state.flags),
        "not_applicable": {k.value: v for k, v in state.not_applicable.items()},
    }


def cmd_status(args) -> int:
    from .store import actions

    with _open(args.project) as project:
        results = actions.change_status(
            project,
            args.households,
            args.state,
            args.date or date.today(),
            by=args.by or "",
            note=args.note or "",
            doc_no=args.doc or "",
            doc_date=args.doc_date,
        )
    data = [{"event": _event_dict(ev), **_state_dict(st)} for ev, st in results]
    _emit(
        args,
        data if len(data) > 1 else data[0],
        "\n".join(
            f"{ev.household_code}: {ev.from_status.value} → {ev.to_status.value}"
            for ev, _ in results
        ),
    )
    return EXIT_OK


def _one_event(args, use_case, *params, text) -> int:
    """Run one single-event use case on the project and print the event and new state."""
    with _open(args.project) as project:
        ev, st = use_case(project, *params, args.date or date.today(), by=args.by or "")
    _emit(args, {"event": _event_dict(ev), **_state_dict(st)}, text(ev, st))
    return EXIT_OK


def cmd_flag(args) -> int:
    from functools import partial

    from .store import actions

    set_flag = partial(actions.set_flag, note=args.note or "")
    sign = "-" if args.off else "+"
    return _one_event(
        args,
        set_flag,
        args.household,
        args.flag,
        not args.off,
        text=lambda ev, st: f"{args.household}: {sign}{args.flag}",
    )


def cmd_na(args) -> int:
    from .store import actions

    return _one_event(
        args,
        actions.mark_not_applicable,
        args.household,
        args.step,
        args.reason,
        text=lambda ev, st: f"{args.household}: {args.step} not applicable ({args.reason})",
    )


def cmd_revert(args) -> int:
    from .store import actions

    return _one_event(
        args,
        actions.revert_event,
        args.event,
        text=lambda ev, st: (
            f"{ev.household_code}: event {args.event} reverted; now {st.status.value}"
        ),
    )


def cmd_history(args) -> int:
    from .core.workflow import derive_state
    from .store import actions

    with _open(args.project) as project:
        events = actions.history(project, args.household)
    state = derive_state(events)
    data = {
        "household": args.household,
        **_state_dict(state),
        "events": [_event_dict(e) for e in events],
    }
    text = (
        "\n".join(
            f"{e['id']:>5} {e['date']} {e['kind']:<14} {e['from'] or '':>16} → {e['to'] or e['flag'] or e['step'] or '':<16} {e['by']} {e['note']}"
            for e in data["events"]
        )
        or "(no events)"
    )
    _emit(args, data, text + f"\nnow: {state.status.value}")
    return EXIT_OK


def cmd_campaign(args) -> int:
    from .core.campaign import Campaign
    from .store import actions

    with _open(args.project) as project:
        if args.start:
            current = actions.get_campaign(project)
            campaign = Campaign(
                name=args.name or (current.name if current else "Chiến dịch GPMB"),
                start=args.start,
                length_days=args.length or (current.length_days if current else 30),
                target_day=args.target or (current.target_day if current else 15),
            )
            if not 1 <= campaign.target_day <= campaign.length_days:
                raise UserError(
                    f"--target {campaign.target_day} must lie within 1..{campaign.length_days}"
                )
            actions.set_campaign(project, campaign)
        from .dashboard import campaign_dashboard

        data = campaign_dashboard(project, args.date or date.today())
    _emit(args, data, _campaign_text(data))
    return EXIT_OK


def _campaign_text(d: dict) -> str:
    if d.get("day") is None:
        return "no campaign set: use --start YYYY-MM-DD"
    ho = d["handed_over"]
    return (
        f"day {d['day']}/{d['length_days']} (target day {d['target_day']}), "
        f"{d['days_left']} days left; handed over {ho['households']} households, "
        f"{ho['area_m2'] / 1e4:.2f} ha; forecast finish {d.get('forecast_finish') or '-'}"
    )


def cmd_export(args) -> int:
    from .exports.options import ExportOptions
    from .exports.run import run_export

    opts = ExportOptions(
        commune=args.commune,
        from_m=_chainage_arg(args.from_km),
        to_m=_chainage_arg(args.to_km),
        scale=args.scale,
        paper=args.paper,
        landscape=not args.portrait,
        public=args.public,
        codes_on_map=args.codes,
        date=args.date or date.today(),
        stretch_m=args.stretch,
    )
    with _open(args.project) as project:
        result = run_export(
            project, args.kind, Path(args.out), opts, progress=_progress_printer(args)
        )
    _emit(args, result, f"wrote {result.get('path', args.out)}")
    return EXIT_OK


def _chainage_arg(text: str | None) -> float | None:
    if text is None:
        return None
    from .core.chainage import parse_chainage

    return parse_chainage(text)


def cmd_copy(args) -> int:
    from .store.copy import copy_project

    with _open(args.source) as source:
        counts = copy_project(
            source, args.target, overwrite=args.force, progress=_progress_printer(args)
        )
    _emit(
        args,
        {"source": _display(args.source), "target": _display(args.target), "rows": counts},
        f"copied {counts.get('household', 0)} households, {counts.get('parcel', 0)} parcels, "
        f"{counts.get('event', 0)} events to {_display(args.target)}",
    )
    return EXIT_OK


def _display(target: str) -> str:
    from .store.project import _safe

    return _safe(str(target))


def cmd_gui(args) -> int:
    from .ui.app import run_gui

    return run_gui(args.project, screenshot=args.screenshot, size=args.size, lang=args.lang)


# -- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from .core.model import Flag, Regime, Status

    p = _Parser(prog="tl342", description="Land-clearance (GPMB) tool for the ĐT342 upgrade.")
    p.add_argument("--version", action="version", version="tl342 0.1.0")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def cmd(name, func, help_text):
        sp = sub.add_parser(name, help=help_text, description=help_text)
        sp.set_defaults(func=func)
        return sp

    def jsonflag(sp):
        sp.add_argument("--json", action="store_true", help="print one JSON document")

    sp = cmd("init", cmd_init, "create a project file (empty, or the bundled ĐT342 sample)")
    sp.add_argument("project")
    sp.add_argument("--sample", action="store_true", help="a copy of the bundled ĐT342 sample")
    sp.add_argument(
        "--scale",
        type=int,
        metavar="N",
        help="a larger synthetic project with N parcels along the route (benchmarks)",
    )
    sp.add_argument("--seed", type=int, default=342, help="with --scale: random seed")
    sp.add_argument("--name", help="project name")
    sp.add_argument(
        "--crs", default="EPSG:5899", help="project CRS (default VN-2000 / TM-3 107-45)"
    )
    sp.add_argument(
        "--regime",
        default=Regime.LAND_LAW_2024.value,
        choices=[r.value for r in Regime],
        help="legal regime whose deadlines apply (default land_law_2024)",
    )
    sp.add_argument("--force", action="store_true", help="overwrite an existing file")
    jsonflag(sp)

    sp = cmd(
        "import", cmd_import, "import route, boundary, communes, parcels, households or events"
    )
    sp.add_argument(
        "what", choices=["route", "boundary", "communes", "parcels", "households", "events"]
    )
    sp.add_argument("project")
    sp.add_argument("file")
    sp.add_argument("--stakes", help="route: CSV chainage,x,y")
    sp.add_argument("--equations", help="route: CSV back,ahead,x,y")
    sp.add_argument(
        "--crs", help="CRS when the file has none, e.g. EPSG:5899 or 'VN-2000 Quảng Ninh'"
    )
    sp.add_argument("--layer", help="layer name (GeoPackage, DXF, ...)")
    sp.add_argument("--commune", help="parcels: commune when the file has no commune column")
    sp.add_argument(
        "--encoding", default="auto", choices=["auto", "utf-8", "cp1258", "tcvn3", "vni"]
    )
    sp.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help="parcels: explicit attribute mapping (sheet, number, area, land_use, owner, address, commune)",
    )
    sp.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    jsonflag(sp)

    sp = cmd("summary", cmd_summary, "project totals")
    sp.add_argument("project")
    sp.add_argument("--date", type=_date)
    jsonflag(sp)

    sp = cmd("locate", cmd_locate, "chainage ↔ point on the route")
    sp.add_argument("project")
    sp.add_argument("--chainage")
    sp.add_argument("--point", help="X,Y (easting,northing)")
    sp.add_argument("--crs", help="CRS of --point (default: the project's)")
    jsonflag(sp)

    sp = cmd("list", cmd_list, "list households or parcels")
    sp.add_argument("what", choices=["households", "parcels"])
    sp.add_argument("project")
    sp.add_argument("--commune")
    sp.add_argument("--status", choices=[s.value for s in Status])
    sp.add_argument("--search", help="text; ignores case and Vietnamese diacritics")
    sp.add_argument("--public", action="store_true", help="leave out private fields")
    jsonflag(sp)

    sp = cmd("status", cmd_status, "move household(s) to a workflow status")
    sp.add_argument("project")
    sp.add_argument("households", nargs="+", metavar="HOUSEHOLD")
    sp.add_argument("state", metavar="STATE", choices=[s.value for s in Status])
    sp.add_argument("--by")
    sp.add_argument("--note")
    sp.add_argument("--date", type=_date)
    sp.add_argument("--doc", help="document number")
    sp.add_argument("--doc-date", type=_date)
    jsonflag(sp)

    sp = cmd("flag", cmd_flag, "set or clear complaint / enforcement / donated")
    sp.add_argument("project")
    sp.add_argument("household")
    sp.add_argument("flag", choices=[f.value for f in Flag])
    sp.add_argument("--off", action="store_true")
    sp.add_argument("--by")
    sp.add_argument("--note")
    sp.add_argument("--date", type=_date)
    jsonflag(sp)

    sp = cmd("na", cmd_na, "mark a workflow step not applicable, with a reason")
    sp.add_argument("project")
    sp.add_argument("household")
    sp.add_argument("step", choices=[s.value for s in Status])
    sp.add_argument("--reason", required=True)
    sp.add_argument("--by")
    sp.add_argument("--date", type=_date)
    jsonflag(sp)

    sp = cmd("revert", cmd_revert, "undo an event (appends its inverse)")
    sp.add_argument("project")
    sp.add_argument("event", type=int)
    sp.add_argument("--by")
    sp.add_argument("--date", type=_date)
    jsonflag(sp)

    sp = cmd("history", cmd_history, "a household's events")
    sp.add_argument("project")
    sp.add_argument("household")
    jsonflag(sp)

    sp = cmd("campaign", cmd_campaign, "set the campaign and show its dashboard figures")
    sp.add_argument("project")
    sp.add_argument("--start", type=_date)
    sp.add_argument("--length", type=int)
    sp.add_argument("--target", type=int)
    sp.add_argument("--name")
    sp.add_argument("--date", type=_date, help="as of this date (default today)")
    jsonflag(sp)

    sp = cmd(
        "export", cmd_export, "maps, atlas, meeting pack, HTML, posting list, report, GeoPackage"
    )
    sp.add_argument("kind", choices=["map", "atlas", "pack", "html", "posting", "report", "gpkg"])
    sp.add_argument("project")
    sp.add_argument("--out", required=True)
    sp.add_argument("--commune")
    sp.add_argument("--from", dest="from_km")
    sp.add_argument("--to", dest="to_km")
    sp.add_argument("--scale", type=int)
    sp.add_argument("--paper", default="A4", choices=["A4", "A3"])
    sp.add_argument("--portrait", action="store_true")
    sp.add_argument("--public", action="store_true", help="public profile: no private data")
    sp.add_argument("--codes", action="store_true", help="household codes instead of names on maps")
    sp.add_argument("--stretch", type=float, default=500.0, help="atlas: metres of road per sheet")
    sp.add_argument("--date", type=_date)
    jsonflag(sp)

    sp = cmd(
        "copy", cmd_copy, "copy a project: file → server (share it) or server → file (offline)"
    )
    sp.add_argument("source", help="project file or postgresql:// URL")
    sp.add_argument("target", help="new project file or empty postgresql:// database")
    sp.add_argument("--force", action="store_true", help="overwrite an existing target file")
    jsonflag(sp)

    sp = cmd("gui", cmd_gui, "start the desktop app")
    sp.add_argument("project", nargs="?")
    sp.add_argument("--screenshot", help="render the window offscreen to this PNG and exit")
    sp.add_argument("--size", default="1366x768")
    sp.add_argument("--lang", choices=["vi", "en"])
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except ValidationError as exc:
        report = exc.report
        if report is not None and "--json" in argv:
            json.dump(
                {"error": str(exc), "report": report.to_dict()},
                sys.stdout,
                ensure_ascii=False,
                indent=2,
            )
            sys.stdout.write("\n")
        print(f"error: {_refusal(exc, report)}", file=sys.stderr)
        return EXIT_USER
    except UserError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_USER
    except BrokenPipeError:  # output piped into `head` and closed early: not an error of ours
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # a bug: say so on one line, keep the traceback for developers
        if os.environ.get("TL342_DEBUG"):
            raise
        print(
            f"error: internal error: {exc.__class__.__name__}: {_one_line(exc)} "
            "(set TL342_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_FAILURE


def _refusal(exc: Exception, report) -> str:
    """One line for a refused import: the first problem, where it is, and how many more."""
    errors = [p for p in getattr(report, "problems", []) if p.severity == "error"]
    if not errors:
        return _one_line(exc)
    first = errors[0]
    where = (
        first.where if first.where.startswith(report.source) else f"{report.source}: {first.where}"
    )
    where = f"{where}, {first.field}" if first.field else where
    more = f" (and {len(errors) - 1} more; --dry-run lists them all)" if len(errors) > 1 else ""
    return f"import refused, nothing changed: {_one_line_text(f'{where}: {first.message}')}{more}"


def _one_line_text(text: str) -> str:
    return " ".join(text.split())


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__


if __name__ == "__main__":
    sys.exit(main())
