"""The law on the command line: donate, Treasury deposit, enforcement decision, effective
dates, holidays, limits, init's regime and locate's position — on the sample and on the
synthetic project (run in-process through tl342.cli.app.main)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tl342.cli.app import main

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "dt342.tl342"


def run(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def ok_json(capsys, *args):
    rc, out, err = run(capsys, *args, "--json")
    assert rc == 0, err
    return json.loads(out)


@pytest.fixture
def sample(tmp_path) -> Path:
    dest = tmp_path / "dt342.tl342"
    shutil.copyfile(SAMPLE, dest)
    return dest


def _to(capsys, p, code, *steps, day="2022-12-01"):
    for st in steps:
        rc, _, err = run(capsys, "status", p, code, st, "--date", day)
        assert rc == 0, err


# ---- donations on the sample --------------------------------------------------------------
def test_sample_tree_donor_cannot_skip_payment(capsys, sample):
    """TL-065 donated only its trees: `na paid` is refused with the 764 million still owed,
    and the handover stays refused."""
    _to(capsys, sample, "TL-065", "appraised", "approved", "recovery_decided")
    rc, _, err = run(capsys, "na", sample, "TL-065", "paid", "--reason", "x")
    assert rc == 2
    assert "TL-065 is at 'land recovery decision'" in err
    assert "764.151.000 đồng is still payable" in err
    rc, _, err = run(capsys, "status", sample, "TL-065", "handed_over", "--date", "2022-12-02")
    assert rc == 2 and "payment (or a Treasury deposit) must be recorded" in err
    rc, _, err = run(capsys, "na", sample, "TL-065", "paid", "--reason", "x", "--lang", "vi")
    assert rc == 2 and "còn phải chi trả 764.151.000 đồng" in err


def test_sample_tree_donor_recorded_with_donate(capsys, sample):
    """`donate --value` records the trees; the household still owes, may skip nothing."""
    d = ok_json(
        capsys,
        "donate",
        sample,
        "TL-065",
        "--value",
        "57.976.000",
        "--doc",
        "15/BB-HC",
        "--doc-date",
        "13/11/2022",
    )
    assert d["assets_value_vnd"] == 57_976_000 and d["land_m2"] == 0
    assert d["payable_vnd"] == 764_151_000
    assert not d["may_skip_payment"] and not d["may_skip_recovery_decision"]
    shown = ok_json(capsys, "donate", sample, "TL-065", "--show")
    assert shown["doc_no"] == "15/BB-HC" and shown["doc_date"] == "2022-11-13"


def test_sample_full_land_donor_hands_over(capsys, sample):
    """TL-039 donated all its land and is owed nothing: its payment step was skipped at import,
    `donate --all-land` says both steps may be skipped, and the handover is allowed."""
    d = ok_json(capsys, "donate", sample, "TL-039", "--all-land", "--doc", "21/BB-HĐ")
    assert d["all_land_donated"] and d["payable_vnd"] == 0
    assert d["may_skip_payment"] and d["may_skip_recovery_decision"]
    out = ok_json(capsys, "status", sample, "TL-039", "handed_over", "--date", "2022-11-22")
    assert out["status"] == "handed_over" and "paid" in out["not_applicable"]


# ---- donations on the synthetic project ---------------------------------------------------
# HGD002 is at "approved", owed 246 913 578 + 1 000 000 đồng, 4 500 m² recovered.
def test_synthetic_tree_only_and_partial_donors_refused(capsys, project_file):
    """Trees only, then half the land: `na recovery_decided` and `na paid` are refused."""
    p = project_file
    ok_json(capsys, "donate", p, "HGD002", "--value", "5000000", "--doc", "1/BB")
    for step in ("recovery_decided", "paid"):
        rc, _, err = run(capsys, "na", p, "HGD002", step, "--reason", "hiến")
        assert rc == 2 and err.startswith("error: HGD002 is at 'plan approval': "), err
    d = ok_json(capsys, "donate", p, "HGD002", "--land-m2", "2250", "--doc", "2/BB")
    assert d["land_m2"] == 2250 and d["recovered_m2"] == pytest.approx(4500, abs=0.1)
    assert not d["all_land_donated"]
    rc, _, err = run(capsys, "na", p, "HGD002", "recovery_decided", "--reason", "hiến")
    assert rc == 2 and "recovered land 4.500,0 m²" in err and "land 2.250,0 m²" in err


def test_synthetic_full_donor_with_nothing_payable_allowed(capsys, tmp_path, project_file):
    """All the land donated and nothing payable: both steps skipped, handover allowed."""
    from tl342.store import repo
    from tl342.store.project import Project

    with Project.open(project_file) as pr, pr.session() as s:
        from tl342.store.schema import HouseholdRow

        row = s.query(HouseholdRow).filter_by(code="HGD002").one()
        row.compensation_vnd, row.support_vnd = 0, 0
        assert repo.household_dues(s, "HGD002").payable_vnd == 0
    p = project_file
    rc, _, err = run(capsys, "na", p, "HGD002", "recovery_decided", "--reason", "hiến")
    assert rc == 2  # nothing recorded yet: all land donated is not known
    d = ok_json(
        capsys, "donate", p, "HGD002", "--all-land", "--doc", "3/BB", "--date", "2022-06-09"
    )
    assert d["all_land_donated"] and d["may_skip_payment"]
    hist = ok_json(capsys, "history", p, "HGD002")
    assert "donated" in hist["flags"]  # the flag is set by the donation record
    ok_json(capsys, "na", p, "HGD002", "recovery_decided", "--reason", "hiến toàn bộ")
    ok_json(capsys, "na", p, "HGD002", "paid", "--reason", "không còn khoản chi trả")
    out = ok_json(capsys, "status", p, "HGD002", "handed_over", "--date", "2022-06-10")
    assert out["status"] == "handed_over"


def test_donate_refuses_bad_input(capsys, project_file):
    """More land than recovered, no document, or nothing donated: exit 2, nothing written."""
    p = project_file
    for args, words in (
        (("--land-m2", "9000", "--doc", "1"), "more than the recovered land"),
        (("--value", "10"), "document number is required"),
        (("--doc", "1"), "say what was donated"),
    ):
        rc, _, err = run(capsys, "donate", p, "HGD002", *args)
        assert rc == 2 and words in err, err
    assert ok_json(capsys, "donate", p, "HGD002", "--show")["doc_no"] == ""


# ---- deposit → enforcement → handover -------------------------------------------------------
def test_deposit_enforcement_handover(capsys, project_file):
    """Payment by Treasury deposit, then the enforcement decision, then the handover; the
    deposit is counted apart from money received in summary and lists."""
    p = project_file
    _to(capsys, p, "HGD002", "recovery_decided", day="2022-06-08")
    rc, _, err = run(capsys, "status", p, "HGD002", "paid", "--deposited", "--date", "2022-06-09")
    assert rc == 2 and "document number" in err
    out = ok_json(
        capsys,
        "status",
        p,
        "HGD002",
        "paid",
        "--deposited",
        "--doc",
        "88/KBNN",
        "--doc-date",
        "2022-06-09",
        "--date",
        "2022-06-09",
    )
    assert out["deposited"] and out["event"]["deposited"]
    ok_json(capsys, "flag", p, "HGD002", "enforcement", "--date", "2022-06-09")
    rc, _, err = run(capsys, "status", p, "HGD002", "handed_over", "--date", "2022-06-10")
    assert rc == 2 and "enforcement decision (number, date)" in err
    ok_json(capsys, "flag", p, "HGD002", "enforcement", "--off", "--date", "2022-06-09")
    flag = ok_json(
        capsys,
        "flag",
        p,
        "HGD002",
        "enforcement",
        "--doc",
        "12/QĐ-CC",
        "--doc-date",
        "2022-06-09",
        "--date",
        "2022-06-09",
    )
    assert flag["event"]["doc_no"] == "12/QĐ-CC"
    done = ok_json(capsys, "status", p, "HGD002", "handed_over", "--date", "2022-06-10")
    assert done["status"] == "handed_over"
    summ = ok_json(capsys, "summary", p, "--date", "2022-06-10")
    assert summ["deposited_households"] == 1
    assert summ["amounts_vnd"]["deposited"] == 246_913_578 + 1_000_000
    assert summ["amounts_vnd"]["paid"] == 0  # no money was received
    rows = {r["code"]: r for r in ok_json(capsys, "list", "households", p)}
    assert rows["HGD002"]["payment"] == "deposited" and rows["HGD001"]["payment"] == "paid"
    rc, text, _ = run(capsys, "list", "households", p)
    assert "HGD002" in text and "[Gửi Kho bạc]" in text.split("HGD002")[1].splitlines()[0]


def test_progress_report_counts_deposits_apart(project_file):
    """The report figures carry the deposit in its own count and amount."""
    from tl342.services.progress import Figures
    from tl342.store import actions
    from tl342.store.project import Project

    with Project.open(project_file) as pr:
        actions.change_status(pr, "HGD002", "recovery_decided", date(2022, 6, 8))
        actions.change_status(pr, "HGD002", "paid", date(2022, 6, 9), doc_no="1/KB", deposited=True)
        snap = actions.load_snapshot(pr)
    from tl342.services import progress as pf

    days = pf._figures_on(snap, date(2022, 6, 10), ["Đạp Thanh"], {})
    f: Figures = days.rows["Đạp Thanh"]
    assert (f.paid, f.deposited) == (1, 1)  # HGD001 paid in hand, HGD002 deposited
    assert f.deposited_vnd == 247_913_578


# ---- effective date and deadlines ---------------------------------------------------------
def test_effective_date_moves_the_payment_deadline(capsys, project_file):
    """`status --effective` on the plan approval (Land Law 2024): payment is due 30 days after
    the day it takes effect, not after the signing."""
    p = project_file
    steps = ("notified", "inventoried", "plan_drafted", "posted", "consulted", "appraised")
    _to(capsys, p, "HGD003", *steps, day="2022-06-01")
    out = ok_json(
        capsys,
        "status",
        p,
        "HGD003",
        "approved",
        "--date",
        "2022-06-01",
        "--effective",
        "2022-06-06",
    )
    assert out["event"]["effective_on"] == "2022-06-06"
    board = ok_json(capsys, "campaign", p, "--date", "2022-07-05")
    due = [x for x in board["due_soon"] if x["household"] == "HGD003" and x["step"] == "paid"]
    assert [x["due"] for x in due] == ["2022-07-06"]  # 6/6 + 30 days, a Wednesday
    assert not [x for x in board["overdue"] if x["household"] == "HGD003" and x["step"] == "paid"]


def test_sample_saturday_due_not_overdue_on_sunday(capsys, sample):
    """On Sunday 18/12/2022 a payment due Saturday 17/12 is still due (Monday 19/12), not late."""
    board = ok_json(capsys, "campaign", sample, "--date", "2022-12-18")
    late = [x for x in board["overdue"] if x["step"] == "paid" and x["due"] == "2022-12-17"]
    assert late == []
    soon = [x for x in board["due_soon"] if x["step"] == "paid" and x["due"] == "2022-12-19"]
    assert soon


# ---- holidays, limits, init, locate -----------------------------------------------------------
@pytest.mark.parametrize(("year", "tet"), [(2031, "2031-01-23"), (2040, "2040-02-12")])
def test_holidays_command(capsys, year, tet):
    """`holidays --year` lists 1/1 and Tết with names and the library as their source."""
    data = ok_json(capsys, "holidays", "--year", year, "--lang", "vi")
    days = {h["date"]: h for h in data["holidays"]}
    assert days[f"{year}-01-01"]["source"] == "library"
    assert "Tết" in days[tet]["name"]
    en = ok_json(capsys, "holidays", "--year", year, "--lang", "en")
    assert "Lunar New Year" in {h["date"]: h for h in en["holidays"]}[tet]["name"]


def test_holidays_command_shows_swap_data(capsys):
    """2024: the swapped day off comes from library and swap data; the worked Saturday listed."""
    data = ok_json(capsys, "holidays", "--year", "2024")
    assert "swap data" in {h["date"]: h for h in data["holidays"]}["2024-04-29"]["sources"]
    assert [w["date"] for w in data["worked_weekend_days"]] == ["2024-05-04"]


def test_limits_command(capsys, project_file):
    """`limits` lists every limit with its source; --set changes a setting, not the law."""
    data = ok_json(capsys, "limits", project_file, "--set", "appraisal=20")
    rows = {r["id"]: r for r in data["limits"]}
    assert rows["appraisal"]["limit"] == 20 and rows["appraisal"]["setting"]
    assert rows["appraisal"]["default_limit"] == 30
    assert "art. 94" in rows["payment"]["source_text"]
    rc, _, err = run(capsys, "limits", project_file, "--set", "payment=45")
    assert rc == 2 and "set by law" in err
    again = ok_json(capsys, "limits", project_file)
    assert {r["id"]: r["limit"] for r in again["limits"]}["payment"] == 30


def test_limits_setting_changes_the_deadline(capsys, project_file):
    """A project's own approval limit (3 working days) moves the approval deadline."""
    p = project_file
    _to(
        capsys,
        p,
        "HGD003",
        "notified",
        "inventoried",
        "plan_drafted",
        "posted",
        "consulted",
        day="2022-06-01",
    )
    ok_json(capsys, "status", p, "HGD003", "appraised", "--date", "2022-06-06")  # Monday
    base = ok_json(capsys, "campaign", p, "--date", "2022-06-10")
    ok_json(capsys, "limits", p, "--set", "approval=3")
    after = ok_json(capsys, "campaign", p, "--date", "2022-06-10")

    def due(board):
        return [
            x["due"]
            for k in ("overdue", "due_soon")
            for x in board[k]
            if x["household"] == "HGD003" and x["step"] == "approved"
        ]

    assert due(base) == ["2022-06-13"] and due(after) == ["2022-06-09"]
    text = [x for x in after["overdue"] if x["household"] == "HGD003"][0]["description"]
    assert text.endswith("(project setting)")


