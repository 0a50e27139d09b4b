<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>CampaignDashboard</name>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="225"/>
        <source>The date the campaign figures are counted for</source>
        <translation>Ngày dùng để tính số liệu chiến dịch</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="233"/>
        <source>Households handed over</source>
        <translation>Số hộ đã bàn giao</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="234"/>
        <source>Area (ha)</source>
        <translation>Diện tích (ha)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="235"/>
        <source>Target day {n}</source>
        <translation>Mốc ngày {n}</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="236"/>
        <source>Day {n}</source>
        <translation>Ngày {n}</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="237"/>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="285"/>
        <source>Forecast</source>
        <translation>Dự báo</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="238"/>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="239"/>
        <source>Day</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="243"/>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="282"/>
        <source>Handed over</source>
        <translation>Đã bàn giao</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="244"/>
        <source>Paid</source>
        <translation>Đã chi trả</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="245"/>
        <source>Approved</source>
        <translation>Đã phê duyệt</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="246"/>
        <source>Blocked (complaint, enforcement)</source>
        <translation>Vướng mắc (khiếu nại, cưỡng chế)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="247"/>
        <source>Donated</source>
        <translation>Hiến đất</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="248"/>
        <source>In progress</source>
        <translation>Đang làm thủ tục</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="249"/>
        <source>Nothing to recover</source>
        <translation>Không thu hồi</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="251"/>
        <source>Left</source>
        <translation>Trái</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="251"/>
        <source>Right</source>
        <translation>Phải</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="252"/>
        <source>Click to show this place on the map</source>
        <translation>Bấm để xem vị trí này trên bản đồ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="255"/>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="255"/>
        <source>To</source>
        <translation>Đến</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="255"/>
        <source>Length (m)</source>
        <translation>Dài (m)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="261"/>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="271"/>
        <source>Household</source>
        <translation>Hộ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="262"/>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="263"/>
        <source>Due</source>
        <translation>Hạn</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="264"/>
        <source>Days</source>
        <translation>Số ngày</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="265"/>
        <source>State</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="272"/>
        <source>Case</source>
        <translation>Vụ việc</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="273"/>
        <source>Cause</source>
        <translation>Nguyên nhân</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="274"/>
        <source>Owner</source>
        <translation>Người phụ trách</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="275"/>
        <source>Since</source>
        <translation>Từ ngày</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="281"/>
        <source>Commune</source>
        <translation>Xã</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="283"/>
        <source>ha</source>
        <translation>ha</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="284"/>
        <source>Needed a day</source>
        <translation>Cần mỗi ngày</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="286"/>
        <source>On track</source>
        <translation>Đúng tiến độ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="298"/>
        <source>Ready</source>
        <translation>Đoạn sẵn sàng</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="299"/>
        <source>Deadlines</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="300"/>
        <source>Blocked</source>
        <translation>Vướng mắc</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="301"/>
        <source>Communes</source>
        <translation>Theo xã</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="361"/>
        <source>The campaign ended on %1; shown as of its latest record, %2. Change the date on the right.</source>
        <translation>Chiến dịch đã kết thúc ngày %1; số liệu tính đến lần ghi nhận cuối, ngày %2. Đổi ngày ở ô bên phải.</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="374"/>
        <source>No campaign set</source>
        <translation>Chưa đặt chiến dịch</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="377"/>
        <source>Day %1/%2</source>
        <translation>Ngày %1/%2</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="382"/>
        <source>%1 days left to day %2 · %3 days left to day %4</source>
        <translation>Còn %1 ngày đến ngày %2 · còn %3 ngày đến ngày %4</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="392"/>
        <source>no forecast yet (nothing handed over since day 1)</source>
        <translation>chưa có dự báo (chưa bàn giao hộ nào từ ngày 1)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="395"/>
        <source>forecast %1 (%2 – %3)</source>
        <translation>dự báo xong %1 (%2 – %3)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="402"/>
        <source>Handed over %1/%2 households, %3 ha · needed %4 households and %5 ha a day to finish by day %6 · %7</source>
        <translation>Đã bàn giao %1/%2 hộ, %3 ha · cần %4 hộ và %5 ha mỗi ngày để xong trước ngày %6 · %7</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="424"/>
        <source>%1 stretches ready, %2 m of road in all (at least %3 m each)</source>
        <translation>%1 đoạn sẵn sàng bàn giao cho nhà thầu, tổng %2 m đường (mỗi đoạn từ %3 m)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="451"/>
        <source>Overdue by %1 days</source>
        <translation>Quá hạn %1 ngày</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="453"/>
        <source>Due in %1 days</source>
        <translation>Còn %1 ngày</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="468"/>
        <source>Late %1 · soon %2</source>
        <translation>Quá hạn %1 · sắp %2</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="472"/>
        <source>Deadlines (%1 late, %2 soon)</source>
        <translation>Thời hạn (%1 quá hạn, %2 sắp đến)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="486"/>
        <source>Blocked (%1)</source>
        <translation>Vướng mắc (%1)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="512"/>
        <source>yes</source>
        <translation>đạt</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dashboard.py" line="512"/>
        <source>behind</source>
        <translation>chậm</translation>
    </message>
