"""Pieces every command shares: the parser class, argument types, output and progress."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum

from ..core.errors import UserError
from ..core.fmt import rounded
from ..services.records import DECIMALS, INTERNAL, OMIT_NONE

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


def to_json(obj, decimals: int | None = None):
    """THE place records become JSON: a service record (frozen dataclass) as a dict of its
    fields (``from_`` is written ``from``), dates ISO, Enums by value; a float rounded to the
    places its field declares (``services.records.dp``, half-up on the exact decimal);
    ``optional`` fields that are None and ``internal`` fields left out."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            if f.metadata.get(INTERNAL):
                continue
            value = getattr(obj, f.name)
            if value is None and f.metadata.get(OMIT_NONE):
                continue
            out[f.name.rstrip("_")] = to_json(value, f.metadata.get(DECIMALS))
        return out
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, bool | int | str) or obj is None:
        return obj
    if isinstance(obj, float | Decimal):
        return float(rounded(obj, decimals)) if decimals is not None else obj
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Mapping):
        return {str(to_json(k)): to_json(v, decimals) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        items = sorted(obj, key=str) if isinstance(obj, set | frozenset) else obj
        return [to_json(v, decimals) for v in items]
    return obj


def emit(args, data, text: str | None = None) -> None:
    data = to_json(data)
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
