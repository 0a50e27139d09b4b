"""Command line of tl342: every capability of the app, scriptable, with ``--json`` output.

Exit codes: 0 success, 2 user error (one line on stderr naming the problem), 1 unexpected
failure (reported on one line too; run with TL342_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from ..core.errors import UserError, ValidationError
from . import (
    cmd_backup,
    cmd_campaign,
    cmd_copy,
    cmd_events,
    cmd_export,
    cmd_gui,
    cmd_import,
    cmd_init,
    cmd_query,
)
from .common import EXIT_FAILURE, EXIT_OK, EXIT_USER, Parser

# Each module adds its subcommands, in the order `tl342 --help` lists them.
COMMAND_MODULES = (
    cmd_init,
    cmd_import,
    cmd_query,
    cmd_events,
    cmd_campaign,
    cmd_export,
    cmd_copy,
    cmd_gui,
    cmd_backup,
)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="tl342", description="Land-clearance (GPMB) tool for the ĐT342 upgrade.")
    p.add_argument("--version", action="version", version="tl342 0.1.0")
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except ValidationError as exc:
        report = exc.report
        if report is not None and "--json" in argv:
            json.dump(
                {"error": str(exc), "report": report.to_dict()},
                sys.stdout,
                ensure_ascii=False,
                indent=2,
            )
            sys.stdout.write("\n")
        print(f"error: {_refusal(exc, report)}", file=sys.stderr)
        return EXIT_USER
    except UserError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_USER
    except BrokenPipeError:  # output piped into `head` and closed early: not an error of ours
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # the system refused a write: read-only folder, full disk, locked
        problem = _os_problem(exc)
        if problem is None:
            return _internal_error(exc)
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USER
    except Exception as exc:  # a bug: say so on one line, keep the traceback for developers
        return _internal_error(exc)


def _os_problem(exc: OSError) -> str | None:
    """One line saying what to do about a refused file operation, or None (a bug)."""
    import errno

    name = exc.filename or "the file"
    if exc.errno == errno.ENOSPC:
        return f"{name}: the disk is full; free some space, then try again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"{name}: cannot write there (read-only or no permission); "
            "choose a folder you can write to"
        )
    if exc.errno in (errno.EBUSY, errno.ETXTBSY):
        return f"{name}: is in use by another program; close it, then try again"
    return None


def _internal_error(exc: Exception) -> int:
    """A bug: say so on one line, keep the traceback for developers (TL342_DEBUG=1)."""
    if os.environ.get("TL342_DEBUG"):
        raise exc
    print(
        f"error: internal error: {exc.__class__.__name__}: {_one_line(exc)} "
        "(set TL342_DEBUG=1 for details)",
        file=sys.stderr,
    )
    return EXIT_FAILURE


def _refusal(exc: Exception, report) -> str:
    """One line for a refused import: the first problem, where it is, and how many more."""
    errors = [p for p in getattr(report, "problems", []) if p.severity == "error"]
    if not errors:
        return _one_line(exc)
    first = errors[0]
    where = (
        first.where if first.where.startswith(report.source) else f"{report.source}: {first.where}"
    )
    where = f"{where}, {first.field}" if first.field else where
    more = f" (and {len(errors) - 1} more; --dry-run lists them all)" if len(errors) > 1 else ""
    return f"import refused, nothing changed: {_one_line_text(f'{where}: {first.message}')}{more}"


def _one_line_text(text: str) -> str:
    return " ".join(text.split())


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__
