"""Pieces every command shares: the parser class, argument types, language, output, progress."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from enum import Enum

from ..core.errors import UserError
from ..core.fmt import number, rounded
from ..services.records import DECIMALS, INTERNAL, OMIT_NONE

EXIT_OK, EXIT_FAILURE, EXIT_USER = 0, 1, 2
LANGS = ("vi", "en")


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as a user error (exit 2, one line)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        # a command that declares its own --lang replaces the shared one (add_command adds it
        # to every command) instead of making every command fail to build
        kwargs.setdefault("conflict_handler", "resolve")
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # noqa: D401
        raise UserError(f"{self.prog}: {message}")


# -- language ----------------------------------------------------------------------------------


def settings_file() -> str:
    """Where the GUI's QSettings("tl342", "tl342") keeps its choices on Linux (INI format)."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "tl342", "tl342.conf")


def saved_language() -> str | None:
    """The UI language saved by the GUI (key ``ui/language``), read without Qt."""
    import configparser

    cp = configparser.ConfigParser(interpolation=None)
    try:
        cp.read(settings_file(), encoding="utf-8")
        value = cp.get("ui", "language", fallback=None)
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    return value if value in LANGS else None


def ui_language(explicit: str | None = None) -> str:
    """--lang, else $TL342_LANG, else the GUI's saved choice, else Vietnamese."""
    for value in (explicit, os.environ.get("TL342_LANG"), saved_language()):
        if value in LANGS:
            return value
    return "vi"


def lang(args) -> str:
    value = getattr(args, "_lang", None)
    if value is None:
        value = ui_language(getattr(args, "ui_lang", None) or getattr(args, "lang", None))
        try:
            args._lang = value
        except AttributeError:
            pass
    return value


output_lang = lang  # for modules where ``lang`` names a local variable


def tr(args, en: str, vi: str) -> str:
    """The sentence in the UI language of this run."""
    return vi if lang(args) == "vi" else en


def vnum(args, value, digits: int = 0) -> str:
    """A number the way the UI language writes it (vi: 1.234,5; en: 1,234.5), rounded by
    the one rule of :mod:`tl342.core.fmt` (half-up on the exact decimal)."""
    text = number(value, digits)
    if lang(args) != "vi":
        text = text.replace(".", "\0").replace(",", ".").replace("\0", ",")
    return text


# -- arguments ---------------------------------------------------------------------------------


def date_arg(text: str) -> date:
    from ..io.numbers import parse_date

    try:
        return parse_date(text)
    except (ValueError, TypeError):
        raise UserError(f"{text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)") from None


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


# -- output ------------------------------------------------------------------------------------


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
    """``--json``: one JSON document; otherwise the human text (never a JSON dump)."""
    if getattr(args, "json", False) or text is None:
        json.dump(to_json(data), sys.stdout, ensure_ascii=False, indent=2, default=json_default)
        sys.stdout.write("\n")
    else:
        print(text)


def table(headers: list[str], rows: list[list], right: set[int] = frozenset()) -> str:
    """A plain text table: header, rule, rows; columns in ``right`` are right-aligned."""
    cells = [[str(c) for c in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(r):
        return "  ".join(
            (c.rjust(w) if i in right else c.ljust(w))
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def json_default(o):
    if isinstance(o, date):
        return o.isoformat()
    if hasattr(o, "value"):
        return o.value
    if hasattr(o, "to_dict"):
        return o.to_dict()
    raise TypeError(type(o).__name__)


# -- progress ----------------------------------------------------------------------------------

_ACTIVE: list = []


def progress_printer(args, label: str | None = None, *, transient: bool = False):
    """A ``progress(done, total, message)`` callback drawing a bar (counts, ETA) on a terminal.

    None (silent) when stderr is not a terminal or with ``--json``.
    """
    if getattr(args, "json", False) or not sys.stderr.isatty():
        return None
    bar = _Bar(label or tr(args, "working", "đang xử lý"), transient)
    _ACTIVE.append(bar)
    return bar


@contextmanager
def busy(args, label: str):
    """A running bar (elapsed time) on a terminal for work that cannot count its steps."""
    bar = progress_printer(args, label, transient=True)
    if bar is not None:
        bar(0, 0, "")
    try:
        yield
    finally:
        if bar is not None:
            bar.stop()


class _Bar:
    """A rich progress bar started on first use and stopped when done (or by stop_progress)."""

    def __init__(self, label: str, transient: bool = False) -> None:
        self.label = label
        self.transient = transient
        self._progress = None
        self._task = None

    def start(self, total: int | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=self.transient,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.label, total=total or None)

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if self._progress is None:
            self.start(total)
        desc = f"{self.label}: {message[:40]}" if message else self.label
        self._progress.update(self._task, completed=done, total=total or None, description=desc)
        if total and done >= total:
            self.stop()

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def stop_progress() -> None:
    """Stop every bar still drawing (an error ended the work early)."""
    while _ACTIVE:
        _ACTIVE.pop().stop()


# -- projects and commands ---------------------------------------------------------------------


def open_project(path: str):
    from ..store.project import Project

    return Project.open(path)


def display(target: str) -> str:
    from ..store.project import _safe

    return _safe(str(target))


def add_command(
    sub, name: str, func, help_text: str, examples: str = "", description: str | None = None
) -> argparse.ArgumentParser:
    """Register one subcommand whose ``func(args)`` runs it; ``examples`` end its --help."""
    epilog = (
        "examples:\n" + "\n".join(f"  {x}" for x in examples.strip().splitlines())
        if examples
        else None
    )
    sp = sub.add_parser(name, help=help_text, description=description or help_text, epilog=epilog)
    sp.set_defaults(func=func)
    lang_flag(sp)
    return sp


def lang_flag(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--lang",
        dest="ui_lang",
        choices=LANGS,
        default=argparse.SUPPRESS,
        help="language of the output: vi (default) or en; also $TL342_LANG or the GUI's setting",
    )


def json_flag(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--json", action="store_true", help="print one JSON document")
