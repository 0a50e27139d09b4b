"""The event log's read/append core, written once in plain SQL against a DB-API connection.

Every event is appended here, whoever calls: the full application reaches it through its
SQLAlchemy session's own DB-API connection (``repo.append_event`` → :func:`append_event`, in
the session's transaction), the light ``tl342 status`` path on a project file through a plain
``sqlite3`` connection. So there is one write path: the same household look-up, the same hash
chain (``hash``/``prev_hash``, the chain head in ``meta``), the same columns
(``deposited``, ``effective_on``) and the same rules. This module imports no SQLAlchemy.

:class:`Db` hides the two differences between the drivers: the parameter style (``?`` is
written here, ``%s`` sent to psycopg) and how SQLite stores dates (text, as SQLAlchemy
writes it: ``YYYY-MM-DD`` and ``YYYY-MM-DD HH:MM:SS.ffffff``) and booleans (0/1).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import platform
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache

from ..core.errors import UserError
from ..core.model import Event, EventKind, Flag, HouseholdState, Status

CHAIN_HEAD = "chain_head"
SERVER_MARK = "server"  # meta key set by `tl342 server init` (roles, triggers, PostGIS)
LOCK_KEY = 342_342  # pg_advisory_xact_lock key of a project's write lock
DEVICE = platform.node()[:100]

# the columns a hash covers, in this order (ids, the confirmation marker and the local sync
# marker are not content: ids change when offline work is sent to the server)
HASHED = (
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
    "db_user",
    "deposited",
    "effective_on",
)
# an appended row: the hashed content, its links, and the markers the server may change
INSERTED = (*HASHED, "prev_hash", "hash", "needs_confirmation", "sync_state")

_AS_IS = frozenset((str, int, float, bool, type(None)))
_dumps = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder


def hash_values(prev: str, values) -> str:
    """sha256 of the canonical JSON list [prev, *values] (values in ``HASHED`` order)."""
    body = _dumps([prev, *[v if type(v) in _AS_IS else v.isoformat() for v in values]])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def event_hash(prev: str, values: dict) -> str:
    """sha256 of the previous hash and the event's content (a canonical JSON list)."""
    return hash_values(prev, [values.get(k) for k in HASHED])


@cache  # the login does not change while the program runs (a status change is hot)
def os_user() -> str:
    try:
        return getpass.getuser()[:100]
    except Exception:  # no login name (a service account): leave it blank
        return ""


def _sqlite_value(v):
    """A Python value as SQLAlchemy stores it in SQLite (so both writers store the same)."""
    t = type(v)
    if t is datetime:
        return (
            f"{v.year:04d}-{v.month:02d}-{v.day:02d} "
            f"{v.hour:02d}:{v.minute:02d}:{v.second:02d}.{v.microsecond:06d}"
        )
    if t is date:
        return f"{v.year:04d}-{v.month:02d}-{v.day:02d}"
    if t is bool:
        return int(v)
    return v


def _q(name: str) -> str:
    return f'"{name}"'  # quoted: "by" and "at" are SQL words


class Db:
    """A DB-API connection and its dialect ("sqlite" or "postgresql")."""

    __slots__ = ("conn", "dialect", "sqlite")

    def __init__(self, conn, dialect: str) -> None:
        self.conn = conn
        self.dialect = dialect
        self.sqlite = dialect == "sqlite"

    def sql(self, text: str) -> str:
        """SQL written with ``?`` placeholders, in the driver's parameter style."""
        return text if self.sqlite else text.replace("?", "%s")

    def execute(self, text: str, params: Sequence = ()):
        cur = self.conn.cursor()
        if self.sqlite:
            cur.execute(text, [_sqlite_value(v) for v in params])
        else:
            cur.execute(text.replace("?", "%s"), list(params))
        return cur

    def scalar(self, text: str, params: Sequence = ()):
        row = self.execute(text, params).fetchone()
        return row[0] if row else None

    def date(self, v):
        return date.fromisoformat(v) if self.sqlite and v is not None else v

    def datetime(self, v):
        return datetime.fromisoformat(v) if self.sqlite and v is not None else v


# -- meta and the write lock -----------------------------------------------------------------


def meta(db: Db, key: str, default: str = "") -> str:
    value = db.scalar("SELECT value FROM meta WHERE key = ?", (key,))
    return default if value is None else value


