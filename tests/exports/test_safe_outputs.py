"""Safe outputs (issue 9 §5): no formula in XLSX, no script in HTML, a URL in user text never
blocks the HTML map, non-public outputs marked and named apart from public ones."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from test_privacy import DAY, sample_snapshot  # noqa: E402

from tl342.exports.options import (  # noqa: E402
    PRIVATE_SUFFIX,
    ExportKind,
    ExportOptions,
    default_file_name,
)

FORMULA = '=HYPERLINK("http://x","y")'


def _snapshot_with(name: str = FORMULA, note: str = "", project: str | None = None):
    snap = sample_snapshot()
    hh = snap.households["HGD001"]
    snap.households["HGD001"] = replace(hh, head_name=name, note=note)
    if project is not None:
        snap.name = project
    return snap


@pytest.mark.parametrize("kind", ["posting", "report"])
def test_xlsx_text_never_becomes_a_formula(tmp_path, qapp, kind):
    """A household named =HYPERLINK(...) is written as that text (a string cell), in every
    sheet of the posting list and the report; no cell of either workbook is a formula."""
    from openpyxl import load_workbook

    from tl342.exports.posting import export_posting
    from tl342.exports.report import export_report

    snap = _snapshot_with()
    out = tmp_path / f"{kind}.xlsx"
    if kind == "posting":
        export_posting(snap, out, ExportOptions(date=DAY))
    else:  # the report names a blocked household: make HGD001 blocked by its name's twin
        snap.households["HGD002"] = replace(snap.households["HGD002"], head_name=FORMULA)
        export_report(snap, out, ExportOptions(date=DAY))
    wb = load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    hits = [c for c in cells if c.value == FORMULA]
    assert hits and all(c.data_type == "s" for c in hits)


def test_html_escapes_the_project_name_and_tolerates_urls_in_text(tmp_path, qapp):
    """A project name closing <title> and opening a script is escaped everywhere (title
    included); a URL typed in a household's name or note does not block the offline check."""
    from tl342.exports.html import export_html, remote_resources

    evil = "</title><script>alert('x')</script>"
    snap = _snapshot_with(
        name='Xem <a href="http://evil.example/a">đây</a>',
        note="hồ sơ tại https://example.org/ho-so",
        project=evil,
    )
    out = tmp_path / "m.html"
    export_html(snap, out, ExportOptions(date=DAY))
    text = out.read_text(encoding="utf-8")
    assert "<script>alert" not in text and evil not in text
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert "&lt;/title&gt;&lt;script&gt;" in title
    assert '<a href="http://evil.example' not in text
    assert remote_resources(text) == []


def test_remote_resources_finds_real_fetches_only():
    """src/href/url()/@import naming a remote address count; the same URL as text does not."""
    from tl342.exports.html import remote_resources

    assert remote_resources('<script src="https://cdn.example/l.js"></script>') == [
        "cdn.example/l.js"
    ]
    assert remote_resources("<style>@import 'http://a.example/x.css';</style>")
    assert remote_resources('<div style="background:url(//a.example/i.png)">')
    assert (
        remote_resources("<p>see https://example.org and &lt;a href=&quot;http://x&quot;</p>") == []
    )


def test_public_and_internal_names_differ():
    """Every export kind whose content changes with --public has a different default name
    without it (suffix _noi-bo); the posting list, public by law, keeps one name."""
    for kind in ExportKind:
        pub, internal = default_file_name(kind, True), default_file_name(kind, False)
        if kind == ExportKind.POSTING:
            assert pub == internal
        else:
            assert pub != internal and PRIVATE_SUFFIX in internal and PRIVATE_SUFFIX not in pub
            assert Path(internal).suffix == Path(pub).suffix  # same file type (pack: a folder)


def test_internal_pdfs_say_so_on_every_page(qapp, tmp_path):
    """A non-public map and report say on every page that they hold personal data and are
    not for posting; their --public versions do not."""
    from tl342.exports.mapexport import export_map
    from tl342.exports.report import export_report

    snap = sample_snapshot()
    for public in (False, True):
        opts = ExportOptions(date=DAY, public=public)
        m, r = tmp_path / f"m{public}.pdf", tmp_path / f"r{public}.pdf"
        export_map(snap, m, opts)
        export_report(snap, r, opts)
        for path in (m, r):
            pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]
            marked = ["KHÔNG NIÊM YẾT CÔNG KHAI" in p for p in pages]
            assert marked == [not public] * len(pages), path.name
