"""Land-use codes (mục đích sử dụng đất): names, legacy codes, reporting groups."""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files

from .model import LandGroup

CROP_CODES = frozenset(
    {"CHN", "LUA", "LUC", "LUK", "LUN", "HNK", "BHK", "NHK", "CLN", "SXN", "COC", "NKH"}
)
_GROUPS = {
    "RSX": LandGroup.PRODUCTION_FOREST,
    "RPH": LandGroup.OTHER_FOREST,
    "RDD": LandGroup.OTHER_FOREST,
    "LNP": LandGroup.OTHER_FOREST,
    "NTS": LandGroup.AQUACULTURE,
    "ONT": LandGroup.RESIDENTIAL,
    "ODT": LandGroup.RESIDENTIAL,
}


@cache
def land_use_names() -> dict[str, dict[str, str]]:
    """Code -> {"vi": name, "en": gloss, "group": group} from the shipped table."""
    text = (files("tl342.core") / "rules" / "land_use_codes_vn.csv").read_text(encoding="utf-8")
    return {
        row["code"]: {"vi": row["name_vi"], "en": row["name_en_gloss"], "group": row["group"]}
        for row in csv.DictReader(text.splitlines())
    }


def land_group(code: str) -> LandGroup:
    """Reporting group of a land-use code (RSX forest, crops, ...)."""
    code = (code or "").upper()
    if code in _GROUPS:
        return _GROUPS[code]
    if code in CROP_CODES:
        return LandGroup.CROP
    return LandGroup.OTHER


def land_use_name(code: str, lang: str = "vi") -> str:
    entry = land_use_names().get((code or "").upper())
    return entry[lang] if entry else code
