"""Workflow events: `tl342 status`, `flag`, `na`, `revert`, `history`."""

from __future__ import annotations

from datetime import date

from .common import EXIT_OK, add_command, date_arg, emit, json_flag, lang, open_project, table, tr


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
        "deposited": bool(ev.deposited),
        "effective_on": ev.effective_on.isoformat() if ev.effective_on else None,
    }


def _state_dict(state) -> dict:
    return {
        "status": state.status.value,
        "flags": sorted(f.value for f in state.flags),
        "not_applicable": {k.value: v for k, v in state.not_applicable.items()},
        "deposited": state.deposited,
    }


def _rules(project):
    from ..core.workflow import load_rules

    return load_rules(project.regime)


def step_label(args, rules, status) -> str:
    """A step as the UI language names it (the rules' name), with its value for scripts."""
    if status is None:
        return "-"
    try:
        return f"{rules.step_name(status, lang(args))} ({status.value})"
    except KeyError:
        return status.value


def _flags_text(args, state) -> str:
    if not state.flags:
        return ""
    names = ", ".join(f.label(lang(args)).lower() for f in sorted(state.flags))
    return tr(args, f"; flags: {names}", f"; đánh dấu: {names}")


def _flag_name(args, flag) -> str:
    from ..core.model import Flag

    return Flag(flag).label(lang(args)).lower()


def cmd_status(args) -> int:
    from ..store import quickwrite

    details = dict(
        by=args.by or "",
        note=args.note or "",
        doc_no=args.doc or "",
        doc_date=args.doc_date,
        lang=lang(args),
        deposited=args.deposited,
        effective_on=args.effective,
    )
    at = args.date or date.today()
    # a plain project file: no SQLAlchemy to load (the same event log, rules and hash chain)
    done = quickwrite.change_status(args.project, args.households, args.state, at, **details)
    if done is not None:
        results, rules = done
    else:  # a server, an older schema, a read-only file...: the full path
        from ..store import actions

        with open_project(args.project) as project:
            results = actions.change_status(project, args.households, args.state, at, **details)
            rules = _rules(project)
    data = [
        {
            "event": _event_dict(ev),
            **_state_dict(st),
            "awaiting_confirmation": st.status != ev.to_status,
        }
        for ev, st in results
    ]
    text = None
    if not args.json:
        text = "\n".join(
            tr(
                args,
                f"{ev.household_code}: {step_label(args, rules, ev.from_status)} → "
                f"{step_label(args, rules, ev.to_status)} on {ev.at.isoformat()} (event {ev.id})"
                + (" — deposited in a State Treasury holding account" if ev.deposited else "")
                + (f"; in effect {ev.effective_on.isoformat()}" if ev.effective_on else "")
                + (
                    " (awaiting confirmation by another approver)"
                    if st.status != ev.to_status
                    else ""
                ),
                f"{ev.household_code}: {step_label(args, rules, ev.from_status)} → "
                f"{step_label(args, rules, ev.to_status)} ngày {ev.at:%d/%m/%Y} (sự kiện {ev.id})"
                + (" — gửi Kho bạc Nhà nước" if ev.deposited else "")
                + (f"; có hiệu lực {ev.effective_on:%d/%m/%Y}" if ev.effective_on else "")
                + (" (chờ người duyệt khác xác nhận)" if st.status != ev.to_status else ""),
            )
            for ev, st in results
        )
    emit(args, data if len(data) > 1 else data[0], text)
    return EXIT_OK


def _one_event(args, use_case, *params, text) -> int:
    """Run one single-event use case on the project and print the event and new state."""
    with open_project(args.project) as project:
        ev, st = use_case(
            project, *params, args.date or date.today(), by=args.by or "", lang=lang(args)
        )
        rules = _rules(project)
    emit(args, {"event": _event_dict(ev), **_state_dict(st)}, text(ev, st, rules))
    return EXIT_OK


