"""`tl342 gui`: the desktop app."""

from __future__ import annotations

from .common import add_command


def cmd_gui(args) -> int:
    from ..ui.app import run_gui

    return run_gui(args.project, screenshot=args.screenshot, size=args.size, lang=args.lang)


def register(sub) -> None:
    sp = add_command(sub, "gui", cmd_gui, "start the desktop app")
    sp.add_argument("project", nargs="?")
    sp.add_argument("--screenshot", help="render the window offscreen to this PNG and exit")
    sp.add_argument("--size", default="1366x768")
    sp.add_argument("--lang", choices=["vi", "en"])
