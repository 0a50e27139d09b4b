"""Project settings for printed documents, and the "as of" date of campaign figures.

Settings are key-value pairs in the project's ``meta`` table under ``setting.<key>`` (no schema
change): who issues the documents and who signs them (Decree 30/2020/NĐ-CP heading and
signer blocks). Unknown keys are refused, so a typo never silently prints nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.campaign import AsOf, as_of
from ..core.errors import UserError

PREFIX = "setting."


@dataclass(frozen=True)
class Setting:
    key: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("issuer_parent", "UBND HUYỆN BA CHẼ", "issuing body's superior (first heading line)"),
    Setting("issuer", "TỔ CÔNG TÁC GPMB", "issuing body (top-left heading, bold)"),
    Setting("place", "Ba Chẽ", 'place on the date line ("Ba Chẽ, ngày … tháng … năm …")'),
    Setting("signer_capacity", "TM. TỔ CÔNG TÁC", 'signer\'s capacity ("TM. …")'),
    Setting("signer_title", "TỔ TRƯỞNG", "signer's title (e.g. TỔ TRƯỞNG)"),
    Setting("signer_name", "", "signer's full name (blank: a line to write it)"),
    Setting("commune_capacity", "TM. ỦY BAN NHÂN DÂN", "a commune's capacity in its block"),
    Setting("commune_title", "CHỦ TỊCH", "a commune signer's title"),
    Setting(
        "commune_signers",
        "",
        "commune signers' names, 'Commune=Name; Commune=Name' (blank: a line to write it)",
    ),
    Setting("maker_title", "NGƯỜI LẬP", "title of the person who draws up the document"),
    Setting("maker_name", "", "name of the person who draws up the document"),
)
KEYS = {s.key: s for s in SETTINGS}


def get_settings(project) -> dict[str, str]:
    """Every setting, stored value or default."""
    return {s.key: project.get_meta(PREFIX + s.key, s.default) for s in SETTINGS}


def set_settings(project, values: dict[str, str]) -> dict[str, str]:
    """Store ``values`` (one transaction; an unknown key changes nothing) and return all."""
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise UserError(
            f"unknown setting {', '.join(unknown)}; known: {', '.join(s.key for s in SETTINGS)}"
        )
    project.set_meta(**{PREFIX + k: str(v).strip() for k, v in values.items()})
    return get_settings(project)


def parse_assignment(text: str) -> tuple[str, str]:
    """``"place=Ba Chẽ"`` -> ``("place", "Ba Chẽ")``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise UserError(f"--set {text!r}: write KEY=VALUE")
    return key.strip(), value


def commune_signer(settings: dict[str, str], commune: str) -> str:
    """The name configured for ``commune`` in ``commune_signers`` ('' when none)."""
    for part in settings.get("commune_signers", "").split(";"):
        name, sep, person = part.partition("=")
        if sep and name.strip().casefold() == commune.strip().casefold():
            return person.strip()
    return ""


def campaign_as_of(project, now: date | None = None, given: date | None = None) -> AsOf:
    """:func:`tl342.core.campaign.as_of` for a project, reading only the campaign and the
    latest event date (no snapshot)."""
    from sqlalchemy import func, select

    from .actions import get_campaign
    from .schema import EventRow

    now = now or date.today()
    if given is not None:
        return AsOf(given)
    camp = get_campaign(project)
    if camp is None or camp.end >= now:
        return AsOf(now)
    with project.session() as s:
        latest = s.execute(select(func.max(EventRow.at))).scalar()
    return as_of(camp, [latest] if latest else [], now)


__all__ = [
    "SETTINGS",
    "campaign_as_of",
    "commune_signer",
    "get_settings",
    "parse_assignment",
    "set_settings",
]