</context>
<context>
    <name>CampaignDock</name>
    <message>
        <location filename="../../src/tl342/ui/campaign_dock.py" line="49"/>
        <source>The date the campaign figures are counted for</source>
        <translation>Ngày dùng để tính số liệu chiến dịch</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dock.py" line="66"/>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dock.py" line="67"/>
        <source>Households</source>
        <translation>Số hộ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dock.py" line="68"/>
        <source>Area</source>
        <translation>Diện tích</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dock.py" line="94"/>
        <source>No campaign set</source>
        <translation>Chưa đặt chiến dịch</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dock.py" line="97"/>
        <source>Day %1/%2</source>
        <translation>Ngày %1/%2</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dock.py" line="102"/>
        <source>%1 days left to day %2 · %3 days left to day %4</source>
        <translation>Còn %1 ngày đến ngày %2 · còn %3 ngày đến ngày %4</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/campaign_dock.py" line="123"/>
        <source>Needed: %1 households and %2 ha a day to finish by day %3 · so far %4 a day</source>
        <translation>Cần bàn giao %1 hộ và %2 ha mỗi ngày để xong trước ngày %3 · hiện đạt %4 hộ/ngày</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="61"/>
        <source>Sheet/parcel</source>
        <translation>Tờ/thửa</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="62"/>
        <location filename="../../src/tl342/ui/details_panel.py" line="68"/>
        <source>Land use</source>
        <translation>Loại đất</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="63"/>
        <source>Area m²</source>
        <translation>Diện tích m²</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="64"/>
        <location filename="../../src/tl342/ui/details_panel.py" line="68"/>
        <source>Recovered m²</source>
        <translation>Thu hồi m²</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="65"/>
        <source>Chainage</source>
        <translation>Lý trình</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="70"/>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="70"/>
        <source>Change</source>
        <translation>Thay đổi</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="70"/>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="70"/>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="70"/>
        <source>Doc no.</source>
        <translation>Số văn bản</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="79"/>
        <source>Compensation</source>
        <translation>Bồi thường</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="80"/>
        <source>Support</source>
        <translation>Hỗ trợ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="81"/>
        <location filename="../../src/tl342/ui/details_panel.py" line="178"/>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="82"/>
        <source>Paid</source>
        <translation>Đã chi trả</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="83"/>
        <source>Donated value</source>
        <translation>Giá trị tự nguyện hiến</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="84"/>
        <source>Flags</source>
        <translation>Đánh dấu</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="97"/>
        <source>Parcels</source>
        <translation>Thửa đất</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="98"/>
        <source>Amounts</source>
        <translation>Kinh phí</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="99"/>
        <source>History</source>
        <translation>Lịch sử</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="124"/>
        <source>No household selected</source>
        <translation>Chưa chọn hộ nào</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="125"/>
        <source>Select a household in the list or on the map.</source>
        <translation>Chọn một hộ trong danh sách hoặc trên bản đồ.</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="137"/>
        <source>&lt;b&gt;%1 households selected&lt;/b&gt;</source>
        <translation>&lt;b&gt;Đã chọn %1 hộ&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="140"/>
        <source>Recovered: %1</source>
        <translation>Thu hồi: %1</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="229"/>
        <source>%1: not applicable</source>
        <translation>%1: không áp dụng</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/details_panel.py" line="231"/>
        <source>Undone (event %1)</source>
        <translation>Hoàn tác (sự kiện %1)</translation>
    </message>
    <message>
        <source>Treasury deposit (%1)</source>
        <translation>Gửi Kho bạc (%1)</translation>
    </message>
    <message>
        <source>Treasury deposit</source>
        <translation>Gửi Kho bạc</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="54"/>
        <location filename="../../src/tl342/ui/export_dialog.py" line="113"/>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="59"/>
        <source>Parcel map (PDF/PNG)</source>
        <translation>Bản đồ thửa đất (PDF/PNG)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="60"/>
        <source>Atlas along the road (PDF)</source>
        <translation>Tập bản đồ dọc tuyến (PDF)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="61"/>
        <source>Commune meeting pack (folder)</source>
        <translation>Bộ tài liệu họp dân theo xã (thư mục)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="62"/>
        <source>Interactive map (HTML)</source>
        <translation>Bản đồ tương tác (HTML)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="63"/>
        <source>Public posting list (XLSX/PDF)</source>
        <translation>Danh sách niêm yết công khai (XLSX/PDF)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="64"/>
        <source>Progress report (XLSX/PDF)</source>
        <translation>Báo cáo tiến độ (XLSX/PDF)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="65"/>
        <source>GeoPackage for QGIS</source>
        <translation>GeoPackage cho QGIS</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="69"/>
        <source>All communes</source>
        <translation>Tất cả các xã</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="82"/>
        <source>fit the sheet</source>
        <translation>vừa khổ giấy</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="85"/>
        <source>Landscape</source>
        <translation>Khổ ngang</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="90"/>
        <source>Public (no private data; household codes on maps)</source>
        <translation>Công khai (không có thông tin cá nhân; bản đồ ghi mã hộ)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="94"/>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="102"/>
        <source>What</source>
        <translation>Loại tài liệu</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="103"/>
        <source>Commune</source>
        <translation>Xã</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="104"/>
        <source>Chainage</source>
        <translation>Lý trình</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="105"/>
        <source>Scale</source>
        <translation>Tỷ lệ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="106"/>
        <source>Paper</source>
        <translation>Khổ giấy</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="108"/>
        <source>As of</source>
        <translation>Tính đến ngày</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="109"/>
        <source>Save to</source>
        <translation>Lưu vào</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="134"/>
        <source>Export to folder</source>
        <translation>Xuất vào thư mục</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="137"/>
        <source>Export to</source>
        <translation>Xuất ra tệp</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/export_dialog.py" line="168"/>
        <source>Choose where to save the export.</source>
        <translation>Hãy chọn nơi lưu tài liệu xuất.</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="138"/>
        <source>Code</source>
        <translation>Mã hộ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="139"/>
        <source>Name</source>
        <translation>Chủ hộ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="140"/>
        <source>Commune</source>
        <translation>Xã</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="141"/>
        <source>Village</source>
        <translation>Thôn</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="142"/>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="143"/>
        <source>Recovered m²</source>
        <translation>Thu hồi m²</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="144"/>
        <source>Flags</source>
        <translation>Đánh dấu</translation>
    </message>
    <message>
        <source>Treasury deposit</source>
        <translation>Gửi Kho bạc</translation>
    </message>
