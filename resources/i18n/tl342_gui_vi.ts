<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>CampaignDashboard</name>
    <message>
        <source>Handed over %1/%2 households, %3 ha · the days to day %4 are over: %5 households not handed over, the target is missed · %6</source>
        <translation>Đã bàn giao %1/%2 hộ, %3 ha · đã hết ngày đến ngày %4: còn %5 hộ chưa bàn giao, không đạt mục tiêu · %6</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>&lt;b&gt;Sheet %1, parcel %2&lt;/b&gt;</source>
        <translation>&lt;b&gt;Tờ %1, thửa %2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>holder in the cadastre: %1</source>
        <translation>chủ sử dụng theo địa chính: %1</translation>
    </message>
    <message>
        <source>held by no household of the project</source>
        <translation>không thuộc hộ nào của dự án</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>không rõ người</translation>
    </message>
    <message>
        <source>undone by %1 on %2</source>
        <translation>đã hoàn tác bởi %1 ngày %2</translation>
    </message>
    <message>
        <source>Undo: %1</source>
        <translation>Hoàn tác: %1</translation>
    </message>
</context>
<context>
    <name>HouseholdsPanel</name>
    <message>
        <source>Chainage such as 45 (= Km45+000), 45+200 or Km45+200</source>
        <translation>Lý trình, ví dụ 45 (= Km45+000), 45+200 hoặc Km45+200</translation>
    </message>
    <message>
        <source>No household matches all these filters.</source>
        <translation>Không có hộ nào thỏa mãn tất cả các bộ lọc này.</translation>
    </message>
    <message>
        <source>Clear the filters</source>
        <translation>Bỏ các bộ lọc</translation>
    </message>
    <message>
        <source>Filters cleared to show %1 in the list.</source>
        <translation>Đã bỏ bộ lọc để hiện %1 trong danh sách.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Legend on the map</source>
        <translation>&amp;Chú giải trên bản đồ</translation>
    </message>
    <message>
        <source>Chainage (e.g. 45, 45+200 or Km45+200):</source>
        <translation>Lý trình (ví dụ 45, 45+200 hoặc Km45+200):</translation>
    </message>
    <message>
        <source>Restart tl342 now to use the new language everywhere (menus, lists, exports)?</source>
        <translation>Khởi động lại tl342 ngay để dùng ngôn ngữ mới ở mọi nơi (menu, danh sách, tệp xuất)?</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>Khởi động lại ngay</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Để sau</translation>
    </message>
</context>
<context>
    <name>TypedDateEdit</name>
    <message>
        <source>Type a date as dd/mm/yyyy, or use the arrows or the calendar</source>
        <translation>Gõ ngày dạng dd/mm/yyyy, hoặc dùng mũi tên hay lịch</translation>
    </message>
</context>
<context>
    <name>ProjectModel</name>
    <message>
        <source>Saved: %1</source>
        <translation>Đã lưu: %1</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>Đã hoàn tác: %1</translation>
    </message>
    <message>
        <source>Redone: %1</source>
        <translation>Đã làm lại: %1</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <source>Sheet %1, parcel %2 · %3</source>
        <translation>Tờ %1, thửa %2 · %3</translation>
    </message>
    <message>
        <source>Area %1 · recovered %2</source>
        <translation>Diện tích %1 · thu hồi %2</translation>
    </message>
    <message>
        <source>Held by no household of the project</source>
        <translation>Không thuộc hộ nào của dự án</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Campaign figures as of %1, the date chosen last time</source>
        <translation>Số liệu chiến dịch tính đến ngày %1, ngày đã chọn lần trước</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>Tài liệu PDF (*.pdf)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Ảnh PNG (*.png)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Bảng tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Web page (*.html *.htm)</source>
        <translation>Trang web (*.html *.htm)</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>Thay tệp cũ?</translation>
    </message>
    <message>
        <source>{name} already exists in {folder}. Replace it?</source>
        <translation>{name} đã có trong {folder}. Thay tệp này?</translation>
    </message>
    <message>
        <source>The folder {name} in {folder} is not empty. Replace the files of the same name?</source>
        <translation>Thư mục {name} trong {folder} đã có tệp. Thay các tệp trùng tên?</translation>
    </message>
    <message>
        <source>The old file stays until the new one is complete.</source>
        <translation>Tệp cũ được giữ nguyên cho đến khi tệp mới xuất xong.</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Thay</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>Đã lưu {name}</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>Mở tệp</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Mở thư mục</translation>
    </message>
    <message>
        <source>Export cancelled. The previous file, if any, is untouched.</source>
        <translation>Đã hủy xuất. Tệp cũ (nếu có) vẫn giữ nguyên.</translation>
    </message>
    <message>
        <source>The export failed: {message}. The previous file, if any, is untouched.</source>
        <translation>Xuất không thành công: {message}. Tệp cũ (nếu có) vẫn giữ nguyên.</translation>
    </message>
</context>
</TS>
