"""Status changes on a project file through plain ``sqlite3``: the command line's hot path.

``tl342 status`` is run by hand and from scripts, one household at a time; importing
SQLAlchemy alone costs more than the whole change. This module does exactly what
:func:`tl342.store.actions.change_status` does — same write lock, same rules
(``core.workflow``), same rows — for the schema it was written for, and declines (returns
None, the caller then takes the SQLAlchemy path) for anything else: a server URL, a file that
is not a current tl342 project, or an ``event`` table with other columns.
"""

from __future__ import annotations

import ast
import platform
import re
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from ..core.errors import UserError
from ..core.model import Event, EventKind, Flag, HouseholdState, Regime, Status

# the columns this module reads and writes; any other shape of the table -> the full path
EVENT_COLUMNS = (
    "id",
    "household_id",
    "kind",
    "from_status",
    "to_status",
    "flag",
    "step",
    "at",
    "by",
    "note",
    "doc_no",
    "doc_date",
    "reverts",
    "recorded_at",
    "device",
)
_DEVICE = platform.node()[:100]
_SQLITE_MAGIC = b"SQLite format 3\x00"
APP_MARKER = "tl342"  # meta 'app' of every tl342 project
_REV = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.M)


def quick_head_revision() -> str | None:
    """The head revision read from the revision files without importing Alembic (fast path
    for opening a current project); None when the files do not name exactly one head."""
    from importlib.resources import files

    revisions, parents = set(), set()
    folder = files("tl342.store") / "migrations" / "versions"
    for f in folder.iterdir():
        if not f.name.endswith(".py") or f.name.startswith("__"):
            continue
        found = dict(_REV.findall(f.read_text(encoding="utf-8")))
        try:
            rev = ast.literal_eval(found.get("revision", "None"))
            down = ast.literal_eval(found.get("down_revision", "None"))
        except (ValueError, SyntaxError):
            return None
        if not isinstance(rev, str):
            return None
        revisions.add(rev)
        parents.update([down] if isinstance(down, str) else (down or ()))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _connect(path: Path) -> sqlite3.Connection | None:
    """The project's connection with the store's pragmas, or None when not for this path."""
    try:
        with path.open("rb") as fh:
            if fh.read(16) != _SQLITE_MAGIC:
                return None
    except OSError:
        return None
    con = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"meta", "alembic_version", "household", "event"} <= tables:
            return _decline(con)
        row = con.execute("SELECT value FROM meta WHERE key='app'").fetchone()
        if not row or row[0] != APP_MARKER:
            return _decline(con)
        version = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if not version or version[0] != quick_head_revision():
            return _decline(con)  # older (to migrate) or newer: the full path says what to do
        columns = tuple(r[1] for r in con.execute("PRAGMA table_info(event)"))
        triggers = con.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND tbl_name='event'"
        ).fetchone()[0]
        if columns != EVENT_COLUMNS or triggers:
            return _decline(con)
        for pragma in (
            "PRAGMA foreign_keys=ON",
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=FULL",
            "PRAGMA busy_timeout=10000",
        ):
            con.execute(pragma)
    except sqlite3.Error:
        return _decline(con)
    return con


def _decline(con: sqlite3.Connection) -> None:
    con.close()
    return None


def _household(con: sqlite3.Connection, code: str) -> tuple[int, str]:
    """Id and stored code; codes match ignoring case (as ``repo.household_key``)."""
    row = con.execute("SELECT id FROM household WHERE code = ?", (code,)).fetchone()
    if row is not None:
        return row[0], code
    wanted = code.strip().casefold()
    found = [r for r in con.execute("SELECT id, code FROM household") if r[1].casefold() == wanted]
    if len(found) != 1:
        raise UserError(f"no household with code {code!r}")
    return found[0]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _events(con: sqlite3.Connection, hid: int, code: str) -> list[Event]:
    status = {s.value: s for s in Status}.get
    flag = {f.value: f for f in Flag}.get
    return [
        Event(
            code,
            EventKind(k),
            _day(at),
            status(fs),
            status(ts),
            flag(fl),
            status(st),
            by,
            note,
            doc,
            _day(doc_date),
            rev,
            datetime.fromisoformat(rec) if rec else None,
            id_,
        )
        for id_, k, at, fs, ts, fl, st, by, note, doc, doc_date, rev, rec in con.execute(
            "SELECT id, kind, at, from_status, to_status, flag, step, by, note, doc_no, "
            "doc_date, reverts, recorded_at FROM event WHERE household_id = ? ORDER BY id",
            (hid,),
        )
    ]


def _insert(con: sqlite3.Connection, ev: Event, hid: int) -> None:
    ev.recorded_at = ev.recorded_at or datetime.now().replace(microsecond=0)
    cur = con.execute(
        "INSERT INTO event (household_id, kind, from_status, to_status, flag, step, at, by, "
        "note, doc_no, doc_date, reverts, recorded_at, device) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            hid,
            ev.kind.value,
            ev.from_status.value if ev.from_status else None,
            ev.to_status.value if ev.to_status else None,
            ev.flag.value if ev.flag else None,
            ev.step.value if ev.step else None,
            ev.at.isoformat(),
            ev.by,
            ev.note,
            ev.doc_no,
            ev.doc_date.isoformat() if ev.doc_date else None,
            ev.reverts,
            ev.recorded_at.strftime("%Y-%m-%d %H:%M:%S.%f"),  # as SQLAlchemy stores DATETIME
            _DEVICE,
        ),
    )
    ev.id = cur.lastrowid


def change_status(
    target: str,
    codes: Sequence[str],
    to: Status | str,
    at: date,
    *,
    by: str = "",
    note: str = "",
    doc_no: str = "",
    doc_date: date | None = None,
    lang: str = "en",
) -> tuple[list[tuple[Event, HouseholdState]], Regime] | None:
    """:func:`tl342.store.actions.change_status` on a project file, all or nothing; also
    returns the project's regime. None when this path does not apply (use the full one)."""
    from ..core.workflow import derive_state, load_rules, make_status_event

    if "://" in target:
        return None
    con = _connect(Path(target))
    if con is None:
        return None
    try:
        try:
            to = Status(to)
        except ValueError:
            raise UserError(
                f"unknown status {to!r}; use one of {', '.join(s.value for s in Status)}"
            ) from None
        row = con.execute("SELECT value FROM meta WHERE key='regime'").fetchone()
        regime = Regime(row[0] if row and row[0] else Regime.LAND_LAW_2024.value)
        rules = load_rules(regime)
        out = []
        try:  # the project's write lock, as Project.session(lock=True)
            con.execute("BEGIN IMMEDIATE")
            con.execute("UPDATE meta SET value = value WHERE key = 'app'")
        except sqlite3.OperationalError:  # read-only, locked too long: the full path explains
            if con.in_transaction:
                con.execute("ROLLBACK")
            return None
        try:
            for code in [codes] if isinstance(codes, str) else codes:
                hid, code = _household(con, code)
                events = _events(con, hid, code)
                state = derive_state(events)
                ev = make_status_event(
                    rules,
                    state,
                    code,
                    to,
                    at,
                    by=by,
                    note=note,
                    doc_no=doc_no,
                    doc_date=doc_date,
                    lang=lang,
                )
                _insert(con, ev, hid)
                out.append((ev, derive_state([*events, ev])))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return out, regime
    finally:
        con.close()
