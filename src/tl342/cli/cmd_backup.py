"""`tl342 backups` and `tl342 restore`: the automatic backups of a project file."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import UserError
from .common import EXIT_OK, add_command, emit, json_flag


def _project_file(target: str) -> Path:
    from ..store.backup import SERVER_MESSAGE, is_server

    if is_server(target):
        raise UserError(SERVER_MESSAGE)
    path = Path(target)
    if not path.exists():
        raise UserError(f"{path}: no such project file")
    return path


def cmd_backups(args) -> int:
    from ..store.backup import backup_dir, list_backups

    path = _project_file(args.project)
    backups = list_backups(path)
    lines = [f"{len(backups)} backups in {backup_dir(path)} (newest first)"]
    for i, b in enumerate(backups, start=1):
        lines.append(
            f"{i:>3}  {b.taken:%Y-%m-%d %H:%M:%S}  {b.reason:<24} {b.size / 1e6:7.1f} MB  {b.name}"
        )
    emit(
        args,
        {
            "project": str(path),
            "folder": str(backup_dir(path)),
            "backups": [b.to_dict() for b in backups],
        },
        "\n".join(lines),
    )
    return EXIT_OK


def cmd_restore(args) -> int:
    from ..store.backup import restore

    path = _project_file(args.project)
    chosen, saved = restore(path, args.backup)
    emit(
        args,
        {
            "project": str(path),
            "restored": chosen.to_dict(),
            "previous_state": str(saved) if saved else None,
        },
        f"restored {chosen.name} ({chosen.taken:%Y-%m-%d %H:%M:%S}, {chosen.reason}) into {path}"
        + (f"; the state it replaced is kept as {saved.name}" if saved else ""),
    )
    return EXIT_OK


def register(sub) -> None:
    sp = add_command(
        sub,
        "backups",
        cmd_backups,
        "list a project file's automatic backups (newest first)",
        examples="tl342 backups p.tl342",
    )
    sp.add_argument("project", help="project file")
    json_flag(sp)
    sp = add_command(
        sub,
        "restore",
        cmd_restore,
        "put a backup back as the project (the current state is backed up first)",
        examples="tl342 backups p.tl342\ntl342 restore p.tl342 1",
    )
    sp.add_argument("project", help="project file")
    sp.add_argument("backup", help="backup file name (or a unique start of it), or 1 = newest")
    json_flag(sp)
