"""Tamper-evident event history: every event stores a hash of its content and of the
previous event's hash (a hash chain), computed here at append time, in the transaction that
appends (under the project's write lock). ``verify`` walks the chain and names the first
event that was edited, inserted or deleted behind the program's back.

The head of the chain (last id and hash) is kept in ``meta['chain_head']`` so that deleting
the newest events is caught too: on a server initialised by ``tl342 server init`` a trigger
owned by the administrator writes it (editors may not write ``meta``); elsewhere this module.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from .schema import EventRow, HouseholdRow, MetaRow

CHAIN_HEAD = "chain_head"
SERVER_MARK = "server"  # meta key set by `tl342 server init` (roles, triggers, PostGIS)
LOCK_KEY = 342_342  # pg_advisory_xact_lock key of a project's write lock

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
_AT = HASHED.index("at")


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


_AS_IS = frozenset((str, int, float, bool, type(None)))
_dumps = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder


def _hash_values(prev: str, values) -> str:
    """sha256 of the canonical JSON list [prev, *values] (values in ``HASHED`` order)."""
    body = _dumps([prev, *[v if type(v) in _AS_IS else v.isoformat() for v in values]])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def event_hash(prev: str, values: dict) -> str:
    """sha256 of the previous hash and the event's content (a canonical JSON list)."""
    return _hash_values(prev, [values.get(k) for k in HASHED])


def _os_user() -> str:
    try:
        return getpass.getuser()[:100]
    except Exception:  # no login name (a service account): leave it blank
        return ""


def db_user(s: Session) -> str:
    """The database login writing in this session (on a file: the computer's user name)."""
    if s.bind.dialect.name == "postgresql":
        return s.execute(text("SELECT current_user")).scalar() or ""
    return _os_user()


def is_server(s: Session) -> bool:
    return s.bind.dialect.name == "postgresql" and bool(
        s.execute(select(MetaRow.value).where(MetaRow.key == SERVER_MARK)).scalar()
    )


def stamp(s: Session, rows: list[dict]) -> None:
    """Fill ``db_user`` and ``hash`` of event rows about to be appended, in order (with no
    rows: only take the lock)."""
    if s.bind.dialect.name == "postgresql":  # a re-entrant lock: the chain cannot fork
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    if not rows:
        return
    user = db_user(s)
    prev = s.execute(select(EventRow.hash).order_by(EventRow.id.desc()).limit(1)).scalar() or ""
    for row in rows:
        row["db_user"] = user
        row["prev_hash"] = prev
        row["hash"] = prev = event_hash(prev, row)


def set_head(s: Session, last_id: int | None, last_hash: str) -> None:
    """Remember the chain's head (the server's trigger does it there)."""
    if is_server(s):
        return
    table = MetaRow.__table__
    value = f"{last_id or 0} {last_hash}"
    # Core, not the ORM's merge: this runs on every status change
    done = s.execute(table.update().where(table.c.key == CHAIN_HEAD).values(value=value))
    if not done.rowcount:
        s.execute(table.insert().values(key=CHAIN_HEAD, value=value))


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
