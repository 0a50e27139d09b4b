"""Workflow events: `tl342 status`, `flag`, `na`, `revert`, `history`."""

from __future__ import annotations

from datetime import date

from .common import EXIT_OK, add_command, date_arg, emit, json_flag, open_project


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
    from ..store import actions

    with open_project(args.project) as project:
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
    data = [
        {"event": _event_dict(ev), **_state_dict(st), "awaiting_confirmation": st.status != ev.to_status}
        for ev, st in results
    ]
    emit(
        args,
        data if len(data) > 1 else data[0],
        "\n".join(
            f"{ev.household_code}: {ev.from_status.value} → {ev.to_status.value}"
            + (" (awaiting confirmation by another approver)" if st.status != ev.to_status else "")
            for ev, st in results
        ),
    )
    return EXIT_OK


def _one_event(args, use_case, *params, text) -> int:
    """Run one single-event use case on the project and print the event and new state."""
    with open_project(args.project) as project:
        ev, st = use_case(project, *params, args.date or date.today(), by=args.by or "")
    emit(args, {"event": _event_dict(ev), **_state_dict(st)}, text(ev, st))
    return EXIT_OK


def cmd_flag(args) -> int:
    from functools import partial

    from ..store import actions

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
    from ..store import actions

    return _one_event(
        args,
        actions.mark_not_applicable,
        args.household,
        args.step,
        args.reason,
        text=lambda ev, st: f"{args.household}: {args.step} not applicable ({args.reason})",
    )


def cmd_revert(args) -> int:
    from ..store import actions

    return _one_event(
        args,
        actions.revert_event,
        args.event,
        text=lambda ev, st: (
            f"{ev.household_code}: event {args.event} reverted; now {st.status.value}"
        ),
    )


def cmd_history(args) -> int:
    from ..core.workflow import derive_state
    from ..store import actions

    with open_project(args.project) as project:
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
    emit(args, data, text + f"\nnow: {state.status.value}")
    return EXIT_OK


def register(sub) -> None:
    from ..core.model import Flag, Status

    sp = add_command(sub, "status", cmd_status, "move household(s) to a workflow status")
    sp.add_argument("project")
    sp.add_argument("households", nargs="+", metavar="HOUSEHOLD")
    sp.add_argument("state", metavar="STATE", choices=[s.value for s in Status])
    sp.add_argument("--by")
    sp.add_argument("--note")
    sp.add_argument("--date", type=date_arg)
    sp.add_argument("--doc", help="document number")
    sp.add_argument("--doc-date", type=date_arg)
    json_flag(sp)
    sp = add_command(sub, "flag", cmd_flag, "set or clear complaint / enforcement / donated")
    sp.add_argument("project")
    sp.add_argument("household")
    sp.add_argument("flag", choices=[f.value for f in Flag])
    sp.add_argument("--off", action="store_true")
    sp.add_argument("--by")
    sp.add_argument("--note")
    sp.add_argument("--date", type=date_arg)
    json_flag(sp)
    sp = add_command(sub, "na", cmd_na, "mark a workflow step not applicable, with a reason")
    sp.add_argument("project")
    sp.add_argument("household")
    sp.add_argument("step", choices=[s.value for s in Status])
    sp.add_argument("--reason", required=True)
    sp.add_argument("--by")
    sp.add_argument("--date", type=date_arg)
    json_flag(sp)
    sp = add_command(sub, "revert", cmd_revert, "undo an event (appends its inverse)")
    sp.add_argument("project")
    sp.add_argument("event", type=int)
    sp.add_argument("--by")
    sp.add_argument("--date", type=date_arg)
    json_flag(sp)
    sp = add_command(sub, "history", cmd_history, "a household's events")
    sp.add_argument("project")
    sp.add_argument("household")
    json_flag(sp)
