"""`tl342 copy`: a project file to a server and back."""

from __future__ import annotations

from .common import (
    EXIT_OK,
    add_command,
    display,
    emit,
    json_flag,
    open_project,
    progress_printer,
    tr,
)


def cmd_copy(args) -> int:
    from ..store.copy import copy_project

    with open_project(args.source) as source:
        counts = copy_project(
            source,
            args.target,
            overwrite=args.force,
            progress=progress_printer(args, tr(args, "copying", "đang sao chép")),
        )
    emit(
        args,
        {"source": display(args.source), "target": display(args.target), "rows": counts},
        tr(
            args,
            f"copied {counts.get('household', 0)} households, {counts.get('parcel', 0)} parcels "
            f"and {counts.get('event', 0)} events to {display(args.target)}",
            f"đã sao chép {counts.get('household', 0)} hộ, {counts.get('parcel', 0)} thửa "
            f"và {counts.get('event', 0)} sự kiện sang {display(args.target)}",
        ),
    )
    return EXIT_OK


def register(sub) -> None:
    sp = add_command(
        sub,
        "copy",
        cmd_copy,
        "copy a project: file → server (share it) or server → file (offline)",
        examples="""
tl342 copy p.tl342 postgresql://gpmb@server/dt342    # share with other laptops
tl342 copy postgresql://gpmb@server/dt342 field.tl342  # a file for a field trip
""",
    )
    sp.add_argument("source", help="project file or postgresql:// URL")
    sp.add_argument("target", help="new project file or empty postgresql:// database")
    sp.add_argument("--force", action="store_true", help="overwrite an existing target file")
    json_flag(sp)
