"""Exports follow the chosen language (issue 15): with ``lang="en"`` every document is in
English — only names (people, villages, communes, the project, the place) keep their
Vietnamese — and with ``lang="vi"`` the same documents stay Vietnamese."""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

import pytest
from test_privacy import DAY, gpkg_text, pdf_text, sample_snapshot, xlsx_text

from tl342.exports.options import ExportKind, ExportOptions

SRC = Path(__file__).parents[2] / "src" / "tl342" / "exports"
# a letter that only Vietnamese writes (ASCII and the ² of m² are not)
VI_LETTER = re.compile(r"[À-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĐđĨĩŨũƠơƯưẠ-ỹ]")
# every heading each document carries, per language
HEADINGS = {
    "map": ("LOCATION MAP OF THE RECOVERED PARCELS", "SƠ ĐỒ VỊ TRÍ THỬA ĐẤT THU HỒI"),
    "atlas": ("INDEX OF PARCELS BY SHEET", "BẢNG KÊ THỬA ĐẤT THEO TỜ"),
    "pack": ("COMMUNITY MEETING PACK", "HỒ SƠ HỌP DÂN"),
    "posting": ("PUBLIC POSTING LIST", "DANH SÁCH NIÊM YẾT CÔNG KHAI"),
    "report": ("LAND CLEARANCE PROGRESS REPORT", "BÁO CÁO TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG"),
    "html": ("Land clearance progress as of", "Tiến độ GPMB đến ngày"),
    "gpkg": ("Parcels, by household status", "Thửa đất, theo trạng thái hộ"),
}


def data_words(snap) -> set[str]:
    """Every word of the project's own data (names, villages, communes, notes, the project's
    and the campaign's names) and of the default place setting, case-folded: these stay as
    written in an English export."""
    from tl342.store.settings import SETTINGS

    texts = [snap.name, snap.route.name, snap.campaign.name, *snap.communes]
    texts += [s.default for s in SETTINGS if s.key == "place"] + ["BA CHẼ"]  # the district
    for h in snap.households.values():
        texts += [h.head_name, h.village, h.commune, h.note, h.donation_note]
    for evs in snap.events.values():
        texts += [x for e in evs for x in (e.note, e.by)]
    return {w.casefold() for t in texts if t for w in re.findall(r"\w+", t)}


def foreign_words(text: str, allowed: set[str]) -> set[str]:
    """Words of ``text`` written with a Vietnamese letter that are not project data."""
    return {w for w in re.findall(r"\w+", text) if VI_LETTER.search(w)} - {
        w for w in re.findall(r"\w+", text) if w.casefold() in allowed
    }


def export_text(kind: str, lang: str, tmp_path: Path) -> str:
    """Run the exporter of ``kind`` on the sample in ``lang`` (internal profile, so the
    personal-data line and private labels are printed too) and read its text back, runs of
    white space as one space."""
    return " ".join(_export_text(kind, lang, tmp_path).split())


def _export_text(kind: str, lang: str, tmp_path: Path) -> str:
    from importlib import import_module

    from tl342.exports.run import _EXPORTERS as EXPORTERS

    module, func, exts = EXPORTERS[ExportKind(kind)]
    exporter = getattr(import_module(f"tl342.exports.{module}"), func)
    opts = ExportOptions(date=DAY, lang=lang, public=False)
    snap = sample_snapshot()
    if kind == "pack":
        out = tmp_path / "pack"
        exporter(snap, out, opts)
        return "\n".join(pdf_text(p) for p in sorted(out.glob("*.pdf")))
    out = tmp_path / ("out.pdf" if ".pdf" in exts else f"out{exts[0]}")
    exporter(snap, out, opts)
    if kind == "html":
        return out.read_text(encoding="utf-8")
    if kind == "gpkg":
        con = sqlite3.connect(out)
        try:
            descriptions = [r[0] for r in con.execute("SELECT description FROM gpkg_contents")]
        finally:
            con.close()
        text = gpkg_text(out) + "\n" + "\n".join(d for d in descriptions if d)
        return re.sub(r"<!--.*?-->", "", text, flags=re.S)  # QML comments: never shown
    text = pdf_text(out)
    if kind in ("posting", "report"):
        xlsx = tmp_path / "out.xlsx"
        exporter(snap, xlsx, opts)
        text += "\n" + xlsx_text(xlsx)
    return text


@pytest.mark.parametrize("kind", sorted(HEADINGS))
def test_english_export_has_no_vietnamese_but_names(kind, tmp_path):
    """In English, the document's English heading is there, its Vietnamese one is not, and no
    word with a Vietnamese letter is left except the project's own names and notes."""
    text = export_text(kind, "en", tmp_path)
    if kind == "html":  # the map's own part (Leaflet's code comes before the marker)
        from tl342.exports.html import MARKER

        text = text.split(MARKER, 1)[1]
    en, vi = HEADINGS[kind]
    assert en in text and vi not in text
    assert foreign_words(text, data_words(sample_snapshot())) == set()


@pytest.mark.parametrize("kind", ["map", "pack", "report", "gpkg", "html"])
def test_vietnamese_export_stays_vietnamese(kind, tmp_path):
    """The same export in Vietnamese carries the Vietnamese heading and not the English one."""
    text = export_text(kind, "vi", tmp_path)
    en, vi = HEADINGS[kind]
    assert vi in text and en not in text


