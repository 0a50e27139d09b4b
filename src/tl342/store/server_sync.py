"""Offline field trips: check a project out of the server into a file, work in the file
without a network, then send its new events back (``sync``) and receive the others'.

The file remembers its server (URL without password: the password comes from ~/.pgpass,
the keyring or PGPASSWORD) and the last server event it holds. On sync, an offline event whose
household changed on the server since then is not applied: it stays in the file marked
``sync_state='conflict'`` (left out of the household's state) and is listed in the report,
for someone to resolve. Nothing on the server is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select, text

from ..core.errors import UserError
from .fileguard import CHECKOUT_URL
from .project import Project, _is_url, _safe
from .schema import ConfirmationRow, EventRow, HouseholdRow, MetaRow
from .server_chain import CHAIN_HEAD, HASHED, db_user, event_hash, stamp

CHECKOUT_EVENT = "checkout_event"
_EVENT_COLS = [c.name for c in EventRow.__table__.columns]


def prepared_server(target: str, crs: str) -> Project | None:
    """The empty project made by ``tl342 server init`` at ``target``, or None."""
    if not _is_url(target):
        return None
    try:
        project = Project.open(target)
    except UserError as exc:
        if "not a tl342 project" in str(exc):
            return None  # an empty database: the caller creates the project in it
        raise  # unreachable server, wrong password: one line
    with project.session() as s:
        server = s.execute(select(MetaRow.value).where(MetaRow.key == "server")).scalar()
        filled = (
            s.execute(select(func.count()).select_from(HouseholdRow)).scalar()
            or s.execute(select(func.count()).select_from(EventRow)).scalar()
        )
    if not server or filled:
        project.close()
        if server:
            raise UserError(f"{_safe(target)}: already holds a tl342 project")
        return None
    if project.crs != crs:
        project.close()
        raise UserError(
            f"{_safe(target)}: the server was set up for {project.crs}, the project is in {crs}; "
            f"run `tl342 server init URL --crs {crs}` on an empty database"
        )
    return project


def strip_password(url: str) -> str:
    """The URL to remember: never a password (libpq finds it in ~/.pgpass or PGPASSWORD)."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    cred, host = rest.split("@", 1)
    return f"{scheme}://{cred.split(':', 1)[0]}@{host}"


def checkout(url: str, path: str, *, overwrite: bool = False, progress=None) -> dict:
    """Copy the server's project into a new file that remembers the server."""
    from .copy import copy_project

    if not _is_url(url):
        raise UserError(f"{url}: checkout needs the server's postgresql:// URL")
    if _is_url(path):
        raise UserError(f"{path}: checkout writes a project file, not a URL")
    with Project.open(url) as server:
        counts = copy_project(server, path, overwrite=overwrite, progress=progress)
    with Project.open(path) as local, local.session() as s:
        last = s.execute(select(func.max(EventRow.id))).scalar() or 0
        s.merge(MetaRow(key=CHECKOUT_URL, value=strip_password(url)))
        s.merge(MetaRow(key=CHECKOUT_EVENT, value=str(last)))
    return {"events": counts.get("event", 0), "last_event": last}


def checked_out(project: Project) -> str:
    """The server a project file was checked out from ('' when it was not)."""
    return project.get_meta(CHECKOUT_URL) if project.is_file else ""


def refuse_if_checked_out(project: Project, what: str = "imports") -> None:
    url = checked_out(project)
    if url:
        raise UserError(
            f"{project.target}: checked out from {_safe(url)} for a field trip; {what} go into "
            "the server's project, not into this copy (sync it, then do it on the server)"
        )


@dataclass
class SyncReport:
    sent: int = 0
    received: int = 0
    conflicts: list[dict] = field(default_factory=list)
    last_event: int = 0

    def to_dict(self) -> dict:
        return {
            "sent": self.sent,
            "received": self.received,
            "conflicts": self.conflicts,
            "last_event": self.last_event,
        }


def sync(path: str, url: str | None = None, *, progress=None) -> SyncReport:
    """Send the file's new events to its server, in order, and receive the others'."""
    local = Project.open(path)
    try:
        url = url or checked_out(local)
        if not url:
            raise UserError(f"{path}: not checked out from a server (use `tl342 checkout`)")
        last = int(local.get_meta(CHECKOUT_EVENT, "0") or 0)
        with local.session() as ls:
            rows = [
                dict(r)
                for r in ls.connection()
                .execute(select(EventRow.__table__).where(EventRow.id > last).order_by(EventRow.id))
                .mappings()
            ]
            codes = dict(ls.execute(select(HouseholdRow.id, HouseholdRow.code)).all())
        server = Project.open(url)
        try:
            report, server_rows, confirmations = _send(server, rows, codes, last)
        finally:
            server.close()
        _rewrite_local(local, last, server_rows, confirmations, report)
        return report
    finally:
        local.close()


