"""Options shared by every export (CLI flags and the GUI's File → Export… dialog)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum, unique


@unique
class ExportKind(StrEnum):
    MAP = "map"  # parcel map, PDF or PNG by the file extension
    ATLAS = "atlas"  # sheets along the chainage, one multi-page PDF
    PACK = "pack"  # commune meeting pack: one PDF per commune
    HTML = "html"  # interactive offline HTML map (folium)
    POSTING = "posting"  # public posting list (danh sách niêm yết), .xlsx or .pdf
    REPORT = "report"  # daily progress report (báo cáo tiến độ), .xlsx or .pdf
    GPKG = "gpkg"  # GeoPackage for QGIS, styled


PUBLIC_HELP = (
    "public profile, for posting and handing out. Stays: parcels (sheet/parcel, land use, "
    "areas), villages, statuses, chainages, amounts, and household heads' names on the posting "
    "list and household sheets (posting them is required by law). Goes: names drawn on maps "
    "(map, atlas, pack sheets, HTML, GeoPackage show household codes instead) and in the "
    "report's blocked cases; every CCCD number, phone number, birth year and bank account "
    "(also when quoted in a note); the 'personal data, not for posting' line and the _noi-bo "
    "file-name suffix that internal outputs carry"
)
PRIVATE_SUFFIX = "_noi-bo"  # nội bộ: internal, not for posting
DEFAULT_NAMES = {
    ExportKind.MAP: "so_do.pdf",
    ExportKind.ATLAS: "so_do_doc_tuyen.pdf",
    ExportKind.PACK: "ho_so_hop_dan",
    ExportKind.HTML: "ban_do.html",
    ExportKind.POSTING: "danh_sach_niem_yet.xlsx",
    ExportKind.REPORT: "bao_cao_tien_do.xlsx",
    ExportKind.GPKG: "gpmb.gpkg",
}
ALWAYS_PUBLIC = frozenset({ExportKind.POSTING})  # the same content with or without --public


def private_name(name: str) -> str:
    """``"Dap_Thanh.pdf" -> "Dap_Thanh_noi-bo.pdf"``: the file name of a non-public output."""
    stem, dot, ext = name.rpartition(".")
    if not dot or "/" in ext:
        return name + PRIVATE_SUFFIX
    return f"{stem}{PRIVATE_SUFFIX}.{ext}"


def default_file_name(kind: ExportKind | str, public: bool, stem: str = "") -> str:
    """Default output name of an export: public and non-public names differ (the latter ends
    in :data:`PRIVATE_SUFFIX`), so an internal file is not posted by mistake."""
    kind = ExportKind(kind)
    name = DEFAULT_NAMES[kind]
    if stem:
        ext = name.rpartition(".")[2] if "." in name else ""
        name = f"{stem}.{ext}" if ext else stem
    if public or kind in ALWAYS_PUBLIC:
        return name
    return private_name(name)


@dataclass
class ExportOptions:
    """What to export and how; ``None`` means "all" / "fit"."""

    commune: str | None = None
    from_m: float | None = None  # chainage range, metres
    to_m: float | None = None
    scale: int | None = None  # 1:N; None = fit the sheet
    paper: str = "A4"  # A4 | A3
    landscape: bool = True
    public: bool = False  # public profile: no private data, household codes on maps
    codes_on_map: bool = False  # household code instead of name on maps (implied by public)
    date: date = field(default_factory=date.today)  # report/"as of" date
    # no date given: past the campaign's end, run_export moves ``date`` to the latest record
    auto_date: bool = False
    as_of_note: str = ""  # set by run_export when it did so: printed on campaign pages
    # document settings (issuer, place, signers; tl342.store.settings), read by run_export
    settings: dict[str, str] = field(default_factory=dict)
    stretch_m: float = 500.0  # atlas sheet length along the road
    lang: str = "vi"
    dpi: int = 200  # PNG resolution
    jobs: int | None = None  # processes writing a meeting pack; None = one per commune and CPU

    @property
    def personal(self) -> bool:
        """The output may hold personal data (names; private fields in the pack)."""
        return not self.public

    @property
    def use_codes(self) -> bool:
        return self.public or self.codes_on_map