def test_english_pack_signs_and_dates_in_english(tmp_path):
    """The English pack's form: national title, motto, sign-off notes and the date line."""
    flat = export_text("pack", "en", tmp_path)
    assert "SOCIALIST REPUBLIC OF VIETNAM" in flat and "Independence - Freedom - Happiness" in flat
    assert "(Signature and seal)" in flat and "HEAD OF HOUSEHOLD" in flat
    assert f"{DAY.day} June {DAY.year}" in flat and "tháng" not in flat
    assert "CONTAINS PERSONAL DATA" in flat


def test_gpkg_label_columns_follow_the_language(tmp_path):
    """The GeoPackage's machine columns are the same in both languages; the readable label
    columns are ``*_en`` in English (English text) and ``*_vi`` in Vietnamese."""
    import pyogrio

    from tl342.exports.gpkg import export_gpkg

    cols = {}
    for lang in ("en", "vi"):
        out = tmp_path / f"{lang}.gpkg"
        export_gpkg(sample_snapshot(), out, ExportOptions(date=DAY, lang=lang))
        df = pyogrio.read_dataframe(out, layer="parcels")
        cols[lang] = df
    en, vi = cols["en"], cols["vi"]
    assert {"status", "flags", "land_use"} <= set(en.columns) & set(vi.columns)
    assert {"status_en", "land_use_en", "flags_en"} <= set(en.columns)
    assert "status_vi" not in en.columns and "status_vi" in vi.columns
    assert {"Handed over", "Not recovered"} <= set(en["status_en"])
    assert not any(VI_LETTER.search(v) for v in en["status_en"])
    assert list(en["status"]) == list(vi["status"])


def _say_literals() -> list[tuple[str, str, str]]:
    """(file, context, text) of every ``say("literal", …)`` call in the exports."""
    out = []
    for path in sorted(SRC.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "say"
                and node.args
            ):
                ctx = node.args[2].value if len(node.args) > 2 else ""
                for arg in (node.args[0].body, node.args[0].orelse) if isinstance(
                    node.args[0], ast.IfExp
                ) else (node.args[0],):
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        out.append((path.name, ctx, arg.value))
    return out


def test_every_printed_word_has_its_english():
    """Every literal text the exports print through ``say`` is in the English table, and no
    English entry still holds a Vietnamese word (apart from the place names it names)."""
    from tl342.exports.words import EN

    literals = _say_literals()
    assert len(literals) > 100
    missing = [(f, t) for f, ctx, t in literals if t not in EN and f"{ctx}|{t}" not in EN]
    assert missing == []
    names = {"chẽ", "đt342"}
    leftover = {
        w
        for v in EN.values()
        for w in re.findall(r"\w+", v)
        if VI_LETTER.search(w) and w.casefold() not in names
    }
    assert leftover == set()


def test_cli_lang_and_environment_reach_the_export(project_file, tmp_path, monkeypatch):
    """``tl342 --lang en export report`` and ``TL342_LANG=en`` write the English report;
    without either (and no saved GUI choice) it is Vietnamese."""
    from tl342.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))  # no saved GUI language
    monkeypatch.delenv("TL342_LANG", raising=False)
    texts = {}
    for name, argv, env in (
        ("flag", ["--lang", "en"], None),
        ("env", [], "en"),
        ("none", [], None),
    ):
        if env:
            monkeypatch.setenv("TL342_LANG", env)
        else:
            monkeypatch.delenv("TL342_LANG", raising=False)
        out = tmp_path / f"{name}.xlsx"
        code = main([*argv, "export", "report", str(project_file), "--out", str(out)])
        assert code == 0
        texts[name] = xlsx_text(out)
    en, vi = HEADINGS["report"]
    assert en in texts["flag"] and en in texts["env"]
    assert vi in texts["none"] and en not in texts["none"]


def test_numbers_follow_the_language(project_file, tmp_path, monkeypatch):
    """An English report prints English numbers (``42,732.0``: comma thousands, point
    decimals) and a Vietnamese one Vietnamese numbers (``42.732,0``); the style is set for
    the export's run only (afterwards core.fmt prints Vietnamese again)."""
    from tl342.cli import main
    from tl342.core import fmt

    monkeypatch.delenv("TL342_LANG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    texts = {}
    for lang in ("en", "vi"):
        out = tmp_path / f"{lang}.pdf"
        argv = ["--lang", lang, "export", "report", str(project_file), "--out", str(out)]
        assert main([*argv, "--date", "2022-06-10"]) == 0
        texts[lang] = export_words(out)
    en_dec, vi_dec = re.compile(r"\b\d+\.\d{1,2}\b"), re.compile(r"\b\d+,\d{1,2}\b")
    assert en_dec.search(texts["en"]) and not vi_dec.search(texts["en"])
    assert vi_dec.search(texts["vi"]) and not en_dec.search(texts["vi"])
    assert fmt.number(1234.5, 1) == "1.234,5"


def export_words(path: Path) -> str:
    """A PDF's text, runs of white space as one space."""
    return " ".join(pdf_text(path).split())
