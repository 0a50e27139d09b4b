"""The words of every export in English: ONE table, keyed by the Vietnamese text (the way a
gettext catalogue is keyed by its source text), so a call site reads in the document's own
language: ``say("Loại đất", opts.lang)``.

Enum names (statuses, flags, land groups, cell states) are not here: they come from
``core.model.LABELS`` (``member.label(lang)``), legend marks from ``render.palette``.
A text that is not in the table prints as it is in either language: project data (names of
people, villages, communes, the project) and settings a user typed stay as written; the
settings' Vietnamese defaults (issuing body, signers' titles) are in the table, so an English
export of a project that kept the defaults reads English throughout. See docs/languages.md.
"""

from __future__ import annotations

from datetime import date

__all__ = ["EN", "date_line", "say"]

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: Vietnamese text -> English. ``{name}`` fields are filled by :func:`say`.
EN: dict[str, str] = {
    # -- administrative form (Decree 30/2020/NĐ-CP) and the settings' defaults -------------
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": "SOCIALIST REPUBLIC OF VIETNAM",
    "Độc lập - Tự do - Hạnh phúc": "Independence - Freedom - Happiness",
    "(Ký tên, đóng dấu)": "(Signature and seal)",
    "(Ký, ghi rõ họ tên)": "(Signature and full name)",
    "TÀI LIỆU CÓ DỮ LIỆU CÁ NHÂN — KHÔNG NIÊM YẾT CÔNG KHAI (Luật Bảo vệ dữ liệu cá nhân 2025)": (
        "CONTAINS PERSONAL DATA — NOT FOR PUBLIC POSTING (Personal Data Protection Law 2025)"
    ),
    "XÁC NHẬN CỦA UBND XÃ {commune}": "CONFIRMED BY THE PEOPLE'S COMMITTEE OF {commune} COMMUNE",
    "XÁC NHẬN CỦA UBND XÃ": "CONFIRMED BY THE COMMUNE PEOPLE'S COMMITTEE",
    "CHỦ HỘ": "HEAD OF HOUSEHOLD",
    "UBND HUYỆN BA CHẼ": "BA CHẼ DISTRICT PEOPLE'S COMMITTEE",
    "TỔ CÔNG TÁC GPMB": "LAND CLEARANCE TASK FORCE",
    "TM. TỔ CÔNG TÁC": "ON BEHALF OF THE TASK FORCE",
    "TỔ TRƯỞNG": "HEAD OF THE TASK FORCE",
    "TM. ỦY BAN NHÂN DÂN": "ON BEHALF OF THE PEOPLE'S COMMITTEE",
    "CHỦ TỊCH": "CHAIRPERSON",
    "NGƯỜI LẬP": "PREPARED BY",
    # -- shared: pages, tables, places -----------------------------------------------------
    "Trang {i}/{n}": "Page {i}/{n}",
    "STT": "No.",
    "Xã": "Commune",
    "Tổng cộng": "Total",
    # -- progress report ---------------------------------------------------------------------
    "BÁO CÁO TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG": "LAND CLEARANCE PROGRESS REPORT",
    "DANH SÁCH CÁC TRƯỜNG HỢP VƯỚNG MẮC": "BLOCKED CASES",
    "Dự án: {name}": "Project: {name}",
    "Ngày {date}": "Date {date}",
    " của {name}": " of {name}",
    " của chiến dịch": " of the campaign",
    " — sau khi kết thúc {n} ngày": " — after the end of the {n} days",
    " — Ngày thứ {day}/{n}": " — Day {day}/{n}",
    "II. TRONG NGÀY {day} (so với báo cáo trước)": "II. ON {day} (since the previous report)",
    "II. TỪ NGÀY {first} ĐẾN NGÀY {day} (so với báo cáo trước)": (
        "II. FROM {first} TO {day} (since the previous report)"
    ),
    "I. LŨY KẾ ĐẾN HẾT NGÀY {day}": "I. CUMULATIVE TO THE END OF {day}",
    "Km liên tục: chưa có tim tuyến trong dự án.": (
        "Continuous km: the project has no centreline yet."
    ),
    "Km liên tục: chiều dài đo theo tim tuyến các đoạn đã bàn giao toàn bộ mặt bằng": (
        "Continuous km: length along the centreline of the stretches whose land is all "
        "handed over"
    ),
    ": chưa có đoạn nào.": ": none yet.",
    "Tiến độ": "Progress",
    "Vướng mắc": "Blocked",
    "Đến hết ngày {day}": "To the end of {day}",
    "Không có trường hợp vướng mắc.": "No blocked cases.",
    "Số hộ tính theo bước đã đạt được (hộ đã chi trả cũng được tính là đã thông báo, "
    "đã kiểm đếm, đã niêm yết, đã phê duyệt). Số tiền: triệu đồng.": (
        "Households are counted by the step reached (a paid household also counts as "
        "notified, inventoried, posted and approved). Money: million VND."
    ),
    "Số tiền: triệu đồng.": "Money: million VND.",
    "Tổng số": "All",
    "Số hộ": "Households",
    "Diện tích (ha)": "Area (ha)",
    "Đã thông báo": "Notified",
    "Đã kiểm đếm": "Inventoried",
    # the report's narrow figure columns (a word never breaks inside a header cell)
    "report|Số hộ": "HHs",
    "report|Đã kiểm đếm": "Surveyed",
    "report|Diện tích (ha)": "Area (ha)",
    "report|Gửi Kho bạc": "Deposited (Treasury)",
    "Đã niêm yết": "Posted",
    "Đã phê duyệt": "Approved",
    "Triệu đồng": "Million VND",
    "Đã chi trả": "Paid",
    "Đã bàn giao": "Handed over",
    "Km liên tục": "Continuous km",
    "Gửi Kho bạc": "Deposited at the Treasury",
    "Hiến đất": "Donated",
    "Mã hộ": "Household",
    "Họ và tên chủ hộ": "Head of household",
    "Từ ngày": "Since",
    "Nguyên nhân": "Cause",
    "Người/đơn vị phụ trách": "Handled by",
    # -- posting list --------------------------------------------------------------------------
    "DANH SÁCH NIÊM YẾT CÔNG KHAI": "PUBLIC POSTING LIST",
    "Phương án bồi thường, hỗ trợ khi Nhà nước thu hồi đất": (
        "Compensation and support plan for land recovered by the State"
    ),
    "Cải tạo, nâng cấp đường tỉnh ĐT342": "Upgrading of provincial road ĐT342",
    "Xã: {commune}": "Commune: {commune}",
    "Địa điểm niêm yết: Trụ sở UBND xã {commune} và nhà văn hóa các thôn có đất bị "
    "thu hồi": (
        "Posted at: the office of the {commune} Commune People's Committee and the cultural "
        "houses of the villages with recovered land"
    ),
    "Thời gian niêm yết: {days} ngày, từ ngày {start} đến ngày {end}": (
        "Posting period: {days} days, from {start} to {end}"
    ),
    "Tự nguyện hiến đất/cây": "Voluntary donation of land/trees",
    "Thôn": "Village",
    "Tờ bản đồ số": "Map sheet",
    "Thửa đất số": "Parcel",
    "Loại đất": "Land use",
    "Diện tích thu hồi (m²)": "Recovered area (m²)",
    "Bồi thường (đồng)": "Compensation (VND)",
    "Hỗ trợ (đồng)": "Support (VND)",
    "Tổng (đồng)": "Total (VND)",
    "Ghi chú": "Notes",
    # -- map sheets, atlas, key map ----------------------------------------------------------
    "Tờ/Thửa": "Sheet/No.",
    # narrow columns of map sheets' tables (a header cell never wraps: it elides)
    "col|Tờ/Thửa": "Parcel",
    "col|Loại đất": "Use",
    "col|Tờ sơ đồ": "Sheet",
    "col|Chủ sử dụng": "Land user",
    "col|Tờ": "No.",
    "col|Từ thửa": "From",
    "Thu hồi (m²)": "Taken (m²)",
    "Chủ sử dụng": "Land user",
    "Người lập": "Prepared by",
    "Tổ công tác GPMB": "Land clearance task force",
    "UBND xã {commune}": "{commune} Commune People's Committee",
    "UBND xã": "Commune People's Committee",
    "Tỷ lệ 1:{n}": "Scale 1:{n}",
    "Hệ tọa độ VN-2000, kinh tuyến trục 107°45′, múi chiếu 3° (E = Y, N = X)": (
        "VN-2000 coordinates, central meridian 107°45′, 3° zone (E = Y, N = X)"
    ),
    "Danh sách thửa đất ({n} thửa, thu hồi {m2} m²)": "Parcels ({n} parcels, {m2} m² recovered)",
    "… còn {n} thửa: xem danh sách đầy đủ": "… {n} more parcels: see the full list",
    "… còn {n} thửa: xuất PDF để có danh sách đầy đủ": (
        "… {n} more parcels: export a PDF for the full list"
    ),
    "Danh sách thửa đất (tiếp theo)": "Parcels (continued)",
    "Dự án nâng cấp ĐT342": "ĐT342 upgrading project",
    " — Xã {commune}": " — {commune} Commune",
    "SƠ ĐỒ VỊ TRÍ THỬA ĐẤT THU HỒI": "LOCATION MAP OF THE RECOVERED PARCELS",
    "SƠ ĐỒ PHÂN TỜ — XÃ {commune}": "KEY MAP OF SHEETS — {commune} COMMUNE",
    " — {n} tờ tỷ lệ 1:{scale}": " — {n} sheets at scale 1:{scale}",
    "Tờ": "Sheet",
    "Lý trình": "Chainage",
    "Số thửa": "Parcels",
    "Từ thửa": "First parcel",
    "BẢNG KÊ THỬA ĐẤT THEO TỜ": "INDEX OF PARCELS BY SHEET",
    " (tiếp theo)": " (continued)",
    " — {n} thửa trên {sheets} tờ sơ đồ dọc tuyến (cột «Tờ sơ đồ»)": (
        " — {n} parcels on {sheets} strip sheets (column «Map sheet»)"
    ),
    "Trạng thái": "Status",
    "Tờ sơ đồ": "Map sheet",
    "… còn {n} thửa: xem bảng kê cuối tập, trang {pages}": (
        "… {n} more parcels: see the index at the end, page {pages}"
    ),
    "SƠ ĐỒ DỌC TUYẾN {range}": "STRIP MAP {range}",
    " — tờ {i}/{n}": " — sheet {i}/{n}",
    # -- household sheet -----------------------------------------------------------------------
    "BẢNG TỌA ĐỘ ĐIỂM RANH GIỚI PHẦN THU HỒI (VN-2000)": (
        "COORDINATES OF THE RECOVERED PART'S BOUNDARY POINTS (VN-2000)"
    ),
    "Điểm": "Point",
    "Cạnh (m)": "Side (m)",
    # -- meeting pack ------------------------------------------------------------------------
    "SƠ ĐỒ TỔNG THỂ THỬA ĐẤT THU HỒI": "OVERVIEW MAP OF THE RECOVERED PARCELS",
    "… còn {n} thửa: xem danh sách ở sơ đồ tổng thể đầu tập": (
        "… {n} more parcels: see the list on the overview map at the front"
    ),
    "PHIẾU THÔNG TIN HỘ CÓ ĐẤT BỊ THU HỒI": "HOUSEHOLD SHEET: LAND RECOVERED FROM THE HOUSEHOLD",
    "thôn {village}": "{village} village",
    "xã {commune}": "{commune} commune",
    "Mã hộ: {code} — Chủ hộ: {name} — {place}": (
        "Household: {code} — Head of household: {name} — {place}"
    ),
    "tự nguyện hiến đất/cây": "voluntary donation of land/trees",
    "có khiếu nại": "complaint",
    "cưỡng chế": "enforcement",
    "Trạng thái: {status}": "Status: {status}",
    "CCCD": "ID card",
    "Điện thoại": "Phone",
    "Năm sinh": "Birth year",
    "Tài khoản": "Bank account",
    "Diện tích (m²)": "Area (m²)",
    "Cộng": "Total",
    "Mã": "Code",
    "Bồi thường": "Compensation",
    "Hỗ trợ": "Support",
    "Giá trị tự nguyện hiến": "Value donated",
    "Khoản": "Item",
    "Số tiền (đồng)": "Amount (VND)",
    " — hộ {code} (tiếp theo)": " — household {code} (continued)",
    "HỒ SƠ HỌP DÂN": "COMMUNITY MEETING PACK",
    "về bồi thường, hỗ trợ, tái định cư và giải phóng mặt bằng": (
        "on compensation, support, resettlement and land clearance"
    ),
    "Xã {commune}": "{commune} Commune",
    "1. Sơ đồ tổng thể thửa đất thu hồi của xã": (
        "1. Overview map of the commune's recovered parcels"
    ),
    "2. Sơ đồ dọc tuyến: {n} tờ": "2. Strip maps: {n} sheets",
    "3. Phiếu thông tin hộ có đất bị thu hồi: {n} hộ": "3. Household sheets: {n} households",
    "4. Tiến độ giải phóng mặt bằng của xã": "4. The commune's land clearance progress",
    "Hồ sơ gồm:": "Contents:",
    "TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG — XÃ {commune}": "LAND CLEARANCE PROGRESS — {commune} COMMUNE",
    "Đến ngày {day}": "As of {day}",
    "Chiến dịch": "Campaign",
    " — {name}: còn {n} ngày nữa bắt đầu": " — {name}: starts in {n} days",
    " — {name}: đã kết thúc ngày {end} ({n} ngày)": " — {name}: ended on {end} ({n} days)",
    " — {name}: ngày thứ {day}/{n}": " — {name}: day {day}/{n}",
    " (phấn đấu hoàn thành trong {n} ngày)": " (target: done within {n} days)",
    "Đã bàn giao mặt bằng: {done}/{n} hộ ({pct}%), {ha_done}/{ha} ha. "
    "Tự nguyện hiến: {donated} hộ. Vướng mắc (khiếu nại, cưỡng chế): {blocked} hộ.": (
        "Land handed over: {done}/{n} households ({pct}%), {ha_done}/{ha} ha. "
        "Voluntary donations: {donated} households. Blocked (complaint, enforcement): "
        "{blocked} households."
    ),
    "Tổng số hộ": "All households",
    "Bước": "Step",
    "Tỷ lệ": "Share",
    # -- HTML map --------------------------------------------------------------------------------
    "Tim tuyến, cọc Km": "Centreline, km stakes",
    "Chú giải": "Legend",
    "Diện tích thu hồi": "Recovered area",
    "Chủ hộ": "Head of household",
    "Thửa đất (theo trạng thái)": "Parcels (by status)",
    "Tim tuyến và cọc Km": "Centreline and km stakes",
    "Tiến độ GPMB đến ngày {day}": "Land clearance progress as of {day}",
    " — xã {commune}": " — {commune} commune",
    "Tờ/thửa": "Sheet/parcel",
}


def say(vi: str, lang: str, ctx: str = "", **fields: object) -> str:
    """``vi`` in ``lang`` ("en": its English from :data:`EN`, or ``vi`` itself when the table
    has none, e.g. a name; anything else: Vietnamese), with ``fields`` filled in. ``ctx``
    picks a variant where one place needs other English than the rest (gettext's msgctxt):
    the entry ``"ctx|vi"`` when there is one, else ``vi``'s."""
    text = vi
    if lang == "en":
        text = EN.get(f"{ctx}|{vi}", None) if ctx else None
        text = text if text is not None else EN.get(vi, vi)
    return text.format(**fields) if fields else text


def date_line(d: date, lang: str, place: str = "") -> str:
    """The place-and-date line of a document: "Ba Chẽ, ngày 21 tháng 11 năm 2022" /
    "Ba Chẽ, 21 November 2022"."""
    where = f"{place}, " if place else ""
    if lang == "en":
        return f"{where}{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return f"{where}ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
