"""`tl342 server init|adduser`, `confirm`, `checkout`, `sync`, `verify`: the shared server."""

from __future__ import annotations

import os
import sys

from ..core.errors import UserError
from .common import EXIT_OK, EXIT_USER, add_command, display, emit, json_flag, open_project


def cmd_server_init(args) -> int:
    from ..exports.gpkg import style_qml
    from ..store.server_admin import QGIS_LAYERS, init_server

    styles = {layer: style_qml(layer) for layer in QGIS_LAYERS}
    out = init_server(args.url, name=args.name, crs=args.crs, styles=styles)
    emit(
        args,
        {"url": display(args.url), **out},
        f"{display(args.url)}: ready (PostGIS SRID {out['srid']}, roles "
        f"{', '.join(out['roles'])}, {out['styles']} QGIS styles)",
    )
    return EXIT_OK


def _password(name: str) -> str:
    """The new login's password: PGPASSWORD when set, else asked twice (never echoed)."""
    if os.environ.get("PGPASSWORD"):
        return os.environ["PGPASSWORD"]
    import getpass

    if not sys.stdin.isatty():
        raise UserError(f"{name}: no password (type it at a terminal, or set PGPASSWORD)")
    first = getpass.getpass(f"password for {name}: ")
    if getpass.getpass("again: ") != first:
        raise UserError(f"{name}: the two passwords differ; nothing was changed")
    return first


def cmd_server_adduser(args) -> int:
    from ..store.server_admin import add_user

    add_user(args.url, args.name, args.role, _password(args.name))
    emit(
        args,
        {"url": display(args.url), "user": args.name, "role": args.role},
        f"{args.name}: login created with role {args.role} on {display(args.url)}",
    )
    return EXIT_OK


def cmd_confirm(args) -> int:
    from ..store.server_rights import confirm

    with open_project(args.project) as project:
        done = confirm(project, args.household)
    emit(
        args,
        {
            "household": args.household,
            "confirmed": [
                {"event": a.event_id, "status": a.to_status, "recorded_by": a.recorded_by}
                for a in done
            ],
        },
        "; ".join(
            f"{args.household}: '{a.to_status}' (recorded by {a.recorded_by}) confirmed"
            for a in done
        ),
    )
    return EXIT_OK


def cmd_checkout(args) -> int:
    from ..store.server_sync import checkout

    out = checkout(args.url, args.file, overwrite=args.force)
    emit(
        args,
        {"url": display(args.url), "file": args.file, **out},
        f"{args.file}: checked out from {display(args.url)} "
        f"({out['events']} events, up to event {out['last_event']})",
    )
    return EXIT_OK


def cmd_sync(args) -> int:
    from ..store.server_sync import sync

    report = sync(args.file)
    lines = [
        f"{args.file}: sent {report.sent} events, received {report.received}, "
        f"{len(report.conflicts)} conflict(s)"
    ]
    lines += [
        f"  conflict: {c['household']} {c['what']} ({c['at']}): {c['reason']}; kept in the file"
        for c in report.conflicts
    ]
    emit(args, report.to_dict(), "\n".join(lines))
    return EXIT_OK


def cmd_verify(args) -> int:
    from ..store.server_chain import verify

    with open_project(args.project) as project, project.session() as s:
        verdict = verify(s)
    if verdict.ok:
        emit(
            args,
            {"ok": True, "events": verdict.events},
            f"{display(args.project)}: history intact ({verdict.events} events)",
        )
        return EXIT_OK
    if getattr(args, "json", False):
        emit(
            args,
            {
                "ok": False,
                "events": verdict.events,
                "bad_event": verdict.bad_event,
                "message": verdict.message,
            },
        )
    print(f"error: {display(args.project)}: {verdict.message}", file=sys.stderr)
    return EXIT_USER


URL = "postgresql://gpmb@localhost/dt342"  # the examples' server


def register(sub) -> None:
    sp = add_command(
        sub,
        "server",
        None,
        "set up the shared PostgreSQL/PostGIS server",
        examples=f"tl342 server init {URL}\ntl342 server adduser {URL} lan --role editor",
    )
    ssub = sp.add_subparsers(dest="server_command", required=True, parser_class=type(sp))
    init = add_command(
        ssub,
        "init",
        cmd_server_init,
        "create the schema, PostGIS columns, roles and QGIS views",
        examples=f"tl342 server init {URL}",
    )
    init.add_argument("url", help="postgresql:// URL of an (empty) database, as its owner")
    init.add_argument("--crs", default=None, help="project CRS (default EPSG:5899)")
    init.add_argument("--name", default="", help="project name")
    json_flag(init)
    add = add_command(
        ssub,
        "adduser",
        cmd_server_adduser,
        "create a login (password asked)",
        examples=f"tl342 server adduser {URL} lan --role editor",
    )
    add.add_argument("url", help="postgresql:// URL, as the database owner")
    add.add_argument("name", help="login name (lower case)")
    add.add_argument(
        "--role", required=True, choices=["viewer", "editor", "approver", "admin"], help="rights"
    )
    json_flag(add)

    c = add_command(
        sub,
        "confirm",
        cmd_confirm,
        "confirm an approved/paid step (another approver)",
        examples="tl342 confirm postgresql://hoa@office-pc/dt342 DT-012",
    )
    c.add_argument("project", help="postgresql:// URL (or project file)")
    c.add_argument("household", help="household code")
    json_flag(c)

    co = add_command(
        sub,
        "checkout",
        cmd_checkout,
        "copy the server's project for a field trip",
        examples="tl342 checkout postgresql://lan@office-pc/dt342 trip.tl342",
    )
    co.add_argument("url", help="postgresql:// URL")
    co.add_argument("file", help="new project file")
    co.add_argument("--force", action="store_true", help="overwrite an existing file")
    json_flag(co)

    sy = add_command(
        sub,
        "sync",
        cmd_sync,
        "send a checked-out file's events and receive others'",
        examples="tl342 sync trip.tl342",
    )
    sy.add_argument("file", help="project file made by `tl342 checkout`")
    json_flag(sy)

    v = add_command(
        sub,
        "verify",
        cmd_verify,
        "check that the event history was not tampered with",
        examples="tl342 verify p.tl342\ntl342 verify postgresql://lan@office-pc/dt342",
    )
    v.add_argument("project", help="project file or postgresql:// URL")
    json_flag(v)
