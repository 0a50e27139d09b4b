"""The Decree 30 form: heading lines and sign-off blocks that never break a word."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from tl342.exports import docform


def _draw(path, width_mm: float) -> list[str]:
    """Heading and three sign-off blocks in ``width_mm`` on one PDF page; its text tokens."""
    from PySide6.QtGui import QPainter, QPdfWriter

    from tl342.exports.fonts import ensure_fonts

    ensure_fonts()
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    painter = QPainter(writer)
    mm = 300 / 25.4
    settings = {"commune_signers": "Đạp Thanh=Hoàng Văn Toản"}
    y = docform.draw_heading(
        painter, 0, 0, width_mm * mm, mm, docform.heading(settings, date(2022, 11, 21))
    )
    blocks = [
        docform.maker_block(settings),
        docform.taskforce_block(settings),
        docform.commune_block(settings, "Đạp Thanh"),
    ]
    h = docform.draw_signoffs(painter, 0, y, width_mm * mm, mm, blocks)
    painter.end()
    assert h >= docform.SIGN_SPACE_MM * mm
    return (PdfReader(str(path)).pages[0].extract_text() or "").split()


def test_words_are_never_broken_even_in_narrow_columns(qapp, tmp_path):
    """In a wide and a very narrow layout every word of the motto, the national title and the
    confirmation block comes out whole (a title wraps between words or its font shrinks)."""
    wanted = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập Tự do Hạnh phúc "
        "XÁC NHẬN CỦA UBND XÃ ĐẠP THANH TM. ỦY BAN NHÂN DÂN CHỦ TỊCH (Ký tên, đóng dấu) "
        "Hoàng Văn Toản Ba Chẽ, ngày 21 tháng 11 năm 2022"
    ).split()
    for width in (250, 45):
        tokens = _draw(tmp_path / f"f{width}.pdf", width)
        missing = [w for w in wanted if w not in tokens]
        assert not missing, (width, missing)


def test_fitted_titles_fit_their_column(qapp, tmp_path):
    """Every word of a sign-off title, in the font it is drawn with, is narrower than its
    column (8 mm here), so no line has to break inside a word or run into its neighbour."""
    from PySide6.QtGui import QFontMetricsF, QPainter, QPdfWriter

    from tl342.exports.fonts import ensure_fonts

    ensure_fonts()
    writer = QPdfWriter(str(tmp_path / "w.pdf"))
    writer.setResolution(300)
    painter = QPainter(writer)
    width = 8 * 300 / 25.4
    block = docform.commune_block({}, "Đạp Thanh")
    try:
        for text, bold, italic in block.top_lines():
            f = docform._fit_font(painter, text, width, 9, bold=bold, italic=italic)
            fm = QFontMetricsF(f, writer)
            assert all(fm.horizontalAdvance(w) <= width for w in text.split()), text
    finally:
        painter.end()
