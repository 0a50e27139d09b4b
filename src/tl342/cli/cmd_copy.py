"""`tl342 copy`: a project file to a server and back."""

from __future__ import annotations

from .common import EXIT_OK, add_command, display, emit, json_flag, open_project, progress_printer


def cmd_copy(args) -> int:
    from ..store.copy import copy_project

    with open_project(args.source) as source:
        counts = copy_project(
            source, args.target, overwrite=args.force, progress=progress_printer(args)
        )
    emit(
        args,
        {"source": display(args.source), "target": display(args.target), "rows": counts},
        f"copied {counts.get('household', 0)} households, {counts.get('parcel', 0)} parcels, "
        f"{counts.get('event', 0)} events to {display(args.target)}",
    )
    return EXIT_OK


def register(sub) -> None:
    sp = add_command(
        sub, "copy", cmd_copy, "copy a project: file → server (share it) or server → file (offline)"
    )
    sp.add_argument("source", help="project file or postgresql:// URL")
    sp.add_argument("target", help="new project file or empty postgresql:// database")
    sp.add_argument("--force", action="store_true", help="overwrite an existing target file")
    json_flag(sp)
