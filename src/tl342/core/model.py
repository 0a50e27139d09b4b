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


STATUS_ORDER: tuple[Status, ...] = tuple(Status)
_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}


@unique
class Flag(StrEnum):
    """Side tracks that run beside the main workflow."""

    COMPLAINT = "complaint"  # khiếu nại (does not suspend the process)
    ENFORCEMENT = "enforcement"  # cưỡng chế
    DONATED = "donated"  # tự nguyện hiến đất / hiến cây


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


@dataclass(slots=True)
class HouseholdState:
    """What the events of one household add up to."""

    status: Status = Status.PENDING
    flags: frozenset[Flag] = frozenset()
    not_applicable: dict[Status, str] = field(default_factory=dict)  # step -> reason
    reached_on: dict[Status, date] = field(default_factory=dict)  # step -> date reached
