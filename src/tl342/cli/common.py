"""Pieces every command shares: the parser class, argument types, output and progress."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from ..core.errors import UserError

EXIT_OK, EXIT_FAILURE, EXIT_USER = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as a user error (exit 2, one line)."""

    def error(self, message: str):  # noqa: D401
        raise UserError(f"{self.prog}: {message}")


def date_arg(text: str) -> date:
    from ..io.numbers import parse_date

    try:
        return parse_date(text)
    except (ValueError, TypeError):
        raise UserError(f"{text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)") from None


def emit(args, data, text: str | None = None) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=json_default)
        sys.stdout.write("\n")
    elif text is not None:
        print(text)
    else:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=json_default)
        sys.stdout.write("\n")


def json_default(o):
    if isinstance(o, date):
        return o.isoformat()
    if hasattr(o, "value"):
        return o.value
    if hasattr(o, "to_dict"):
        return o.to_dict()
    raise TypeError(type(o).__name__)


def progress_printer(args):
    if getattr(args, "json", False) or not sys.stderr.isatty():
        return None

    def progress(done: int, total: int, message: str) -> None:
        pct = f"{100 * done // total:3d}%" if total else "   "
        print(f"\r{pct} {message[:60]:<60}", end="", file=sys.stderr, flush=True)
        if total and done >= total:
            print(file=sys.stderr)

    return progress


def open_project(path: str):
    from ..store.project import Project

    return Project.open(path)


def chainage_arg(text: str | None) -> float | None:
    if text is None:
        return None
    from ..core.chainage import parse_chainage

    return parse_chainage(text)


def point_arg(text: str) -> tuple[float, float]:
    parts = text.replace(";", ",").split(",")
    if len(parts) != 2:
        raise UserError(f"--point {text!r}: use X,Y (easting,northing)")
    try:
        return float(parts[0]), float(parts[1])
    except ValueError:
        raise UserError(f"--point {text!r}: X and Y must be numbers") from None


def display(target: str) -> str:
    from ..store.project import _safe

    return _safe(str(target))


def add_command(sub, name: str, func, help_text: str) -> argparse.ArgumentParser:
    """Register one subcommand whose ``func(args)`` runs it."""
    sp = sub.add_parser(name, help=help_text, description=help_text)
    sp.set_defaults(func=func)
    return sp


def json_flag(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--json", action="store_true", help="print one JSON document")
