<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
    <context>
        <name>AnnotationListPanel</name>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="213"></location>
            <source>Annotations</source>
            <translation>Chú thích</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="219"></location>
            <source>Not found in this version</source>
            <translation>Không còn trong phiên bản này</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="221"></location>
            <source>Annotations of the previous version whose text is no longer in the document</source>
            <translation>Chú thích của phiên bản trước có đoạn văn bản không còn trong tài liệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="237"></location>
            <source>me</source>
            <translation>tôi</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="238"></location>
            <source>shared</source>
            <translation>chia sẻ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="238"></location>
            <source>private</source>
            <translation>riêng</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="239"></location>
            <source>p. {page} · {kind} · {who} · {shared}</source>
            <translation>tr. {page} · {kind} · {who} · {shared}</translation>
        </message>
    </context>
    <context>
        <name>AnnotationToolBar</name>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="285"></location>
            <source>Annotations</source>
            <translation>Chú thích</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="322"></location>
            <source>Select</source>
            <translation>Chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="322"></location>
            <source>Select an annotation (Esc)</source>
            <translation>Chọn một chú thích (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="323"></location>
            <source>Highlight</source>
            <translation>Tô sáng</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="323"></location>
            <source>Highlight selected text (H)</source>
            <translation>Tô sáng đoạn văn bản đã chọn (H)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="324"></location>
            <source>Draw</source>
            <translation>Vẽ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="324"></location>
            <source>Draw freehand (I)</source>
            <translation>Vẽ tay (I)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="325"></location>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="325"></location>
            <source>Add a sticky note (N)</source>
            <translation>Thêm ghi chú (N)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="326"></location>
            <source>Text</source>
            <translation>Chữ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="326"></location>
            <source>Write text on the page (T)</source>
            <translation>Viết chữ lên trang (T)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="344"></location>
            <source>Annotate in {colour}</source>
            <translation>Chú thích màu {colour}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="353"></location>
            <source>Share with the meeting</source>
            <translation>Chia sẻ với phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="354"></location>
            <source>Show the selected annotation to everyone in the meeting</source>
            <translation>Hiển thị chú thích đang chọn cho mọi người trong phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="360"></location>
            <source>Delete</source>
            <translation>Xóa</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="361"></location>
            <source>Delete the selected annotation (Del)</source>
            <translation>Xóa chú thích đang chọn (Del)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="366"></location>
            <source>Undo</source>
            <translation>Hoàn tác</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="366"></location>
            <source>Undo my last change (Ctrl+Z)</source>
            <translation>Hoàn tác thay đổi gần nhất (Ctrl+Z)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="369"></location>
            <source>Redo</source>
            <translation>Làm lại</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="370"></location>
            <source>Redo what was undone (Ctrl+Shift+Z)</source>
            <translation>Làm lại thao tác vừa hoàn tác (Ctrl+Shift+Z)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="376"></location>
            <source>Export annotated PDF…</source>
            <translation>Xuất PDF kèm chú thích…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="377"></location>
            <source>Save a copy of the document with the annotations, for other PDF readers</source>
            <translation>Lưu bản sao tài liệu kèm chú thích để xem bằng phần mềm đọc PDF khác</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="417"></location>
            <source>The annotated copy was saved to {path}.</source>
            <translation>Đã lưu bản sao kèm chú thích vào {path}.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="439"></location>
            <source>document</source>
            <translation>tài liệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="442"></location>
            <source>Export annotated PDF</source>
            <translation>Xuất PDF kèm chú thích</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="443"></location>
            <source>{title} (annotated).pdf</source>
            <translation>{title} (chú thích).pdf</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="444"></location>
            <source>PDF documents (*.pdf)</source>
            <translation>Tài liệu PDF (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="469"></location>
            <source>Text:</source>
            <translation>Nội dung:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="509"></location>
            <source>Sticky note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="512"></location>
            <source>Text on the page</source>
            <translation>Chữ trên trang</translation>
        </message>
        <message>
            <source>Yellow</source>
            <translation>Vàng</translation>
        </message>
        <message>
            <source>Green</source>
            <translation>Xanh lá</translation>
        </message>
        <message>
            <source>Blue</source>
            <translation>Xanh dương</translation>
        </message>
        <message>
            <source>Pink</source>
            <translation>Hồng</translation>
        </message>
        <message>
            <source>Red</source>
            <translation>Đỏ</translation>
        </message>
    </context>
    <context>
        <name>Annotations</name>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="64"></location>
            <source>Highlight</source>
            <translation>Tô sáng</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="65"></location>
            <source>Drawing</source>
            <translation>Nét vẽ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="66"></location>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="67"></location>
            <source>Text</source>
            <translation>Chữ</translation>
        </message>
    </context>
    <context>
        <name>AnnotationsViewModel</name>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="276"></location>
            <source>Select some text to highlight first.</source>
            <translation>Hãy chọn đoạn văn bản cần tô sáng trước.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="303"></location>
            <source>Open a document to annotate it.</source>
            <translation>Hãy mở tài liệu để chú thích.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="434"></location>
            <location filename="../../desktop/viewmodels/annotations.py" line="446"></location>
            <source>This document may not be exported.</source>
            <translation>Không được phép xuất tài liệu này.</translation>
        </message>
    </context>
    <context>
        <name>Banner</name>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="106"></location>
            <source>Dismiss this message</source>
            <translation>Đóng thông báo này</translation>
        </message>
    </context>
    <context>
        <name>Classification</name>
        <message>
            <location filename="../../desktop/viewmodels/classification.py" line="168"></location>
            <source>{0}: pages are watermarked with your name; export and print are off.</source>
            <translation>{0}: các trang có hình mờ mang tên bạn; không được xuất và in.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/classification.py" line="170"></location>
            <source>{0}: pages and copies are watermarked with your name.</source>
            <translation>{0}: các trang và bản sao có hình mờ mang tên bạn.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/classification.py" line="187"></location>
            <source>{0} documents may not be exported or printed.</source>
            <translation>Không được xuất hoặc in tài liệu {0}.</translation>
        </message>
    </context>
    <context>
        <name>DocumentViewModel</name>
        <message>
            <location filename="../../desktop/viewmodels/document.py" line="474"></location>
            <source>The document has no pages.</source>
            <translation>Tài liệu không có trang nào.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/document.py" line="522"></location>
            <source>This document is protected by a password and cannot be shown.</source>
            <translation>Tài liệu được bảo vệ bằng mật khẩu nên không thể hiển thị.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/document.py" line="525"></location>
            <source>This document is damaged or is not a PDF file, so it cannot be shown. Ask the secretariat for a new copy.</source>
            <translation>Tài liệu bị hỏng hoặc không phải tệp PDF nên không thể hiển thị. Đề nghị Thư ký gửi lại bản khác.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/document.py" line="529"></location>
            <source>This document cannot be shown.</source>
            <translation>Không thể hiển thị tài liệu này.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/document.py" line="531"></location>
            <source>This page is damaged and cannot be shown.</source>
            <translation>Trang này bị hỏng, không thể hiển thị.</translation>
        </message>
    </context>
    <context>
        <name>DocumentViewer</name>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="173"></location>
            <source>Document</source>
            <translation>Tài liệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="179"></location>
            <source>Current page; type a page number and press Enter</source>
            <translation>Trang hiện tại; nhập số trang rồi nhấn Enter</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="183"></location>
            <source>Zoom</source>
            <translation>Thu phóng</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="184"></location>
            <source>Fit width</source>
            <translation>Vừa chiều rộng</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="185"></location>
            <source>Fit page</source>
            <translation>Vừa trang</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="187"></location>
            <location filename="../../desktop/widgets/document_viewer.py" line="441"></location>
            <source>{percent} %</source>
            <translation>{percent} %</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="191"></location>
            <source>Search in the document</source>
            <translation>Tìm trong tài liệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="253"></location>
            <source>First page</source>
            <translation>Trang đầu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="254"></location>
            <source>Go to the first page (Home)</source>
            <translation>Về trang đầu (Home)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="259"></location>
            <source>Previous page</source>
            <translation>Trang trước</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="260"></location>
            <source>Go to the previous page (Page Up)</source>
            <translation>Về trang trước (Page Up)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="265"></location>
            <source>Next page</source>
            <translation>Trang sau</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="266"></location>
            <source>Go to the next page (Page Down)</source>
            <translation>Sang trang sau (Page Down)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="271"></location>
            <source>Last page</source>
            <translation>Trang cuối</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="272"></location>
            <source>Go to the last page (End)</source>
            <translation>Đến trang cuối (End)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="277"></location>
            <source>Zoom in</source>
            <translation>Phóng to</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="278"></location>
            <source>Enlarge the page (Ctrl++)</source>
            <translation>Phóng to trang (Ctrl++)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="283"></location>
            <source>Zoom out</source>
            <translation>Thu nhỏ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="284"></location>
            <source>Reduce the page (Ctrl+-)</source>
            <translation>Thu nhỏ trang (Ctrl+-)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="289"></location>
            <source>Search</source>
            <translation>Tìm kiếm</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="290"></location>
            <source>Search in the document (Ctrl+F)</source>
            <translation>Tìm trong tài liệu (Ctrl+F)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="295"></location>
            <source>Next match</source>
            <translation>Kết quả sau</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="296"></location>
            <source>Go to the next match (F3)</source>
            <translation>Đến kết quả tìm kiếm tiếp theo (F3)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="301"></location>
            <source>Previous match</source>
            <translation>Kết quả trước</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="302"></location>
            <source>Go to the previous match (Shift+F3)</source>
            <translation>Về kết quả tìm kiếm trước (Shift+F3)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="307"></location>
            <source>Copy</source>
            <translation>Sao chép</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="308"></location>
            <source>Copy the selected text</source>
            <translation>Sao chép đoạn văn bản đã chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="380"></location>
            <source>No document is open.</source>
            <translation>Chưa mở tài liệu nào.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="409"></location>
            <source>Loading page {page}…</source>
            <translation>Đang tải trang {page}…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="463"></location>
            <source>No matches</source>
            <translation>Không tìm thấy</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="470"></location>
            <source>{current} of {total}</source>
            <translation>{current}/{total}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/document_viewer.py" line="523"></location>
            <source>Searching…</source>
            <translation>Đang tìm…</translation>
        </message>
    </context>
    <context>
        <name>Errors</name>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="39"></location>
            <source>The connection to the server was lost. Check the network and try again.</source>
            <translation>Mất kết nối với máy chủ. Hãy kiểm tra mạng và thử lại.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="43"></location>
            <source>The server did not answer in time. Try again in a moment.</source>
            <translation>Máy chủ không phản hồi kịp thời. Hãy thử lại sau giây lát.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="45"></location>
            <source>the server</source>
            <translation>máy chủ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="46"></location>
            <source>Cannot reach {0}. Check the server address and the network.</source>
            <translation>Không kết nối được tới {0}. Hãy kiểm tra địa chỉ máy chủ và mạng.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="47"></location>
            <source>Something went wrong: {0}</source>
            <translation>Đã xảy ra lỗi: {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="53"></location>
            <source>Connected</source>
            <translation>Đã kết nối</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="54"></location>
            <source>Connecting…</source>
            <translation>Đang kết nối…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="55"></location>
            <source>Connection lost — reconnecting…</source>
            <translation>Mất kết nối — đang kết nối lại…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="56"></location>
            <location filename="../../desktop/viewmodels/session.py" line="57"></location>
            <source>Disconnected</source>
            <translation>Đã ngắt kết nối</translation>
        </message>
    </context>
    <context>
        <name>Home</name>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="99"></location>
            <source>Mark your position on item {0}: {1}</source>
            <translation>Cho ý kiến về mục {0}: {1}</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="111"></location>
            <source>Vote open: {0}</source>
            <translation>Đang biểu quyết: {0}</translation>
        </message>
    </context>
    <context>
        <name>HomeWindow</name>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="56"></location>
            <source>e-Cabinet</source>
            <translation>e-Cabinet</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="57"></location>
            <source>Meetings</source>
            <translation>Phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="61"></location>
            <source>Open meeting</source>
            <translation>Vào phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="62"></location>
            <source>Open the selected meeting's room (Ctrl+O, Enter)</source>
            <translation>Vào phòng họp của phiên họp đang chọn (Ctrl+O, Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="71"></location>
            <source>Positions…</source>
            <translation>Cho ý kiến…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="72"></location>
            <source>Mark your position on each item of the selected meeting (Ctrl+Shift+P)</source>
            <translation>Cho ý kiến về từng mục của phiên họp đang chọn (Ctrl+Shift+P)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="77"></location>
            <source>New meeting…</source>
            <translation>Phiên họp mới…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="78"></location>
            <source>Prepare a new meeting (Ctrl+N)</source>
            <translation>Chuẩn bị phiên họp mới (Ctrl+N)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="83"></location>
            <source>Edit meeting</source>
            <translation>Sửa phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="84"></location>
            <source>Edit the selected meeting: details, participants, agenda (Ctrl+E)</source>
            <translation>Sửa phiên họp đang chọn: thông tin chung, thành phần tham dự, chương trình họp (Ctrl+E)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="89"></location>
            <source>Refresh</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="90"></location>
            <source>Reload my meetings (F5)</source>
            <translation>Tải lại danh sách phiên họp (F5)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="95"></location>
            <source>Log out</source>
            <translation>Đăng xuất</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="96"></location>
            <source>Log out; documents kept on this computer are deleted</source>
            <translation>Đăng xuất; tài liệu lưu trên máy này sẽ bị xóa</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="123"></location>
            <source>Upcoming meetings</source>
            <translation>Phiên họp sắp tới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="124"></location>
            <source>Past meetings</source>
            <translation>Phiên họp đã qua</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="133"></location>
            <source>Waiting for me</source>
            <translation>Việc cần xử lý</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="177"></location>
            <source>Meeting</source>
            <translation>Phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="177"></location>
            <source>Date</source>
            <translation>Thời gian</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="177"></location>
            <source>State</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="177"></location>
            <source>Classification</source>
            <translation>Độ mật</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="270"></location>
            <source>Nothing is waiting for you.</source>
            <translation>Không có việc nào cần xử lý.</translation>
        </message>
    </context>
    <context>
        <name>LoginWindow</name>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="24"></location>
            <source>e-Cabinet — Log in</source>
            <translation>e-Cabinet — Đăng nhập</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="33"></location>
            <source>e-Cabinet</source>
            <translation>e-Cabinet</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="35"></location>
            <source>Paperless government meetings</source>
            <translation>Phòng họp không giấy tờ của Chính phủ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="43"></location>
            <source>Address of the e-Cabinet server, ws:// or wss://</source>
            <translation>Địa chỉ máy chủ e-Cabinet, ws:// hoặc wss://</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="49"></location>
            <source>Server</source>
            <translation>Máy chủ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="50"></location>
            <source>User name</source>
            <translation>Tên đăng nhập</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="51"></location>
            <source>Password</source>
            <translation>Mật khẩu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="58"></location>
            <location filename="../../desktop/widgets/login_window.py" line="95"></location>
            <source>Log in</source>
            <translation>Đăng nhập</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="61"></location>
            <source>Log in (Enter)</source>
            <translation>Đăng nhập (Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="95"></location>
            <source>Logging in…</source>
            <translation>Đang đăng nhập…</translation>
        </message>
    </context>
    <context>
        <name>MeetingEditor</name>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="80"></location>
            <source>PDF documents (*.pdf)</source>
            <translation>Tài liệu PDF (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="182"></location>
            <source>Meeting editor</source>
            <translation>Soạn phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="189"></location>
            <location filename="../../desktop/widgets/meeting_editor.py" line="248"></location>
            <source>Publish</source>
            <translation>Phát hành</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="201"></location>
            <source>Agenda and documents</source>
            <translation>Chương trình và tài liệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="202"></location>
            <source>Details</source>
            <translation>Thông tin chung</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="203"></location>
            <source>Participants</source>
            <translation>Thành phần tham dự</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="310"></location>
            <source>Drag items to reorder them; double-click a title to rename it.</source>
            <translation>Kéo thả để sắp xếp lại các mục; nhấp đúp vào tên mục để đổi tên.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="315"></location>
            <source>Selected item</source>
            <translation>Mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="322"></location>
            <source> min</source>
            <translation> phút</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="325"></location>
            <source>Item:</source>
            <translation>Mục:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="326"></location>
            <source>Presenter:</source>
            <translation>Người trình bày:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="327"></location>
            <source>Planned time:</source>
            <translation>Thời lượng dự kiến:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="331"></location>
            <source>Document</source>
            <translation>Tài liệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="331"></location>
            <source>Version</source>
            <translation>Phiên bản</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="331"></location>
            <source>Pages</source>
            <translation>Số trang</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="331"></location>
            <source>Size</source>
            <translation>Dung lượng</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="353"></location>
            <source>Documents:</source>
            <translation>Tài liệu:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="369"></location>
            <source>e.g. Regular government meeting, December</source>
            <translation>Ví dụ: Phiên họp Chính phủ thường kỳ tháng 12</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="383"></location>
            <location filename="../../desktop/widgets/meeting_editor.py" line="480"></location>
            <source>Save details</source>
            <translation>Lưu thông tin</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="386"></location>
            <source>Title:</source>
            <translation>Tên phiên họp:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="387"></location>
            <source>Starts (UTC+07:00):</source>
            <translation>Bắt đầu (UTC+07:00):</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="388"></location>
            <source>Ends (UTC+07:00):</source>
            <translation>Kết thúc (UTC+07:00):</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="389"></location>
            <source>Form:</source>
            <translation>Hình thức:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="390"></location>
            <source>Location:</source>
            <translation>Địa điểm:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="391"></location>
            <source>Classification:</source>
            <translation>Độ mật:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="408"></location>
            <source>Invite</source>
            <translation>Mời</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="410"></location>
            <source>Uninvite</source>
            <translation>Hủy mời</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="413"></location>
            <source>Invite:</source>
            <translation>Mời:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="415"></location>
            <source>as</source>
            <translation>với vai trò</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="423"></location>
            <source>Name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="424"></location>
            <source>Position</source>
            <translation>Chức vụ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="425"></location>
            <source>Unit</source>
            <translation>Đơn vị</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="426"></location>
            <source>Role</source>
            <translation>Vai trò</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="427"></location>
            <source>Substitute</source>
            <translation>Người dự thay</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="428"></location>
            <source>Vote delegated</source>
            <translation>Ủy quyền biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="429"></location>
            <source>Absence reason</source>
            <translation>Lý do vắng mặt</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="460"></location>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="89"></location>
            <source>New meeting</source>
            <translation>Phiên họp mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="480"></location>
            <source>Create meeting</source>
            <translation>Tạo phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="515"></location>
            <source>Yes</source>
            <translation>Có</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="549"></location>
            <location filename="../../desktop/widgets/meeting_editor.py" line="570"></location>
            <source>— none —</source>
            <translation>— không có —</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="586"></location>
            <source>No.</source>
            <translation>STT</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="587"></location>
            <source>Title</source>
            <translation>Nội dung</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="588"></location>
            <source>Presenter</source>
            <translation>Người trình bày</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="589"></location>
            <source>Minutes</source>
            <translation>Số phút</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="590"></location>
            <source>Documents</source>
            <translation>Tài liệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="640"></location>
            <source>1 PDF (v{0})</source>
            <translation>1 PDF (v{0})</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="641"></location>
            <source>{0} PDFs</source>
            <translation>{0} tệp PDF</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="714"></location>
            <source>Select an agenda item.</source>
            <translation>Hãy chọn một mục trong chương trình họp.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="725"></location>
            <source>v{0}</source>
            <translation>v{0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="751"></location>
            <source>New item</source>
            <translation>Mục mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="760"></location>
            <source>New sub-item</source>
            <translation>Mục con mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="788"></location>
            <source>Attach a PDF to the agenda item</source>
            <translation>Đính kèm PDF vào mục chương trình</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="798"></location>
            <source>Choose the new version of {0}</source>
            <translation>Chọn phiên bản mới của {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="850"></location>
            <source>Uploading {0}…</source>
            <translation>Đang tải lên {0}…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="858"></location>
            <source>{0} attached as version {1}.</source>
            <translation>Đã đính kèm {0} (phiên bản {1}).</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="863"></location>
            <source>Upload refused.</source>
            <translation>Máy chủ từ chối tệp tải lên.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="249"></location>
            <source>Publish the meeting to its participants</source>
            <translation>Phát hành phiên họp tới thành phần tham dự</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="254"></location>
            <source>Add item</source>
            <translation>Thêm mục</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="255"></location>
            <source>Add an item after the selected one</source>
            <translation>Thêm một mục sau mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="260"></location>
            <source>Add sub-item</source>
            <translation>Thêm mục con</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="261"></location>
            <source>Add a sub-item under the selected item</source>
            <translation>Thêm mục con cho mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="266"></location>
            <source>Rename</source>
            <translation>Đổi tên</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="266"></location>
            <source>Rename the selected item</source>
            <translation>Đổi tên mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="269"></location>
            <source>Remove</source>
            <translation>Xóa</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="270"></location>
            <source>Take the selected item off the agenda</source>
            <translation>Bỏ mục đang chọn khỏi chương trình họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="275"></location>
            <source>Attach PDF…</source>
            <translation>Đính kèm PDF…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="276"></location>
            <source>Attach a PDF document to the selected item</source>
            <translation>Đính kèm tài liệu PDF vào mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="281"></location>
            <source>New version…</source>
            <translation>Phiên bản mới…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="282"></location>
            <source>Replace the selected document with a new version</source>
            <translation>Thay tài liệu đang chọn bằng phiên bản mới</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="59"></location>
            <source>Chair</source>
            <translation>Chủ trì</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="60"></location>
            <source>Member</source>
            <translation>Thành viên</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="61"></location>
            <source>Guest</source>
            <translation>Khách mời</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="62"></location>
            <source>Secretariat</source>
            <translation>Thư ký</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="68"></location>
            <source>Online</source>
            <translation>Trực tuyến</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="68"></location>
            <source>Hybrid (online and in the room)</source>
            <translation>Kết hợp (trực tuyến và tại phòng họp)</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="249"></location>
            <source>This meeting is {0}; its preparation can no longer change.</source>
            <translation>Phiên họp này ở trạng thái “{0}”; không thể thay đổi phần chuẩn bị nữa.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="252"></location>
            <source>You can view this meeting; only its secretariat can change it.</source>
            <translation>Bạn chỉ được xem phiên họp này; chỉ Thư ký phiên họp mới được thay đổi.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="395"></location>
            <source>Meeting details saved.</source>
            <translation>Đã lưu thông tin phiên họp.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="404"></location>
            <source>Meeting created as a draft.</source>
            <translation>Đã tạo phiên họp ở dạng nháp.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="407"></location>
            <source>Meeting published: participants can see it now.</source>
            <translation>Đã phát hành phiên họp: thành phần tham dự đã có thể xem.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="410"></location>
            <source>Meeting back to draft.</source>
            <translation>Phiên họp đã trở lại dạng nháp.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="553"></location>
            <source>Cannot read {0}: {1}</source>
            <translation>Không đọc được {0}: {1}</translation>
        </message>
    </context>
    <context>
        <name>MeetingRoom</name>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="323"></location>
            <source>Present</source>
            <translation>Có mặt</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="323"></location>
            <source>Absent</source>
            <translation>Vắng mặt</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="323"></location>
            <source>Waiting in the lobby</source>
            <translation>Đang ở phòng chờ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="323"></location>
            <source>Not admitted</source>
            <translation>Không được vào</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="323"></location>
            <source>Removed</source>
            <translation>Đã mời ra</translation>
        </message>
    </context>
    <context>
        <name>MeetingRoomViewModel</name>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="396"></location>
            <source>This is the last item.</source>
            <translation>Đây là mục cuối cùng.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="398"></location>
            <source>This is the first item.</source>
            <translation>Đây là mục đầu tiên.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="418"></location>
            <source>Adopted without objection: items {0}.</source>
            <translation>Đã thông qua các mục được nhất trí: {0}.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="421"></location>
            <source>No item is unopposed.</source>
            <translation>Không có mục nào được nhất trí hoàn toàn.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="462"></location>
            <source>Open a document first: there is no page to show.</source>
            <translation>Hãy mở tài liệu trước: chưa có trang nào để trình bày.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_room.py" line="561"></location>
            <source>The chair removed you from the meeting.</source>
            <translation>Chủ trì đã mời bạn ra khỏi phiên họp.</translation>
        </message>
    </context>
    <context>
        <name>MeetingRoomWindow</name>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="130"></location>
            <source>Previous item</source>
            <translation>Mục trước</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="131"></location>
            <source>Go back to the previous agenda item</source>
            <translation>Quay lại mục trước của chương trình họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="136"></location>
            <source>Next item</source>
            <translation>Mục tiếp theo</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="137"></location>
            <source>Move on to the next agenda item</source>
            <translation>Chuyển sang mục tiếp theo của chương trình họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="142"></location>
            <source>Adopt unopposed</source>
            <translation>Thông qua mục nhất trí</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="143"></location>
            <source>Adopt every item nobody objected to or asked to speak on</source>
            <translation>Thông qua mọi mục không có ý kiến không nhất trí hoặc đăng ký phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="148"></location>
            <source>Start meeting</source>
            <translation>Khai mạc</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="149"></location>
            <source>Open the meeting for the members</source>
            <translation>Khai mạc phiên họp cho các thành viên</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="154"></location>
            <source>End meeting</source>
            <translation>Bế mạc</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="154"></location>
            <source>Close the meeting</source>
            <translation>Bế mạc phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="157"></location>
            <source>Follow me</source>
            <translation>Theo tôi</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="158"></location>
            <source>Everyone who follows turns to the page you show</source>
            <translation>Những người đang theo dõi sẽ chuyển tới trang bạn trình bày</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="164"></location>
            <location filename="../../desktop/widgets/meeting_room.py" line="447"></location>
            <source>Raise hand</source>
            <translation>Xin phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="165"></location>
            <source>Ask for the floor, or withdraw the request</source>
            <translation>Xin phát biểu, hoặc rút lại đề nghị</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="171"></location>
            <source>Follow presenter</source>
            <translation>Theo người trình bày</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="172"></location>
            <source>Turn pages with the presenter</source>
            <translation>Lật trang cùng người trình bày</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="178"></location>
            <source>Chair</source>
            <translation>Chủ trì</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="189"></location>
            <source>Member</source>
            <translation>Thành viên</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="204"></location>
            <source>No.</source>
            <translation>STT</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="204"></location>
            <source>Item</source>
            <translation>Nội dung</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="204"></location>
            <source>Decision</source>
            <translation>Kết quả</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="224"></location>
            <source>The documents of the current item are shown here.</source>
            <translation>Tài liệu của mục đang thảo luận hiển thị tại đây.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="235"></location>
            <source>Video — reserved for audio and video</source>
            <translation>Video — dành cho âm thanh và hình ảnh</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="242"></location>
            <source>Participant</source>
            <translation>Đại biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="242"></location>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="251"></location>
            <location filename="../../desktop/widgets/meeting_room.py" line="513"></location>
            <source>Admit</source>
            <translation>Cho vào</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="252"></location>
            <source>Let the selected guest in from the lobby</source>
            <translation>Cho khách mời đang chọn vào từ phòng chờ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="254"></location>
            <location filename="../../desktop/widgets/meeting_room.py" line="514"></location>
            <source>Refuse</source>
            <translation>Từ chối</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="256"></location>
            <source>Remove</source>
            <translation>Mời ra</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="257"></location>
            <source>Remove the selected participant from the meeting</source>
            <translation>Mời đại biểu đang chọn ra khỏi phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="271"></location>
            <source>Speaker</source>
            <translation>Người phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="271"></location>
            <source>Time left</source>
            <translation>Thời gian còn lại</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="278"></location>
            <source>Give the floor</source>
            <translation>Mời phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="280"></location>
            <source>End the floor</source>
            <translation>Kết thúc phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="296"></location>
            <source>Participants</source>
            <translation>Đại biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="297"></location>
            <source>List of speakers</source>
            <translation>Danh sách phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="304"></location>
            <source>Agenda</source>
            <translation>Chương trình họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="399"></location>
            <source>speaking</source>
            <translation>đang phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="401"></location>
            <source>hand raised</source>
            <translation>xin phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="402"></location>
            <location filename="../../desktop/widgets/meeting_room.py" line="425"></location>
            <source> (you)</source>
            <translation> (bạn)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="404"></location>
            <source>substitute for {0}</source>
            <translation>dự thay {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="406"></location>
            <source>represented by {0}</source>
            <translation>{0} dự thay</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="438"></location>
            <source>Speaking: {0} — {1}</source>
            <translation>Đang phát biểu: {0} — {1}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="442"></location>
            <source>Nobody has the floor.</source>
            <translation>Chưa có ai phát biểu.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="447"></location>
            <source>Lower hand</source>
            <translation>Thôi xin phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="468"></location>
            <source>Item {0}: {1}</source>
            <translation>Mục {0}: {1}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="480"></location>
            <source>Select a participant first.</source>
            <translation>Hãy chọn một đại biểu trước.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="516"></location>
            <source>Remove from the meeting</source>
            <translation>Mời ra khỏi phiên họp</translation>
        </message>
    </context>
    <context>
        <name>MeetingState</name>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="30"></location>
            <source>Draft</source>
            <translation>Nháp</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="31"></location>
            <source>Published</source>
            <translation>Đã phát hành</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="32"></location>
            <source>In progress</source>
            <translation>Đang họp</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="33"></location>
            <source>Ended</source>
            <translation>Đã kết thúc</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="34"></location>
            <source>Archived</source>
            <translation>Đã lưu trữ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="35"></location>
            <source>Cancelled</source>
            <translation>Đã hủy</translation>
        </message>
    </context>
    <context>
        <name>Positions</name>
        <message>
            <location filename="../../desktop/viewmodels/positions.py" line="45"></location>
            <source>No objection</source>
            <translation>Nhất trí</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/positions.py" line="46"></location>
            <source>Object</source>
            <translation>Không nhất trí</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/positions.py" line="47"></location>
            <source>Wish to speak</source>
            <translation>Đăng ký phát biểu</translation>
        </message>
    </context>
    <context>
        <name>PositionsPanel</name>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="50"></location>
            <location filename="../../desktop/widgets/positions_panel.py" line="96"></location>
            <source>No.</source>
            <translation>STT</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="50"></location>
            <location filename="../../desktop/widgets/positions_panel.py" line="97"></location>
            <source>Agenda item</source>
            <translation>Mục chương trình</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="50"></location>
            <source>My position</source>
            <translation>Ý kiến của tôi</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="50"></location>
            <source>Comment</source>
            <translation>Góp ý</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="58"></location>
            <source>My position on the selected item</source>
            <translation>Ý kiến của tôi về mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="71"></location>
            <source>— no preliminary vote —</source>
            <translation>— không biểu quyết sơ bộ —</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="75"></location>
            <source>Optional: why, or what you will raise</source>
            <translation>Không bắt buộc: lý do, hoặc nội dung sẽ nêu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="76"></location>
            <source>Save position</source>
            <translation>Lưu ý kiến</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="79"></location>
            <source>Record my position on this item (Ctrl+S)</source>
            <translation>Ghi nhận ý kiến của tôi về mục này (Ctrl+S)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="86"></location>
            <source>Item:</source>
            <translation>Mục:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="87"></location>
            <source>Position:</source>
            <translation>Ý kiến:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="88"></location>
            <source>Preliminary vote:</source>
            <translation>Biểu quyết sơ bộ:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="89"></location>
            <source>Comment:</source>
            <translation>Góp ý:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="92"></location>
            <source>Summary of positions</source>
            <translation>Tổng hợp ý kiến</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="98"></location>
            <source>No objection</source>
            <translation>Nhất trí</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="99"></location>
            <source>Object</source>
            <translation>Không nhất trí</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="100"></location>
            <source>Wish to speak</source>
            <translation>Đăng ký phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="101"></location>
            <location filename="../../desktop/widgets/positions_panel.py" line="225"></location>
            <source>Yes</source>
            <translation>Tán thành</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="102"></location>
            <source>No</source>
            <translation>Không tán thành</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="103"></location>
            <source>Abstain</source>
            <translation>Không biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="104"></location>
            <source>Unopposed</source>
            <translation>Được nhất trí</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="155"></location>
            <source>not marked</source>
            <translation>chưa cho ý kiến</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="175"></location>
            <source>Select an agenda item.</source>
            <translation>Hãy chọn một mục trong chương trình họp.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="194"></location>
            <source>Choose a position first.</source>
            <translation>Hãy chọn ý kiến trước.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/positions_panel.py" line="205"></location>
            <source>Position on item {0} recorded.</source>
            <translation>Đã ghi nhận ý kiến về mục {0}.</translation>
        </message>
    </context>
    <context>
        <name>SessionViewModel</name>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="148"></location>
            <source>The server address starts with ws:// or wss://, e.g. {0}.</source>
            <translation>Địa chỉ máy chủ phải bắt đầu bằng ws:// hoặc wss://, ví dụ {0}.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="154"></location>
            <source>Enter your user name and password.</source>
            <translation>Hãy nhập tên đăng nhập và mật khẩu.</translation>
        </message>
    </context>
    <context>
        <name>Shell</name>
        <message>
            <location filename="../../desktop/app.py" line="469"></location>
            <source>Positions — {0}</source>
            <translation>Ý kiến — {0}</translation>
        </message>
    </context>
    <context>
        <name>VotePanel</name>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="32"></location>
            <source>Vote</source>
            <translation>Biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="36"></location>
            <source>New vote…</source>
            <translation>Biểu quyết mới…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="38"></location>
            <source>Put a question on the current item to the vote</source>
            <translation>Đưa một vấn đề của mục đang thảo luận ra biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="42"></location>
            <source>Secret ballot</source>
            <translation>Bỏ phiếu kín</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="84"></location>
            <source>No vote on this item.</source>
            <translation>Mục này chưa có biểu quyết.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="100"></location>
            <source>secret ballot</source>
            <translation>bỏ phiếu kín</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="100"></location>
            <source>named vote</source>
            <translation>công khai</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="102"></location>
            <source>{0} · {1} · {2} of {3} ballots cast</source>
            <translation>{0} · {1} · {2}/{3} phiếu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="115"></location>
            <source>Cast your vote: {0}</source>
            <translation>Biểu quyết: {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="124"></location>
            <source>Your vote is recorded: {0}.</source>
            <translation>Đã ghi nhận biểu quyết của bạn: {0}.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="126"></location>
            <source>Your vote is recorded.</source>
            <translation>Đã ghi nhận biểu quyết của bạn.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="133"></location>
            <source>Open voting</source>
            <translation>Bắt đầu biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="134"></location>
            <source>Close voting</source>
            <translation>Kết thúc biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="135"></location>
            <source>Publish result</source>
            <translation>Công bố kết quả</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="153"></location>
            <source>Yes {0} · No {1} · Abstain {2}</source>
            <translation>Tán thành {0} · Không tán thành {1} · Không biểu quyết {2}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="154"></location>
            <source>{0} ballots cast of {1} members</source>
            <translation>{0}/{1} thành viên đã biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="170"></location>
            <source>Confirm your vote</source>
            <translation>Xác nhận biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="171"></location>
            <source>Vote “{0}” on:
{1}

A ballot cannot be changed once cast.</source>
            <translation>Biểu quyết “{0}” đối với:
{1}

Đã biểu quyết thì không thể thay đổi.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="190"></location>
            <source>New vote</source>
            <translation>Biểu quyết mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="190"></location>
            <source>Question put to the vote:</source>
            <translation>Vấn đề đưa ra biểu quyết:</translation>
        </message>
    </context>
    <context>
        <name>Voting</name>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="23"></location>
            <source>Yes</source>
            <translation>Tán thành</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="23"></location>
            <source>No</source>
            <translation>Không tán thành</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="23"></location>
            <source>Abstain</source>
            <translation>Không biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="31"></location>
            <source>Adopted</source>
            <translation>Thông qua</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="32"></location>
            <source>Rejected</source>
            <translation>Không thông qua</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="33"></location>
            <source>Tied — the chair decides</source>
            <translation>Hòa phiếu — Chủ trì quyết định</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="43"></location>
            <source>Prepared</source>
            <translation>Đã chuẩn bị</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="44"></location>
            <source>Voting open</source>
            <translation>Đang biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="45"></location>
            <source>Voting closed</source>
            <translation>Đã kết thúc biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="46"></location>
            <source>Result published</source>
            <translation>Đã công bố kết quả</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="47"></location>
            <source>Cancelled</source>
            <translation>Đã hủy</translation>
        </message>
    </context>
    <context>
        <name>VotingViewModel</name>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="195"></location>
            <source>Choose the current agenda item first.</source>
            <translation>Hãy chọn mục đang thảo luận trước.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="198"></location>
            <source>Write the question to vote on.</source>
            <translation>Hãy nhập vấn đề cần biểu quyết.</translation>
        </message>
    </context>
    <context>
        <name>bar</name>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="530"></location>
            <source>Annotation list</source>
            <translation>Danh sách chú thích</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/annotation_overlay.py" line="531"></location>
            <source>Show or hide the list of annotations (Ctrl+Shift+L)</source>
            <translation>Hiện hoặc ẩn danh sách chú thích (Ctrl+Shift+L)</translation>
        </message>
    </context>
</TS>
