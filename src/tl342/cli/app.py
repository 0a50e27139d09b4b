"""Command line of tl342: every capability of the app, scriptable, with ``--json`` output.

Exit codes: 0 success, 2 user error or a problem of the machine (one line on stderr naming the
problem and what to do), 1 a bug (one line naming the log file that holds the traceback; run
with TL342_DEBUG=1 to see it on the terminal).
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
    cmd_donate,
    cmd_events,
    cmd_export,
    cmd_gui,
    cmd_holidays,
    cmd_import,
    cmd_init,
    cmd_limits,
    cmd_query,
    cmd_sample,
    cmd_server,
    cmd_settings,
)
from .common import EXIT_FAILURE, EXIT_OK, EXIT_USER, Parser, stop_progress

# Each module adds its subcommands, in the order `tl342 --help` lists them.
COMMAND_MODULES = (
    cmd_init,
    cmd_import,
    cmd_query,
    cmd_events,
    cmd_donate,
    cmd_holidays,
    cmd_limits,
    cmd_campaign,
    cmd_export,
    cmd_copy,
    cmd_sample,
    cmd_server,
    cmd_gui,
    cmd_settings,
    cmd_backup,
)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="tl342",
        description="Land-clearance (GPMB) tool for the ĐT342 upgrade.",
        epilog=(
            "examples:\n"
            "  tl342 init p.tl342 --sample\n"
            "  tl342 --lang en summary p.tl342\n"
            "  tl342 status --help\n\n"
            "Exit codes: 0 success, 2 a problem you can fix (one line on stderr), "
            "1 a bug (the log file is named)."
        ),
    )
    p.add_argument("--version", action="version", version="tl342 0.1.0")
    p.add_argument(
        "--lang",
        dest="ui_lang",
        choices=["vi", "en"],
        default=argparse.SUPPRESS,
        help="language of the output: vi (default) or en; also $TL342_LANG or the GUI's setting",
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except ValidationError as exc:
        stop_progress()
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
        stop_progress()
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        stop_progress()
        print("error: interrupted", file=sys.stderr)
        return EXIT_USER
    except BrokenPipeError:  # output piped into `head` and closed early: not an error of ours
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        stop_progress()
        if os.environ.get("TL342_DEBUG"):
            raise
        from .errors import environment_problem, write_log

        problem = environment_problem(exc)
        if problem is not None:  # the machine, not the program: say what to do
            print(f"error: {problem}", file=sys.stderr)
            return EXIT_USER
        log = write_log(exc, argv)  # a bug: one line here, the traceback in the log
        where = f"; details in {log}" if log else ""
        print(
            f"error: internal error: {exc.__class__.__name__}: {_one_line(exc)}{where} "
            "(please send that file to the developers)",
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
