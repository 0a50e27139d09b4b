"""Rights on a shared project, as the database enforces them, seen from the program.

The rules themselves live in PostgreSQL (grants and triggers installed by
``tl342 server init``, see :mod:`tl342.store.server_admin`): a viewer's INSERT is refused by
the grants, a confirmation by the recorder himself by a trigger. This module turns those
refusals into one-line user errors, confirms steps, and says who changed a household first.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import false, or_, select, text
from sqlalchemy.exc import DBAPIError

from ..core.errors import UserError
from .schema import ConfirmationRow, EventRow, HouseholdRow

ROLES = ("tl342_viewer", "tl342_editor", "tl342_approver", "tl342_admin")
CONFIRMED_STEPS = ("approved", "paid")  # four-eyes steps: take effect once confirmed
_DEVICE = platform.node()[:100]


def effective_events():
    """WHERE clauses keeping the events that count: confirmed (or needing no confirmation)
    and not held back by an offline sync conflict."""
    return (
        EventRow.sync_state == "",
        or_(
            EventRow.needs_confirmation == false(),
            EventRow.id.in_(select(ConfirmationRow.event_id)),
        ),
    )


@dataclass(frozen=True)
class Awaiting:
    """A step recorded but not yet confirmed by a second person."""

    event_id: int
    household_code: str
    to_status: str
    recorded_by: str  # database login
    signer: str  # the --by named on the document
    recorded_at: datetime
    device: str


def awaiting(s) -> dict[str, list[Awaiting]]:
    """Unconfirmed four-eyes steps by household code, oldest first."""
    q = (
        select(
            EventRow.id,
            HouseholdRow.code,
            EventRow.to_status,
            EventRow.db_user,
            EventRow.by,
            EventRow.recorded_at,
            EventRow.device,
        )
        .join(HouseholdRow, EventRow.household_id == HouseholdRow.id)
        .where(
            EventRow.needs_confirmation == True,  # noqa: E712 - SQL expression
            EventRow.sync_state == "",
            EventRow.id.not_in(select(ConfirmationRow.event_id)),
        )
        .order_by(EventRow.id)
    )
    out: dict[str, list[Awaiting]] = {}
    for row in s.execute(q):
        out.setdefault(row[1], []).append(Awaiting(*row))
    return out


def confirm(project, code: str) -> list[Awaiting]:
    """Confirm the steps of ``code`` awaiting confirmation (one transaction, write lock).

    The database refuses a confirmation by the user who recorded the step (trigger) or by a
    user who is not an approver (grants); the same checks are made here first so the message
    is clear on a project file too.
    """
    from ..core.workflow import derive_state
    from . import repo
    from .server_sync import refuse_if_checked_out

    refuse_if_checked_out(project, "confirmations")
    with project.session(lock=True) as s:
        repo.household_id(s, code)
        pending = awaiting(s).get(code, [])
        if not pending:
            raise UserError(f"{code}: no step is awaiting confirmation")
        me = _current_user(s)
        for p in pending:
            if p.recorded_by and p.recorded_by == me:
                raise UserError(
                    f"{code}: you recorded the step '{p.to_status}' yourself; "
                    "another approver must confirm it"
                )
        state = derive_state(repo.load_events(s, code))
        first = s.get(EventRow, pending[0].event_id)
        if first.from_status and first.from_status != state.status.value:
            raise UserError(
                f"{code}: the household moved to '{state.status.value}' after the step "
                f"'{first.to_status}' was recorded; record it again instead"
            )
        now = datetime.now().replace(microsecond=0)
        for p in pending:
            s.add(
                ConfirmationRow(
                    event_id=p.event_id, confirmed_by=me, confirmed_at=now, device=_DEVICE
                )
            )
        s.flush()
    return pending


def awaits_confirmation(s, event_id: int | None) -> bool:
    """True when the server marked this just-appended event as needing a second approver."""
    if event_id is None or s.bind.dialect.name != "postgresql":
        return False
    return bool(
        s.execute(select(EventRow.needs_confirmation).where(EventRow.id == event_id)).scalar()
    )


def _current_user(s) -> str:
    from .server_chain import db_user

    return db_user(s)


def my_role(engine) -> str | None:
    """The highest tl342 group role of the connected login, or None (no roles installed)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT rolname FROM pg_roles WHERE rolname LIKE 'tl342\\_%' "
                    "AND pg_has_role(current_user, oid, 'MEMBER')"
                )
            ).scalars()
            have = set(rows)
    except DBAPIError:
        return None
    for role in reversed(ROLES):
        if role in have:
            return role
    return None


