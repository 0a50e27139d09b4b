"""Chainage as text: ``Km37+500`` parsed and written (no geometry, so it loads fast).

:mod:`tl342.core.chainage` builds routes, stakes and station equations on top of these.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import UserError

__all__ = ["format_chainage", "parse_chainage", "stake_label"]


_KM_RE = re.compile(
    r"^\s*(?:km?)?\s*(?P<km>[-−]?\s*\d+)\s*\+\s*(?P<m>[-−]?\s*\d+(?:[.,]\d+)?)\s*$",
    re.IGNORECASE,
)
_PLAIN_RE = re.compile(r"^\s*(?P<n>[-−]?\d+(?:[.,]\d+)?)\s*$")


def parse_chainage(text: str) -> float:
    """Parse ``"Km37+500"`` (and ``KM37+500.25``, ``km 37 + 500``, ``37+500``, ``K37+500``,
    ``Km37+500,25``, or a plain number of metres ``"37500"``/``"37500.5"``) into metres.

    A comma is a decimal separator (Vietnamese style). Negative values, a metres part of
    1000 or more and anything else raise :class:`UserError` naming the text.
    """
    if text is None:
        raise UserError("empty chainage: expected something like Km37+500")
    raw = str(text)
    s = raw.strip()
    if not s:
        raise UserError("empty chainage: expected something like Km37+500")
    m = _KM_RE.match(s)
    if m:
        km_txt = re.sub(r"\s", "", m["km"])
        m_txt = re.sub(r"\s", "", m["m"])
        if km_txt.startswith(("-", "−")) or m_txt.startswith(("-", "−")):
            raise UserError(f"chainage {raw.strip()!r} is negative: chainage starts at Km0+000")
        km = int(km_txt)
        metres = float(m_txt.replace(",", "."))
        if metres >= 1000:
            hint = format_chainage(km * 1000 + metres, 3 if metres != int(metres) else 0)
            raise UserError(
                f"chainage {raw.strip()!r}: the metres part must be below 1000 (did you mean {hint}?)"
            )
        return km * 1000.0 + metres
    m = _PLAIN_RE.match(s)
    if m:
        n_txt = m["n"]
        if n_txt.startswith(("-", "−")):
            raise UserError(f"chainage {raw.strip()!r} is negative: chainage starts at Km0+000")
        return float(n_txt.replace(",", "."))
    raise UserError(
        f"cannot read chainage {raw.strip()!r}: expected something like Km37+500, "
        "Km37+500.25 or a number of metres"
    )


def format_chainage(metres: float, decimals: int = 0) -> str:
    """Format metres as ``Km37+500`` (``decimals`` digits after the metres; half rounds up,
    so 999.6 -> ``Km1+000``). Negative values (extrapolation) get a leading minus sign."""
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    try:
        value = Decimal(repr(float(metres)))
    except (InvalidOperation, ValueError, TypeError) as exc:  # pragma: no cover - defensive
        raise UserError(f"not a chainage: {metres!r}") from exc
    if not value.is_finite():
        raise UserError(f"not a chainage: {metres!r}")
    sign = "-" if value < 0 else ""
    q = abs(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    units = int(q.scaleb(decimals))  # integer number of 10**-decimals metres
    if units == 0:
        sign = ""
    scale = 10**decimals
    km, rem = divmod(units, 1000 * scale)
    whole, frac = divmod(rem, scale)
    out = f"{sign}Km{km}+{whole:03d}"
    if decimals:
        out += f".{frac:0{decimals}d}"
    return out


def _fmt(ch: float) -> str:
    """Format for messages: whole metres unless the value has a fraction worth showing."""
    return format_chainage(ch, 0 if abs(ch - round(ch)) < 0.005 else 2)


def stake_label(chainage_m: float) -> str:
    """Label of a stake: ``"Km38"`` at a whole km, ``"H3"`` at a 100 m stake, else ``Km38+250``."""
    mm = round(chainage_m * 1000)
    if mm % 1_000_000 == 0:
        return f"Km{mm // 1_000_000}"
    if mm % 100_000 == 0:
        return f"H{(mm % 1_000_000) // 100_000}"
    return _fmt(chainage_m)
