"""Helpers shared by the readers: parcel-key parts, commune names, land-use codes."""

from __future__ import annotations

import csv
import math
import re
from decimal import Decimal
from functools import cache
from importlib.resources import files

from tl342.core.landuse import land_use_names
from tl342.core.text import fold, nfc

# C0/C1 control characters (NUL, BEL, ESC, ...) but tab, newline and carriage return: they
# come from broken exports and would end up in names, labels and printed documents.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COMMUNE_PREFIX = re.compile(r"^(xã|phường|thị trấn|tt\.?|x\.)\s+", re.IGNORECASE)


def commune_name(value: object) -> str:
    """A commune name as stored: NFC, single spaces, without a leading "xã"/"Xã"."""
    text = " ".join(cell_text(value).split())
    return _COMMUNE_PREFIX.sub("", text).strip()


def clean_text(text: str) -> str:
    """``text`` without control characters (NUL, BEL, ESC ...), NFC."""
    return nfc(_CONTROL.sub("", text)) if _CONTROL.search(text) else nfc(text)


def cell_text(value: object) -> str:
    """Text of a cell/attribute: NFC, stripped, control characters removed; "" for None/NaN;
    12.0 -> "12"."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return clean_text(str(value))


def key_part(value: object) -> str:
    """A sheet or parcel number as a key part: "012" -> "12", 12.0 -> "12", "12a" -> "12a"."""
    text = "".join(cell_text(value).split())
    if text.isdigit():
        return str(int(text))
    return text


def folded_name(name: str) -> str:
    """A column name folded for matching: case, diacritics, spaces and _ - . ignored."""
    return re.sub(r"[\s_\-.]+", "", fold(name))


@cache
def legacy_land_use() -> dict[str, str]:
    text = (files("tl342.io") / "tables" / "legacy_land_use.csv").read_text(encoding="utf-8")
    return {row["legacy"]: row["code"] for row in csv.DictReader(text.splitlines())}


def normalise_land_use(value: object) -> tuple[str, str, list[str]]:
    """(normalised code, original text, unknown codes). Mixed uses like "ONT+CLN" keep
    their parts; legacy codes map to current ones (``tables/legacy_land_use.csv``)."""
    orig = cell_text(value)
    if not orig:
        return "", "", []
    known = land_use_names()
    legacy = legacy_land_use()
    parts = [p for p in re.split(r"\s*[+,;/]\s*|\s+", fold(orig).upper()) if p]
    out: list[str] = []
    unknown: list[str] = []
    for part in parts:
        code = part if part in known else legacy.get(part, part)
        if code not in known:
            unknown.append(part)
        out.append(code)
    return "+".join(out), orig, unknown


_GDAL_NOT_RECOGNIZED = re.compile(r"not recognized as (?:being in )?a supported file format", re.I)
_GDAL_HINT = re.compile(r"[.;\s]*It might help to specify the correct driver.*$", re.I | re.S)


def gdal_message(exc: Exception) -> str:
    """GDAL's error as a plain sentence for users: the first line, no full paths, and never
    GDAL's hint to "prefix the file path with '<DRIVER>:'" (which no user can act on)."""
    text = str(exc).strip()
    if _GDAL_NOT_RECOGNIZED.search(text):
        return (
            "not a GIS file tl342 can read (damaged, or not in the format its name says); "
            "open it in QGIS to check, or export it again as GeoPackage or Shapefile"
        )
    if "No such file or directory" in text:
        return "no such file"
    text = _GDAL_HINT.sub("", text)
    first = text.splitlines()[0].strip() if text else ""
    first = re.sub(r"(?:/[^\s/:'\"]+)+/([^\s/:'\"]+)", r"\1", first)  # /a/b/c.gpkg -> c.gpkg
    return first.rstrip(" .;") or type(exc).__name__
