"""The form of an administrative document (Decree 30/2020/NĐ-CP) for every printed export.

- Heading: issuing body top-left (its superior above, the body in bold, a short rule under
  it); top-right the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and the motto
  "Độc lập - Tự do - Hạnh phúc" (bold, underlined); then the italic place-and-date line
  ("Ba Chẽ, ngày 21 tháng 11 năm 2022").
- Sign-off blocks in the forms in use: an optional confirmation heading ("XÁC NHẬN CỦA UBND XÃ
  ĐẠP THANH"), the capacity ("TM. ỦY BAN NHÂN DÂN"), the title ("CHỦ TỊCH"), "(Ký tên, đóng
  dấu)", at least :data:`SIGN_SPACE_MM` of room for signature and seal, then the name.

Who issues and who signs are project settings (:mod:`tl342.store.settings`), carried to the
exporters in ``ExportOptions.settings``. The layout data here is Qt-free; the ``draw_*``
functions import QtGui lazily.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..store.settings import SETTINGS, commune_signer
from .words import date_line, say

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SEAL_NOTE = "(Ký tên, đóng dấu)"
SIGN_NOTE = "(Ký, ghi rõ họ tên)"
SIGN_SPACE_MM = 30.0  # room for a signature and a round seal (Ø ~ 35-40 mm overlaps the name)
PERSONAL_NOTE = (
    "TÀI LIỆU CÓ DỮ LIỆU CÁ NHÂN — KHÔNG NIÊM YẾT CÔNG KHAI (Luật Bảo vệ dữ liệu cá nhân 2025)"
)


def settings_or_default(settings: dict[str, str] | None) -> dict[str, str]:
    out = {s.key: s.default for s in SETTINGS}
    out.update({k: v for k, v in (settings or {}).items() if v is not None})
    return out


@dataclass(frozen=True)
class Heading:
    issuer_parent: str
    issuer: str
    place: str
    day: date
    lang: str = "vi"

    @property
    def place_date(self) -> str:
        return date_line(self.day, self.lang, self.place)

    @property
    def nation(self) -> str:
        return say(NATION, self.lang)

    @property
    def motto(self) -> str:
        return say(MOTTO, self.lang)


def heading(settings: dict[str, str] | None, day: date, lang: str = "vi") -> Heading:
    s = settings_or_default(settings)
    return Heading(say(s["issuer_parent"], lang), say(s["issuer"], lang), s["place"], day, lang)


@dataclass(frozen=True)
class SignBlock:
    """One signer: ``confirm`` (optional first line), ``capacity``, ``title``, the note,
    room to sign, ``name`` (blank: left to be written by hand)."""

    capacity: str
    title: str = ""
    note: str = SEAL_NOTE
    name: str = ""
    confirm: str = ""

    def top_lines(self) -> list[tuple[str, bool, bool]]:
        """(text, bold, italic) above the signing room."""
        out = []
        if self.confirm:
            out.append((self.confirm, True, False))
        if self.capacity:
            out.append((self.capacity, True, False))
        if self.title:
            out.append((self.title, True, False))
        if self.note:
            out.append((self.note, False, True))
        return out


def maker_block(settings: dict[str, str] | None, lang: str = "vi") -> SignBlock:
    s = settings_or_default(settings)
    return SignBlock(say(s["maker_title"], lang), "", say(SIGN_NOTE, lang), s["maker_name"])


def taskforce_block(settings: dict[str, str] | None, lang: str = "vi") -> SignBlock:
    s = settings_or_default(settings)
    return SignBlock(
        say(s["signer_capacity"], lang),
        say(s["signer_title"], lang),
        say(SEAL_NOTE, lang),
        s["signer_name"],
    )


def commune_block(settings: dict[str, str] | None, commune: str, lang: str = "vi") -> SignBlock:
    """ "XÁC NHẬN CỦA UBND XÃ <COMMUNE>" / TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / (Ký tên, đóng dấu)."""
    s = settings_or_default(settings)
    return SignBlock(
        say(s["commune_capacity"], lang),
        say(s["commune_title"], lang),
        say(SEAL_NOTE, lang),
        commune_signer(s, commune),
        say("XÁC NHẬN CỦA UBND XÃ {commune}", lang, commune=commune.upper())
        if commune
        else say("XÁC NHẬN CỦA UBND XÃ", lang),
    )


def household_block(name: str, lang: str = "vi") -> SignBlock:
    return SignBlock(say("CHỦ HỘ", lang), "", say(SIGN_NOTE, lang), name)


# -- drawing (QtGui, lazily) ---------------------------------------------------------------------
def _font(pt: float, bold: bool = False, italic: bool = False, underline: bool = False):
    from PySide6.QtGui import QFont

    f = QFont("DejaVu Sans")
    f.setPointSizeF(pt)
    f.setBold(bold)
    f.setItalic(italic)
    f.setUnderline(underline)
    return f


def _fit_font(painter, text: str, width: float, pt: float, **kw):
    """The font at ``pt`` or smaller so that no word of ``text`` is wider than ``width``
    (a title may wrap between words, never inside one)."""
    dpi = painter.device().logicalDpiX()
    key = (text, round(width, 1), pt, dpi, tuple(sorted(kw.items())))
    size = _FIT.get(key)
    if size is None:
        from PySide6.QtGui import QFontMetricsF

        size = pt
        while size > 4.5:
            fm = QFontMetricsF(_font(size, **kw), painter.device())
            if all(fm.horizontalAdvance(w) <= width for w in text.split()):
                break
            size -= 0.5
        if len(_FIT) > 4096:  # a bounded cache of pure measurements, not project data
            _FIT.clear()
        _FIT[key] = size
    return _font(size, **kw)


_FIT: dict[tuple, float] = {}


def _line(painter, x: float, y: float, w: float, text: str, font, align, draw=True) -> float:
    """Word-wrapped ``text`` in ``[x, x + w]`` from ``y`` (only measured unless ``draw``);
    returns its height."""
    from PySide6.QtCore import QRectF, Qt

    flags = int(align) | int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
    flags |= int(Qt.TextFlag.TextDontClip)
    painter.setFont(font)
    rect = QRectF(x, y, w, 10 * w)
    if draw:  # drawText returns the bounding rect: laid out once
        return painter.drawText(rect, flags, text).height()
    return painter.boundingRect(rect, flags, text).height()


def draw_heading(
    painter, x: float, y: float, width: float, mm: float, h: Heading, draw: bool = True
) -> float:
    """The Decree 30 heading across ``width`` from (x, y) (only measured unless ``draw``);
    returns its height (device px)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QPen

    centre = Qt.AlignmentFlag.AlignHCenter
    painter.save()
    painter.setPen(QColor("#000000"))
    lw, rw = width * 0.40, width * 0.55
    rx = x + width - rw
    ly = y
    if h.issuer_parent:
        f = _fit_font(painter, h.issuer_parent, lw, 9)
        ly += _line(painter, x, ly, lw, h.issuer_parent, f, centre, draw)
    f = _fit_font(painter, h.issuer, lw, 9, bold=True)
    ly += _line(painter, x, ly, lw, h.issuer, f, centre, draw)
    if draw:  # the short rule under the issuing body
        painter.setPen(QPen(QColor("#000000"), max(0.25 * mm, 1.0)))
        a, b = QPointF(x + lw * 0.35, ly + 0.8 * mm), QPointF(x + lw * 0.65, ly + 0.8 * mm)
        painter.drawLine(a, b)
        painter.setPen(QColor("#000000"))
    f = _fit_font(painter, h.nation, rw, 9, bold=True)
    ry = y + _line(painter, rx, y, rw, h.nation, f, centre, draw)
    f = _fit_font(painter, h.motto, rw, 9.5, bold=True, underline=True)
    ry += _line(painter, rx, ry, rw, h.motto, f, centre, draw)
    top = max(ly, ry) + 2.5 * mm
    top += _line(painter, rx, top, rw, h.place_date, _font(9, italic=True), centre, draw)
    painter.restore()
    return top - y + 2 * mm