def cmd_flag(args) -> int:
    from functools import partial

    from ..store import actions

    set_flag = partial(
        actions.set_flag, note=args.note or "", doc_no=args.doc or "", doc_date=args.doc_date
    )
    name = _flag_name(args, args.flag)

    def text(ev, st, rules):
        if args.off:
            return tr(
                args,
                f"{ev.household_code}: {name} cleared (event {ev.id})",
                f"{ev.household_code}: đã bỏ đánh dấu {name} (sự kiện {ev.id})",
            )
        return tr(
            args,
            f"{ev.household_code}: {name} set (event {ev.id})",
            f"{ev.household_code}: đã đánh dấu {name} (sự kiện {ev.id})",
        )

    return _one_event(args, set_flag, args.household, args.flag, not args.off, text=text)


def cmd_na(args) -> int:
    from ..store import actions

    def text(ev, st, rules):
        step = step_label(args, rules, ev.step)
        return tr(
            args,
            f"{ev.household_code}: step {step} marked not applicable ({args.reason})",
            f"{ev.household_code}: bước {step} được đánh dấu không áp dụng ({args.reason})",
        )

    return _one_event(
        args, actions.mark_not_applicable, args.household, args.step, args.reason, text=text
    )


def cmd_revert(args) -> int:
    from ..store import actions

    def text(ev, st, rules):
        now = step_label(args, rules, st.status)
        return tr(
            args,
            f"{ev.household_code}: event {args.event} undone (event {ev.id}); now at {now}",
            f"{ev.household_code}: đã hoàn tác sự kiện {args.event} (sự kiện {ev.id}); "
            f"hiện ở bước {now}",
        )

    return _one_event(args, actions.revert_event, args.event, text=text)


def cmd_history(args) -> int:
    from ..core.workflow import derive_state
    from ..store import actions

    with open_project(args.project) as project:
        events = actions.history(project, args.household)
        rules = _rules(project)
    state = derive_state(events)
    code = events[0].household_code if events else args.household
    data = {
        "household": code,
        **_state_dict(state),
        "events": [_event_dict(e) for e in events],
    }
    if args.json:
        emit(args, data)
        return EXIT_OK
    vi = lang(args) == "vi"
    rows = []
    for e in events:
        if e.flag is not None:
            what = ("+" if e.kind.value == "flag_on" else "-") + _flag_name(args, e.flag)
        elif e.kind.value == "not_applicable":
            what = tr(args, "n/a: ", "không áp dụng: ") + step_label(args, rules, e.step)
        elif e.kind.value == "revert":
            what = tr(args, f"undo {e.reverts} → ", f"hoàn tác {e.reverts} → ") + step_label(
                args, rules, e.to_status
            )
        else:
            what = step_label(args, rules, e.to_status)
        rows.append(
            [
                e.id,
                e.at.strftime("%d/%m/%Y") if vi else e.at.isoformat(),
                what,
                e.by,
                e.doc_no,
                e.note
                + (tr(args, " [Treasury deposit]", " [gửi Kho bạc]") if e.deposited else "")
                + (
                    f" [{tr(args, 'in effect', 'hiệu lực')} {e.effective_on}]"
                    if e.effective_on
                    else ""
                ),
            ]
        )
    head = tr(args, f"{code}: {len(events)} events", f"{code}: {len(events)} sự kiện")
    body = (
        table(
            [
                tr(args, "id", "số"),
                tr(args, "date", "ngày"),
                tr(args, "step / change", "bước / thay đổi"),
                tr(args, "by", "người thực hiện"),
                tr(args, "document", "văn bản"),
                tr(args, "note", "ghi chú"),
            ],
            rows,
            right={0},
        )
        if rows
        else tr(args, "(no events)", "(chưa có sự kiện)")
    )
    now = tr(args, "now at: ", "hiện ở bước: ") + step_label(args, rules, state.status)
    emit(args, data, f"{head}\n{body}\n{now}{_flags_text(args, state)}")
    return EXIT_OK


