"""The event log's one write path: the light `tl342 status` path (plain sqlite3) and the full
application (SQLAlchemy session) write the same rows through `store.eventlog`."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest
from sqlalchemy import insert, select

from tl342.cli.app import main
from tl342.core.errors import UserError
from tl342.core.model import Event, EventKind, Status
from tl342.store import actions, eventlog, quickwrite, server_chain
from tl342.store.project import Project
from tl342.store.schema import EventRow

RECORDED = datetime(2022, 6, 20, 9, 30, 5)


def _rows(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        events = con.execute("SELECT * FROM event ORDER BY id").fetchall()
        head = con.execute("SELECT value FROM meta WHERE key = 'chain_head'").fetchone()
    finally:
        con.close()
    return [*events, head]


# (codes, step, date, details): a refusal, case-insensitive codes, an effective date, a
# Treasury deposit, several households at once, and all-or-none
STEPS = [
    (
        ["hgd002"],
        "recovery_decided",
        date(2022, 6, 12),
        {"doc_no": "45/QĐ-UBND", "effective_on": date(2022, 6, 15)},
    ),
    (["HGD003"], "handed_over", date(2022, 6, 12), {}),  # refused: HGD003 is pending
    (
        ["HGD002"],
        "paid",
        date(2022, 6, 20),
        {"deposited": True, "doc_no": "KB-17", "by": "Trung tâm PTQĐ", "note": "gửi Kho bạc"},
    ),
    (["Hgd003", "HGD004"], "notified", date(2022, 6, 21), {}),  # HGD004 refused: none moves
    (["HGD003"], "notified", date(2022, 6, 21), {"doc_date": date(2022, 6, 20)}),
]


def _run(change, lang="en") -> list:
    """Apply STEPS through ``change(codes, step, at, **details)``; what each step gave."""
    out = []
    for codes, step, at, details in STEPS:
        try:
            results = change(codes, step, at, lang=lang, **details)
        except UserError as exc:
            out.append(("refused", str(exc)))
            continue
        out.append([(ev.id, ev.household_code, st.status, st.deposited) for ev, st in results])
    return out


def test_light_and_full_paths_write_identical_rows(project_template, tmp_path, monkeypatch):
    """The same changes (refusals, deposits, effective dates, any-case codes) give the same
    event rows, all columns, and the same chain head, on the light and the full path."""
    monkeypatch.setattr(eventlog, "now", lambda: RECORDED)
    light, full = tmp_path / "light.tl342", tmp_path / "full.tl342"
    light.write_bytes(project_template.read_bytes())
    full.write_bytes(project_template.read_bytes())
    before = len(_rows(light)) - 1

    def quick(codes, step, at, **kw):
        done = quickwrite.change_status(str(light), codes, step, at, **kw)
        assert done is not None, "a current, writable file takes the light path"
        return done[0]

    with Project.open(full) as p:
        full_out = _run(
            lambda codes, step, at, **kw: actions.change_status(p, codes, step, at, **kw)
        )
    light_out = _run(quick)
    assert light_out == full_out
    assert [o[0] for o in light_out if o[0] == "refused"] == ["refused", "refused"]
    rows = _rows(light)
    assert rows == _rows(full)
    assert len(rows) - 1 == before + 3  # three events written, nothing by the refusals
    by_id = {r[0]: r for r in rows[:-1]}
    decided = by_id[light_out[0][0][0]]
    assert "2022-06-15" in decided and "45/QĐ-UBND" in decided
    paid = by_id[light_out[2][0][0]]
    assert light_out[2][0][2:] == (Status.PAID, True)
    assert "KB-17" in paid and "2022-06-20 09:30:05.000000" in paid
    for path in (light, full):
        assert main(["verify", str(path)]) == 0


def test_eventlog_stores_values_as_sqlalchemy_does(project_file):
    """A row appended by the event log equals the row SQLAlchemy writes for the same values,
    and reads back through the ORM with its types (dates, datetime, bool)."""
    ev = Event(
        "HGD003",
        EventKind.STATUS,
        date(2022, 6, 11),
        Status.PENDING,
        Status.NOTIFIED,
        by="Tổ",
        note="x",
        doc_no="1/TB",
        doc_date=date(2022, 6, 10),
        recorded_at=RECORDED,
        deposited=True,
        effective_on=date(2022, 6, 12),
    )
    with Project.open(project_file) as p, p.session(lock=True) as s:
        db = server_chain.db(s)
        values = eventlog.event_values(ev, eventlog.household_key(db, "HGD003")[0])
        eventlog.stamp(db, [values])
        by_orm = s.execute(insert(EventRow).values(**values)).inserted_primary_key[0]
        ours = eventlog.append_event(db, ev).id
        row = s.scalars(select(EventRow).where(EventRow.id == ours)).one()
        assert (row.at, row.doc_date, row.effective_on) == (ev.at, ev.doc_date, ev.effective_on)
        assert row.recorded_at == RECORDED and row.deposited is True
    con = sqlite3.connect(project_file)
    cur = con.execute("SELECT * FROM event WHERE id IN (?, ?) ORDER BY id", (by_orm, ours))
    names = [d[0] for d in cur.description]
    a, b = ({**dict(zip(names, r, strict=True)), "id": 0} for r in cur.fetchall())
    con.close()
    assert a["hash"] == b["prev_hash"]  # the second is chained to the first
    drop = ("hash", "prev_hash")
    assert {k: v for k, v in a.items() if k not in drop} == {
        k: v for k, v in b.items() if k not in drop
    }
    assert a["recorded_at"] == "2022-06-20 09:30:05.000000" and a["at"] == "2022-06-11"


def test_light_path_steps_aside_for_unusual_projects(project_file, monkeypatch):
    """A newer schema, a checked-out copy, a read-only project, a URL: no light path."""
    at = date(2022, 6, 11)
    assert quickwrite.change_status("postgresql://u@h/db", ["HGD003"], "notified", at) is None
    monkeypatch.setenv("TL342_READ_ONLY", "1")
    assert quickwrite.change_status(str(project_file), ["HGD003"], "notified", at) is None
    monkeypatch.delenv("TL342_READ_ONLY")
    con = sqlite3.connect(project_file)
    with con:
        con.execute("INSERT INTO meta (key, value) VALUES ('checkout_url', 'postgresql://h/db')")
    assert quickwrite.change_status(str(project_file), ["HGD003"], "notified", at) is None
    with con:
        con.execute("DELETE FROM meta WHERE key = 'checkout_url'")
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    assert quickwrite.change_status(str(project_file), ["HGD003"], "notified", at) is None
    con.close()
    with pytest.raises(UserError, match="made by a newer tl342"):
        Project.open(project_file)


def _both_refused(project_file, monkeypatch, pragma: str, **details) -> tuple[str, str]:
    """The light and the full path's messages for one change, each connection given ``pragma``."""
    from sqlalchemy import event

    plain = quickwrite._sqlite_pragmas

    def pragmas(con, record):
        plain(con, record)
        con.execute(pragma)

    at = date(2022, 6, 11)
    monkeypatch.setattr(quickwrite, "_sqlite_pragmas", pragmas)
    with pytest.raises(UserError) as light:
        quickwrite.change_status(str(project_file), ["HGD003"], "notified", at, **details)
    with Project.open(project_file) as p:
        p.engine.dispose()
        event.listen(p.engine, "connect", lambda c, _r: c.execute(pragma))
        with pytest.raises(UserError) as full:
            actions.change_status(p, "HGD003", "notified", at, **details)
    return str(light.value), str(full.value)


def test_light_path_full_disk_says_what_the_full_path_says(project_file, monkeypatch):
    """A full disk (max_page_count reached): the same one line on both paths, nothing written."""
    con = sqlite3.connect(project_file)
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    before = con.execute("SELECT count(*) FROM event").fetchone()[0]
    con.close()
    light, full = _both_refused(
        project_file, monkeypatch, f"PRAGMA max_page_count={pages}", note="x" * 200_000
    )
    assert light == full and "the disk is full; free some space" in light
    assert len(_rows(project_file)) - 1 == before


def test_light_path_locked_file_says_what_the_full_path_says(project_file, monkeypatch):
    """Another program holding the file locked: the same one line on both paths."""
    other = sqlite3.connect(project_file)
    other.execute("BEGIN EXCLUSIVE")
    try:
        light, full = _both_refused(project_file, monkeypatch, "PRAGMA busy_timeout=50")
    finally:
        other.rollback()
        other.close()
    assert light == full and "locked by another program; close it" in light
