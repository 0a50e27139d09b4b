"""The one place that decides what an exported list, table or map may carry about a household.

Public outputs (posting lists, reports, maps, HTML, GeoPackage) never carry the private
fields of :class:`~tl342.core.model.Household` — CCCD number, phone, birth year, bank account
(Personal Data Protection Law 91/2025, Decree 356/2025; ``domain.md`` §7) — whatever the
options say. Names are normal practice on posted lists; on maps a household code replaces the
name when ``opts.use_codes`` (implied by ``opts.public``).

Free text (notes) is typed by people and may quote a phone number: :func:`scrub` removes any
private value of the snapshot from it before it is exported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..core.model import PRIVATE_HOUSEHOLD_FIELDS, Household
from ..core.snapshot import Snapshot
from .options import ExportOptions

__all__ = [
    "PRIVATE_HOUSEHOLD_FIELDS",
    "REDACTED",
    "display_name",
    "private_values",
    "public_household",
    "scrub",
]

REDACTED = "[…]"
_MIN_PRIVATE_LEN = 4  # shorter values ("1", "") are not identifying and would match anything


def private_values(source: Snapshot | Iterable[Household]) -> set[str]:
    """Every non-trivial private value (CCCD, phone, birth year, bank account) of the households."""
    households = source.households.values() if isinstance(source, Snapshot) else source
    out: set[str] = set()
    for hh in households:
        for name in PRIVATE_HOUSEHOLD_FIELDS:
            value = str(getattr(hh, name, "") or "").strip()
            if len(value) >= _MIN_PRIVATE_LEN:
                out.add(value)
    return out


def _digits_pattern(value: str) -> re.Pattern[str] | None:
    """A pattern matching a numeric private value also when written with spaces, dots or dashes."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < _MIN_PRIVATE_LEN or len(digits) < len(value.replace(" ", "")) - 2:
        return None
    return re.compile(r"[\s.\-]?".join(re.escape(d) for d in digits))


def scrub(text: str | None, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of a private value replaced by ``[…]``."""
    out = str(text or "")
    if not out:
        return out
    for value in sorted(secrets, key=len, reverse=True):
        if value and value in out:
            out = out.replace(value, REDACTED)
        pat = _digits_pattern(value)
        if pat is not None:
            out = pat.sub(REDACTED, out)
    return out


def display_name(hh: Household | None, code: str | None, opts: ExportOptions, *, on_map: bool) -> str:
    """What to print for a household: its code on maps when ``opts.use_codes``, else the name."""
    if hh is None:
        return code or ""
    if on_map and opts.use_codes:
        return hh.code
    return hh.head_name or hh.code


def public_household(
    hh: Household, opts: ExportOptions, *, on_map: bool = False, secrets: Iterable[str] = ()
) -> dict[str, Any]:
    """The fields of ``hh`` an export may carry; never CCCD, phone, birth year or bank account.

    ``name`` is the head's name, or the household code on maps when ``opts.use_codes``.
    ``secrets`` (see :func:`private_values`) are scrubbed from the free-text notes; the
    household's own private values always are.
    """
    own = private_values([hh])
    secrets = own | set(secrets)
    return {
        "code": hh.code,
        "name": display_name(hh, hh.code, opts, on_map=on_map),
        "commune": hh.commune,
        "village": hh.village,
        "compensation_vnd": int(hh.compensation_vnd),
        "support_vnd": int(hh.support_vnd),
        "total_vnd": int(hh.total_vnd),
        "paid_vnd": int(hh.paid_vnd),
        "donated_value_vnd": int(hh.donated_value_vnd),
        "donation_note": scrub(hh.donation_note, secrets),
        "note": scrub(hh.note, secrets),
    }


def find_leaks(text: str, secrets: Iterable[str]) -> list[str]:
    """The private values that occur in ``text`` (for self-checks of public outputs)."""
    return sorted(v for v in secrets if v and v in text)
