"""File → Export… writes a meeting pack with the same worker processes as the CLI's default
(one per commune, at most one per CPU), spawned from the export's thread (issue 12 §3)."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

from tl342.exports.options import ExportKind

SPAWN = type(mp.get_context("spawn").Process())


def test_export_dialog_pack_uses_worker_processes(qtbot, model, tmp_path, monkeypatch):
    """A pack from the dialog: one spawned worker beside the GUI for two communes, both PDFs."""
    from tl342.exports import pack
    from tl342.ui.export_dialog import ExportDialog

    started = []
    real = SPAWN.start

    def start(self):
        started.append(self.name)
        return real(self)

    monkeypatch.setattr(SPAWN, "start", start)
    monkeypatch.setattr(pack, "cpu_count", lambda: 4)
    dlg = ExportDialog(model)
    qtbot.addWidget(dlg)
    dlg.kind.setCurrentIndex(dlg.kind.findData(ExportKind.PACK.value))
    out = tmp_path / "pack"
    dlg.out.setText(str(out))
    assert dlg.options().jobs is None  # the default: decided by the pack
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted
    assert dlg.result_info["processes"] == 2 and len(started) == 1
    assert not mp.active_children()
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert len(pdfs) == 2
    assert sorted(Path(p).name for p in dlg.result_info["files"]) == pdfs
