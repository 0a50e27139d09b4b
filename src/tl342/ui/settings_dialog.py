"""File → Document settings…: who issues and who signs the printed documents.

The same settings as ``tl342 settings P --set KEY=VALUE`` (``tl342.store.settings``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout

from ..core.errors import UserError
from ..store.settings import SETTINGS, get_settings, set_settings


class SettingsDialog(QDialog):
    """One line edit per setting; OK stores them all in one transaction."""

    def __init__(self, project, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr("Document settings"))
        labels = {
            "issuer_parent": self.tr("Issuing body's superior"),
            "issuer": self.tr("Issuing body"),
            "place": self.tr("Place (date line)"),
            "signer_capacity": self.tr("Task force: capacity"),
            "signer_title": self.tr("Task force: title"),
            "signer_name": self.tr("Task force: signer's name"),
            "commune_capacity": self.tr("Commune: capacity"),
            "commune_title": self.tr("Commune: title"),
            "commune_signers": self.tr("Commune signers (Commune=Name; …)"),
            "maker_title": self.tr("Drawn up by: title"),
            "maker_name": self.tr("Drawn up by: name"),
        }
        values = get_settings(project)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for s in SETTINGS:
            edit = QLineEdit(values[s.key])
            edit.setToolTip(s.help)
            edit.setMinimumWidth(320)
            self.edits[s.key] = edit
            form.addRow(labels.get(s.key, s.key), edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.edits.items()}

    def accept(self) -> None:
        try:
            set_settings(self.project, self.values())
        except UserError as exc:  # pragma: no cover - every key shown is known
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        super().accept()