def translate(exc: Exception, engine) -> UserError | None:
    """A database refusal as a one-line user error, or None when it is not one of ours."""
    orig = getattr(exc, "orig", None) or exc  # SQLAlchemy's wrapper, or the driver's error
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if code == "42501":  # insufficient_privilege: the grants said no
        role = my_role(engine) or "no tl342 role"
        if role == "tl342_viewer" or role == "no tl342 role":
            return UserError(f"you have read-only rights on this project ({role})")
        return UserError(f"your role may not do this on this project ({role})")
    if code == "P0001":  # raised by one of our triggers: its message is for the user
        diag = getattr(orig, "diag", None)
        msg = getattr(diag, "message_primary", None) or str(orig).splitlines()[0]
        return UserError(msg)
    return None


def connect_error(exc: Exception, target: str) -> UserError:
    """An unreachable server or a refused login, on one line."""
    from .project import _safe

    text_ = str(getattr(exc, "orig", None) or exc)
    lines = [ln.strip() for ln in text_.splitlines() if ln.strip()]
    low = text_.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        return UserError(
            f"{_safe(target)}: the server refused the login (wrong user name or password)"
        )
    if "does not exist" in low and "database" in low:
        return UserError(f"{_safe(target)}: no such database on the server")
    if "connection refused" in low or "could not" in low or "timeout" in low or "resolve" in low:
        return UserError(
            f"{_safe(target)}: cannot reach the server ({lines[-1] if lines else 'no answer'}): "
            "check the address and that the server runs"
        )
    return UserError(f"{_safe(target)}: {lines[0] if lines else exc.__class__.__name__}")


def latest_change(s, code: str):
    """The household's latest event row (any kind, confirmed or not), or None."""
    return s.execute(
        select(
            EventRow.id,
            EventRow.kind,
            EventRow.to_status,
            EventRow.flag,
            EventRow.db_user,
            EventRow.by,
            EventRow.recorded_at,
            EventRow.device,
        )
        .join(HouseholdRow, EventRow.household_id == HouseholdRow.id)
        .where(HouseholdRow.code == code, EventRow.sync_state == "")
        .order_by(EventRow.id.desc())
        .limit(1)
    ).first()


def changed_by_other(
    s, code: str, lang: str = "en", *, status_only: bool = False
) -> UserError | None:
    """ "DT-012 was moved to 'paid' by lan at 10:42 (laptop-3); your change was not saved"
    when the household's latest event was written by another user or machine
    (``status_only``: only when that event moved its status)."""
    row = latest_change(s, code)
    if row is None or (status_only and not row.to_status):
        return None
    me = _current_user(s)
    if (row.db_user or "") == me and (row.device or "") == _DEVICE:
        return None
    who = row.db_user or row.by or "?"
    when = row.recorded_at.strftime("%H:%M") if row.recorded_at else "?"
    if row.recorded_at and row.recorded_at.date() != datetime.now().date():
        when = row.recorded_at.strftime("%d/%m/%Y %H:%M")
    where = f" ({row.device})" if row.device else ""
    if lang == "vi":
        what = f"đã được chuyển sang '{row.to_status}'" if row.to_status else "đã được thay đổi"
        return UserError(
            f"{code} {what} bởi {who} lúc {when}{where}; thay đổi của bạn chưa được lưu"
        )
    what = f"was moved to '{row.to_status}'" if row.to_status else "was changed"
    return UserError(f"{code} {what} by {who} at {when}{where}; your change was not saved")


def check_seen(s, code: str, seen: dict | None, lang: str = "en") -> None:
    """Refuse a change decided on a stale picture: the household's latest event is not the
    one the user saw (``seen[code]``: event id, or None for none) and was someone else's."""
    if seen is None or code not in seen:
        return
    row = latest_change(s, code)
    if (row.id if row else None) != seen[code]:
        err = changed_by_other(s, code, lang)
        if err is not None:
            raise err


def later_by_others(project, events, lang: str = "en") -> UserError | None:
    """Before an undo: a refusal when someone else changed one of these households after
    the change being undone (the undo would silently take back a state they built on)."""
    mine: dict[str, int] = {}
    for ev in events:
        if ev.id is not None:
            mine[ev.household_code] = max(mine.get(ev.household_code, 0), ev.id)
    with project.session() as s:
        for code, last_mine in mine.items():
            row = latest_change(s, code)
            if row is not None and row.id > last_mine:
                err = changed_by_other(s, code, lang)
                if err is not None:
                    if lang == "vi":
                        text_ = str(err).replace("; thay đổi của bạn chưa được lưu", "")
                        return UserError(f"{text_} sau thay đổi của bạn; chưa hoàn tác")
                    text_ = str(err).replace("; your change was not saved", "")
                    return UserError(f"{text_} after your change; your change was not undone")
    return None
