"""Tamper-evident history on a project file: events are hash-chained at append time and
`tl342 verify` names the first event edited, inserted or deleted behind the program's back."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tl342.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "dt342.tl342"


def _sql(path, *statements):
    con = sqlite3.connect(path)
    with con:
        for st in statements:
            con.execute(st)
    con.close()


def _verify(path, capsys):
    code = main(["verify", str(path)])
    return code, capsys.readouterr().err


def test_new_events_are_chained_and_verify(project_file, capsys):
    """Events appended by the program verify (exit 0), each linked to the one before."""
    assert main(["status", str(project_file), "HGD003", "notified", "--date", "2022-06-10"]) == 0
    assert _verify(project_file, capsys)[0] == 0
    con = sqlite3.connect(project_file)
    rows = con.execute("SELECT hash, prev_hash, db_user FROM event ORDER BY id").fetchall()
    con.close()
    assert all(len(h) == 64 for h, _p, _u in rows)
    assert [p for _h, p, _u in rows[1:]] == [h for h, _p, _u in rows[:-1]]


def test_verify_names_an_edited_event(project_file, capsys):
    """Changing one event's note with raw SQL: exit 2 naming that event as edited."""
    _sql(project_file, "UPDATE event SET note = 'sửa lén' WHERE id = 5")
    code, err = _verify(project_file, capsys)
    assert code == 2 and "event 5 (" in err and "edited" in err and err.count("\n") == 1


def test_verify_names_an_inserted_event(project_file, capsys):
    """A row inserted with raw SQL (a neighbour's hashes copied) is named as inserted."""
    _sql(
        project_file,
        "INSERT INTO event (household_id, kind, at, by, note, doc_no, recorded_at, device, db_user,"
        " hash, prev_hash, needs_confirmation, sync_state) SELECT household_id, 'flag_on', at, by,"
        " note, doc_no, recorded_at, device, db_user, hash, prev_hash, 0, '' FROM event WHERE id = 3",
    )
    con = sqlite3.connect(project_file)
    new = con.execute("SELECT max(id) FROM event").fetchone()[0]
    con.close()
    code, err = _verify(project_file, capsys)
    assert code == 2 and f"event {new} (" in err and "inserted" in err


@pytest.mark.parametrize("which", ["middle", "last"])
def test_verify_names_a_deleted_event(project_file, capsys, which):
    """Deleting an event in the middle, or the latest one, is caught too."""
    con = sqlite3.connect(project_file)
    last = con.execute("SELECT max(id) FROM event").fetchone()[0]
    con.close()
    gone = 4 if which == "middle" else last
    _sql(project_file, f"DELETE FROM event WHERE id = {gone}")
    code, err = _verify(project_file, capsys)
    assert code == 2 and "deleted" in err
    assert (f"before event {gone + 1} " in err) if which == "middle" else (f"event {gone}," in err)


def test_migration_chains_existing_history(tmp_path, capsys):
    """An older project (the sample, schema 0002) is migrated on open and its existing
    events get a verifying chain."""
    path = tmp_path / "old.tl342"
    shutil.copy(SAMPLE, path)
    code, err = _verify(path, capsys)
    assert code == 0, err
    _sql(path, "UPDATE event SET by = 'ai đó' WHERE id = 100")
    assert _verify(path, capsys)[0] == 2


def test_imports_refused_in_a_checked_out_file(project_file, tmp_path, capsys):
    """A file checked out from a server refuses imports with a message."""
    _sql(
        project_file,
        "INSERT INTO meta (key, value) VALUES ('checkout_url', 'postgresql://lan@office/dt342')",
    )
    csv = tmp_path / "events.csv"
    csv.write_text("household,event,date,by,note,doc_no\nHGD003,notified,2022-06-10,,,\n")
    assert main(["import", "events", str(project_file), str(csv)]) == 2
    err = capsys.readouterr().err
    assert "checked out from postgresql://…@office/dt342" in err and "imports" in err
    assert main(["history", str(project_file), "HGD003", "--json"]) == 0
    assert '"notified"' not in capsys.readouterr().out


def test_gui_model_flags_an_altered_history(project_file, qtbot):
    """The GUI's project model checks the history in the background when asked (the window
    asks after the first paint) and signals when it does not verify."""
    from tl342.store.project import Project
    from tl342.ui.project_model import ProjectModel

    _sql(project_file, "UPDATE event SET note = 'sửa lén' WHERE id = 5")
    model = ProjectModel()
    model.set_project(Project.open(project_file))
    with qtbot.waitSignal(model.integrityProblem, timeout=10_000) as blocker:
        model.check_integrity()
    assert "event 5 (" in blocker.args[0] and model.integrity_problem == blocker.args[0]
    model.project.close()
