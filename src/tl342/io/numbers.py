"""Numbers, money and dates as Vietnamese documents write them.

``5.523,2`` = 5523.2, ``20.000`` = 20000, ``1.234.567`` = 1234567, ``12,5`` = 12.5,
``1 234`` = 1234. A single dot followed by exactly three digits is a thousands separator
(``65.5`` stays 65.5, ``0.500`` stays 0.5). Values Excel already typed are taken as they are.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_BLANK = {"", "-", "--", "—", "–", "x/", "n/a"}
_UNITS = re.compile(r"\s*(m²|m2|đồng|đ|vnđ|vnd)\.?$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


def _clean(text: str) -> str:
    s = _UNITS.sub("", text.strip())
    s = s.replace("\u2212", "-")
    # space as thousands separator: "1 234 567" (and "5 523,2")
    if re.fullmatch(r"[+-]?\d{1,3}(?:[\s\u00a0\u202f]\d{3})+(?:[.,]\d+)?", s):
        s = _SPACES.sub("", s)
    return s


def parse_number(value: object) -> Decimal | None:
    """Read a Vietnamese-formatted number; None for blank or "-"; ValueError for garbage."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            raise ValueError(f"not a number: {value!r}")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return None if value.is_nan() else value
    text = str(value)
    if text.strip().lower() in _BLANK:
        return None
    s = _clean(text)
    if s.lower() in _BLANK:
        return None
    sign = ""
    if s[:1] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:].strip()
    if not s or not re.fullmatch(r"[\d.,]+", s) or not s[0].isdigit() or not s[-1].isdigit():
        raise ValueError(f"not a number: {text.strip()!r}")
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if dec == "," else ","
        int_part, _, frac = s.rpartition(dec)
        if s.count(dec) != 1 or not _GROUPED.match(int_part) or thousands not in int_part:
            raise ValueError(f"not a number: {text.strip()!r}")
        digits = int_part.replace(thousands, "") + "." + frac
    elif dots > 1 or commas > 1:
        if not _GROUPED.match(s):
            raise ValueError(f"not a number: {text.strip()!r}")
        digits = s.replace(".", "").replace(",", "")
    elif commas == 1:
        digits = s.replace(",", ".")  # Vietnamese decimal comma
    elif dots == 1:
        int_part, frac = s.split(".")
        if len(frac) == 3 and int_part.lstrip("0"):
            digits = int_part + frac  # "20.000" = twenty thousand
        else:
            digits = s
    else:
        digits = s
    try:
        return Decimal(sign + digits)
    except InvalidOperation:
        raise ValueError(f"not a number: {text.strip()!r}") from None


def parse_vnd(value: object) -> int:
    """An amount of money as exact integer VND (blank = 0), rounded half up; no negatives."""
    number = parse_number(value)
    if number is None:
        return 0
    if number < 0:
        raise ValueError(f"negative amount: {str(value).strip()!r}")
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


_EXCEL_EPOCH = date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?$")
_WORDS = re.compile(r"^ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})$", re.IGNORECASE)


def parse_date(value: object) -> date:
    """dd/mm/yyyy, d/m/yyyy (also with - or .), yyyy-mm-dd, "ngày 5 tháng 3 năm 2025",
    Excel dates and serial numbers. ValueError for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(f"not a date: {value!r}")
    text = " ".join(str(value or "").split())
    try:
        if m := _DMY.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := _YMD.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _WORDS.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        raise ValueError(f"not a valid date: {text!r}") from None
    raise ValueError(f"not a date (expected dd/mm/yyyy): {text!r}")
