"""A date field that takes a date typed whole: ``21/11/2022``, ``1/2/2023``, ``21.11.2022``.

Qt's QDateEdit only lets one edit a section at a time: selecting the text and typing a date
is refused at the first digit. This one validates the whole text (day/month/year, Vietnamese
order) and keeps the arrows and the calendar popup.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDateEdit

_FULL = re.compile(r"\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_PARTIAL = re.compile(r"[\d/.\-\s]{0,12}")


def parse_typed_date(text: str) -> QDate | None:
    """``"21/11/2022"`` → QDate(2022, 11, 21); None when it is not a whole, real date."""
    m = _FULL.match(text or "")
    if not m:
        return None
    d = QDate(int(m[3]), int(m[2]), int(m[1]))
    return d if d.isValid() else None


class TypedDateEdit(QDateEdit):
    """QDateEdit (dd/MM/yyyy, calendar popup) that also accepts a date typed in full."""

    def __init__(self, d: QDate | None = None, parent=None) -> None:
        super().__init__(d if d is not None else QDate.currentDate(), parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setToolTip(self.tr("Type a date as dd/mm/yyyy, or use the arrows or the calendar"))

    def validate(self, text: str, pos: int):  # noqa: D102 - Qt virtual
        d = parse_typed_date(text)
        if d is not None:
            if self.minimumDate() <= d <= self.maximumDate():
                return QValidator.State.Acceptable, text, pos
            return QValidator.State.Intermediate, text, pos
        if _PARTIAL.fullmatch(text or ""):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def dateTimeFromText(self, text: str) -> QDateTime:  # noqa: N802 - Qt virtual
        d = parse_typed_date(text)
        return QDateTime(d, self.time()) if d is not None else self.dateTime()

    def fixup(self, text: str) -> str:
        """Leaving the field with an unfinished date puts the current date back."""
        return (
            text if parse_typed_date(text) is not None else self.textFromDateTime(self.dateTime())
        )