def signoff_height(
    painter, width: float, mm: float, blocks: Sequence[SignBlock], pt: float = 9.0
) -> float:
    """Height of :func:`draw_signoffs` for these blocks in ``width``."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFontMetricsF

    if not blocks:
        return 0.0
    dev = painter.device()
    key = (
        tuple(tuple(b.top_lines()) for b in blocks),
        width,
        mm,
        pt,
        dev.logicalDpiX(),
        dev.logicalDpiY(),
    )
    hit = _HEIGHTS.get(key)  # the same blocks on every household sheet: measured once
    if hit is not None:
        return hit
    w = width / len(blocks)
    flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap)
    best = 0.0
    for b in blocks:
        h = 0.0
        for text, bold, italic in b.top_lines():
            f = _fit_font(
                painter, text, w - 2 * mm, 9 if not italic else 8, bold=bold, italic=italic
            )
            fm = QFontMetricsF(f, painter.device())
            h += fm.boundingRect(QRectF(0, 0, w - 2 * mm, 1e6), flags, text).height()
        best = max(best, h)
    name_h = QFontMetricsF(_font(pt, bold=True), painter.device()).height()
    if len(_HEIGHTS) > 1024:  # a bounded cache of pure measurements
        _HEIGHTS.clear()
    _HEIGHTS[key] = best + SIGN_SPACE_MM * mm + name_h + 2 * mm
    return _HEIGHTS[key]


_HEIGHTS: dict[tuple, float] = {}


def draw_signoffs(
    painter,
    x: float,
    y: float,
    width: float,
    mm: float,
    blocks: Sequence[SignBlock],
    pt: float = 9.0,
) -> float:
    """Sign-off blocks side by side from (x, y): the lines above, :data:`SIGN_SPACE_MM` of
    room to sign and seal, the name (or a dotted line to write it). Returns the height."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFontMetricsF

    if not blocks:
        return 0.0
    centre = Qt.AlignmentFlag.AlignHCenter
    w = width / len(blocks)
    painter.save()
    painter.setPen(QColor("#000000"))
    tops = []
    for k, b in enumerate(blocks):
        bx, by = x + k * w + mm, y
        for text, bold, italic in b.top_lines():
            size = pt if not italic else pt - 1
            f = _fit_font(painter, text, w - 2 * mm, size, bold=bold, italic=italic)
            by += _line(painter, bx, by, w - 2 * mm, text, f, centre)
        tops.append(by)
    name_y = max(tops) + SIGN_SPACE_MM * mm
    for k, b in enumerate(blocks):
        bx = x + k * w + mm
        name = b.name or "…………………………"
        _line(
            painter,
            bx,
            name_y,
            w - 2 * mm,
            name,
            _fit_font(painter, name, w - 2 * mm, pt, bold=True),
            centre,
        )
    painter.restore()
    name_h = QFontMetricsF(_font(pt, bold=True), painter.device()).height()
    return name_y - y + name_h + 2 * mm


def draw_personal_note(
    painter, x: float, y: float, width: float, mm: float, lang: str = "vi"
) -> float:
    """The "holds personal data, not for posting" line (red, bold) — on every page of a
    non-public output."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    painter.save()
    painter.setPen(QColor("#b00020"))
    note = say(PERSONAL_NOTE, lang)
    h = _line(
        painter,
        x,
        y,
        width,
        note,
        _fit_font(painter, note, width, 7, bold=True),
        Qt.AlignmentFlag.AlignHCenter,
    )
    painter.restore()
    return h


__all__ = [
    "MOTTO",
    "NATION",
    "PERSONAL_NOTE",
    "SIGN_SPACE_MM",
    "Heading",
    "SignBlock",
    "commune_block",
    "draw_heading",
    "draw_personal_note",
    "draw_signoffs",
    "heading",
    "household_block",
    "maker_block",
    "signoff_height",
    "taskforce_block",
]