def test_init_says_regime_and_why(capsys, tmp_path):
    """Without --regime init names the regime and the reason; a 2022 campaign is Land Law 2013."""
    d = ok_json(capsys, "init", tmp_path / "a.tl342", "--campaign-start", "2022-11-14")
    assert d["regime"] == "land_law_2013" and "before the Land Law 2024" in d["regime_reason"]
    d = ok_json(capsys, "init", tmp_path / "b.tl342", "--campaign-start", "2024-08-01")
    assert d["regime"] == "land_law_2024"
    rc, out, _ = run(capsys, "init", tmp_path / "c.tl342")
    assert rc == 0 and "regime: land_law_2024 — no --regime and no --campaign-start" in out
    d = ok_json(
        capsys,
        "init",
        tmp_path / "d.tl342",
        "--regime",
        "land_law_2013",
        "--campaign-start",
        "2025-01-01",
    )
    assert d["regime"] == "land_law_2013" and d["regime_reason"] == "given with --regime"


def test_locate_position_and_far_point(capsys, project_file):
    """The synthetic road runs x = 440 000 … 442 000 at y = 2 350 000: before, along, after;
    78 km away is refused (exit 2), --max-offset widens the limit."""
    p = project_file
    d = ok_json(capsys, "locate", p, "--point", "440500,2350020")
    assert (d["position"], d["chainage"]) == ("along", "Km40+500")
    assert ok_json(capsys, "locate", p, "--point", "439900,2350000")["position"] == "before_start"
    assert ok_json(capsys, "locate", p, "--point", "442100,2350010")["position"] == "after_end"
    rc, _, err = run(capsys, "locate", p, "--point", "440500,2428000")
    assert rc == 2 and "78,000 m from the route" in err and "--max-offset 500 m" in err
    rc, _, err = run(capsys, "locate", p, "--point", "439000,2350000")
    assert rc == 2 and "before the start" in err
    wide = ok_json(capsys, "locate", p, "--point", "440500,2350800", "--max-offset", "1000")
    assert wide["offset_m"] == pytest.approx(-800.0)
    assert ok_json(capsys, "locate", p, "--chainage", "Km41+000")["position"] == "along"


def test_copy_keeps_donations(capsys, project_file, tmp_path):
    """`tl342 copy` carries the donation records to the new file."""
    ok_json(capsys, "donate", project_file, "HGD002", "--land-m2", "100", "--doc", "9/BB")
    dest = tmp_path / "copy.tl342"
    rc, _, err = run(capsys, "copy", project_file, dest)
    assert rc == 0, err
    assert ok_json(capsys, "donate", dest, "HGD002", "--show")["doc_no"] == "9/BB"
