"""``--public`` is public on the real sample: every public output of the bundled ĐT342 project
(maps, atlas, meeting pack, posting list, report, HTML, GeoPackage) is scanned for every private
value of its 169 households (CCCD, phone, birth year, bank account as ``tl342 list households
--json`` prints them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PRIVATE = ("id_card", "phone", "birth_year", "bank_account")
DAY = date(2022, 11, 21)  # campaign day 8 of the sample

pytestmark = pytest.mark.slow


def _cli(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "tl342.cli", *args], capture_output=True, text=True, check=True
    )
    return out.stdout


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The bundled sample project, its households (CLI JSON) and a folder of public exports."""
    from tl342.exports.options import ExportOptions
    from tl342.exports.run import run_export
    from tl342.store.project import Project

    d = tmp_path_factory.mktemp("public_sample")
    path = d / "s.tl342"
    _cli("init", str(path), "--sample", "--force")
    households = json.loads(_cli("list", "households", str(path), "--json"))
    out = d / "out"
    out.mkdir()
    jobs = [
        ("map", out / "commune.pdf", {"commune": "Đạp Thanh"}),
        ("map", out / "ready.pdf", {"from_m": 44_500.0, "to_m": 45_800.0, "scale": 2000}),
        ("map", out / "commune.png", {"commune": "Thanh Lâm"}),
        ("atlas", out / "atlas.pdf", {"commune": "Thanh Lâm"}),
        ("pack", out / "pack", {}),
        ("posting", out / "posting.xlsx", {}),
        ("posting", out / "posting.pdf", {}),
        ("report", out / "report.xlsx", {}),
        ("report", out / "report.pdf", {}),
        ("html", out / "map.html", {}),
        ("gpkg", out / "s.gpkg", {}),
    ]
    project = Project.open(path)
    try:
        for kind, target, kw in jobs:
            run_export(project, kind, target, ExportOptions(public=True, date=DAY, **kw))
    finally:
        project.close()
    return households, out


