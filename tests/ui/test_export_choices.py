"""File → Export… offers the CLI's choices; File → Document settings… edits the settings."""

from __future__ import annotations

from tl342.exports.options import PRIVATE_SUFFIX, ExportKind


def test_export_dialog_offers_range_commune_scale_public(qtbot, model, tmp_path):
    """Range for the map and atlas only, commune and scale reach the options, and the
    suggested file name differs between public and internal outputs."""
    from tl342.ui.export_dialog import ExportDialog

    dlg = ExportDialog(model)
    qtbot.addWidget(dlg)
    dlg.kind.setCurrentIndex(dlg.kind.findData(ExportKind.ATLAS.value))
    dlg.from_edit.setText("Km40+000")
    dlg.to_edit.setText("Km41+000")
    dlg.commune.setCurrentIndex(dlg.commune.findData("Đạp Thanh"))
    dlg.scale.setValue(2000)
    opts = dlg.options()
    assert (opts.from_m, opts.to_m, opts.commune, opts.scale) == (
        40_000.0,
        41_000.0,
        "Đạp Thanh",
        2000,
    )
    dlg.public.setChecked(True)
    public_name = dlg.out.text()
    dlg.public.setChecked(False)
    internal_name = dlg.out.text()
    assert PRIVATE_SUFFIX not in public_name and internal_name.endswith(f"{PRIVATE_SUFFIX}.pdf")
    assert "Dap_Thanh" in public_name
    dlg.kind.setCurrentIndex(dlg.kind.findData(ExportKind.POSTING.value))
    assert not dlg.from_edit.isEnabled() and not dlg.scale.isEnabled()
    assert dlg.options().from_m is None and dlg.options().scale is None
    assert PRIVATE_SUFFIX not in dlg.out.text()  # the posting list is public by law


def test_settings_dialog_stores_the_settings(qtbot, model):
    """Edits in the settings dialog are stored in the project (what `tl342 settings` shows)."""
    from tl342.store.settings import get_settings
    from tl342.ui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(model.project)
    qtbot.addWidget(dlg)
    assert dlg.edits["place"].text() == "Ba Chẽ"
    dlg.edits["place"].setText("Kỳ Thượng")
    dlg.edits["signer_name"].setText("Nguyễn Văn Bình")
    dlg.accept()
    got = get_settings(model.project)
    assert got["place"] == "Kỳ Thượng" and got["signer_name"] == "Nguyễn Văn Bình"
