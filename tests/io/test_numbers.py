"""Vietnamese numbers, money and dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tl342.io.numbers import parse_date, parse_number, parse_vnd


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.523,2", "5523.2"),
        ("20.000", "20000"),
        ("1.234.567", "1234567"),
        ("12,5", "12.5"),
        ("65.5", "65.5"),
        ("0.500", "0.500"),
        ("1 234", "1234"),
        ("1 234 567,25", "1234567.25"),
        ("1,234.5", "1234.5"),
        ("-3,5", "-3.5"),
        ("2.500 m²", "2500"),
        (5523.2, "5523.2"),
        (20000, "20000"),
    ],
)
def test_parse_number(text, expected):
    """Dots/commas/spaces read the Vietnamese way; Excel numbers pass through."""
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("blank", [None, "", "  ", "-", float("nan")])
def test_parse_number_blank(blank):
    """Blank cells and a dash mean no value."""
    assert parse_number(blank) is None


@pytest.mark.parametrize("garbage", ["abc", "12,3,4", "1.23.4", "5,5.5", "12a", "1..2", True])
def test_parse_number_garbage(garbage):
    """Anything else is refused with the text in the message."""
    with pytest.raises(ValueError, match="not a number"):
        parse_number(garbage)


def test_parse_vnd():
    """Money is an exact int, half rounds up, blank is 0, negative is refused."""
    assert parse_vnd("20.000.000") == 20_000_000
    assert parse_vnd("1.500.000 đ") == 1_500_000
    assert parse_vnd("12,5") == 13
    assert parse_vnd(None) == 0
    with pytest.raises(ValueError, match="negative"):
        parse_vnd("-5.000")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/03/2025", date(2025, 3, 5)),
        ("5/3/2025", date(2025, 3, 5)),
        ("2025-03-05", date(2025, 3, 5)),
        ("05.03.2025", date(2025, 3, 5)),
        ("ngày 5 tháng 3 năm 2025", date(2025, 3, 5)),
        (datetime(2025, 3, 5, 10, 0), date(2025, 3, 5)),
        (45721, date(2025, 3, 5)),
    ],
)
def test_parse_date(value, expected):
    """Day-first dates, ISO dates, Excel dates and serials."""
    assert parse_date(value) == expected


@pytest.mark.parametrize("bad", ["31/02/2025", "2025/13/01", "hôm qua", ""])
def test_parse_date_bad(bad):
    """Impossible or unreadable dates are refused."""
    with pytest.raises(ValueError, match="date"):
        parse_date(bad)
