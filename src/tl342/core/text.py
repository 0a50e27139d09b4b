"""Vietnamese text helpers: NFC normalisation and diacritic-insensitive folding for search."""

from __future__ import annotations

import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str | None) -> str:
    """Return ``text`` in Unicode NFC with surrounding whitespace removed ("" for None)."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text)).strip()


def fold(text: str | None) -> str:
    """Fold case and Vietnamese diacritics: ``fold("Đạp Thanh") == "dap thanh"``.

    Works for NFC and NFD input alike; runs of whitespace collapse to one space.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_SPECIAL))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def matches(query: str, *fields: str | None) -> bool:
    """True when every word of ``query`` occurs (folded) in one of ``fields`` joined."""
    hay = " ".join(fold(f) for f in fields if f)
    return all(word in hay for word in fold(query).split())
