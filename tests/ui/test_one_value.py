"""One figure, one value: the same recovered area prints the same on the map sheet, the posting
list, the report and in the GUI, and the posting totals are the exact sums (core.fmt)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tl342.core import fmt
from tl342.exports.mapexport import export_map
from tl342.exports.options import ExportOptions
from tl342.exports.posting import export_posting, posting_lists
from tl342.exports.report import export_report
from tl342.services.progress import progress_figures
from tl342.services.summary import recovered_by_commune
from tl342.ui.details_panel import DetailsPanel
from tl342.ui.households_panel import AREA, HouseholdsPanel

AREA_M2 = 5523.25  # the binary float is 5523.25 exactly: float formatting rounds it to even
PRINTED = "5.523,3"


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


@pytest.fixture
def snap(model):
    """The synthetic project with HGD003's only parcel recovering exactly 5 523,25 m²."""
    (parcel,) = model.snapshot.parcels_of("HGD003")
    parcel.recovered_area_m2 = AREA_M2
    return model.snapshot


def test_fmt_rounds_half_up_on_the_exact_decimal():
    """core.fmt: Vietnamese marks, half-up on the decimal (not float's half-even on binary)."""
    assert fmt.area(AREA_M2) == PRINTED and f"{AREA_M2:.1f}" == "5523.2"
    assert fmt.number(1234567.891, 2) == "1.234.567,89" and fmt.integer(-1500.5) == "-1.501"
    assert fmt.money(133_456_789, "đ") == "133.456.789 đ"
    assert fmt.hectares(55_250) == "5,53"  # 5.525 ha: the float 5.525 lies below the half
    assert fmt.number(-0.04, 1) == "0,0" and fmt.number(2.5, 1, sign=True) == "+2,5"
    assert fmt.date_vn(date(2022, 11, 4)) == "04/11/2022" and fmt.chainage(44619.5) == "Km44+620"
    assert fmt.total([0.1] * 10) == 1.0  # an exact sum, rounded once when printed


@pytest.mark.parametrize("x", [5523.25, 0.05, 0.15, 1234567.85, 2.675, 341113.05, -0.25, 0.0])
def test_every_number_printer_agrees_with_core_fmt(x):
    """The map sheet's, the tables' (posting, report, HTML) and the GUI's printers print as core.fmt."""
    from tl342.exports import mapsheet, tables
    from tl342.ui import look

    assert mapsheet.fmt_area(x) == tables.fmt_dec(x, 1) == look.format_decimal(x, 1) == fmt.area(x)
    assert tables.fmt_dec(x, 2) == look.format_decimal(x, 2) == fmt.number(x, 2)
    assert mapsheet.fmt_int(x) == look.format_int(x) == fmt.integer(x)
    assert tables.fmt_date(date(2022, 11, 4)) == fmt.date_vn(date(2022, 11, 4))


def test_same_area_on_map_posting_report_and_gui(qtbot, model, snap, tmp_path):
    """5 523,25 m² prints 5.523,3 on the map sheet, posting list, GUI list and details; the
    report's hectares of its commune are the exact commune total, rounded once."""
    opts = ExportOptions(commune="Thanh Lâm", date=model.today)
    export_map(snap, tmp_path / "map.pdf", opts)
    export_posting(snap, tmp_path / "posting.pdf", opts)
    for name in ("map.pdf", "posting.pdf"):
        text = _pdf_text(tmp_path / name)
        assert PRINTED in text and "5.523,2" not in text, name

    panel = HouseholdsPanel(model)
    qtbot.addWidget(panel)
    tm = panel.table_model
    tm.reload()
    assert tm.index(tm.row_of("HGD003"), AREA).data() == PRINTED
    details = DetailsPanel(model)
    qtbot.addWidget(details)
    model.select(["HGD003"])
    cells = [details.parcels.item(0, c).text() for c in range(details.parcels.columnCount())]
    assert PRINTED in cells

    export_report(snap, tmp_path / "report.xlsx", opts)
    pf = progress_figures(snap, model.today, commune="Thanh Lâm")
    exact = recovered_by_commune(snap)["Thanh Lâm"]
    assert pf.cumulative["Thanh Lâm"].area_m2 == pytest.approx(exact)
    from tl342.exports.report import _fmt

    assert _fmt(pf.cumulative["Thanh Lâm"].area_ha, "ha") == fmt.hectares(exact)


def test_posting_totals_equal_summary_per_commune(snap):
    """Each commune's posting total is the summary's exact recovered area (to 0.1 m²)."""
    by_commune = recovered_by_commune(snap)
    lists = posting_lists(snap, ExportOptions())
    assert lists
    for pl in lists:
        assert fmt.area(pl.area_m2) == fmt.area(by_commune[pl.commune])
        assert abs(pl.area_m2 - by_commune[pl.commune]) < 0.05


def test_area_column_sorts_by_exact_value(qtbot, model):
    """The GUI's area column sorts by the exact value, not by its printed text."""
    panel = HouseholdsPanel(model)
    qtbot.addWidget(panel)
    panel.table.setColumnHidden(AREA, False)
    panel.table.sortByColumn(AREA, Qt.SortOrder.AscendingOrder)
    tm = panel.table_model
    areas = [model.snapshot.recovered_area_of(tm.code_at(r)) for r in range(tm.rowCount())]
    assert areas == sorted(areas)