def lock(db: Db) -> None:
    """Take the project's write lock inside the open transaction (a no-op write on a file)."""
    if db.sqlite:
        db.execute("UPDATE meta SET value = value WHERE key = 'app'")
    else:
        db.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEY,))


def parse_limits(raw: str) -> dict[str, int]:
    """The project's own values of the time limits (meta ``limits``, JSON)."""
    return {k: int(v) for k, v in json.loads(raw).items()} if raw else {}


def make_rules(regime: str, limits: dict[str, int]):
    """The workflow rules of a regime with the project's limits."""
    from ..core.model import Regime
    from ..core.workflow import load_rules

    rules = load_rules(Regime(regime))
    return rules.with_limits(limits) if limits else rules


# -- households and events -------------------------------------------------------------------


def household_key(db: Db, code: str) -> tuple[int, str]:
    """Id and stored code of a household; codes match ignoring case (``dt-012`` is DT-012)."""
    hid = db.scalar("SELECT id FROM household WHERE code = ?", (code,))
    if hid is not None:
        return hid, code
    wanted = code.strip().casefold()
    found = [
        (i, c)
        for i, c in db.execute("SELECT id, code FROM household").fetchall()
        if c.casefold() == wanted
    ]
    if len(found) != 1:  # none, or codes that differ only by case: the exact code is needed
        raise UserError(f"no household with code {code!r}")
    return found[0]


_EVENT_SELECT = (
    'SELECT e.id, e.kind, e."at", e.from_status, e.to_status, e.flag, e.step, e."by", e.note, '
    "e.doc_no, e.doc_date, e.reverts, e.recorded_at, e.deposited, e.effective_on, h.code "
    "FROM event e JOIN household h ON e.household_id = h.id "
    # the events that count: not held back by a sync conflict, confirmed or needing none
    "WHERE e.sync_state = '' AND (e.needs_confirmation = ? "
    "OR e.id IN (SELECT event_id FROM confirmation))"
)
_STATUS = {st.value: st for st in Status}
_FLAG = {f.value: f for f in Flag}
_KIND = {k.value: k for k in EventKind}


def load_events(db: Db, code: str | None = None) -> list[Event]:
    """Events in append order, for one household (its stored code) or all."""
    if code is None:
        rows = db.execute(_EVENT_SELECT + " ORDER BY e.id", (False,))
    else:
        rows = db.execute(_EVENT_SELECT + " AND h.code = ? ORDER BY e.id", (False, code))
    status, flag, kind = _STATUS.get, _FLAG.get, _KIND.__getitem__
    if db.sqlite:
        day, moment = date.fromisoformat, datetime.fromisoformat
    else:
        day = moment = _same
    # positional construction from plain tuples: 140 000 events load in about a second
    return [
        Event(
            code,
            kind(k),
            day(at),
            status(fs),
            status(ts),
            flag(fl),
            status(st),
            by,
            note,
            doc,
            doc_date and day(doc_date),
            rev,
            rec and moment(rec),
            id_,
            bool(dep),
            eff and day(eff),
        )
        for id_, k, at, fs, ts, fl, st, by, note, doc, doc_date, rev, rec, dep, eff, code in rows
    ]


def _same(v):
    return v


def now() -> datetime:
    """When an event is recorded (to the second)."""
    return datetime.now().replace(microsecond=0)


def event_values(ev: Event, hid: int) -> dict:
    """The row of a new event (before its hash-chain stamp)."""
    return dict(
        household_id=hid,
        kind=ev.kind.value,
        from_status=ev.from_status.value if ev.from_status else None,
        to_status=ev.to_status.value if ev.to_status else None,
        flag=ev.flag.value if ev.flag else None,
        step=ev.step.value if ev.step else None,
        at=ev.at,
        by=ev.by,
        note=ev.note,
        doc_no=ev.doc_no,
        doc_date=ev.doc_date,
        reverts=ev.reverts,
        recorded_at=ev.recorded_at or now(),
        device=DEVICE,
        deposited=bool(ev.deposited),
        effective_on=ev.effective_on,
    )


# -- the hash chain --------------------------------------------------------------------------


def db_user(db: Db) -> str:
    """The database login writing (on a file: the computer's user name)."""
    if db.sqlite:
        return os_user()
    return db.scalar("SELECT current_user") or ""


def is_server(db: Db) -> bool:
    """A PostgreSQL project set up by ``tl342 server init`` (its trigger keeps the head)."""
    return not db.sqlite and bool(meta(db, SERVER_MARK))