</context>
<context>
    <name>HouseholdsPanel</name>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="271"/>
        <source>Search name, code, village…</source>
        <translation>Tìm tên, mã hộ, thôn…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="277"/>
        <source>All statuses</source>
        <translation>Tất cả trạng thái</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="283"/>
        <source>from Km</source>
        <translation>từ Km</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="284"/>
        <source>to Km</source>
        <translation>đến Km</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="286"/>
        <source>Chainage such as Km45+200</source>
        <translation>Lý trình, ví dụ Km45+200</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="330"/>
        <source>Change status… (F2)</source>
        <translation>Chuyển trạng thái… (F2)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="335"/>
        <source>Change status…</source>
        <translation>Chuyển trạng thái…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="369"/>
        <source>All communes</source>
        <translation>Tất cả các xã</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="407"/>
        <source>%1 of %2 households</source>
        <translation>%1/%2 hộ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/households_panel.py" line="458"/>
        <source>Show on map</source>
        <translation>Xem trên bản đồ</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="70"/>
        <source>Import parcels</source>
        <translation>Nhập thửa đất</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="71"/>
        <source>Import household list</source>
        <translation>Nhập danh sách hộ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="72"/>
        <source>Import route</source>
        <translation>Nhập tim tuyến</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="73"/>
        <source>Import clearance boundary</source>
        <translation>Nhập chỉ giới GPMB</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="74"/>
        <source>Import commune boundaries</source>
        <translation>Nhập ranh giới xã</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="78"/>
        <source>GIS files (*.shp *.gpkg *.geojson *.json *.kml *.dxf *.dgn);;All files (*)</source>
        <translation>Tệp GIS (*.shp *.gpkg *.geojson *.json *.kml *.dxf *.dgn);;Mọi tệp (*)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="83"/>
        <source>Excel files (*.xlsx);;All files (*)</source>
        <translation>Tệp Excel (*.xlsx);;Mọi tệp (*)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="85"/>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="92"/>
        <source>Used when the file has no commune column</source>
        <translation>Dùng khi tệp không có cột tên xã</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="95"/>
        <source>Old .dbf files are often TCVN3 or VNI</source>
        <translation>Tệp .dbf cũ thường dùng bảng mã TCVN3 hoặc VNI</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="96"/>
        <source>from the file (e.g. EPSG:5899)</source>
        <translation>theo tệp (ví dụ EPSG:5899)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="97"/>
        <source>Commune</source>
        <translation>Xã</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="98"/>
        <source>Text encoding</source>
        <translation>Bảng mã chữ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="99"/>
        <source>Coordinate system</source>
        <translation>Hệ tọa độ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="101"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Tệp CSV (*.csv);;Mọi tệp (*)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="102"/>
        <source>Stakes</source>
        <translation>Cọc lý trình</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="103"/>
        <source>Station equations</source>
        <translation>Điểm đứt/nối lý trình</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="104"/>
        <source>Stakes (chainage,x,y)</source>
        <translation>Cọc (lý trình,x,y)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="105"/>
        <source>Equations (back,ahead,x,y)</source>
        <translation>Đứt/nối lý trình (trước,sau,x,y)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="108"/>
        <source>Choose a file and press Check: nothing is written until you press Import.</source>
        <translation>Chọn tệp rồi bấm Kiểm tra: chưa có gì được ghi cho đến khi bấm Nhập.</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="110"/>
        <source>A file with errors is refused as a whole.</source>
        <translation>Tệp có lỗi sẽ bị từ chối toàn bộ.</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="115"/>
        <source>Severity</source>
        <translation>Mức độ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="115"/>
        <source>Where</source>
        <translation>Vị trí</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="115"/>
        <source>Field</source>
        <translation>Trường</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="115"/>
        <source>Problem</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="127"/>
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="130"/>
        <source>Import</source>
        <translation>Nhập</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="152"/>
        <source>Choose a file first.</source>
        <translation>Hãy chọn tệp trước.</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="209"/>
        <source>Imported.</source>
        <translation>Đã nhập.</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="222"/>
        <source>error</source>
        <translation>lỗi</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="223"/>
        <source>warning</source>
        <translation>cảnh báo</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="224"/>
        <source>fixed</source>
        <translation>đã sửa</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="241"/>
        <source>Nothing was written to the project.</source>
        <translation>Chưa ghi gì vào dự án.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/tl342/ui/app.py" line="170"/>
        <location filename="../../src/tl342/ui/main_window.py" line="316"/>
        <source>Cannot open the project</source>
        <translation>Không mở được dự án</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="44"/>
        <source>The map is not available in this build.</source>
        <translation>Bản cài đặt này chưa có bản đồ.</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="70"/>
        <source>Households</source>
        <translation>Danh sách hộ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="73"/>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="76"/>
        <source>Campaign</source>
        <translation>Chiến dịch</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="127"/>
        <source>&amp;Open project…</source>
        <translation>&amp;Mở dự án…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="129"/>
        <source>&amp;Reload</source>
        <translation>&amp;Tải lại</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="132"/>
        <source>&amp;Export…</source>
        <translation>&amp;Xuất…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="134"/>
        <source>&amp;Quit</source>
        <translation>T&amp;hoát</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="136"/>
        <source>Change &amp;status…</source>
        <translation>Chuyển &amp;trạng thái…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="138"/>
        <source>&amp;Find household</source>
        <translation>Tìm &amp;hộ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="140"/>
        <source>Zoom to the &amp;route</source>
        <translation>Xem toàn &amp;tuyến</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="143"/>
        <source>&amp;Go to chainage…</source>
        <translation>Đến &amp;lý trình…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="145"/>
        <source>&amp;About tl342</source>
        <translation>&amp;Giới thiệu tl342</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="147"/>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="150"/>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="157"/>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="159"/>
        <source>Recent projects</source>
        <translation>Dự án gần đây</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="161"/>
        <source>&amp;Import</source>
        <translation>&amp;Nhập dữ liệu</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="163"/>
        <source>Parcels (cadastral map)…</source>
        <translation>Thửa đất (bản đồ địa chính)…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="164"/>
        <source>Household list (Excel)…</source>
        <translation>Danh sách hộ (Excel)…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="165"/>
        <source>Route (centreline and stakes)…</source>
        <translation>Tuyến (tim tuyến và cọc)…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="166"/>
        <source>Clearance boundary…</source>
        <translation>Chỉ giới GPMB…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="167"/>
        <source>Commune boundaries…</source>
        <translation>Ranh giới xã…</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="176"/>
        <source>&amp;Edit</source>
        <translation>&amp;Sửa</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="183"/>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="185"/>
        <source>Zoom to &amp;commune</source>
        <translation>Xem theo &amp;xã</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="192"/>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="201"/>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="203"/>
        <source>Main</source>
        <translation>Thanh công cụ chính</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="225"/>
        <source>Not changed</source>
        <translation>Chưa thay đổi</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="232"/>
        <source>Select one or more households first.</source>
        <translation>Hãy chọn một hoặc nhiều hộ trước.</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="243"/>
        <source>Show in the list</source>
        <translation>Hiện trong danh sách</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="271"/>
        <location filename="../../src/tl342/ui/main_window.py" line="282"/>
        <source>Go to chainage</source>
        <translation>Đến lý trình</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="272"/>
        <source>Chainage (e.g. Km45+200):</source>
        <translation>Lý trình (ví dụ Km45+200):</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="304"/>
        <source>Open project</source>
        <translation>Mở dự án</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="304"/>
        <source>tl342 projects (*.tl342)</source>
        <translation>Dự án tl342 (*.tl342)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="336"/>
        <source>(none)</source>
        <translation>(chưa có)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="351"/>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="352"/>
        <source>The new language is used when tl342 starts next time.</source>
        <translation>Ngôn ngữ mới được dùng từ lần mở tl342 tiếp theo.</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="358"/>
        <source>About tl342</source>
        <translation>Giới thiệu tl342</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/main_window.py" line="360"/>
        <source>&lt;b&gt;tl342 %1&lt;/b&gt;&lt;p&gt;Land clearance (GPMB) for road ĐT342, Ba Chẽ, Quảng Ninh.&lt;/p&gt;&lt;p&gt;Every change is saved at once; Ctrl+Z undoes it.&lt;/p&gt;</source>
        <translation>&lt;b&gt;tl342 %1&lt;/b&gt;&lt;p&gt;Giải phóng mặt bằng tuyến ĐT342, Ba Chẽ, Quảng Ninh.&lt;/p&gt;&lt;p&gt;Mọi thay đổi được lưu ngay; Ctrl+Z để hoàn tác.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="76"/>
        <source>Change status</source>
        <translation>Chuyển trạng thái</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="83"/>
        <source>%1 — %2 (now: %3)</source>
        <translation>%1 — %2 (hiện tại: %3)</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="90"/>
        <source>%1 households: %2</source>
        <translation>%1 hộ: %2</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="102"/>
        <source>— keep the current status —</source>
        <translation>— giữ nguyên trạng thái —</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="122"/>
        <source>e.g. 123/QĐ-UBND</source>
        <translation>ví dụ 123/QĐ-UBND</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="126"/>
        <source>dated</source>
        <translation>ngày</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="130"/>
        <source>New status</source>
        <translation>Trạng thái mới</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="131"/>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="132"/>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="133"/>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="134"/>
        <source>Document no.</source>
        <translation>Số văn bản</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="136"/>
        <source>Flags</source>
        <translation>Đánh dấu</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="234"/>
        <source>Status and flags</source>
        <translation>Trạng thái và đánh dấu</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="260"/>
        <source>Not changed</source>
        <translation>Chưa thay đổi</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/status_dialog.py" line="265"/>
        <source>Nothing was saved.</source>
        <translation>Chưa lưu gì.</translation>
    </message>
    <message>
        <source>Treasury deposit: refused money deposited</source>
        <translation>Gửi Kho bạc: hộ không nhận tiền, tiền gửi vào Kho bạc</translation>
    </message>
    <message>
        <source>The household refused the money; it is deposited in a State Treasury holding account (Land Law 2013 art. 93(3), 2024 art. 94). Counted apart from money received. Needs the document number.</source>
        <translation>Hộ không nhận tiền; tiền được gửi vào tài khoản tạm giữ của Kho bạc Nhà nước (Luật Đất đai 2013 Điều 93 khoản 3, Luật Đất đai 2024 Điều 94). Tính riêng, không tính là tiền đã chi trả. Cần số chứng từ.</translation>
    </message>
    <message>
        <source>In effect from</source>
        <translation>Có hiệu lực từ ngày</translation>
    </message>
</context>
<context>
    <name>_FileField</name>
    <message>
        <location filename="../../src/tl342/ui/import_dialog.py" line="45"/>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
</context>
<context>
    <name>look</name>
    <message>
        <location filename="../../src/tl342/ui/look.py" line="85"/>
        <source>Complaint</source>
        <translation>Khiếu nại</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/look.py" line="87"/>
        <source>Enforcement</source>
        <translation>Cưỡng chế</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/look.py" line="88"/>
        <source>Donated</source>
        <translation>Tự nguyện hiến</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/look.py" line="95"/>
        <source>“%1” is not a chainage on this road; write it like Km45+200</source>
        <translation>“%1” không phải lý trình trên tuyến này; hãy ghi dạng Km45+200</translation>
    </message>
    <message>
        <location filename="../../src/tl342/ui/look.py" line="101"/>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
</context>
<context>
    <name>progress</name>
    <message>
        <location filename="../../src/tl342/ui/progress.py" line="55"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
</TS>
