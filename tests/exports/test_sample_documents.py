"""Documents on the bundled sample: what is asked is what is printed (issue 9 §1, §3, §5)."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = pytest.mark.slow


def _run(capsys, *argv: str):
    """Run the CLI in-process; return (exit code, parsed JSON stdout or text)."""
    from tl342.cli.app import main

    capsys.readouterr()
    rc = main(list(argv))
    out = capsys.readouterr().out
    try:
        return rc, json.loads(out)
    except ValueError:
        return rc, out


def _pages(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def _km(text: str) -> float:
    m = re.fullmatch(r"Km(\d+)\+(\d+)", text)
    return int(m.group(1)) * 1000 + int(m.group(2))


@pytest.fixture(autouse=True)
def _vietnamese_documents(monkeypatch):
    """These tests read the Vietnamese documents (the test session's CLI speaks English)."""
    monkeypatch.setenv("TL342_LANG", "vi")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The bundled sample project, built once for this module."""
    from tl342.cli.app import main

    d = tmp_path_factory.mktemp("sample_docs")
    path = d / "s.tl342"
    assert main(["init", str(path), "--sample", "--force"]) == 0
    return path


def test_range_atlas_prints_only_the_range(sample, tmp_path, capsys, qapp):
    """atlas --from Km40+000 --to Km45+000: every sheet title lies within the range, sheets
    are numbered within the range, and the index lists only the range's parcels."""
    out = tmp_path / "a.pdf"
    rc, res = _run(
        capsys,
        "export",
        "atlas",
        str(sample),
        "--from",
        "Km40+000",
        "--to",
        "Km45+000",
        "--out",
        str(out),
        "--json",
    )
    assert rc == 0
    pages = _pages(out)
    n = len(res["sheets"])
    assert 0 < n < 30  # the whole route has 42 sheets
    for k, title in enumerate(res["sheets"], 1):
        a, b = (_km(x) for x in title.split(" – "))
        assert 40_000 <= a < b <= 45_000, title
        assert f"tờ {k}/{n}" in pages[k - 1]
    assert res["sheets"][0].startswith("Km40+000") and res["sheets"][-1].endswith("Km45+000")
    index = " ".join(pages[n:])
    assert "BẢNG KÊ THỬA ĐẤT THEO TỜ" in index and "Km40+000 – Km45+000" in index
    # the index's count is the parcels on the range's sheets, not the whole route's 586
    listed = int(re.search(r"(\d+) thửa trên (\d+) tờ", index).group(1))
    assert 0 < listed < 586 and int(re.search(r"thửa trên (\d+) tờ", index).group(1)) == n


@pytest.mark.parametrize("commune", ["Đạp Thanh", "Thanh Lâm"])
def test_commune_map_at_2000_covers_every_recovered_parcel(sample, tmp_path, capsys, qapp, commune):
    """map --commune C --scale 2000: a key map page then road-following sheets that together
    list every recovered parcel of the commune; no sheet has 0 parcels."""
    from tl342.store.actions import load_snapshot
    from tl342.store.project import Project

    out = tmp_path / "c.pdf"
    rc, res = _run(
        capsys,
        "export",
        "map",
        str(sample),
        "--commune",
        commune,
        "--scale",
        "2000",
        "--out",
        str(out),
        "--json",
    )
    assert rc == 0 and res["scale"] == 2000 and res["sheets"] > 1
    assert res["missing"] == []
    assert all(s["parcels"] > 0 for s in res["sheet_list"])
    pages = _pages(out)
    assert "SƠ ĐỒ PHÂN TỜ" in pages[0] and "KHÔNG NIÊM YẾT CÔNG KHAI" in pages[0]
    assert not re.search(r"(?<![\d.])0 thửa", " ".join(pages))
    with Project.open(sample) as project:
        snap = load_snapshot(project)
    wanted = {p.label for p in snap.held_parcels() if p.commune == commune}
    # the sheets' tables: "<no> <sheet/parcel> <land use> <area>" rows
    text = " ".join(pages[1:])
    listed = set(re.findall(r"(?<![\d/])(\d+/\d+)(?=\s+[A-Z]{2,4}\s)", text))
    assert wanted <= listed
    assert res["parcels"] == len({p.key for p in snap.held_parcels() if p.commune == commune})


def test_finished_campaign_is_shown_as_of_its_latest_record(sample, tmp_path, capsys, qapp):
    """Without --date, past the campaign's end: campaign JSON, summary, report and pack use
    the latest recorded event date and say so; never "ngày thứ 1477/30"."""
    rc, camp = _run(capsys, "campaign", str(sample), "--json")
    assert camp["as_of"]["latest_record"] is True
    last = date.fromisoformat(camp["as_of"]["date"])
    assert 1 <= camp["day"] <= camp["length_days"]
    rc, summ = _run(capsys, "summary", str(sample), "--json")
    assert summ["as_of"] == camp["as_of"]
    out = tmp_path / "r.pdf"
    rc, res = _run(capsys, "export", "report", str(sample), "--out", str(out), "--json")
    assert res["as_of"]["latest_record"] is True
    text = " ".join(_pages(out))
    assert f"{last:%d/%m/%Y}" in text and "ghi nhận cuối cùng" in text
    assert not re.search(r"[Nn]gày thứ \d{3,}", text)
    # an explicit --date is used as given and carries no note
    rc, camp2 = _run(capsys, "campaign", str(sample), "--date", "2022-11-10", "--json")
    assert camp2["as_of"] == {"date": "2022-11-10", "latest_record": False, "note": ""}


def test_document_sizes(sample, tmp_path, capsys, qapp):
    """Fonts subset and long lines clipped to the frame: the whole-route atlas is at most
    3 MB (was 11.8 MB) and a commune's meeting pack at most 5 MB."""
    atlas = tmp_path / "atlas.pdf"
    rc, res = _run(capsys, "export", "atlas", str(sample), "--out", str(atlas), "--json")
    assert rc == 0 and len(res["sheets"]) > 40
    assert atlas.stat().st_size <= 3_000_000, atlas.stat().st_size
    pack = tmp_path / "pack"
    rc, res = _run(
        capsys,
        "export",
        "pack",
        str(sample),
        "--commune",
        "Đạp Thanh",
        "--out",
        str(pack),
        "--json",
    )
    assert rc == 0 and res["households"] > 50
    (path,) = res["files"]
    assert Path(path).stat().st_size <= 5_000_000, Path(path).stat().st_size