def stamp(db: Db, rows: list[dict]) -> None:
    """Fill ``db_user``, ``prev_hash`` and ``hash`` of event rows about to be appended, in
    order (with no rows: only take the lock)."""
    if not db.sqlite:  # a re-entrant lock: the chain cannot fork
        db.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEY,))
    if not rows:
        return
    user = db_user(db)
    prev = db.scalar("SELECT hash FROM event ORDER BY id DESC LIMIT 1") or ""
    for row in rows:
        row["db_user"] = user
        row["prev_hash"] = prev
        row["hash"] = prev = event_hash(prev, row)


def set_head(db: Db, last_id: int | None, last_hash: str) -> None:
    """Remember the chain's head (the server's trigger does it there)."""
    if is_server(db):
        return
    value = f"{last_id or 0} {last_hash}"
    cur = db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, CHAIN_HEAD))
    if not cur.rowcount:
        db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (CHAIN_HEAD, value))


_INSERT = (
    f"INSERT INTO event ({', '.join(map(_q, INSERTED))}) VALUES ({', '.join('?' * len(INSERTED))})"
)


def _row(values: dict) -> list:
    values.setdefault("needs_confirmation", False)
    values.setdefault("sync_state", "")
    return [values[k] for k in INSERTED]


def append_event(db: Db, ev: Event, hid: int | None = None) -> Event:
    """Append one event (never updates or deletes), chained to the one before it (hash);
    returns it with id and timestamp. ``hid``: the household's id when the caller has it."""
    values = event_values(ev, household_key(db, ev.household_code)[0] if hid is None else hid)
    stamp(db, [values])
    if db.sqlite:
        ev.id = db.execute(_INSERT, _row(values)).lastrowid
    else:
        ev.id = db.execute(_INSERT + " RETURNING id", _row(values)).fetchone()[0]
    set_head(db, ev.id, values["hash"])
    ev.recorded_at = values["recorded_at"]
    return ev


def append_events(db: Db, events: Sequence[Event]) -> int:
    """Append many events in one statement (bulk imports); ids are not read back."""
    if not events:
        return 0
    ids = dict(db.execute("SELECT code, id FROM household").fetchall())
    missing = sorted({ev.household_code for ev in events} - ids.keys())
    if missing:
        raise UserError(f"no household with code {missing[0]!r}")
    rows = [event_values(ev, ids[ev.household_code]) for ev in events]
    stamp(db, rows)
    cur = db.conn.cursor()
    if db.sqlite:
        cur.executemany(_INSERT, [[_sqlite_value(v) for v in _row(r)] for r in rows])
    else:
        cur.executemany(db.sql(_INSERT), [_row(r) for r in rows])
    set_head(db, db.scalar("SELECT max(id) FROM event"), rows[-1]["hash"])
    return len(events)


# -- the status change -----------------------------------------------------------------------


def change_status(
    db: Db,
    rules,
    codes: Sequence[str],
    to: Status,
    at: date,
    *,
    by: str = "",
    note: str = "",
    doc_no: str = "",
    doc_date: date | None = None,
    lang: str = "en",
    deposited: bool = False,
    effective_on: date | None = None,
    before: Callable[[str], None] | None = None,
    refused: Callable[[str, Exception], Exception] | None = None,
    pending: Callable[[Event], bool] | None = None,
) -> list[tuple[Event, HouseholdState]]:
    """Move households to ``to`` inside the caller's transaction (the write lock taken): the
    first refusal is raised and the caller rolls back. The hooks are the shared server's:
    ``before(code)`` may refuse a change decided on a stale picture, ``refused(code, exc)``
    names who changed the household last, ``pending(ev)`` says a four-eyes step awaits
    confirmation (then the state returned is the one before it)."""
    from ..core.errors import TransitionError
    from ..core.workflow import derive_state, make_status_event

    out = []
    for code in codes:
        hid, code = household_key(db, code)  # codes match ignoring case
        events = load_events(db, code)
        state = derive_state(events)
        if before is not None:
            before(code)
        try:
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
                deposited=deposited,
                effective_on=effective_on,
            )
        except TransitionError as exc:
            raise (refused(code, exc) if refused is not None else exc) from None
        append_event(db, ev, hid)
        if pending is not None and pending(ev):  # four eyes: not in effect yet
            out.append((ev, state))
        else:
            out.append((ev, derive_state([*events, ev])))
    return out
