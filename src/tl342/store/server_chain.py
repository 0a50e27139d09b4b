"""Tamper-evident event history: every event stores a hash of its content and of the
previous event's hash (a hash chain), computed at append time by :mod:`.eventlog` (the one
write path), in the transaction that appends (under the project's write lock). ``verify`` walks the chain and names the first
event that was edited, inserted or deleted behind the program's back.

The head of the chain (last id and hash) is kept in ``meta['chain_head']`` so that deleting
the newest events is caught too: on a server initialised by ``tl342 server init`` a trigger
owned by the administrator writes it (editors may not write ``meta``); elsewhere this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import eventlog
from .eventlog import CHAIN_HEAD, HASHED, LOCK_KEY, SERVER_MARK, event_hash  # noqa: F401
from .eventlog import hash_values as _hash_values
from .schema import EventRow, HouseholdRow, MetaRow

_AT = HASHED.index("at")


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def db(s: Session) -> eventlog.Db:
    """The session's own DB-API connection (same transaction), for :mod:`.eventlog`."""
    conn = s.connection()
    return eventlog.Db(conn.connection.driver_connection, conn.dialect.name)


def db_user(s: Session) -> str:
    """The database login writing in this session (on a file: the computer's user name)."""
    return eventlog.db_user(db(s))


def is_server(s: Session) -> bool:
    return eventlog.is_server(db(s))


def stamp(s: Session, rows: list[dict]) -> None:
    """Fill ``db_user`` and ``hash`` of event rows about to be appended, in order (with no
    rows: only take the lock)."""
    eventlog.stamp(db(s), rows)


def set_head(s: Session, last_id: int | None, last_hash: str) -> None:
    """Remember the chain's head (the server's trigger does it there)."""
    eventlog.set_head(db(s), last_id, last_hash)


def rehash_all(conn) -> int:
    """Compute the whole chain again (migration of existing projects; offline sync)."""
    cols = [EventRow.__table__.c[k] for k in HASHED]
    rows = conn.execute(select(EventRow.id, *cols).order_by(EventRow.id)).mappings().all()
    prev, last = "", None
    table = EventRow.__table__
    for r in rows:
        new = event_hash(prev, dict(r))
        conn.execute(table.update().where(table.c.id == r["id"]).values(hash=new, prev_hash=prev))
        prev = new
        last = r["id"]
    conn.execute(MetaRow.__table__.delete().where(MetaRow.key == CHAIN_HEAD))
    conn.execute(MetaRow.__table__.insert().values(key=CHAIN_HEAD, value=f"{last or 0} {prev}"))
    return len(rows)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events: int
    bad_event: int | None = None
    message: str = ""


def verify(s: Session) -> Verdict:
    """Walk the chain and name the first event that was edited (its content no longer gives
    its hash), inserted (the chain goes around it) or preceded by deleted events (its link
    points at a hash no longer there)."""
    cols = [EventRow.__table__.c[k] for k in HASHED]
    q = (
        select(EventRow.id, EventRow.hash, EventRow.prev_hash, HouseholdRow.code, *cols)
        .join(HouseholdRow, EventRow.household_id == HouseholdRow.id, isouter=True)
        .order_by(EventRow.id)
    )
    # plain tuples, streamed with one row of look-ahead: 140 000 events hash in seconds and
    # only their ids and hashes are kept (the rows of a district held at once cost ~250 MB)
    stream = iter(s.connection().execute(q))

    def count() -> int:
        return int(s.execute(select(func.count()).select_from(EventRow)).scalar() or 0)

    def name(r) -> str:
        return f"event {r[0]} ({r[3] or '?'}, {_plain(r[4 + _AT])})"

    def bad(r, what: str) -> Verdict:
        return Verdict(False, count(), r[0], f"{name(r)} {what} behind the program's back")

    prev = ""
    hashes: list[str] = []
    ids: list[int] = []
    before = None
    r = next(stream, None)
    while r is not None:
        nxt = next(stream, None)
        i = len(ids)
        content_ok = _hash_values(r[2], r[4:]) == r[1]
        link_ok = r[2] == prev
        if content_ok and link_ok:
            prev = r[1]
            hashes.append(prev)
            ids.append(r[0])
            before, r = r, nxt
            continue
        if link_ok:
            return bad(r, "was edited")
        if before is not None and r[2] == (hashes[i - 2] if i >= 2 else ""):
            return bad(before, "was inserted")  # the chain goes around the row before
        if not content_ok or (nxt is not None and nxt[2] == prev):
            return bad(r, "was inserted")  # does not belong to the chain at all
        return Verdict(
            False,
            count(),
            r[0],
            f"event(s) just before {name(r)} were deleted behind the program's back",
        )
    head = s.execute(select(MetaRow.value).where(MetaRow.key == CHAIN_HEAD)).scalar()
    if head:
        head_id, _, head_hash = head.partition(" ")
        last_id = ids[-1] if ids else 0
        if head_hash != prev:
            if head_hash in hashes:  # events appended after the head without the program
                k = hashes.index(head_hash) + 1
                added = s.connection().execute(q.where(EventRow.id == ids[k])).one()
                return bad(added, "was inserted")
            return Verdict(
                False,
                len(ids),
                int(head_id),
                f"event {head_id}, the latest recorded (after event {last_id}), "
                "was deleted behind the program's back",
            )
    return Verdict(True, len(ids))
