"""Use cases shared by the CLI and the GUI: each is one transaction on a project.

The workflow rules (``core.workflow``) decide whether a change is allowed; this module reads
the current events, asks the rules, and appends the new event(s) — all or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from ..core.errors import UserError
from ..core.model import Event, EventKind, Flag, HouseholdState, Status
from . import eventlog, repo, server_chain, server_rights
from .project import Project


def _rules(project: Project):
    return eventlog.make_rules(project.regime.value, get_limits(project))


def get_limits(project: Project) -> dict[str, int]:
    """The project's own values of the time limits that are project settings (not law)."""
    # read once per open project: status changes are hot
    return eventlog.parse_limits(project.cached_meta("limits"))


def set_limits(project: Project, limits: dict[str, int]) -> dict[str, int]:
    """Change project-setting limits (``{rule id: value}``); a legal limit is refused."""
    from ..core.workflow import load_rules

    merged = {**get_limits(project), **{k: int(v) for k, v in limits.items()}}
    load_rules(project.regime).with_limits(merged)  # raises for a legal or unknown limit
    project.set_meta(limits=json.dumps(merged, sort_keys=True))
    return merged


def change_status(
    project: Project,
    codes: str | Sequence[str],
    to: Status | str,
    at: date,
    *,
    by: str = "",
    note: str = "",
    doc_no: str = "",
    doc_date: date | None = None,
    lang: str = "en",
    deposited: bool = False,
    effective_on: date | None = None,
    seen: dict[str, int | None] | None = None,
) -> list[tuple[Event, HouseholdState]]:
    """Move one or several households to ``to``; all move or none (the first refusal is raised,
    its reason in ``lang``). ``deposited``: the payment step met by a State Treasury deposit;
    ``effective_on``: the decision takes effect on that day. ``seen``: the latest event id the
    user saw per household; a change decided on an older picture is refused naming who changed
    it (shared server)."""
    codes = [codes] if isinstance(codes, str) else list(codes)
    to = _status(to)
    rules = _rules(project)
    hooks = {}
    if seen is not None:  # the picture the user decided on (the GUI on a shared server)

        def before(code: str) -> None:
            server_rights.check_seen(s, code, seen, lang)

        hooks["before"] = before
    if not project.is_file:  # a file has one writer and no four-eyes confirmations

        def refused(code: str, exc: Exception) -> Exception:
            # on a shared server, who changed the household last
            other = server_rights.changed_by_other(s, code, lang, status_only=True)
            return UserError(f"{exc} — {other}") if other else exc

        def pending(ev: Event) -> bool:
            return server_rights.awaits_confirmation(s, ev.id)

        hooks.update(refused=refused, pending=pending)
    with project.session(lock=True) as s:
        return eventlog.change_status(
            server_chain.db(s),
            rules,
            codes,
            to,
            at,
            by=by,
            note=note,
            doc_no=doc_no,
            doc_date=doc_date,
            lang=lang,
            deposited=deposited,
            effective_on=effective_on,
            **hooks,
        )


def set_flag(
    project: Project,
    code: str,
    flag: Flag | str,
    on: bool,
    at: date,
    *,
    by: str = "",
    note: str = "",
    lang: str = "en",
    doc_no: str = "",
    doc_date: date | None = None,
) -> tuple[Event, HouseholdState]:
    """Set or clear a flag; ``doc_no``/``doc_date``: the decision it rests on (enforcement)."""
    from ..core.workflow import derive_state, make_flag_event

    try:
        flag = Flag(flag)
    except ValueError:
        raise UserError(
            f"unknown flag {flag!r}; use one of {', '.join(f.value for f in Flag)}"
        ) from None
    with project.session(lock=True) as s:
        code = repo_code(s, code)
        events = repo.load_events(s, code)
        ev = make_flag_event(
            derive_state(events),
            code,
            flag,
            on,
            at,
            by=by,
            note=note,
            lang=lang,
            doc_no=doc_no,
            doc_date=doc_date,
        )
        repo.append_event(s, ev)
        return ev, derive_state([*events, ev])


def mark_not_applicable(
    project: Project,
    code: str,
    step: Status | str,
    reason: str,
    at: date,
    *,
    by: str = "",
    lang: str = "en",
) -> tuple[Event, HouseholdState]:
    from ..core.workflow import derive_state, make_na_event

    with project.session(lock=True) as s:
        code = repo_code(s, code)
        events = repo.load_events(s, code)
        ev = make_na_event(
            _rules(project),
            derive_state(events),
            code,
            _status(step),
            reason,
            at,
            by=by,
            dues=repo.household_dues(s, code),
            lang=lang,
        )
        repo.append_event(s, ev)
        return ev, derive_state([*events, ev])


def revert_event(
    project: Project, event_id: int, at: date, *, by: str = "", lang: str = "en"
) -> tuple[Event, HouseholdState]:
    """Undo an event by appending its inverse (history is never rewritten)."""
    return revert_events(project, [event_id], at, by, lang=lang)[0]