def register(sub) -> None:
    from ..core.model import Flag, Status

    steps = " → ".join(s.value for s in Status)
    sp = add_command(
        sub,
        "status",
        cmd_status,
        "move household(s) to a workflow step",
        description=(
            "Move one or several households to a workflow step; the legal rules decide whether\n"
            "it is allowed (all move or none). Household codes ignore case (dt-012 = DT-012).\n\n"
            f"valid steps, in order:\n  {steps}"
        ),
        examples="""
tl342 status p.tl342 DT-012 recovery_decided --by "UBND huyện" --doc 45/QĐ-UBND --date 2022-11-21
tl342 status p.tl342 DT-002 DT-003 handed_over --date 2022-11-22 --json
""",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument("households", nargs="+", metavar="HOUSEHOLD", help="household code(s)")
    sp.add_argument(
        "state",
        metavar="STEP",
        choices=[s.value for s in Status],
        help="the step reached: " + ", ".join(s.value for s in Status),
    )
    sp.add_argument("--by", help="who did it (person or office)")
    sp.add_argument("--note", help="free text kept with the event")
    sp.add_argument("--date", type=date_arg, help="when it happened (default today)")
    sp.add_argument("--doc", help="document number, e.g. 45/QĐ-UBND")
    sp.add_argument("--doc-date", type=date_arg, help="date of the document")
    sp.add_argument(
        "--deposited",
        action="store_true",
        help="paid: the refused money was deposited in a State Treasury holding account "
        "(gửi Kho bạc; needs --doc)",
    )
    sp.add_argument(
        "--effective",
        type=date_arg,
        help="the decision takes effect on this date (when not its signing date); the "
        "payment period counts from it",
    )
    json_flag(sp)
    sp = add_command(
        sub,
        "flag",
        cmd_flag,
        "set or clear complaint / enforcement / donated",
        examples="""
tl342 flag p.tl342 DT-012 complaint --note "Khiếu nại giá cây keo"
tl342 flag p.tl342 DT-012 complaint --off --date 2022-11-25
""",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument("household", help="household code")
    sp.add_argument("flag", choices=[f.value for f in Flag], help="which flag")
    sp.add_argument("--off", action="store_true", help="clear the flag instead of setting it")
    sp.add_argument("--by", help="who recorded it")
    sp.add_argument("--note", help="free text kept with the event")
    sp.add_argument("--date", type=date_arg, help="when (default today)")
    sp.add_argument("--doc", help="number of the decision (e.g. the enforcement decision)")
    sp.add_argument("--doc-date", type=date_arg, help="date of that decision")
    json_flag(sp)
    sp = add_command(
        sub,
        "na",
        cmd_na,
        "mark a workflow step not applicable, with a reason",
        examples="""
tl342 na p.tl342 DT-020 consulted --reason "không có ý kiến sau niêm yết"
""",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument("household", help="household code")
    sp.add_argument("step", choices=[s.value for s in Status], help="the step: " + steps)
    sp.add_argument("--reason", required=True, help="why the step does not apply")
    sp.add_argument("--by", help="who decided it")
    sp.add_argument("--date", type=date_arg, help="when (default today)")
    json_flag(sp)
    sp = add_command(
        sub,
        "revert",
        cmd_revert,
        "undo an event (appends its inverse)",
        examples="""
tl342 history p.tl342 DT-012      # find the event id
tl342 revert p.tl342 1235 --by "Tổ công tác"
""",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument("event", type=int, help="id of the event to undo (see `tl342 history`)")
    sp.add_argument("--by", help="who undid it")
    sp.add_argument("--date", type=date_arg, help="when (default today)")
    json_flag(sp)
    sp = add_command(
        sub,
        "history",
        cmd_history,
        "a household's events",
        examples="""
tl342 history p.tl342 DT-012
tl342 history p.tl342 dt-012 --json
""",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument("household", help="household code")
    json_flag(sp)
