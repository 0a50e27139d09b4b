<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt ships no Vietnamese qtbase translation: the few Qt strings tl342's dialogs show. -->
<TS version="2.1" language="vi_VN">
<context>
    <name>QPlatformTheme</name>
    <message><source>OK</source><translation>Đồng ý</translation></message>
    <message><source>Cancel</source><translation>Hủy</translation></message>
    <message><source>Close</source><translation>Đóng</translation></message>
    <message><source>Save</source><translation>Lưu</translation></message>
    <message><source>Open</source><translation>Mở</translation></message>
    <message><source>Yes</source><translation>Có</translation></message>
    <message><source>No</source><translation>Không</translation></message>
    <message><source>Apply</source><translation>Áp dụng</translation></message>
    <message><source>Help</source><translation>Trợ giúp</translation></message>
</context>
<context>
    <name>QMessageBox</name>
    <message><source>Show Details...</source><translation>Xem chi tiết...</translation></message>
    <message><source>Hide Details...</source><translation>Ẩn chi tiết...</translation></message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message><source>&amp;Copy</source><translation>&amp;Sao chép</translation></message>
    <message><source>Select All</source><translation>Chọn tất cả</translation></message>
</context>
<context>
    <name>QLineEdit</name>
    <message><source>&amp;Undo</source><translation>&amp;Hoàn tác</translation></message>
    <message><source>&amp;Redo</source><translation>&amp;Làm lại</translation></message>
    <message><source>Cu&amp;t</source><translation>&amp;Cắt</translation></message>
    <message><source>&amp;Copy</source><translation>&amp;Sao chép</translation></message>
    <message><source>&amp;Paste</source><translation>&amp;Dán</translation></message>
    <message><source>Delete</source><translation>Xóa</translation></message>
    <message><source>Select All</source><translation>Chọn tất cả</translation></message>
</context>
</TS>
