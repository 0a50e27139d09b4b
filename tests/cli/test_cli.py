"""Every CLI command on a small project built by the CLI, and bad input: exit 2, one line, nothing changed."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from cli_helpers import HOUSEHOLDS, run_cli, run_json


def content_digest(path) -> str:
    """A digest of the project's logical content (independent of WAL/checkpoint state)."""
    con = sqlite3.connect(path)
    digest = hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    con.close()
    return digest


def test_summary_reports_totals(built_project):
    """summary --json has the documented keys and the totals of the imported files."""
    data = run_json("summary", built_project, "--date", "2022-11-21")
    assert data["households"] == len(HOUSEHOLDS)
    assert data["parcels"] == len(HOUSEHOLDS) + 1
    assert data["route"] == {
        "start": "Km10+000",
        "end": "Km13+100",
        "length_m": 3000.0,
        "stakes": 3,
        "equations": 1,
    }
    # each household parcel is 80 m wide across a 30 m corridor: 2 400 m² recovered
    assert data["recovered_area_m2"] == pytest.approx(4 * 2400, abs=0.5)
    assert set(data["recovered_area_by_land_type_m2"]) == {"RSX", "CLN"}
    assert data["status_counts"]["inventoried"] == 1 and data["status_counts"]["notified"] == 1
    assert data["status_counts"]["pending"] == 2
    assert data["campaign"]["day"] == 8 and data["campaign"]["length_days"] == 30
    assert data["campaign"]["target_day"] == 15 and data["campaign"]["days_left"] == 22


def test_locate_chainage_and_point(built_project):
    """locate maps chainage to a point and back, across the station equation."""
    after_gap = run_json("locate", built_project, "--chainage", "Km12+000")
    assert after_gap["x"] == pytest.approx(430000 + 1900)
    assert after_gap["candidates"] and len(after_gap["candidates"]) == 1
    left = run_json("locate", built_project, "--point", "431900,2345012")
    assert left["chainage"] == "Km12+000" and left["side"] == "L"
    assert left["offset_m"] == pytest.approx(-12.0)
    assert left["distance_m"] == pytest.approx(1900.0)


def test_locate_in_gap_is_a_clear_error(built_project):
    """A chainage skipped by a gap equation has no point, and says so."""
    proc = run_cli("locate", built_project, "--chainage", "Km11+550")
    assert proc.returncode == 2
    assert "gap" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_list_households_search_ignores_diacritics(built_project):
    """'nguyen van hung' finds Nguyễn Văn Hùng; --public leaves out private fields."""
    rows = run_json("list", "households", built_project, "--search", "nguyen van hung", "--public")
    assert [r["code"] for r in rows] == ["DT-001"]
    assert "id_card" not in rows[0] and "phone" not in rows[0]
    rows = run_json("list", "households", built_project, "--commune", "thanh lam")
    assert [r["code"] for r in rows] == ["TL-001"]


def test_list_parcels_with_chainage(built_project):
    """Parcels list their recovered chainage range and household."""
    rows = run_json("list", "parcels", built_project, "--commune", "Đạp Thanh")
    first = next(r for r in rows if r["number"] == "101")
    assert first["household"] == "DT-001"
    assert first["chainage"]["from"] == "Km10+100" and first["chainage"]["to"] == "Km10+180"
    assert first["chainage"]["sides"] == ["L", "R"]


def test_status_flag_history_and_revert(project):
    """A status change is an event; history shows it; revert undoes it by appending."""
    out = run_json(
        "status",
        project,
        "DT-003",
        "notified",
        "--by",
        "Tổ GPMB",
        "--date",
        "2022-11-15",
        "--doc",
        "99/TB",
    )
    assert out["status"] == "notified" and out["event"]["doc_no"] == "99/TB"
    run_json("flag", project, "DT-003", "donated", "--note", "Hiến cây keo")
    hist = run_json("history", project, "DT-003")
    assert [e["kind"] for e in hist["events"]] == ["status", "flag_on"]
    assert hist["flags"] == ["donated"]
    reverted = run_json("revert", project, str(hist["events"][0]["id"]))
    assert reverted["status"] == "pending"
    assert len(run_json("history", project, "DT-003")["events"]) == 3


