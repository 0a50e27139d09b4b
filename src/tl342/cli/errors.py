"""What the CLI says when something outside the program fails, and where a bug's trace goes.

A full disk, a read-only folder, a missing permission, a server that does not answer are the
machine's problems, not bugs: :func:`environment_problem` turns them into one line saying what
to do (exit 2). Anything else is a bug: :func:`write_log` keeps its traceback in a log file
under the user's state folder and the CLI prints that file's path (exit 1).
"""

from __future__ import annotations

import errno
import os
import re
import sys
from datetime import datetime
from pathlib import Path

_URL_PASSWORD = re.compile(r"(://[^:/@\s]+):[^@/\s]+@")


def _chain(exc: BaseException):
    """The exception, what it wraps (SQLAlchemy's ``orig``) and its causes, each once."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    line = text.splitlines()[0] if text else e.__class__.__name__
    return _URL_PASSWORD.sub(r"\1:…@", line)


def _where(e: OSError) -> str:
    return f" ({e.filename})" if getattr(e, "filename", None) else ""


def environment_problem(exc: BaseException) -> str | None:
    """One line saying what to do, when ``exc`` is the machine's problem; None for a bug."""
    for e in _chain(exc):
        module = type(e).__module__.split(".")[0]
        name = type(e).__name__
        if isinstance(e, ModuleNotFoundError) and (e.name or "").split(".")[0] in (
            "psycopg",
            "psycopg2",
            "geoalchemy2",
        ):
            return (
                "PostgreSQL support is not installed: run `pip install 'tl342[postgres]'` "
                "in tl342's environment"
            )
        if isinstance(e, OSError):
            text = _os_problem(e)
            if text:
                return text
        if module in ("psycopg", "psycopg2", "psycopg_pool") and name in (
            "OperationalError",
            "InterfaceError",
        ):
            return _server_problem(e)
        if module == "sqlite3" and name in ("OperationalError", "DatabaseError"):
            text = _sqlite_problem(e)
            if text:
                return text
    return None


def _os_problem(e: OSError) -> str | None:
    code = e.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return (
            f"the disk is full{_where(e)}: free some space (or choose another disk) and run again"
        )
    if code == errno.EROFS:
        return f"the folder is read-only{_where(e)}: copy the project to a folder you can write to"
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"permission denied{_where(e)}: choose a file or folder you may write to, "
            "or ask its owner for access"
        )
    if code in (errno.EBUSY, errno.ETXTBSY):
        return f"the file is in use by another program{_where(e)}: close it, then run again"
    if code in (errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT):
        return f"cannot reach the server ({_first_line(e)}): check the address and that it runs"
    if code in (errno.ENOENT, errno.ENOTDIR):
        return f"no such file or folder{_where(e)}: check the path (and that the folder exists)"
    if code == errno.EISDIR:
        return f"a folder is in the way{_where(e)}: give a file name"
    if code == errno.EIO:
        return f"the disk reported an input/output error{_where(e)}: check the disk or USB stick"
    return None


def _server_problem(e: BaseException) -> str:
    line = _first_line(e)
    low = str(e).lower()
    if "password authentication failed" in low or "no password supplied" in low:
        return f"the server refused the login ({line}): check the user name and password"
    if "does not exist" in low and "database" in low:
        return f"no such database on the server ({line}): check the name in the address"
    if "permission denied" in low:
        return f"the server refused the request ({line}): ask its administrator for access"
    return (
        f"cannot reach the server ({line}): check the address (host, port, database) "
        "and that the server runs"
    )


def _sqlite_problem(e: BaseException) -> str | None:
    low = str(e).lower()
    line = _first_line(e)
    if "disk is full" in low or "database or disk is full" in low:
        return "the disk is full: free some space (or choose another disk) and run again"
    if "readonly database" in low or "read-only" in low:
        return (
            "the project cannot be written (read-only file or folder): "
            "copy it to a folder you can write to"
        )
    if "unable to open database file" in low:
        return (
            f"the project file cannot be opened ({line}): check that its folder exists "
            "and that you may write to it"
        )
    if "database is locked" in low or "database is busy" in low:
        return "the project is busy in another program: close it there (or wait) and run again"
    if "disk i/o error" in low:
        return "the disk reported an input/output error: check the disk or USB stick"
    return None


def log_dir() -> Path:
    """Where bug reports go: $XDG_STATE_HOME/tl342/logs (~/.local/state/tl342/logs)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~")
    else:
        base = os.environ.get("XDG_STATE_HOME") or os.path.join(
            os.path.expanduser("~"), ".local", "state"
        )
    return Path(base) / "tl342" / "logs"


def write_log(exc: BaseException, argv) -> Path | None:
    """Write the traceback of a bug to a new log file and return its path (None if impossible)."""
    import platform
    import tempfile
    import traceback

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = "".join(
        [
            f"tl342 0.1.0, Python {platform.python_version()}, {platform.platform()}\n",
            "command: tl342 " + _URL_PASSWORD.sub(r"\1:…@", " ".join(map(str, argv))) + "\n\n",
            *traceback.format_exception(exc),
        ]
    )
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"tl342-error-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None