def revert_events(
    project: Project, event_ids: Sequence[int], at: date, by: str = "", *, lang: str = "en"
) -> list[tuple[Event, HouseholdState]]:
    """Undo several events (in the order given) in one transaction: all are undone or none.

    Each undo sees the ones before it, so two events of one household can be undone together
    (the later first). The first event that cannot be undone raises a
    :class:`~tl342.core.errors.UserError` naming its household, and nothing is written.
    """
    from ..core.errors import TransitionError
    from ..core.workflow import derive_state, make_revert_event

    ids = list(event_ids)
    out: list[tuple[Event, HouseholdState]] = []
    with project.session(lock=True) as s:
        by_household = repo.events_by_household(s)
        code_of = {e.id: code for code, evs in by_household.items() for e in evs}
        for event_id in ids:
            code = code_of.get(event_id)
            if code is None:
                raise UserError(f"no event with id {event_id}; nothing was undone")
            events = by_household[code]
            try:
                ev = make_revert_event(events, event_id, at, by=by, lang=lang)
            except TransitionError as exc:
                what = "không hoàn tác được" if lang == "vi" else "cannot be undone"
                rest = "không có gì thay đổi" if lang == "vi" else "nothing was undone"
                raise UserError(f"{code}: {what}: {exc}; {rest}") from None
            repo.append_event(s, ev)
            events.append(ev)
            out.append((ev, derive_state(events)))
    return out


def record_donation(
    project: Project,
    code: str,
    *,
    land_m2: float = 0.0,
    all_land: bool = False,
    value_vnd: int = 0,
    doc_no: str = "",
    doc_date: date | None = None,
    note: str = "",
    at: date | None = None,
    by: str = "",
    lang: str = "en",
):
    """Record what ``code`` voluntarily donated (land area or all its recovered land, and/or
    trees and structures by value) on one document; sets the ``donated`` flag if not set.

    Returns (Donation, Dues after it, flag Event or None). All or nothing.
    """
    from dataclasses import replace

    from ..core.law import AREA_TOLERANCE_M2, Donation, format_m2
    from ..core.workflow import derive_state, make_flag_event

    vi = lang == "vi"
    if land_m2 < 0 or value_vnd < 0:
        raise UserError(
            f"{code}: "
            + (
                "diện tích và giá trị hiến không được âm"
                if vi
                else "donated area and value cannot be negative"
            )
        )
    if all_land and land_m2:
        raise UserError(f"{code}: --all-land and --land-m2 exclude each other")
    if not (all_land or land_m2 > 0 or value_vnd > 0):
        raise UserError(
            f"{code}: "
            + (
                "ghi diện tích đất hiến hoặc giá trị cây cối, công trình hiến"
                if vi
                else "say what was donated: land (--land-m2 / --all-land) and/or value (--value)"
            )
        )
    if not doc_no.strip():
        raise UserError(
            f"{code}: "
            + (
                "cần số biên bản hiến (--doc)"
                if vi
                else "the donation document number is required (--doc)"
            )
        )
    donation = Donation(
        household_code=code,
        land_m2=float(land_m2),
        all_land=bool(all_land),
        assets_value_vnd=int(value_vnd),
        doc_no=doc_no.strip(),
        doc_date=doc_date,
        note=note,
    )
    with project.session(lock=True) as s:
        dues = repo.household_dues(s, code, donations={})
        if land_m2 > dues.recovered_m2 + AREA_TOLERANCE_M2:
            raise UserError(
                f"{code}: "
                + (
                    f"diện tích hiến {format_m2(land_m2)} lớn hơn diện tích thu hồi "
                    f"{format_m2(dues.recovered_m2)}"
                    if vi
                    else f"donated area {format_m2(land_m2)} is more than the recovered land "
                    f"{format_m2(dues.recovered_m2)}"
                )
            )
        donation = repo.add_donation(s, donation, by=by)
        events = repo.load_events(s, code)
        state = derive_state(events)
        flag_ev = None
        if Flag.DONATED not in state.flags:
            flag_ev = make_flag_event(
                state,
                code,
                Flag.DONATED,
                True,
                at or doc_date or date.today(),
                by=by,
                note=note or donation.describe("vi", dues.recovered_m2),
                lang=lang,
                doc_no=donation.doc_no,
                doc_date=doc_date,
            )
            repo.append_event(s, flag_ev)
    return donation, replace(dues, donation=donation), flag_ev


def donation_of(project: Project, code: str):
    """(Donation in effect or None, Dues) of one household."""
    with project.session() as s:
        dues = repo.household_dues(s, code)
    return dues.donation, dues


def history(project: Project, code: str) -> list[Event]:
    with project.session() as s:
        return repo.load_events(s, repo_code(s, code))


def repo_code(s, code: str) -> str:
    """Check the household exists (clear error otherwise) and return its stored code
    (codes match ignoring case)."""
    return repo.household_key(s, code)[1]


def _status(value: Status | str) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise UserError(
            f"unknown status {value!r}; use one of {', '.join(s.value for s in Status)}"
        ) from None


# -- campaign ----------------------------------------------------------------------------------


def set_campaign(project: Project, campaign) -> None:
    project.set_meta(
        campaign=json.dumps(
            {
                "name": campaign.name,
                "start": campaign.start.isoformat(),
                "length_days": campaign.length_days,
                "target_day": campaign.target_day,
            },
            ensure_ascii=False,
        )
    )


def get_campaign(project: Project):
    from .snapshot_read import parse_campaign

    return parse_campaign(project.get_meta("campaign"))


# -- snapshot ----------------------------------------------------------------------------------


def load_snapshot(project: Project):
    """Read the whole project once into memory for views, reports and exports (a Snapshot):
    :func:`.snapshot_read.read_snapshot`, through the session's own DB-API connection."""
    from .snapshot_read import read_snapshot

    meta = dict(name=project.name, crs=project.crs, regime=project.regime)
    meta.update(campaign=get_campaign(project), limits=get_limits(project))
    with project.session() as s:
        return read_snapshot(repo._read(s), **meta)


__all__ = [
    "EventKind",
    "change_status",
    "donation_of",
    "get_limits",
    "record_donation",
    "set_limits",
    "get_campaign",
    "history",
    "load_snapshot",
    "mark_not_applicable",
    "revert_event",
    "revert_events",
    "set_campaign",
    "set_flag",
]
