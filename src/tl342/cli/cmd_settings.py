"""`tl342 settings`: who issues and who signs the printed documents (project settings)."""

from __future__ import annotations

from .common import EXIT_OK, add_command, emit, json_flag, open_project


def cmd_settings(args) -> int:
    from ..store.settings import get_settings, parse_assignment, set_settings

    values = dict(parse_assignment(a) for a in args.set or ())
    with open_project(args.project) as project:
        data = set_settings(project, values) if values else get_settings(project)
    width = max(len(k) for k in data)
    emit(args, data, "\n".join(f"{k.ljust(width)}  {v}" for k, v in data.items()))
    return EXIT_OK


def register(sub) -> None:
    from ..store.settings import SETTINGS

    keys = "; ".join(f"{s.key}: {s.help}" for s in SETTINGS)
    sp = add_command(
        sub,
        "settings",
        cmd_settings,
        "show or set document settings (issuing body, place, signers)",
        examples="""
tl342 settings p.tl342
tl342 settings p.tl342 --set "signer_name=Nguyễn Văn A" --set "place=Ba Chẽ"
""",
    )
    sp.add_argument("project", help="project file or postgresql:// URL")
    sp.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help=f"set one setting (repeatable). Keys — {keys}",
    )
    json_flag(sp)
