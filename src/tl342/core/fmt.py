"""The one formatter for printed numbers, areas, money, dates and chainages (Qt-free).

Every screen and document (GUI, PDF, XLSX, HTML, map sheets) prints figures through these
functions, so the same figure reads the same everywhere. Vietnamese style: ``.`` groups
thousands, ``,`` is the decimal mark (``1.234,5``).

One rounding rule: **half-up on the exact decimal value**. A float is taken at its shortest
repr (``5523.25`` is the decimal 5523.25, not the binary 5523.2499…), then rounded half-up,
so ``5523.25`` prints ``5.523,3`` everywhere. A total is the exact sum of the exact values,
rounded once (:func:`total`), never the sum of rounded values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .stations import format_chainage

__all__ = [
    "area",
    "chainage",
    "date_vn",
    "exact",
    "hectares",
    "integer",
    "length",
    "money",
    "number",
    "rounded",
    "total",
]


#: How the document being written groups thousands and marks decimals: "vi" (``1.234,5``, the
#: default everywhere) or "en" (``1,234.5``). An export in English sets it for its own run
#: (``exports.run.run_export``, in the thread that writes it); nothing else changes it.
NUMBER_STYLE: ContextVar[str] = ContextVar("tl342_number_style", default="vi")


def marks() -> tuple[str, str]:
    """(thousands separator, decimal mark) of the current :data:`NUMBER_STYLE`."""
    return (",", ".") if NUMBER_STYLE.get() == "en" else (".", ",")


def exact(x: float | int | Decimal) -> Decimal:
    """The decimal value a number stands for: ints and Decimals as they are, floats at their
    shortest repr (``exact(0.1) == Decimal("0.1")``)."""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):  # bool included: it is an int
        return Decimal(int(x))
    return Decimal(repr(float(x)))


def rounded(x: float | int | Decimal, decimals: int = 0) -> Decimal:
    """``x`` rounded half-up to ``decimals`` places on its exact decimal value."""
    return exact(x).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def total(values: Iterable[float | int | Decimal]) -> float:
    """The exact sum of ``values`` (floats summed without loss, :func:`math.fsum`): round the
    result once when printing, never the parts."""
    return math.fsum(float(v) for v in values)


def number(x: float | int | Decimal, decimals: int = 0, *, sign: bool = False) -> str:
    """``1234.56 -> "1.234,6"`` (``decimals=1``); ``sign=True`` writes ``+`` before positives."""
    q = rounded(x, decimals)
    if q == 0:
        q = abs(q)  # no "-0,0"
    text = f"{abs(q):,.{decimals}f}"
    whole, _, frac = text.partition(".")
    sep, dec = marks()
    out = whole.replace(",", sep) + (dec + frac if decimals else "")
    if q < 0:
        return "-" + out
    return ("+" + out) if sign and q > 0 else out


def integer(x: float | int | Decimal) -> str:
    """A count or whole number: ``1234567 -> "1.234.567"``."""
    return number(x, 0)


def money(vnd: int | Decimal, unit: str = "") -> str:
    """Exact VND: ``1234567 -> "1.234.567"`` (with ``unit``, e.g. ``"đ"``: ``"1.234.567 đ"``)."""
    text = number(vnd, 0)
    return f"{text} {unit}" if unit else text


def area(m2: float | int | Decimal, decimals: int = 1, unit: str = "") -> str:
    """An area in m²: ``5523.25 -> "5.523,3"`` (``unit="m²"`` appends the unit)."""
    text = number(m2, decimals)
    return f"{text} {unit}" if unit else text


def hectares(m2: float | int | Decimal, decimals: int = 2, unit: str = "") -> str:
    """An area given in m² printed in hectares: ``12345 -> "1,23"``."""
    text = number(exact(m2) / Decimal(10_000), decimals)
    return f"{text} {unit}" if unit else text


def length(m: float | int | Decimal, decimals: int = 0, unit: str = "m") -> str:
    """A length in metres: ``1132.9 -> "1.133 m"``."""
    text = number(m, decimals)
    return f"{text} {unit}" if unit else text


def date_vn(d: date | None) -> str:
    """``date(2022, 11, 14) -> "14/11/2022"`` ("" for None)."""
    return d.strftime("%d/%m/%Y") if d is not None else ""


def chainage(metres: float, decimals: int = 0) -> str:
    """``44619.4 -> "Km44+619"`` (half-up, as :func:`tl342.core.chainage.format_chainage`)."""
    return format_chainage(metres, decimals)
