"""Domain vocabulary of tl342: every Enum and record type the rest of the code speaks in.

Numbers are metres, square metres and VND (``int``, never float money). Geometries are
shapely objects in the project CRS (a projected, metric CRS; EPSG:5899 by default).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum, unique
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing the vocabulary must not load shapely/numpy
    from shapely.geometry.base import BaseGeometry

DEFAULT_CRS = "EPSG:5899"  # VN-2000 / TM-3 107-45, Quảng Ninh cadastral maps


@unique
class Status(StrEnum):
    """Steps of the per-household land-recovery workflow (Land Law 2024 arts. 85-89, 94)."""

    PENDING = "pending"  # chưa triển khai
    NOTIFIED = "notified"  # thông báo thu hồi đất
    INVENTORIED = "inventoried"  # kiểm đếm
    PLAN_DRAFTED = "plan_drafted"  # lập phương án bồi thường, hỗ trợ, tái định cư
    POSTED = "posted"  # niêm yết công khai
    CONSULTED = "consulted"  # lấy ý kiến, đối thoại
    APPRAISED = "appraised"  # thẩm định
    APPROVED = "approved"  # quyết định phê duyệt phương án
    RECOVERY_DECIDED = "recovery_decided"  # quyết định thu hồi đất
    PAID = "paid"  # chi trả
    HANDED_OVER = "handed_over"  # bàn giao mặt bằng

    @property
    def rank(self) -> int:
        return _RANK[self]

    def label(self, lang: str = "vi") -> str:
        """Short name for lists, legends and documents ("Đã chi trả" / "Paid")."""
        return labels(self, lang)


STATUS_ORDER: tuple[Status, ...] = tuple(Status)
_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}


@unique
class Flag(StrEnum):
    """Side tracks that run beside the main workflow."""

    COMPLAINT = "complaint"  # khiếu nại (does not suspend the process)
    ENFORCEMENT = "enforcement"  # cưỡng chế
    DONATED = "donated"  # tự nguyện hiến đất / hiến cây

    def label(self, lang: str = "vi") -> str:
        """Short name ("Khiếu nại" / "Complaint")."""
        return labels(self, lang)


@unique
class EventKind(StrEnum):
    """What an append-only workflow event records."""

    STATUS = "status"  # a step reached (checked against the rules)
    REVERT = "revert"  # undo of an earlier event (restores its from-status)
    FLAG_ON = "flag_on"
    FLAG_OFF = "flag_off"
    NOT_APPLICABLE = "not_applicable"  # a step marked "không áp dụng" with a reason


@unique
class Side(StrEnum):
    """Side of the centreline, facing increasing chainage (trái / phải tuyến)."""

    LEFT = "L"
    RIGHT = "R"


@unique
class Regime(StrEnum):
    """Legal regime whose deadlines apply; the rule sets are data in ``core/rules``."""

    LAND_LAW_2013 = "land_law_2013"
    LAND_LAW_2024 = "land_law_2024"


@unique
class LandGroup(StrEnum):
    """Reporting groups for recovered area (domain.md §1: forest vs other crop land)."""

    PRODUCTION_FOREST = "production_forest"  # RSX
    OTHER_FOREST = "other_forest"  # RPH, RDD, LNP
    CROP = "crop"  # annual/perennial crops, rice (LUC, LUK, HNK, BHK, NHK, CLN, ...)
    AQUACULTURE = "aquaculture"  # NTS
    RESIDENTIAL = "residential"  # ONT, ODT
    OTHER = "other"

    def label(self, lang: str = "vi") -> str:
        """Name of the group in reports ("Rừng sản xuất" / "Production forest")."""
        return labels(self, lang)


@unique
class CellState(StrEnum):
    """State of a 100 m cell of the straight-line diagram (sơ đồ thẳng), one side of the road."""

    HANDED_OVER = "handed_over"
    PAID = "paid"
    APPROVED = "approved"
    BLOCKED = "blocked"  # complaint or enforcement
    DONATED = "donated"
    PENDING = "pending"  # still in the procedure
    NONE = "none"  # nothing to recover there

    def label(self, lang: str = "vi") -> str:
        """Legend name ("Đã bàn giao" / "Handed over")."""
        return labels(self, lang)


#: THE table of labels of every Enum the user reads, per Enum type: member -> (Vietnamese,
#: English). Nothing else spells these names (legends, lists, documents and the GUI call
#: ``label``). Keyed per type: a StrEnum member equals its value, so Status.PAID and
#: CellState.PAID would be one key in a flat dict.
LABELS: dict[type[StrEnum], dict[StrEnum, tuple[str, str]]] = {
    Status: {
        Status.PENDING: ("Chưa triển khai", "Not started"),
        Status.NOTIFIED: ("Đã thông báo", "Notified"),
        Status.INVENTORIED: ("Đã kiểm đếm", "Inventoried"),
        Status.PLAN_DRAFTED: ("Đã lập phương án", "Plan drafted"),
        Status.POSTED: ("Đã niêm yết", "Posted"),
        Status.CONSULTED: ("Đã đối thoại", "Consulted"),
        Status.APPRAISED: ("Đã thẩm định", "Appraised"),
        Status.APPROVED: ("Đã phê duyệt", "Approved"),
        Status.RECOVERY_DECIDED: ("Đã có QĐ thu hồi", "Recovery decided"),
        Status.PAID: ("Đã chi trả", "Paid"),
        Status.HANDED_OVER: ("Đã bàn giao", "Handed over"),
    },
    Flag: {
        Flag.COMPLAINT: ("Khiếu nại", "Complaint"),
        Flag.ENFORCEMENT: ("Cưỡng chế", "Enforcement"),
        Flag.DONATED: ("Tự nguyện hiến", "Donated"),
    },
    LandGroup: {
        LandGroup.PRODUCTION_FOREST: ("Rừng sản xuất", "Production forest"),
        LandGroup.OTHER_FOREST: ("Rừng phòng hộ, đặc dụng", "Other forest"),
        LandGroup.CROP: ("Đất trồng cây, lúa", "Crop land"),
        LandGroup.AQUACULTURE: ("Đất nuôi trồng thủy sản", "Aquaculture"),
        LandGroup.RESIDENTIAL: ("Đất ở", "Residential"),
        LandGroup.OTHER: ("Đất khác", "Other land"),
    },
    CellState: {
        CellState.HANDED_OVER: ("Đã bàn giao", "Handed over"),
        CellState.PAID: ("Đã chi trả", "Paid"),
        CellState.APPROVED: ("Đã phê duyệt", "Approved"),
        CellState.BLOCKED: ("Vướng mắc (khiếu nại, cưỡng chế)", "Blocked (complaint, enforcement)"),
        CellState.DONATED: ("Hiến đất", "Donated"),
        CellState.PENDING: ("Đang làm thủ tục", "In progress"),
        CellState.NONE: ("Không thu hồi", "Nothing to recover"),
    },
}


def labels(member: StrEnum, lang: str = "vi") -> str:
    """The label of an Enum member in ``lang`` ("vi" or "en"; anything else reads Vietnamese)."""
    vi, en = LABELS[type(member)][member]
    return en if lang == "en" else vi


@dataclass(slots=True)
class Parcel:
    """A cadastral parcel (thửa đất), keyed by (commune, sheet, number)."""

    commune: str
    sheet: str  # tờ bản đồ số
    number: str  # thửa đất số
    land_use: str  # normalised current code, e.g. "RSX"
    geometry: BaseGeometry | None = None
    land_use_orig: str = ""  # the code as the source file had it (legacy codes kept)
    area_m2: float = 0.0  # legal/registered area when the file gives one, else geometric
    recovered_geometry: BaseGeometry | None = None  # part inside the clearance boundary
    recovered_area_m2: float = 0.0
    owner_name: str = ""
    address: str = ""
    household_code: str | None = None
    id: int | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.commune, self.sheet, self.number)

    @property
    def label(self) -> str:
        return f"{self.sheet}/{self.number}"

    @property
    def remaining_area_m2(self) -> float:
        return max(self.area_m2 - self.recovered_area_m2, 0.0)


@dataclass(slots=True)
class Household:
    """A household (hộ) whose land or assets are recovered."""

    code: str  # household code, safe to print on public maps
    head_name: str  # họ và tên chủ hộ
    commune: str = ""
    village: str = ""  # thôn / bản
    # private fields: never on public lists or maps (Decree 356/2025)
    id_card: str = ""  # CCCD
    phone: str = ""
    birth_year: str = ""
    bank_account: str = ""
    # amounts in VND, exact integers
    compensation_vnd: int = 0  # bồi thường (approved plan)
    support_vnd: int = 0  # hỗ trợ
    paid_vnd: int = 0  # đã chi trả
    donated_value_vnd: int = 0  # value of voluntarily donated land/trees (payable 0)
    donation_note: str = ""
    note: str = ""
    id: int | None = None

    @property
    def total_vnd(self) -> int:
        return self.compensation_vnd + self.support_vnd


PRIVATE_HOUSEHOLD_FIELDS: tuple[str, ...] = ("id_card", "phone", "birth_year", "bank_account")


@dataclass(slots=True)
class Event:
    """One append-only workflow event of a household."""

    household_code: str
    kind: EventKind
    at: date  # the date the step happened (document date if any)
    from_status: Status | None = None
    to_status: Status | None = None
    flag: Flag | None = None
    step: Status | None = None  # for NOT_APPLICABLE
    by: str = ""
    note: str = ""
    doc_no: str = ""
    doc_date: date | None = None
    reverts: int | None = None  # id of the event a REVERT undoes
    recorded_at: datetime | None = None
    id: int | None = None
    deposited: bool = False  # payment step met by a State Treasury deposit (gửi Kho bạc)
    effective_on: date | None = None  # the decision takes effect on (when not its signing date)


@dataclass(slots=True)
class HouseholdState:
    """What the events of one household add up to."""

    status: Status = Status.PENDING
    flags: frozenset[Flag] = frozenset()
    not_applicable: dict[Status, str] = field(default_factory=dict)  # step -> reason
    reached_on: dict[Status, date] = field(default_factory=dict)  # step -> date reached
    effective_on: dict[Status, date] = field(default_factory=dict)  # step -> date in effect
    deposited: bool = False  # "paid" was reached by a Treasury deposit, not money received
    flag_docs: dict[Flag, tuple[str, date | None]] = field(default_factory=dict)  # doc on flag
