"""Exports never lose a file: the target is replaced only by a complete export (issue 15)."""

from __future__ import annotations

import pytest

from tl342.core.errors import UserError
from tl342.core.progress import Cancelled, CancelToken
from tl342.exports.options import ExportKind, ExportOptions
from tl342.exports.run import SCRATCH_PREFIX, run_export


def _opts(today):
    return ExportOptions(date=today)


def _cancel_after(n: int):
    """A progress callback that presses Cancel at the ``n``-th report, and its token."""
    token = CancelToken()
    seen = []

    def progress(done, total, message):
        seen.append(message)
        if len(seen) >= n:
            token.cancel()

    return progress, token


@pytest.mark.parametrize(
    "kind, name",
    [(ExportKind.GPKG, "out.gpkg"), (ExportKind.MAP, "out.pdf"), (ExportKind.REPORT, "out.xlsx")],
)
def test_cancel_keeps_the_previous_file(project, today, tmp_path, kind, name):
    """Cancelling an export over an existing file leaves it byte-identical; no scratch left."""
    out = tmp_path / name
    run_export(project, kind, out, _opts(today))
    before = out.read_bytes()
    progress, token = _cancel_after(1)
    with pytest.raises(Cancelled):
        run_export(project, kind, out, _opts(today), progress=progress, cancel=token)
    assert out.read_bytes() == before
    assert not list(tmp_path.glob(SCRATCH_PREFIX + "*"))


def test_failure_keeps_the_previous_file(project, today, tmp_path, monkeypatch):
    """A writer that fails half-way leaves the previous file as it was."""
    from tl342.exports import gpkg

    out = tmp_path / "out.gpkg"
    run_export(project, ExportKind.GPKG, out, _opts(today))
    before = out.read_bytes()

    def broken(snapshot, path, opts, progress=None, cancel=None):
        path.write_bytes(b"half a file")
        raise UserError("disk full")

    monkeypatch.setattr(gpkg, "export_gpkg", broken)
    with pytest.raises(UserError, match="disk full"):
        run_export(project, ExportKind.GPKG, out, _opts(today))
    assert out.read_bytes() == before
    assert not list(tmp_path.glob(SCRATCH_PREFIX + "*"))


def test_writer_gets_the_target_name_in_the_same_folder(project, today, tmp_path, monkeypatch):
    """Every writer writes to the path it is given: same name, scratch folder beside the target."""
    from tl342.exports import html

    seen = []
    real = html.export_html

    def spy(snapshot, path, opts, progress=None, cancel=None):
        seen.append(path)
        return real(snapshot, path, opts, progress=progress, cancel=cancel)

    monkeypatch.setattr(html, "export_html", spy)
    out = tmp_path / "map.html"
    result = run_export(project, ExportKind.HTML, out, _opts(today))
    assert seen[0].name == "map.html" and seen[0].parent.parent == tmp_path
    assert seen[0] != out
    assert result["path"] == str(out) and out.is_file()


def test_pack_replaces_its_files_and_keeps_others(project, today, tmp_path):
    """A meeting pack over an existing folder replaces its own files; the clerk's other files stay."""
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    result = run_export(project, ExportKind.PACK, folder, _opts(today))
    files = sorted(p.name for p in folder.iterdir())
    assert "notes.txt" in files and any(f.endswith(".pdf") for f in files)
    assert all(str(folder) in f for f in result["files"])  # paths name the final place
    pdf = folder / next(f for f in files if f.endswith(".pdf"))
    before = pdf.read_bytes()
    progress, token = _cancel_after(2)
    with pytest.raises(Cancelled):
        run_export(project, ExportKind.PACK, folder, _opts(today), progress=progress, cancel=token)
    assert pdf.read_bytes() == before and (folder / "notes.txt").read_text() == "mine"
    assert not list(tmp_path.glob(SCRATCH_PREFIX + "*"))


def test_stale_scratch_folders_are_swept(project, today, tmp_path):
    """A scratch folder a killed export left long ago is removed by the next export."""
    import os
    import time

    stale = tmp_path / f"{SCRATCH_PREFIX}old"
    stale.mkdir()
    (stale / "out.gpkg").write_bytes(b"partial")
    old = time.time() - 2 * 86400
    os.utime(stale, (old, old))
    fresh = tmp_path / f"{SCRATCH_PREFIX}busy"  # maybe another export running now
    fresh.mkdir()
    run_export(project, ExportKind.GPKG, tmp_path / "out.gpkg", _opts(today))
    assert not stale.exists() and fresh.exists()