def _text_of(path: Path) -> str:
    """All text a reader of ``path`` could see (PDF text, every cell, every GeoPackage value)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        if shutil.which("pdftotext"):  # poppler: ~10x faster on the vector map pages
            out = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
            )
            return out.stdout.decode("utf-8")
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        return text.replace("\t", " ")
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        parts = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
        parts += [str(ws.oddFooter.center.text or "") for ws in wb]
        return "\n".join(parts)
    if suffix == ".gpkg":
        con = sqlite3.connect(path)
        try:
            tables = [
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            parts = []
            for t in tables:
                for row in con.execute(f'SELECT * FROM "{t}"'):
                    parts += [str(v) for v in row if isinstance(v, str | int | float)]
            return "\n".join(parts)
        finally:
            con.close()
    return path.read_bytes().decode("utf-8", errors="replace")


def _leaks(text: str, secrets: dict[str, str]) -> list[str]:
    """Private values found in ``text`` as a whole number, also when written in groups with
    spaces, dots or dashes ("022 161 312 414")."""
    tokens = set(re.findall(r"\d+", text))
    grouped = re.findall(r"(?<![\d.,])\d{2,4}(?:[ .\-]\d{2,4})+(?![\d,])", text)
    tokens |= {re.sub(r"\D", "", g) for g in grouped}
    found = []
    for value, what in secrets.items():
        if value in tokens or (not value.isdigit() and value in text):
            found.append(f"{what} {value}")
    return found


def test_sample_public_outputs_carry_no_private_value(sample):
    """No CCCD, phone, birth year or bank account of a sample household in any public output."""
    households, out = sample
    secrets = {
        str(h[k]).strip(): f"{h['code']} {k}"
        for h in households
        for k in PRIVATE
        if len(str(h.get(k) or "").strip()) >= 4
    }
    assert len(secrets) >= 300  # 169 CCCD + 151 phones in the sample
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert {p.suffix for p in files} >= {".pdf", ".png", ".xlsx", ".html", ".gpkg"}
    report = {}
    for f in files:
        if f.suffix == ".png":
            continue  # pixels only; the same drawing is scanned as PDF text
        text = _text_of(f)
        # the scan sees the text: Vietnamese names and household codes are extracted
        assert re.search(r"(DT|TL)-\d{3}", text) or "Đạp Thanh" in text, f"{f.name}: no text read"
        leaks = _leaks(text, secrets)
        if leaks:
            report[f.name] = leaks[:5]
    assert not report, f"private values in public outputs: {report}"


def test_scanner_sees_a_private_value(sample):
    """The scan is not blind: a CCCD printed the way the household sheet prints it is found."""
    households, _ = sample
    h = next(h for h in households if h["id_card"])
    value = h["id_card"]
    spaced = " ".join(value[i : i + 3] for i in range(0, len(value), 3))
    assert _leaks(f"CCCD: {value}", {value: "id"}) and _leaks(f"CCCD: {spaced}", {value: "id"})


def _blend(hex_colour: str, alpha: float, under: tuple[float, float, float]) -> tuple:
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return tuple(alpha * c + (1 - alpha) * u for c, u in zip(rgb, under, strict=True))


def test_sample_html_opens_offline_with_parcels_coloured_by_status(sample, tmp_path):
    """Headless Chromium, network off, opens the sample's public HTML map showing parcels in the
    palette's status colours (handed over, paid, approved each visible on screen)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on PATH")
    from PySide6.QtGui import QImage

    from tl342.core.model import Status
    from tl342.exports.fonts import ensure_qt_app
    from tl342.render import palette

    ensure_qt_app()
    _, out = sample
    png = tmp_path / "html.png"
    res = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--proxy-server=127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=5000",
            "--window-size=1366,768",
            "--hide-scrollbars",
            f"--screenshot={png}",
            (out / "map.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    img = QImage(str(png))
    assert not img.isNull(), res.stderr[-2000:]
    # parcels: fill opacity 0.75 over the commune fill (#f4f1f8 at 0.5 over white)
    under = _blend("#f4f1f8", 0.5, (255, 255, 255))
    targets = {
        s: _blend(palette.STATUS_HEX[s], 0.75, under)
        for s in (Status.HANDED_OVER, Status.PAID, Status.APPROVED)
    }
    hits = dict.fromkeys(targets, 0)
    for y in range(img.height()):
        for x in range(0, img.width()):
            c = img.pixelColor(x, y)
            rgb = (c.red(), c.green(), c.blue())
            for s, t in targets.items():
                if max(abs(a - b) for a, b in zip(rgb, t, strict=True)) <= 10:
                    hits[s] += 1
    # the whole 20.9 km route fits the window, so the 60 m corridor is a few pixels wide: the
    # 100 m stake rings and parcel outlines must not cover it (they did: ~20 pixels each)
    assert all(n >= 30 for n in hits.values()), hits


def test_sample_pdfs_embed_dejavu(sample):
    """Every PDF written from the sample (map, atlas, pack, posting, report) embeds its DejaVu
    fonts as TrueType programs (/FontFile2), so Vietnamese prints the same on any machine."""
    from pypdf import PdfReader

    _, out = sample
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 6
    for pdf in pdfs:
        fonts: dict[str, bool] = {}
        for page in PdfReader(pdf).pages[:3]:
            for ref in page["/Resources"].get_object().get("/Font", {}).values():
                font = ref.get_object()
                for d in font.get("/DescendantFonts", [font]):
                    desc = d.get_object().get("/FontDescriptor")
                    embedded = desc is not None and "/FontFile2" in desc.get_object()
                    fonts[str(font["/BaseFont"])] = embedded
        assert fonts and all("DejaVu" in k for k in fonts), (pdf.name, fonts)
        assert all(fonts.values()), (pdf.name, fonts)
