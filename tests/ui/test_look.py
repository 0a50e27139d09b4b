"""Formatting and resources shared by the widgets."""

from __future__ import annotations

import pytest

from tl342.ui.look import format_decimal, format_ha, format_vnd, icon


def test_vnd_has_dot_thousands():
    """VND amounts read "1.234.567 đ" (Vietnamese separators, whole dong)."""
    assert format_vnd(1_234_567) == "1.234.567 đ"
    assert format_vnd(0) == "0 đ"


def test_decimal_comma():
    """Areas use a decimal comma: 4500.26 → "4.500,3"; hectares with two decimals."""
    assert format_decimal(4500.26, 1) == "4.500,3"
    assert format_decimal(1_234_567.5, 0) == "1.234.568"
    assert format_ha(12_345.0) == "1,23 ha"


def test_icons_by_name(qapp):
    """Shipped icons load; an unknown name raises instead of showing nothing."""
    assert not icon("app").isNull()
    with pytest.raises(FileNotFoundError):
        icon("no-such-icon")