def test_bulk_status_all_or_nothing(project):
    """Several households move together, or none does."""
    before = content_digest(project)
    proc = run_cli("status", project, "DT-003", "DT-001", "notified")  # DT-001 is past notified
    assert proc.returncode == 2
    assert content_digest(project) == before
    out = run_json("status", project, "DT-003", "TL-001", "notified")
    assert [o["status"] for o in out] == ["notified", "notified"]


def test_campaign_json(project):
    """campaign --json gives day, days left and the handed-over figures."""
    data = run_json("campaign", project, "--date", "2022-11-21")
    assert data["day"] == 8 and data["days_left"] == 22 and data["target_day"] == 15
    assert data["handed_over"]["households"] == 0


BAD_CALLS = [
    (["status", "{p}", "DT-001", "handed_over"], "payment"),
    (["status", "{p}", "NOPE", "notified"], "NOPE"),
    (["status", "{p}", "DT-001", "flying"], "flying"),
    (["flag", "{p}", "DT-002", "complaint"], "complaint"),
    (["flag", "{p}", "DT-001", "complaint", "--off"], "complaint"),
    (["locate", "{p}", "--chainage", "Km10+1200"], "Km10+1200"),
    (["locate", "{p}", "--chainage", "abc"], "abc"),
    (["locate", "{p}", "--chainage", "Km99+000"], "outside"),
    (["locate", "{p}", "--point", "12,x"], "number"),
    (["list", "households", "{p}", "--commune", "Hà Nội"], "Hà Nội"),
    (["status", "{p}", "DT-003", "notified", "--date", "31/02/2022"], "date"),
    (["import", "parcels", "{p}", "{missing}"], "no such file"),
    (["import", "households", "{p}", "{missing}"], "no such file"),
    (["import", "route", "{p}", "{missing}"], "no such file"),
    (["campaign", "{p}", "--start", "2022-11-14", "--target", "40"], "target"),
    (["export", "map", "{p}", "--out", "{tmp}/x.docx"], ".pdf"),
    (["export", "html", "{p}", "--out", "{tmp}/nofolder/x.html"], "does not exist"),
    (["revert", "{p}", "99999"], "99999"),
    (["copy", "{p}", "{p}"], "already exists"),
    (["copy", "{missing}", "{tmp}/c.tl342"], "no such project"),
    (["na", "{p}", "DT-003", "notified", "--reason", "x"], "not applicable"),
]


@pytest.mark.parametrize(
    "argv, needle", BAD_CALLS, ids=[" ".join(a[:2]) + f" {n}" for a, n in BAD_CALLS]
)
def test_bad_input_exit_2_one_line_unchanged(project, tmp_path, argv, needle):
    """Bad input: exit 2, one line on stderr naming the problem, no traceback, project unchanged."""
    before = content_digest(project)
    args = [a.format(p=project, missing=tmp_path / "missing.gpkg", tmp=tmp_path) for a in argv]
    proc = run_cli(*args)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    assert "Traceback" not in proc.stderr
    assert needle.lower() in lines[0].lower()
    assert content_digest(project) == before


@pytest.mark.parametrize("name, content", [("empty.tl342", b""), ("text.tl342", b"not a project")])
def test_opening_non_project_is_a_user_error(tmp_path, name, content):
    """A file that is not a project: exit 2, one line."""
    path = tmp_path / name
    path.write_bytes(content)
    proc = run_cli("summary", path, "--json")
    assert proc.returncode == 2 and "not a tl342 project" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_init_refuses_to_overwrite(project):
    """init on an existing file refuses and leaves it alone."""
    before = content_digest(project)
    proc = run_cli("init", project)
    assert proc.returncode == 2 and "already exists" in proc.stderr
    assert content_digest(project) == before


def test_reimport_parcels_keeps_statuses(project, inputs):
    """Re-importing the parcel file updates by key and keeps every household's history."""
    before = run_json("history", project, "DT-001")
    report = run_json("import", "parcels", project, inputs["parcels"])
    assert report["counts"]["updated"] == 5 and report["counts"]["inserted"] == 0
    assert run_json("history", project, "DT-001") == before


def test_dry_run_writes_nothing(project, inputs):
    """--dry-run validates and reports but leaves the project as it was."""
    before = content_digest(project)
    report = run_json("import", "households", project, inputs["households"], "--dry-run")
    assert report["counts"]["dry_run"] is True
    assert content_digest(project) == before