def _send(server: Project, rows: list[dict], codes: dict, last: int):
    report = SyncReport()
    with server.session(lock=True) as ss:
        changed: dict[int, dict] = {}
        for r in ss.execute(
            select(
                EventRow.household_id,
                EventRow.to_status,
                EventRow.kind,
                EventRow.db_user,
                EventRow.recorded_at,
                EventRow.device,
            )
            .where(EventRow.id > last)
            .order_by(EventRow.id)
        ):
            changed[r.household_id] = dict(r._mapping)  # the latest change wins the report
        id_map: dict[int, int] = {}
        held: set[int] = set()  # households with a conflict: their later events wait too
        stamp(ss, [])  # takes the lock; the chain continues from the server's head
        user = db_user(ss)
        prev = (
            ss.execute(select(EventRow.hash).order_by(EventRow.id.desc()).limit(1)).scalar() or ""
        )
        for r in rows:
            hid = r["household_id"]
            if r["sync_state"]:  # a conflict of an earlier sync: stays for someone to resolve
                held.add(hid)
                report.conflicts.append(_conflict(r, codes, "not resolved since an earlier sync"))
                continue
            other = changed.get(hid)
            if (
                other is not None
                or hid in held
                or (r["reverts"] and r["reverts"] > last and r["reverts"] not in id_map)
            ):
                held.add(hid)
                why = _changed_text(other) if other else "an earlier event of it was not sent"
                report.conflicts.append(_conflict(r, codes, why))
                continue
            values = {
                k: r[k] for k in _EVENT_COLS if k not in ("id", "hash", "prev_hash", "sync_state")
            }
            values["needs_confirmation"] = False
            if r["reverts"] and r["reverts"] > last:
                values["reverts"] = id_map[r["reverts"]]
            values["db_user"], values["prev_hash"] = user, prev
            values["hash"] = prev = event_hash(prev, values)
            new_id = ss.execute(insert(EventRow).values(**values).returning(EventRow.id)).scalar()
            id_map[r["id"]] = new_id
            report.sent += 1
        server_rows = [
            dict(r)
            for r in ss.connection()
            .execute(select(EventRow.__table__).where(EventRow.id > last).order_by(EventRow.id))
            .mappings()
        ]
        confirmations = [
            dict(r) for r in ss.connection().execute(select(ConfirmationRow.__table__)).mappings()
        ]
    report.received = len(server_rows) - report.sent
    report.last_event = server_rows[-1]["id"] if server_rows else last
    return report, server_rows, confirmations


def _rewrite_local(local: Project, last: int, server_rows, confirmations, report) -> None:
    """The file becomes the server's history, then the conflicting events, marked."""
    keep = [c["_row"] for c in report.conflicts]
    with local.session(lock=True) as ls:
        conn = ls.connection()
        conn.execute(delete(ConfirmationRow))
        conn.execute(
            text("UPDATE event SET reverts = NULL WHERE id > :l"), {"l": last}
        )  # offline reverts point at offline ids that are about to go
        conn.execute(delete(EventRow).where(EventRow.id > last))
        cols = {c.name for c in EventRow.__table__.columns}
        if server_rows:
            conn.execute(insert(EventRow), [{k: r[k] for k in cols} for r in server_rows])
        if confirmations:
            conn.execute(insert(ConfirmationRow), confirmations)
        prev = (
            conn.execute(select(EventRow.hash).order_by(EventRow.id.desc()).limit(1)).scalar() or ""
        )
        next_id = (conn.execute(select(func.max(EventRow.id))).scalar() or 0) + 1
        for r in keep:
            values = {k: r[k] for k in cols if k != "id"}
            values["reverts"] = None if (r["reverts"] or 0) > last else r["reverts"]
            values["sync_state"] = "conflict"
            values["prev_hash"] = prev
            values["hash"] = prev = event_hash(prev, values)
            conn.execute(insert(EventRow).values(id=next_id, **values))
            next_id += 1
        head_id = next_id - 1
        ls.merge(MetaRow(key=CHAIN_HEAD, value=f"{head_id} {prev}"))
        ls.merge(MetaRow(key=CHECKOUT_EVENT, value=str(report.last_event)))
    for c in report.conflicts:
        c.pop("_row", None)


def _changed_text(other: dict) -> str:
    when = other["recorded_at"].strftime("%d/%m/%Y %H:%M") if other.get("recorded_at") else ""
    what = f"moved to '{other['to_status']}'" if other.get("to_status") else "changed"
    who = other.get("db_user") or "someone"
    where = f" ({other['device']})" if other.get("device") else ""
    return f"{what} on the server by {who} at {when}{where}"


def _conflict(r: dict, codes: dict, why: str) -> dict:
    what = r["to_status"] or r["flag"] or r["step"] or r["kind"]
    return {
        "household": codes.get(r["household_id"], str(r["household_id"])),
        "event": r["id"],
        "kind": r["kind"],
        "what": what,
        "at": r["at"].isoformat() if r["at"] else "",
        "reason": why,
        "_row": r,
    }


__all__ = ["HASHED", "SyncReport", "checkout", "prepared_server", "strip_password", "sync"]
