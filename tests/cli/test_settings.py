"""`tl342 settings`: document settings stored in the project and printed on its documents."""

from __future__ import annotations

import json

from pypdf import PdfReader

from tl342.cli.app import main


def _text(path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages)


def test_settings_set_show_and_refuse(project_file, capsys, qapp):
    """--set stores values (shown by --json), defaults fill the rest, an unknown key or a
    missing '=' is a one-line error (exit 2) that changes nothing."""
    assert main(["settings", str(project_file), "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["place"] == "Ba Chẽ" and before["commune_title"] == "CHỦ TỊCH"
    assert main(["settings", str(project_file), "--set", "place=Kỳ Thượng", "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after == {**before, "place": "Kỳ Thượng"}
    assert main(["settings", str(project_file), "--set", "nope=1", "--set", "place=X"]) == 2
    assert "unknown setting nope" in capsys.readouterr().err
    assert main(["settings", str(project_file), "--set", "place"]) == 2
    main(["settings", str(project_file), "--json"])
    assert json.loads(capsys.readouterr().out)["place"] == "Kỳ Thượng"


def test_settings_appear_in_the_pdfs(project_file, tmp_path, capsys, qapp):
    """Issuer, place and signers set through the CLI are printed on the posting list and the
    report, under the national motto, with the commune's confirmation block."""
    main(
        [
            "settings",
            str(project_file),
            "--set",
            "issuer=BAN QUẢN LÝ DỰ ÁN",
            "--set",
            "place=Kỳ Thượng",
            "--set",
            "signer_name=Nguyễn Văn Bình",
            "--set",
            "commune_signers=Đạp Thanh=Hoàng Văn Toản; Thanh Lâm=Lý Thị Hoa",
        ]
    )
    posting, report = tmp_path / "p.pdf", tmp_path / "r.pdf"
    assert (
        main(
            ["--lang", "vi", "export", "posting", str(project_file), "--out", str(posting)]
            + ["--date", "2022-06-10"]
        )
        == 0
    )
    assert (
        main(
            ["--lang", "vi", "export", "report", str(project_file), "--out", str(report)]
            + ["--date", "2022-06-10"]
        )
        == 0
    )
    for path in (posting, report):
        text = _text(path)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "BAN QUẢN LÝ DỰ ÁN" in text and "Kỳ Thượng, ngày 10 tháng 06 năm 2022" in text
        assert "TM. TỔ CÔNG TÁC" in text and "Nguyễn Văn Bình" in text
    text = _text(posting)
    assert "XÁC NHẬN CỦA UBND XÃ ĐẠP THANH" in text and "TM. ỦY BAN NHÂN DÂN" in text
    assert "Hoàng Văn Toản" in text and "Lý Thị Hoa" in text and "(Ký tên, đóng dấu)" in text
