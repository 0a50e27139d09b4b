"""`tl342 gui`: the desktop app."""

from __future__ import annotations

from .common import add_command


def cmd_gui(args) -> int:
    from ..ui.app import run_gui

    return run_gui(
        args.project,
        screenshot=args.screenshot,
        size=args.size,
        lang=getattr(args, "ui_lang", None),
    )


def register(sub) -> None:
    sp = add_command(
        sub,
        "gui",
        cmd_gui,
        "start the desktop app",
        examples="""
tl342 gui                      # the bundled sample at the first start, then the last project
tl342 gui p.tl342 --lang en
tl342 gui p.tl342 --screenshot shot.png --size 1366x768   # offscreen, no display needed
""",
    )
    sp.add_argument("project", nargs="?", help="project file or postgresql:// URL to open")
    sp.add_argument("--screenshot", help="render the window offscreen to this PNG and exit")
    sp.add_argument(
        "--size", default="1366x768", help="window size WIDTHxHEIGHT (default 1366x768)"
    )
