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
            <location filename="../../desktop/viewmodels/annotations.py" line="65"></location>
            <source>Highlight</source>
            <translation>Tô sáng</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="66"></location>
            <source>Drawing</source>
            <translation>Nét vẽ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="67"></location>
            <source>Note</source>
            <translation>Ghi chú</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="68"></location>
            <source>Text</source>
            <translation>Chữ</translation>
        </message>
    </context>
    <context>
        <name>AnnotationsViewModel</name>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="277"></location>
            <source>Select some text to highlight first.</source>
            <translation>Hãy chọn đoạn văn bản cần tô sáng trước.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="304"></location>
            <source>Open a document to annotate it.</source>
            <translation>Hãy mở tài liệu để chú thích.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/annotations.py" line="435"></location>
            <location filename="../../desktop/viewmodels/annotations.py" line="448"></location>
            <source>This document may not be exported.</source>
            <translation>Không được phép xuất tài liệu này.</translation>
        </message>
    </context>
    <context>
        <name>Archive</name>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="41"></location>
            <source>Document</source>
            <translation>Văn bản</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="42"></location>
            <source>Minutes</source>
            <translation>Biên bản</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="43"></location>
            <source>Decision</source>
            <translation>Quyết định</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="44"></location>
            <source>Opinion poll</source>
            <translation>Phiếu lấy ý kiến</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="180"></location>
            <source>No results. Try other words or fewer filters.</source>
            <translation>Không có kết quả. Hãy thử từ khác hoặc bớt điều kiện lọc.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="182"></location>
            <source>More than {0} results; the newest {0} are shown. Refine the search.</source>
            <translation>Hơn {0} kết quả; hiển thị {0} kết quả mới nhất. Hãy thu hẹp tìm kiếm.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="184"></location>
            <source>1 result</source>
            <translation>1 kết quả</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="186"></location>
            <source>{0} results</source>
            <translation>{0} kết quả</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="189"></location>
            <source>Newest first: these words are in too many records to rank.</source>
            <translation>Xếp mới nhất trước: các từ này có trong quá nhiều hồ sơ để xếp theo mức phù hợp.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="275"></location>
            <source>“{0}” has no PDF to open; its text is shown in the result.</source>
            <translation>“{0}” không có tệp PDF để mở; nội dung được hiển thị trong kết quả.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="318"></location>
            <source>The package arrived damaged (checksum mismatch). Export it again.</source>
            <translation>Gói hồ sơ nhận về bị hỏng (sai mã kiểm tra). Hãy xuất lại.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/archive.py" line="331"></location>
            <source>Choose a result of a meeting, or filter by a meeting, to export its package.</source>
            <translation>Chọn một kết quả thuộc phiên họp, hoặc lọc theo phiên họp, để xuất gói hồ sơ.</translation>
        </message>
    </context>
    <context>
        <name>ArchiveWindow</name>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="40"></location>
            <source>Archive — e-Cabinet</source>
            <translation>Lưu trữ — e-Cabinet</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="49"></location>
            <source>Search minutes, decisions, opinion polls and documents (with or without diacritics; "quotes" for a phrase)</source>
            <translation>Tìm biên bản, quyết định, phiếu lấy ý kiến và tài liệu (có dấu hoặc không dấu; đặt cụm từ trong "ngoặc kép")</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="55"></location>
            <source>Search</source>
            <translation>Tìm kiếm</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="62"></location>
            <source>From</source>
            <translation>Từ ngày</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="63"></location>
            <source>To</source>
            <translation>Đến ngày</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="67"></location>
            <source>Kind</source>
            <translation>Loại văn bản</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="68"></location>
            <source>All kinds</source>
            <translation>Mọi loại</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="71"></location>
            <source>Meeting</source>
            <translation>Phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="73"></location>
            <source>Body</source>
            <translation>Cơ quan</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="74"></location>
            <source>Signer</source>
            <translation>Người ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="76"></location>
            <source>Order</source>
            <translation>Thứ tự</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="78"></location>
            <source>Most relevant first</source>
            <translation>Phù hợp nhất trước</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="79"></location>
            <source>Newest first</source>
            <translation>Mới nhất trước</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="111"></location>
            <location filename="../../desktop/widgets/archive_window.py" line="138"></location>
            <source>Previous page</source>
            <translation>Trang trước</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="113"></location>
            <location filename="../../desktop/widgets/archive_window.py" line="134"></location>
            <source>Next page</source>
            <translation>Trang sau</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="117"></location>
            <location filename="../../desktop/widgets/archive_window.py" line="142"></location>
            <source>Open document</source>
            <translation>Mở văn bản</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="119"></location>
            <location filename="../../desktop/widgets/archive_window.py" line="147"></location>
            <source>Export package…</source>
            <translation>Xuất gói hồ sơ…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="130"></location>
            <source>Find</source>
            <translation>Tìm</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="130"></location>
            <source>Go to the search box (Ctrl+F)</source>
            <translation>Đến ô tìm kiếm (Ctrl+F)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="134"></location>
            <source>Next page of results (Ctrl+Page Down)</source>
            <translation>Trang kết quả sau (Ctrl+Page Down)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="138"></location>
            <source>Previous page of results (Ctrl+Page Up)</source>
            <translation>Trang kết quả trước (Ctrl+Page Up)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="143"></location>
            <source>Open the selected result in the viewer (Enter, double-click)</source>
            <translation>Mở kết quả đã chọn trong trình xem (Enter, nhấp đúp)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="148"></location>
            <source>Export the archive package of the selected result's meeting (Ctrl+Shift+E)</source>
            <translation>Xuất gói hồ sơ lưu trữ của phiên họp có kết quả đã chọn (Ctrl+Shift+E)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="216"></location>
            <source>All meetings</source>
            <translation>Mọi phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="219"></location>
            <source>All bodies</source>
            <translation>Mọi cơ quan</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="220"></location>
            <source>All signers</source>
            <translation>Mọi người ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="271"></location>
            <source>Page {0} of {1}</source>
            <translation>Trang {0}/{1}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="327"></location>
            <source>Searching…</source>
            <translation>Đang tìm…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/archive_window.py" line="331"></location>
            <source>Archive package saved: {0} (SHA-256 {1}…)</source>
            <translation>Đã lưu gói hồ sơ lưu trữ: {0} (SHA-256 {1}…)</translation>
        </message>
    </context>
    <context>
        <name>Banner</name>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="107"></location>
            <source>Dismiss this message</source>
            <translation>Đóng thông báo này</translation>
        </message>
    </context>
    <context>
        <name>CertificateDialog</name>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="45"></location>
            <source>My certificate</source>
            <translation>Chứng thư số của tôi</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="48"></location>
            <source>Current certificate</source>
            <translation>Chứng thư số hiện tại</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="55"></location>
            <source>Subject:</source>
            <translation>Chủ thể:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="56"></location>
            <source>Issuer:</source>
            <translation>Tổ chức cấp:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="57"></location>
            <source>Valid:</source>
            <translation>Hiệu lực:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="58"></location>
            <source>Serial:</source>
            <translation>Số hiệu:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="59"></location>
            <source>Status:</source>
            <translation>Trạng thái:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="62"></location>
            <source>Signing key</source>
            <translation>Khóa ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="69"></location>
            <source>Sign with:</source>
            <translation>Ký bằng:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="70"></location>
            <source>In use:</source>
            <translation>Đang dùng:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="73"></location>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="84"></location>
            <source>Create key and request certificate</source>
            <translation>Tạo khóa và đề nghị cấp chứng thư số</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="87"></location>
            <source>Passphrase:</source>
            <translation>Mật khẩu bảo vệ khóa:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="88"></location>
            <source>Passphrase again:</source>
            <translation>Nhập lại mật khẩu:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="96"></location>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="217"></location>
            <source>Signature image</source>
            <translation>Hình ảnh chữ ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="101"></location>
            <source>Choose signature image…</source>
            <translation>Chọn hình ảnh chữ ký…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="119"></location>
            <source>Refresh</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="145"></location>
            <source>No certificate yet: create a key below.</source>
            <translation>Chưa có chứng thư số: hãy tạo khóa ở dưới.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="151"></location>
            <source>{0} to {1}</source>
            <translation>{0} đến {1}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="174"></location>
            <source>No signature image</source>
            <translation>Chưa có hình ảnh chữ ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="191"></location>
            <source>Choose a passphrase to protect the key file.</source>
            <translation>Chọn mật khẩu để bảo vệ tệp khóa.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="193"></location>
            <source>Good passphrase.</source>
            <translation>Mật khẩu đủ mạnh.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="204"></location>
            <source>Certificate issued and stored ({0}).</source>
            <translation>Đã cấp và lưu chứng thư số ({0}).</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="217"></location>
            <source>PNG images (*.png)</source>
            <translation>Ảnh PNG (*.png)</translation>
        </message>
    </context>
    <context>
        <name>Certificates</name>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="52"></location>
            <source>Valid</source>
            <translation>Còn hiệu lực</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="53"></location>
            <source>Revoked</source>
            <translation>Đã thu hồi</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="54"></location>
            <source>Expired</source>
            <translation>Hết hạn</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="105"></location>
            <source>{0} — certificate of the organisation: {1}</source>
            <translation>{0} — chứng thư số của cơ quan: {1}</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="109"></location>
            <source>{0} — certificate from another CA ({1}): a new one will be requested</source>
            <translation>{0} — chứng thư số của tổ chức cấp khác ({1}): sẽ đề nghị cấp chứng thư số mới</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="114"></location>
            <source>{0} — no certificate yet: one will be requested</source>
            <translation>{0} — chưa có chứng thư số: sẽ đề nghị cấp</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="124"></location>
            <source>Use at least {0} characters.</source>
            <translation>Dùng ít nhất {0} ký tự.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="126"></location>
            <source>Mix letters with digits or symbols, or use 16 characters or more.</source>
            <translation>Kết hợp chữ với số hoặc ký hiệu, hoặc dùng từ 16 ký tự trở lên.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="129"></location>
            <source>Too many repeated characters.</source>
            <translation>Quá nhiều ký tự lặp lại.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="130"></location>
            <source>The two passphrases differ.</source>
            <translation>Hai mật khẩu không khớp nhau.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="272"></location>
            <source>Enter the PIN of your USB token.</source>
            <translation>Hãy nhập mã PIN của thiết bị ký số USB.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="305"></location>
            <source>Give the token library, the token's label, the PIN and a key label.</source>
            <translation>Nhập thư viện của thiết bị, nhãn thiết bị, mã PIN và nhãn khóa.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/certificates.py" line="326"></location>
            <source>Cannot read {0}: {1}</source>
            <translation>Không đọc được {0}: {1}</translation>
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
        <name>ConsultationWindow</name>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="93"></location>
            <location filename="../../desktop/widgets/consultation_panel.py" line="122"></location>
            <source>Opinion polls</source>
            <translation>Lấy ý kiến thành viên</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="126"></location>
            <source>New poll…</source>
            <translation>Phiếu mới…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="127"></location>
            <source>Send to members</source>
            <translation>Gửi thành viên</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="128"></location>
            <source>Compile result</source>
            <translation>Tổng hợp ý kiến</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="129"></location>
            <source>Open report</source>
            <translation>Mở báo cáo</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="130"></location>
            <source>Cancel poll</source>
            <translation>Hủy phiếu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="131"></location>
            <source>Refresh</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="157"></location>
            <source>Open document</source>
            <translation>Mở văn bản</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="176"></location>
            <source>Comment (required for 'Disagree' and 'Other opinion')</source>
            <translation>Ý kiến (bắt buộc khi chọn 'Không đồng ý' hoặc 'Ý kiến khác')</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="179"></location>
            <source>Sign and send</source>
            <translation>Ký và gửi</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="189"></location>
            <source>Member</source>
            <translation>Thành viên</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="190"></location>
            <source>Unit</source>
            <translation>Đơn vị</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="191"></location>
            <source>Answer</source>
            <translation>Ý kiến</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="192"></location>
            <source>Comment</source>
            <translation>Góp ý</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="193"></location>
            <source>Signed at</source>
            <translation>Thời điểm ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="194"></location>
            <source>Signature</source>
            <translation>Chữ ký số</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="219"></location>
            <source>my answer: {0}</source>
            <translation>ý kiến của tôi: {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="223"></location>
            <source>Deadline: {0}</source>
            <translation>Thời hạn: {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="253"></location>
            <source>Choose an opinion poll</source>
            <translation>Chọn một phiếu lấy ý kiến</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="259"></location>
            <source>Deadline: {0} · {1} of {2} members answered</source>
            <translation>Thời hạn: {0} · {1}/{2} thành viên đã trả lời</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="265"></location>
            <source>{0} ({1} pages)</source>
            <translation>{0} ({1} trang)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="274"></location>
            <source>verified</source>
            <translation>đã xác thực</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="301"></location>
            <source>Sign your answer</source>
            <translation>Ký ý kiến của bạn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="318"></location>
            <source>Signing and sending…</source>
            <translation>Đang ký và gửi…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="323"></location>
            <source>Your signed answer was received.</source>
            <translation>Ý kiến đã ký của bạn đã được tiếp nhận.</translation>
        </message>
    </context>
    <context>
        <name>Consultations</name>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="37"></location>
            <source>Draft</source>
            <translation>Nháp</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="38"></location>
            <source>Awaiting answers</source>
            <translation>Đang lấy ý kiến</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="39"></location>
            <source>Compiled</source>
            <translation>Đã tổng hợp</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="40"></location>
            <source>Cancelled</source>
            <translation>Đã hủy</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="46"></location>
            <source>Agree</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="47"></location>
            <source>Disagree</source>
            <translation>Không đồng ý</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="48"></location>
            <source>Other opinion</source>
            <translation>Ý kiến khác</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="54"></location>
            <source>Adopted: {0} of {1} members agree</source>
            <translation>Thông qua: {0}/{1} thành viên đồng ý</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="55"></location>
            <source>Not adopted: {0} of {1} members agree</source>
            <translation>Không thông qua: {0}/{1} thành viên đồng ý</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="63"></location>
            <source>Past deadline</source>
            <translation>Đã quá hạn</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="68"></location>
            <source>{0} d {1} h left</source>
            <translation>Còn {0} ngày {1} giờ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="70"></location>
            <source>{0} h {1} min left</source>
            <translation>Còn {0} giờ {1} phút</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="71"></location>
            <source>{0} min left</source>
            <translation>Còn {0} phút</translation>
        </message>
    </context>
    <context>
        <name>ConsultationsViewModel</name>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="199"></location>
            <source>There is no report yet: compile the poll first.</source>
            <translation>Chưa có báo cáo: hãy tổng hợp ý kiến trước.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="201"></location>
            <source>Report — {0}.pdf</source>
            <translation>Báo cáo — {0}.pdf</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="209"></location>
            <source>Choose Agree, Disagree or Other opinion first.</source>
            <translation>Hãy chọn Đồng ý, Không đồng ý hoặc Ý kiến khác trước.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/consultations.py" line="211"></location>
            <source>Explain a 'Disagree' or 'Other opinion' answer in the comment.</source>
            <translation>Hãy nêu rõ lý do trong phần ý kiến khi chọn 'Không đồng ý' hoặc 'Ý kiến khác'.</translation>
        </message>
    </context>
    <context>
        <name>CopyDialog</name>
        <message>
            <location filename="../../desktop/widgets/copy_dialog.py" line="33"></location>
            <source>e.g. 1-2,5</source>
            <translation>ví dụ 1-2,5</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/copy_dialog.py" line="35"></location>
            <source>The pages of the document that an extract copy (TRÍCH SAO) holds</source>
            <translation>Các trang của văn bản được trích sao (chỉ dùng cho TRÍCH SAO)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/copy_dialog.py" line="44"></location>
            <source>Pages:</source>
            <translation>Các trang:</translation>
        </message>
    </context>
    <context>
        <name>DecisionPrepare</name>
        <message>
            <location filename="../../desktop/viewmodels/decision_prepare.py" line="154"></location>
            <source>Choose the document to sign. Upload its PDF to an agenda item of the meeting first (Edit meeting).</source>
            <translation>Hãy chọn văn bản trình ký. Nếu chưa có, hãy tải tệp PDF lên một nội dung trong chương trình phiên họp trước (Sửa phiên họp).</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decision_prepare.py" line="159"></location>
            <source>Enter the number and symbol of the document, e.g. 215/NQ-CP.</source>
            <translation>Nhập số, ký hiệu của văn bản, ví dụ 215/NQ-CP.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decision_prepare.py" line="161"></location>
            <source>Write the number, a slash, then the symbol, e.g. 215/NQ-CP.</source>
            <translation>Ghi số, dấu gạch chéo (/) rồi đến ký hiệu, ví dụ 215/NQ-CP.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decision_prepare.py" line="164"></location>
            <source>Choose who signs the document.</source>
            <translation>Hãy chọn người ký văn bản.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decision_prepare.py" line="166"></location>
            <source>Enter the authority lines above the signature, e.g. THỦ TƯỚNG.</source>
            <translation>Nhập thẩm quyền ký (các dòng phía trên chữ ký), ví dụ THỦ TƯỚNG.</translation>
        </message>
    </context>
    <context>
        <name>Decisions</name>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="60"></location>
            <source>Awaiting signature</source>
            <translation>Chờ ký số</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="61"></location>
            <source>Awaiting seal</source>
            <translation>Chờ đóng dấu</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="62"></location>
            <source>Issued</source>
            <translation>Đã ban hành</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="63"></location>
            <source>Cancelled</source>
            <translation>Đã hủy</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="69"></location>
            <source>Decision</source>
            <translation>Quyết định</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="70"></location>
            <source>Resolution</source>
            <translation>Nghị quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="71"></location>
            <source>Minutes</source>
            <translation>Biên bản</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="72"></location>
            <source>Attachment</source>
            <translation>Phụ lục</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="73"></location>
            <source>Copy</source>
            <translation>Bản sao</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="79"></location>
            <source>True copy (SAO Y)</source>
            <translation>Bản sao y (SAO Y)</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="80"></location>
            <source>Transcript copy (SAO LỤC)</source>
            <translation>Bản sao lục (SAO LỤC)</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="81"></location>
            <source>Extract copy (TRÍCH SAO)</source>
            <translation>Bản trích sao (TRÍCH SAO)</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="94"></location>
            <source>Enter the pages to copy, e.g. 1-2,5.</source>
            <translation>Nhập các trang cần trích sao, ví dụ 1-2,5.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="98"></location>
            <source>Write the pages as numbers and ranges from page 1 separated by commas, e.g. 1-2,5 (a range runs from the lower page to the higher).</source>
            <translation>Ghi số trang và khoảng trang, bắt đầu từ trang 1, cách nhau bằng dấu phẩy, ví dụ 1-2,5 (khoảng trang ghi từ trang nhỏ đến trang lớn).</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="107"></location>
            <source>Opening your key…</source>
            <translation>Đang mở khóa của bạn…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="108"></location>
            <source>Downloading the document…</source>
            <translation>Đang tải văn bản về…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="109"></location>
            <source>Signing the document…</source>
            <translation>Đang ký văn bản…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="110"></location>
            <source>Uploading the signed document…</source>
            <translation>Đang tải văn bản đã ký lên…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/decisions.py" line="111"></location>
            <source>Handing it in…</source>
            <translation>Đang gửi lên máy chủ…</translation>
        </message>
    </context>
    <context>
        <name>DecisionsPanel</name>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="54"></location>
            <source>&amp;Show:</source>
            <translation>&amp;Hiển thị:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="65"></location>
            <source>Number</source>
            <translation>Số, ký hiệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="66"></location>
            <source>Title</source>
            <translation>Trích yếu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="67"></location>
            <source>Kind</source>
            <translation>Loại văn bản</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="68"></location>
            <source>State</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="69"></location>
            <source>Signer</source>
            <translation>Người ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="90"></location>
            <source>Sign</source>
            <translation>Ký số</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="93"></location>
            <source>Apply seal</source>
            <translation>Đóng dấu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="96"></location>
            <source>Make copy</source>
            <translation>Tạo bản sao</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="99"></location>
            <source>View</source>
            <translation>Xem</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="103"></location>
            <source>Put up for signing…</source>
            <translation>Trình ký…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="109"></location>
            <source>Refresh</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="190"></location>
            <source>Nothing to sign.</source>
            <translation>Không có văn bản nào chờ ký.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="192"></location>
            <source>{0} decision(s).</source>
            <translation>{0} văn bản.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="208"></location>
            <source>Decisions to sign</source>
            <translation>Văn bản chờ ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="210"></location>
            <source>Decisions of the meeting</source>
            <translation>Văn bản ký số của phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="222"></location>
            <source>Waiting for me</source>
            <translation>Việc cần xử lý</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="227"></location>
            <source>Meeting {0}</source>
            <translation>Phiên họp {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="255"></location>
            <source>Put up for signing: {0}.</source>
            <translation>Đã trình ký: {0}.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="285"></location>
            <source>Downloading {0}…</source>
            <translation>Đang tải {0}…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/decisions_panel.py" line="291"></location>
            <source>Done: {0}.</source>
            <translation>Đã xong: {0}.</translation>
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
            <location filename="../../desktop/viewmodels/document.py" line="523"></location>
            <source>This document is protected by a password and cannot be shown.</source>
            <translation>Tài liệu được bảo vệ bằng mật khẩu nên không thể hiển thị.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/document.py" line="526"></location>
            <source>This document is damaged or is not a PDF file, so it cannot be shown. Ask the secretariat for a new copy.</source>
            <translation>Tài liệu bị hỏng hoặc không phải tệp PDF nên không thể hiển thị. Đề nghị Thư ký gửi lại bản khác.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/document.py" line="530"></location>
            <source>This document cannot be shown.</source>
            <translation>Không thể hiển thị tài liệu này.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/document.py" line="532"></location>
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
            <location filename="../../desktop/viewmodels/session.py" line="43"></location>
            <source>The connection to the server was lost. Check the network and try again.</source>
            <translation>Mất kết nối với máy chủ. Hãy kiểm tra mạng và thử lại.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="47"></location>
            <source>The server did not answer in time. Try again in a moment.</source>
            <translation>Máy chủ không phản hồi kịp thời. Hãy thử lại sau giây lát.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="49"></location>
            <source>the server</source>
            <translation>máy chủ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="50"></location>
            <source>Cannot reach {0}. Check the server address and the network.</source>
            <translation>Không kết nối được tới {0}. Hãy kiểm tra địa chỉ máy chủ và mạng.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="51"></location>
            <source>Something went wrong: {0}</source>
            <translation>Đã xảy ra lỗi: {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="57"></location>
            <source>Connected</source>
            <translation>Đã kết nối</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="58"></location>
            <source>Connecting…</source>
            <translation>Đang kết nối…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="59"></location>
            <source>Connection lost — reconnecting…</source>
            <translation>Mất kết nối — đang kết nối lại…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="60"></location>
            <location filename="../../desktop/viewmodels/session.py" line="61"></location>
            <source>Disconnected</source>
            <translation>Đã ngắt kết nối</translation>
        </message>
    </context>
    <context>
        <name>Home</name>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="104"></location>
            <source>Mark your position on item {0}: {1}</source>
            <translation>Cho ý kiến về mục {0}: {1}</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="116"></location>
            <source>Vote open: {0}</source>
            <translation>Đang biểu quyết: {0}</translation>
        </message>
    </context>
    <context>
        <name>HomeWindow</name>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="63"></location>
            <source>e-Cabinet</source>
            <translation>e-Cabinet</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="64"></location>
            <source>Meetings</source>
            <translation>Phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="68"></location>
            <source>Open meeting</source>
            <translation>Vào phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="69"></location>
            <source>Open the selected meeting's room (Ctrl+O, Enter)</source>
            <translation>Vào phòng họp của phiên họp đang chọn (Ctrl+O, Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="78"></location>
            <source>Positions…</source>
            <translation>Cho ý kiến…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="79"></location>
            <source>Mark your position on each item of the selected meeting (Ctrl+Shift+P)</source>
            <translation>Cho ý kiến về từng mục của phiên họp đang chọn (Ctrl+Shift+P)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="84"></location>
            <source>New meeting…</source>
            <translation>Phiên họp mới…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="85"></location>
            <source>Prepare a new meeting (Ctrl+N)</source>
            <translation>Chuẩn bị phiên họp mới (Ctrl+N)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="90"></location>
            <source>Edit meeting</source>
            <translation>Sửa phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="91"></location>
            <source>Edit the selected meeting: details, participants, agenda (Ctrl+E)</source>
            <translation>Sửa phiên họp đang chọn: thông tin chung, thành phần tham dự, chương trình họp (Ctrl+E)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="96"></location>
            <source>Minutes…</source>
            <translation>Biên bản…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="97"></location>
            <source>Draft, edit and finalize the minutes of the selected meeting (Ctrl+Shift+M)</source>
            <translation>Dự thảo, chỉnh sửa và hoàn thiện biên bản của phiên họp đã chọn (Ctrl+Shift+M)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="102"></location>
            <source>Opinion polls…</source>
            <translation>Phiếu lấy ý kiến…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="103"></location>
            <source>Written opinion polls of the Government members (Ctrl+Shift+O)</source>
            <translation>Phiếu lấy ý kiến thành viên Chính phủ (Ctrl+Shift+O)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="108"></location>
            <source>Signing…</source>
            <translation>Ký số…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="109"></location>
            <source>Decisions and minutes waiting for my signature or the seal (Ctrl+Shift+K)</source>
            <translation>Quyết định, biên bản chờ tôi ký hoặc chờ đóng dấu (Ctrl+Shift+K)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="114"></location>
            <source>Archive…</source>
            <translation>Lưu trữ…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="115"></location>
            <source>Search minutes, decisions, polls and documents (Ctrl+Shift+A)</source>
            <translation>Tra cứu biên bản, quyết định, phiếu lấy ý kiến và tài liệu (Ctrl+Shift+A)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="120"></location>
            <source>My certificate…</source>
            <translation>Chứng thư số của tôi…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="121"></location>
            <source>My signing key, certificate and signature image</source>
            <translation>Khóa ký, chứng thư số và hình chữ ký của tôi</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="126"></location>
            <source>Refresh</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="127"></location>
            <source>Reload my meetings (F5)</source>
            <translation>Tải lại danh sách phiên họp (F5)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="132"></location>
            <source>Log out</source>
            <translation>Đăng xuất</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="133"></location>
            <source>Log out; documents kept on this computer are deleted</source>
            <translation>Đăng xuất; tài liệu lưu trên máy này sẽ bị xóa</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="166"></location>
            <source>Upcoming meetings</source>
            <translation>Phiên họp sắp tới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="167"></location>
            <source>Past meetings</source>
            <translation>Phiên họp đã qua</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="176"></location>
            <source>Waiting for me</source>
            <translation>Việc cần xử lý</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="220"></location>
            <source>Meeting</source>
            <translation>Phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="220"></location>
            <source>Date</source>
            <translation>Thời gian</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="220"></location>
            <source>State</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="220"></location>
            <source>Classification</source>
            <translation>Độ mật</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/home_window.py" line="318"></location>
            <source>Nothing is waiting for you.</source>
            <translation>Không có việc nào cần xử lý.</translation>
        </message>
    </context>
    <context>
        <name>LoginWindow</name>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="26"></location>
            <source>e-Cabinet — Log in</source>
            <translation>e-Cabinet — Đăng nhập</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="35"></location>
            <source>e-Cabinet</source>
            <translation>e-Cabinet</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="37"></location>
            <source>Paperless government meetings</source>
            <translation>Phòng họp không giấy tờ của Chính phủ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="45"></location>
            <source>Address of the e-Cabinet server, ws:// or wss://</source>
            <translation>Địa chỉ máy chủ e-Cabinet, ws:// hoặc wss://</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="51"></location>
            <source>Server</source>
            <translation>Máy chủ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="52"></location>
            <source>User name</source>
            <translation>Tên đăng nhập</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="53"></location>
            <source>Password</source>
            <translation>Mật khẩu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="60"></location>
            <location filename="../../desktop/widgets/login_window.py" line="117"></location>
            <source>Log in</source>
            <translation>Đăng nhập</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="63"></location>
            <source>Log in (Enter)</source>
            <translation>Đăng nhập (Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="108"></location>
            <source>Not connected: the server's certificate authority was not trusted.</source>
            <translation>Chưa kết nối: tổ chức cấp chứng thư của máy chủ chưa được tin cậy.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/login_window.py" line="117"></location>
            <source>Logging in…</source>
            <translation>Đang đăng nhập…</translation>
        </message>
    </context>
    <context>
        <name>Media</name>
        <message>
            <location filename="../../desktop/viewmodels/capture_devices.py" line="41"></location>
            <source>No camera found — using a test source</source>
            <translation>Không tìm thấy camera — đang dùng nguồn thử nghiệm</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/capture_devices.py" line="41"></location>
            <source>Test source chosen instead of the camera</source>
            <translation>Đã chọn nguồn thử nghiệm thay cho camera</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/capture_devices.py" line="41"></location>
            <source>The camera could not be started ({0}) — using a test source</source>
            <translation>Không khởi động được camera ({0}) — đang dùng nguồn thử nghiệm</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/capture_devices.py" line="41"></location>
            <source>No microphone found — using a test source</source>
            <translation>Không tìm thấy micrô — đang dùng nguồn thử nghiệm</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/capture_devices.py" line="41"></location>
            <source>Test source chosen instead of the microphone</source>
            <translation>Đã chọn nguồn thử nghiệm thay cho micrô</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/capture_devices.py" line="41"></location>
            <source>The microphone could not be started ({0}) — using a test source</source>
            <translation>Không khởi động được micrô ({0}) — đang dùng nguồn thử nghiệm</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media.py" line="126"></location>
            <location filename="../../desktop/viewmodels/media.py" line="244"></location>
            <source>Audio and video start when the meeting begins.</source>
            <translation>Âm thanh và hình ảnh bắt đầu khi phiên họp khai mạc.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media.py" line="126"></location>
            <location filename="../../desktop/viewmodels/media.py" line="244"></location>
            <source>Connecting audio and video…</source>
            <translation>Đang kết nối âm thanh và hình ảnh…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media.py" line="126"></location>
            <location filename="../../desktop/viewmodels/media.py" line="244"></location>
            <source>Audio and video connected</source>
            <translation>Đã kết nối âm thanh và hình ảnh</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media.py" line="126"></location>
            <location filename="../../desktop/viewmodels/media.py" line="244"></location>
            <source>Audio and video lost — retrying…</source>
            <translation>Mất kết nối âm thanh/hình ảnh — đang thử lại…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media.py" line="126"></location>
            <location filename="../../desktop/viewmodels/media.py" line="244"></location>
            <source>Audio and video are not available; the meeting goes on without them.</source>
            <translation>Không có âm thanh và hình ảnh; phiên họp vẫn tiếp tục.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media.py" line="126"></location>
            <location filename="../../desktop/viewmodels/media.py" line="244"></location>
            <source>Audio and video off</source>
            <translation>Đã tắt âm thanh và hình ảnh</translation>
        </message>
    </context>
    <context>
        <name>MediaControls</name>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="55"></location>
            <source>The meeting is being recorded</source>
            <translation>Phiên họp đang được ghi hình</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="58"></location>
            <source>Keep only the speaker's voice</source>
            <translation>Chỉ giữ tiếng người phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="59"></location>
            <source>Mute every microphone except the active speaker's</source>
            <translation>Tắt micrô của mọi người, trừ người đang phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="64"></location>
            <location filename="../../desktop/widgets/media_controls.py" line="117"></location>
            <source>Record</source>
            <translation>Ghi hình</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="64"></location>
            <location filename="../../desktop/widgets/media_controls.py" line="120"></location>
            <source>Start or stop recording the meeting</source>
            <translation>Bắt đầu hoặc dừng ghi hình phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="110"></location>
            <source>● Recording (since {0})</source>
            <translation>● Đang ghi hình (từ {0})</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="111"></location>
            <source>Recording to {0}</source>
            <translation>Đang ghi vào tệp {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="117"></location>
            <source>Stop recording</source>
            <translation>Dừng ghi hình</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="157"></location>
            <source>Turn microphone on</source>
            <translation>Bật micrô</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="157"></location>
            <source>Turn microphone off</source>
            <translation>Tắt micrô</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="164"></location>
            <source>Turn camera on</source>
            <translation>Bật camera</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_controls.py" line="164"></location>
            <source>Turn camera off</source>
            <translation>Tắt camera</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media_controls.py" line="107"></location>
            <location filename="../../desktop/viewmodels/media_controls.py" line="262"></location>
            <source>This meeting is classified Tối mật: it may not be recorded (Decree 26/2020/NĐ-CP on protecting state secrets).</source>
            <translation>Phiên họp có độ mật Tối mật: không được ghi hình (Nghị định 26/2020/NĐ-CP về bảo vệ bí mật nhà nước).</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media_controls.py" line="112"></location>
            <source>The meeting can be recorded only while it is in progress.</source>
            <translation>Chỉ có thể ghi hình khi phiên họp đang diễn ra.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media_controls.py" line="168"></location>
            <source>Unknown kind of media: {0}</source>
            <translation>Loại âm thanh/hình ảnh không hợp lệ: {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media_controls.py" line="178"></location>
            <source>Only the speaker can be heard now.</source>
            <translation>Từ giờ chỉ còn nghe tiếng người đang phát biểu.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media_controls.py" line="256"></location>
            <source>Only the chair can control participants' audio, video and recording.</source>
            <translation>Chỉ chủ tọa mới được điều khiển âm thanh, hình ảnh của đại biểu và việc ghi hình.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media_controls.py" line="271"></location>
            <source>The meeting is already being recorded.</source>
            <translation>Phiên họp đang được ghi hình rồi.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media_controls.py" line="273"></location>
            <source>The meeting is not being recorded.</source>
            <translation>Phiên họp hiện không được ghi hình.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media_controls.py" line="274"></location>
            <source>This can be done only while the meeting is in progress.</source>
            <translation>Chỉ làm được việc này khi phiên họp đang diễn ra.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/media_controls.py" line="276"></location>
            <source>Audio and video are not available on this server.</source>
            <translation>Máy chủ này không hỗ trợ âm thanh và hình ảnh.</translation>
        </message>
    </context>
    <context>
        <name>MediaDevicesButton</name>
        <message>
            <location filename="../../desktop/widgets/media_devices.py" line="29"></location>
            <source>Devices</source>
            <translation>Thiết bị</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_devices.py" line="30"></location>
            <source>Choose the camera and microphone ({0})</source>
            <translation>Chọn camera và micrô ({0})</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_devices.py" line="51"></location>
            <source>Camera</source>
            <translation>Camera</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_devices.py" line="58"></location>
            <source>Microphone</source>
            <translation>Micrô</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/media_devices.py" line="77"></location>
            <source>Test source</source>
            <translation>Nguồn thử nghiệm</translation>
        </message>
    </context>
    <context>
        <name>MeetingEditor</name>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="81"></location>
            <source>PDF documents (*.pdf)</source>
            <translation>Tài liệu PDF (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="183"></location>
            <source>Meeting editor</source>
            <translation>Soạn phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="190"></location>
            <location filename="../../desktop/widgets/meeting_editor.py" line="249"></location>
            <source>Publish</source>
            <translation>Phát hành</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="202"></location>
            <source>Agenda and documents</source>
            <translation>Chương trình và tài liệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="203"></location>
            <source>Details</source>
            <translation>Thông tin chung</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="204"></location>
            <source>Participants</source>
            <translation>Thành phần tham dự</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="311"></location>
            <source>Drag items to reorder them; double-click a title to rename it.</source>
            <translation>Kéo thả để sắp xếp lại các mục; nhấp đúp vào tên mục để đổi tên.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="316"></location>
            <source>Selected item</source>
            <translation>Mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="323"></location>
            <source> min</source>
            <translation> phút</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="326"></location>
            <source>Item:</source>
            <translation>Mục:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="327"></location>
            <source>Presenter:</source>
            <translation>Người trình bày:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="328"></location>
            <source>Planned time:</source>
            <translation>Thời lượng dự kiến:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="332"></location>
            <source>Document</source>
            <translation>Tài liệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="332"></location>
            <source>Version</source>
            <translation>Phiên bản</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="332"></location>
            <source>Pages</source>
            <translation>Số trang</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="332"></location>
            <source>Size</source>
            <translation>Dung lượng</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="354"></location>
            <source>Documents:</source>
            <translation>Tài liệu:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="370"></location>
            <source>e.g. Regular government meeting, December</source>
            <translation>Ví dụ: Phiên họp Chính phủ thường kỳ tháng 12</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="384"></location>
            <source>Votes must be digitally signed</source>
            <translation>Biểu quyết phải ký số</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="388"></location>
            <source>Every ballot is signed with the voter's key; a secret ballot's signature proves only that the member voted.</source>
            <translation>Mỗi phiếu được ký bằng khóa của người biểu quyết; với bỏ phiếu kín, chữ ký chỉ chứng minh thành viên đã bỏ phiếu.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="392"></location>
            <location filename="../../desktop/widgets/meeting_editor.py" line="491"></location>
            <source>Save details</source>
            <translation>Lưu thông tin</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="395"></location>
            <source>Title:</source>
            <translation>Tên phiên họp:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="396"></location>
            <source>Starts (UTC+07:00):</source>
            <translation>Bắt đầu (UTC+07:00):</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="397"></location>
            <source>Ends (UTC+07:00):</source>
            <translation>Kết thúc (UTC+07:00):</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="398"></location>
            <source>Form:</source>
            <translation>Hình thức:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="399"></location>
            <source>Location:</source>
            <translation>Địa điểm:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="400"></location>
            <source>Classification:</source>
            <translation>Độ mật:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="418"></location>
            <source>Invite</source>
            <translation>Mời</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="420"></location>
            <source>Uninvite</source>
            <translation>Hủy mời</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="423"></location>
            <source>Invite:</source>
            <translation>Mời:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="425"></location>
            <source>as</source>
            <translation>với vai trò</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="433"></location>
            <source>Name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="434"></location>
            <source>Position</source>
            <translation>Chức vụ</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="435"></location>
            <source>Unit</source>
            <translation>Đơn vị</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="436"></location>
            <source>Role</source>
            <translation>Vai trò</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="437"></location>
            <source>Substitute</source>
            <translation>Người dự thay</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="438"></location>
            <source>Vote delegated</source>
            <translation>Ủy quyền biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="439"></location>
            <source>Absence reason</source>
            <translation>Lý do vắng mặt</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="470"></location>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="91"></location>
            <source>New meeting</source>
            <translation>Phiên họp mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="491"></location>
            <source>Create meeting</source>
            <translation>Tạo phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="526"></location>
            <source>Yes</source>
            <translation>Có</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="560"></location>
            <location filename="../../desktop/widgets/meeting_editor.py" line="581"></location>
            <source>— none —</source>
            <translation>— không có —</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="597"></location>
            <source>No.</source>
            <translation>STT</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="598"></location>
            <source>Title</source>
            <translation>Nội dung</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="599"></location>
            <source>Presenter</source>
            <translation>Người trình bày</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="600"></location>
            <source>Minutes</source>
            <translation>Số phút</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="601"></location>
            <source>Documents</source>
            <translation>Tài liệu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="651"></location>
            <source>1 PDF (v{0})</source>
            <translation>1 PDF (v{0})</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="652"></location>
            <source>{0} PDFs</source>
            <translation>{0} tệp PDF</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="726"></location>
            <source>Select an agenda item.</source>
            <translation>Hãy chọn một mục trong chương trình họp.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="737"></location>
            <source>v{0}</source>
            <translation>v{0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="763"></location>
            <source>New item</source>
            <translation>Mục mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="772"></location>
            <source>New sub-item</source>
            <translation>Mục con mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="800"></location>
            <source>Attach a PDF to the agenda item</source>
            <translation>Đính kèm PDF vào mục chương trình</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="810"></location>
            <source>Choose the new version of {0}</source>
            <translation>Chọn phiên bản mới của {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="863"></location>
            <source>Uploading {0}…</source>
            <translation>Đang tải lên {0}…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="871"></location>
            <source>{0} attached as version {1}.</source>
            <translation>Đã đính kèm {0} (phiên bản {1}).</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="876"></location>
            <source>Upload refused.</source>
            <translation>Máy chủ từ chối tệp tải lên.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="250"></location>
            <source>Publish the meeting to its participants</source>
            <translation>Phát hành phiên họp tới thành phần tham dự</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="255"></location>
            <source>Add item</source>
            <translation>Thêm mục</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="256"></location>
            <source>Add an item after the selected one</source>
            <translation>Thêm một mục sau mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="261"></location>
            <source>Add sub-item</source>
            <translation>Thêm mục con</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="262"></location>
            <source>Add a sub-item under the selected item</source>
            <translation>Thêm mục con cho mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="267"></location>
            <source>Rename</source>
            <translation>Đổi tên</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="267"></location>
            <source>Rename the selected item</source>
            <translation>Đổi tên mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="270"></location>
            <source>Remove</source>
            <translation>Xóa</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="271"></location>
            <source>Take the selected item off the agenda</source>
            <translation>Bỏ mục đang chọn khỏi chương trình họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="276"></location>
            <source>Attach PDF…</source>
            <translation>Đính kèm PDF…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="277"></location>
            <source>Attach a PDF document to the selected item</source>
            <translation>Đính kèm tài liệu PDF vào mục đang chọn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="282"></location>
            <source>New version…</source>
            <translation>Phiên bản mới…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_editor.py" line="283"></location>
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
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="251"></location>
            <source>This meeting is {0}; its preparation can no longer change.</source>
            <translation>Phiên họp này ở trạng thái “{0}”; không thể thay đổi phần chuẩn bị nữa.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="254"></location>
            <source>You can view this meeting; only its secretariat can change it.</source>
            <translation>Bạn chỉ được xem phiên họp này; chỉ Thư ký phiên họp mới được thay đổi.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="400"></location>
            <source>Meeting details saved.</source>
            <translation>Đã lưu thông tin phiên họp.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="409"></location>
            <source>Meeting created as a draft.</source>
            <translation>Đã tạo phiên họp ở dạng nháp.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="412"></location>
            <source>Meeting published: participants can see it now.</source>
            <translation>Đã phát hành phiên họp: thành phần tham dự đã có thể xem.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="415"></location>
            <source>Meeting back to draft.</source>
            <translation>Phiên họp đã trở lại dạng nháp.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/meeting_editor.py" line="558"></location>
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
            <location filename="../../desktop/widgets/meeting_room.py" line="457"></location>
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
            <location filename="../../desktop/widgets/meeting_room.py" line="523"></location>
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
            <location filename="../../desktop/widgets/meeting_room.py" line="524"></location>
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
            <location filename="../../desktop/widgets/meeting_room.py" line="409"></location>
            <source>speaking</source>
            <translation>đang phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="411"></location>
            <source>hand raised</source>
            <translation>xin phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="412"></location>
            <location filename="../../desktop/widgets/meeting_room.py" line="435"></location>
            <source> (you)</source>
            <translation> (bạn)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="414"></location>
            <source>substitute for {0}</source>
            <translation>dự thay {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="416"></location>
            <source>represented by {0}</source>
            <translation>{0} dự thay</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="448"></location>
            <source>Speaking: {0} — {1}</source>
            <translation>Đang phát biểu: {0} — {1}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="452"></location>
            <source>Nobody has the floor.</source>
            <translation>Chưa có ai phát biểu.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="457"></location>
            <source>Lower hand</source>
            <translation>Thôi xin phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="478"></location>
            <source>Item {0}: {1}</source>
            <translation>Mục {0}: {1}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="490"></location>
            <source>Select a participant first.</source>
            <translation>Hãy chọn một đại biểu trước.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/meeting_room.py" line="526"></location>
            <source>Remove from the meeting</source>
            <translation>Mời ra khỏi phiên họp</translation>
        </message>
    </context>
    <context>
        <name>MeetingState</name>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="31"></location>
            <source>Draft</source>
            <translation>Nháp</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="32"></location>
            <source>Published</source>
            <translation>Đã phát hành</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="33"></location>
            <source>In progress</source>
            <translation>Đang họp</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="34"></location>
            <source>Ended</source>
            <translation>Đã kết thúc</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="35"></location>
            <source>Archived</source>
            <translation>Đã lưu trữ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/home.py" line="36"></location>
            <source>Cancelled</source>
            <translation>Đã hủy</translation>
        </message>
    </context>
    <context>
        <name>Minutes</name>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="32"></location>
            <source>Not drafted yet</source>
            <translation>Chưa lập</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="33"></location>
            <source>Draft</source>
            <translation>Nháp</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="34"></location>
            <source>Finalized — awaiting the chair's signature</source>
            <translation>Đã hoàn thiện — chờ Chủ tọa ký</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="35"></location>
            <source>Signed by the chair — awaiting the seal</source>
            <translation>Chủ tọa đã ký — chờ đóng dấu</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="36"></location>
            <source>Signed and sealed</source>
            <translation>Đã ký và đóng dấu</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="37"></location>
            <source>Signing cancelled</source>
            <translation>Đã hủy ký</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="83"></location>
            <source>No. {0}</source>
            <translation>Số {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="144"></location>
            <source>Draft written from the meeting's record.</source>
            <translation>Đã lập dự thảo từ nhật ký phiên họp.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="154"></location>
            <source>Saved.</source>
            <translation>Đã lưu.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="187"></location>
            <source>Finalized as {0} and sent to the chair for signing.</source>
            <translation>Đã hoàn thiện với số {0} và gửi Chủ tọa ký.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/minutes.py" line="230"></location>
            <source>Someone else saved a newer version of the minutes (revision {0}). Save your text elsewhere if needed, then reload.</source>
            <translation>Người khác vừa lưu phiên bản mới hơn của biên bản (lần sửa {0}). Nếu cần, hãy lưu nội dung của bạn ra nơi khác rồi tải lại.</translation>
        </message>
    </context>
    <context>
        <name>MinutesEditor</name>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="35"></location>
            <location filename="../../desktop/widgets/minutes_editor.py" line="37"></location>
            <source>Minutes — {0}</source>
            <translation>Biên bản — {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="39"></location>
            <source>Minutes of the meeting</source>
            <translation>Biên bản phiên họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="53"></location>
            <source>No minutes yet. Draft them from the meeting record (Ctrl+Shift+D).</source>
            <translation>Chưa có biên bản. Lập dự thảo từ nhật ký phiên họp (Ctrl+Shift+D).</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="59"></location>
            <source>Draft from record</source>
            <translation>Lập từ nhật ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="61"></location>
            <source>Write the minutes from the meeting's record, replacing the text</source>
            <translation>Lập biên bản từ nhật ký phiên họp, thay thế nội dung hiện có</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="65"></location>
            <source>Save</source>
            <translation>Lưu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="67"></location>
            <source>Save the text (Ctrl+S)</source>
            <translation>Lưu nội dung (Ctrl+S)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="71"></location>
            <location filename="../../desktop/widgets/minutes_editor.py" line="175"></location>
            <source>Reload</source>
            <translation>Tải lại</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="73"></location>
            <source>Fetch the minutes as stored on the server (F5)</source>
            <translation>Tải biên bản đang lưu trên máy chủ (F5)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="77"></location>
            <source>Finalize…</source>
            <translation>Hoàn thiện…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="79"></location>
            <source>Make the PDF and send it to the chair for signing; no more edits</source>
            <translation>Tạo tệp PDF và gửi Chủ tọa ký; sau đó không sửa được nữa</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="83"></location>
            <source>Save PDF as…</source>
            <translation>Lưu PDF thành…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="85"></location>
            <source>Save a copy of the finalized minutes as a PDF file</source>
            <translation>Lưu bản sao biên bản đã hoàn thiện thành tệp PDF</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="137"></location>
            <source>Status: {0}</source>
            <translation>Trạng thái: {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="158"></location>
            <source>Draft again</source>
            <translation>Lập lại dự thảo</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="160"></location>
            <source>Write the minutes again from the meeting's record? The current text and every edit made to it are replaced.</source>
            <translation>Lập lại biên bản từ nhật ký phiên họp? Nội dung hiện tại và mọi chỉnh sửa sẽ bị thay thế.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="175"></location>
            <source>Discard your unsaved changes and load the stored text?</source>
            <translation>Bỏ các thay đổi chưa lưu và tải nội dung đã lưu?</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="185"></location>
            <source>Save your changes (Ctrl+S) before finalizing the minutes.</source>
            <translation>Hãy lưu thay đổi (Ctrl+S) trước khi hoàn thiện biên bản.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="189"></location>
            <source>Finalize the minutes</source>
            <translation>Hoàn thiện biên bản</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="191"></location>
            <source>Finalize the minutes? The PDF is made from the saved text and sent to the chair for signing; the text can no longer be changed.</source>
            <translation>Hoàn thiện biên bản? Tệp PDF được tạo từ nội dung đã lưu và gửi Chủ tọa ký; sau đó không sửa được nội dung nữa.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="201"></location>
            <source>Save PDF as</source>
            <translation>Lưu PDF thành</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="201"></location>
            <source>Minutes.pdf</source>
            <translation>Bien_ban.pdf</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="201"></location>
            <source>PDF files (*.pdf)</source>
            <translation>Tệp PDF (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="212"></location>
            <source>The minutes were saved to {0}.</source>
            <translation>Đã lưu biên bản vào {0}.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/minutes_editor.py" line="221"></location>
            <source>Your text is still here; copy what you need first.</source>
            <translation>Nội dung của bạn vẫn còn đây; hãy sao chép phần cần giữ trước.</translation>
        </message>
    </context>
    <context>
        <name>NewConsultationDialog</name>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="51"></location>
            <source>New opinion poll</source>
            <translation>Phiếu lấy ý kiến mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="59"></location>
            <source>No document attached</source>
            <translation>Chưa đính kèm văn bản</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="60"></location>
            <source>Attach PDF…</source>
            <translation>Đính kèm PDF…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="62"></location>
            <source>Title</source>
            <translation>Trích yếu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="63"></location>
            <source>Question</source>
            <translation>Nội dung xin ý kiến</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="64"></location>
            <source>Deadline</source>
            <translation>Thời hạn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/consultation_panel.py" line="78"></location>
            <source>Draft documents</source>
            <translation>Dự thảo văn bản</translation>
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
        <name>PrepareDialog</name>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="68"></location>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="117"></location>
            <source>Put up for signing</source>
            <translation>Trình ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="79"></location>
            <source>e.g. 215/NQ-CP</source>
            <translation>ví dụ 215/NQ-CP</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="86"></location>
            <source>e.g. "TM. CHÍNH PHỦ" or "KT. THỦ TƯỚNG"</source>
            <translation>ví dụ "TM. CHÍNH PHỦ" hoặc "KT. THỦ TƯỚNG"</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="87"></location>
            <source>e.g. "THỦ TƯỚNG" or "PHÓ THỦ TƯỚNG"</source>
            <translation>ví dụ "THỦ TƯỚNG" hoặc "PHÓ THỦ TƯỚNG"</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="89"></location>
            <source>&amp;Meeting:</source>
            <translation>&amp;Phiên họp:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="90"></location>
            <source>&amp;Document:</source>
            <translation>&amp;Văn bản:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="91"></location>
            <source>&amp;Kind:</source>
            <translation>&amp;Loại văn bản:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="92"></location>
            <source>&amp;Number and symbol:</source>
            <translation>&amp;Số, ký hiệu:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="93"></location>
            <source>T&amp;itle:</source>
            <translation>Trích &amp;yếu:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="94"></location>
            <source>&amp;Signer:</source>
            <translation>&amp;Người ký:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="95"></location>
            <source>&amp;Authority (line 1):</source>
            <translation>&amp;Thẩm quyền ký (dòng 1):</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="96"></location>
            <source>Authority (line &amp;2):</source>
            <translation>Thẩm quyền ký (dòng &amp;2):</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="138"></location>
            <source>Loading the meetings…</source>
            <translation>Đang tải danh sách phiên họp…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="169"></location>
            <source>There is no meeting in which you prepare decisions.</source>
            <translation>Không có phiên họp nào mà bạn được trình ký văn bản.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="180"></location>
            <source>Loading the documents of the meeting…</source>
            <translation>Đang tải tài liệu của phiên họp…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/prepare_dialog.py" line="201"></location>
            <source>This meeting has no documents yet: upload the PDF to an agenda item in the meeting editor (Edit meeting), then choose it here.</source>
            <translation>Phiên họp chưa có tài liệu: hãy tải tệp PDF lên một nội dung trong chương trình phiên họp (Sửa phiên họp), rồi chọn ở đây.</translation>
        </message>
    </context>
    <context>
        <name>QPlatformTheme</name>
        <message>
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>&amp;Yes</source>
            <translation>&amp;Có</translation>
        </message>
        <message>
            <source>&amp;No</source>
            <translation>&amp;Không</translation>
        </message>
    </context>
    <context>
        <name>Recordings</name>
        <message>
            <location filename="../../desktop/viewmodels/recordings.py" line="25"></location>
            <source>Complete</source>
            <translation>Hoàn tất</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/recordings.py" line="26"></location>
            <source>Recording now</source>
            <translation>Đang ghi</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/recordings.py" line="27"></location>
            <source>Incomplete</source>
            <translation>Chưa hoàn tất</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/recordings.py" line="44"></location>
            <source>{0} KB</source>
            <translation>{0} KB</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/recordings.py" line="45"></location>
            <source>{0} MB</source>
            <translation>{0} MB</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/recordings.py" line="131"></location>
            <source>Choose a result of a meeting to see its recordings.</source>
            <translation>Chọn một kết quả thuộc phiên họp để xem các bản ghi hình của phiên họp đó.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/recordings.py" line="133"></location>
            <source>Loading the recordings…</source>
            <translation>Đang tải các bản ghi hình…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/recordings.py" line="135"></location>
            <source>“{0}” has no recordings.</source>
            <translation>“{0}” không có bản ghi hình nào.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/recordings.py" line="137"></location>
            <source>Recordings of “{0}”: {1}</source>
            <translation>Bản ghi hình của “{0}”: {1}</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/recordings.py" line="139"></location>
            <source>{0} incomplete (the server stopped while recording)</source>
            <translation>{0} bản chưa hoàn tất (máy chủ đã dừng khi đang ghi)</translation>
        </message>
    </context>
    <context>
        <name>RecordingsPanel</name>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="23"></location>
            <source>Audio and video recordings</source>
            <translation>Bản ghi hình</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="36"></location>
            <source>File</source>
            <translation>Tệp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="36"></location>
            <source>Started</source>
            <translation>Bắt đầu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="36"></location>
            <source>Stopped</source>
            <translation>Kết thúc</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="36"></location>
            <source>Duration</source>
            <translation>Thời lượng</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="37"></location>
            <source>Recorded by</source>
            <translation>Người ghi</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="37"></location>
            <source>Size</source>
            <translation>Dung lượng</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="37"></location>
            <source>State</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="37"></location>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="42"></location>
            <source>Copy SHA-256</source>
            <translation>Sao chép SHA-256</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="45"></location>
            <source>Copy the SHA-256 of the selected recording (Ctrl+Shift+C)</source>
            <translation>Sao chép mã SHA-256 của bản ghi hình đang chọn (Ctrl+Shift+C)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="60"></location>
            <source>none: the recording was not finished</source>
            <translation>không có: bản ghi hình chưa hoàn tất</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/recordings_panel.py" line="69"></location>
            <source>The server stopped while recording: the file may be cut short and the record holds no hash of it.</source>
            <translation>Máy chủ đã dừng khi đang ghi: tệp có thể bị cắt ngắn và hồ sơ không lưu mã băm của tệp.</translation>
        </message>
    </context>
    <context>
        <name>SessionViewModel</name>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="158"></location>
            <source>The server address starts with ws:// or wss://, e.g. {0}.</source>
            <translation>Địa chỉ máy chủ phải bắt đầu bằng ws:// hoặc wss://, ví dụ {0}.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/session.py" line="164"></location>
            <source>Enter your user name and password.</source>
            <translation>Hãy nhập tên đăng nhập và mật khẩu.</translation>
        </message>
    </context>
    <context>
        <name>Shell</name>
        <message>
            <location filename="../../desktop/app.py" line="481"></location>
            <source>Positions — {0}</source>
            <translation>Ý kiến — {0}</translation>
        </message>
    </context>
    <context>
        <name>SignatureBadge</name>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="66"></location>
            <source>Signatures of this document (Ctrl+Shift+G)</source>
            <translation>Chữ ký của văn bản này (Ctrl+Shift+G)</translation>
        </message>
    </context>
    <context>
        <name>SignaturePanel</name>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="96"></location>
            <location filename="../../desktop/widgets/signature_panel.py" line="219"></location>
            <source>Signatures</source>
            <translation>Chữ ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="111"></location>
            <source>Signer</source>
            <translation>Người ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="112"></location>
            <source>Unit</source>
            <translation>Đơn vị</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="113"></location>
            <source>Time</source>
            <translation>Thời gian</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="114"></location>
            <source>Intact</source>
            <translation>Toàn vẹn</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="115"></location>
            <source>Trusted</source>
            <translation>Tin cậy</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="116"></location>
            <source>Covers</source>
            <translation>Phạm vi ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="117"></location>
            <source>Revision</source>
            <translation>Phiên bản</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="159"></location>
            <source>{0} (signer's clock)</source>
            <translation>{0} (theo đồng hồ máy người ký)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="169"></location>
            <source>altered</source>
            <translation>đã bị sửa đổi</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="182"></location>
            <source>This document has no signature.</source>
            <translation>Văn bản này chưa có chữ ký.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signature_panel.py" line="223"></location>
            <source>Show or hide the signatures of this document (Ctrl+Shift+G)</source>
            <translation>Hiện hoặc ẩn các chữ ký của văn bản này (Ctrl+Shift+G)</translation>
        </message>
    </context>
    <context>
        <name>Signatures</name>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="35"></location>
            <source>Signature</source>
            <translation>Chữ ký số</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="36"></location>
            <source>Organisation seal</source>
            <translation>Chữ ký số của cơ quan</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="37"></location>
            <source>Document timestamp</source>
            <translation>Dấu thời gian của văn bản</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="44"></location>
            <source>The whole document</source>
            <translation>Toàn bộ văn bản</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="47"></location>
            <source>Revision {0}; later changes are allowed ones</source>
            <translation>Phiên bản {0}; các thay đổi sau đó là thay đổi được phép</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="48"></location>
            <source>Revision {0}; changed after signing</source>
            <translation>Phiên bản {0}; đã bị thay đổi sau khi ký</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="49"></location>
            <source>Part of the document only</source>
            <translation>Chỉ một phần văn bản</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="54"></location>
            <source>Certificate revoked</source>
            <translation>Chứng thư số đã bị thu hồi</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="56"></location>
            <source>Trusted (certificate revoked since)</source>
            <translation>Tin cậy (chứng thư số đã bị thu hồi sau đó)</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="58"></location>
            <source>Trusted (certificate expired since)</source>
            <translation>Tin cậy (chứng thư số đã hết hạn sau đó)</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="60"></location>
            <source>Trusted</source>
            <translation>Tin cậy</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="62"></location>
            <source>Certificate expired</source>
            <translation>Chứng thư số đã hết hạn</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="63"></location>
            <source>Not trusted</source>
            <translation>Không tin cậy</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="69"></location>
            <source>unknown signer</source>
            <translation>người ký không rõ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="70"></location>
            <source>valid</source>
            <translation>hợp lệ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="70"></location>
            <source>NOT valid</source>
            <translation>KHÔNG hợp lệ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="71"></location>
            <source>{0} by {1}: {2}.</source>
            <translation>{0} của {1}: {2}.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="74"></location>
            <source>Signed at {0} (trusted timestamp).</source>
            <translation>Ký lúc {0} (có dấu thời gian tin cậy).</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="76"></location>
            <source>Signed at {0} (signer's clock, no timestamp).</source>
            <translation>Ký lúc {0} (theo đồng hồ máy người ký, không có dấu thời gian).</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="79"></location>
            <source>Intact.</source>
            <translation>Toàn vẹn.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="79"></location>
            <source>Altered after signing.</source>
            <translation>Đã bị sửa đổi sau khi ký.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="82"></location>
            <source>Checked at the time of signing (long-term validation).</source>
            <translation>Được kiểm tra tại thời điểm ký (xác thực dài hạn).</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="83"></location>
            <source>Covers: {0}.</source>
            <translation>Phạm vi ký: {0}.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="85"></location>
            <source>Long-term validation data is embedded (PAdES B-LTA).</source>
            <translation>Có dữ liệu xác thực dài hạn kèm theo (PAdES B-LTA).</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="92"></location>
            <source>Digitally signed, valid</source>
            <translation>Đã ký số hợp lệ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="93"></location>
            <source>Signed, changed after signing</source>
            <translation>Đã ký, có thay đổi sau khi ký</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="94"></location>
            <source>Signature not valid</source>
            <translation>Chữ ký không hợp lệ</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="95"></location>
            <source>Not signed</source>
            <translation>Chưa ký</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="96"></location>
            <source>Checking signatures…</source>
            <translation>Đang kiểm tra chữ ký…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="97"></location>
            <source>Signatures could not be checked</source>
            <translation>Không kiểm tra được chữ ký</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signatures.py" line="170"></location>
            <source>Checking failed: {0}</source>
            <translation>Kiểm tra thất bại: {0}</translation>
        </message>
    </context>
    <context>
        <name>SigningDialog</name>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="60"></location>
            <source>Sign the decision</source>
            <translation>Ký số văn bản</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="61"></location>
            <source>Apply the organisation seal</source>
            <translation>Đóng dấu của cơ quan</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="62"></location>
            <source>Make an electronic copy</source>
            <translation>Tạo bản sao điện tử</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="77"></location>
            <source>Your digital signature, with your signature image</source>
            <translation>Chữ ký số của bạn, kèm hình ảnh chữ ký</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="78"></location>
            <source>The organisation seal (signature of the clerical office)</source>
            <translation>Con dấu của cơ quan (chữ ký số của văn thư)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="79"></location>
            <source>A copy sealed by the clerical office, as a new document</source>
            <translation>Bản sao do văn thư đóng dấu, thành một văn bản mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="85"></location>
            <source>Document:</source>
            <translation>Văn bản:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="86"></location>
            <source>Number:</source>
            <translation>Số, ký hiệu:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="87"></location>
            <source>Kind:</source>
            <translation>Loại:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="88"></location>
            <source>To be applied:</source>
            <translation>Sẽ ký:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="96"></location>
            <source>e.g. 12/SY-VPCP (optional)</source>
            <translation>ví dụ 12/SY-VPCP (không bắt buộc)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="100"></location>
            <source>Copy type:</source>
            <translation>Hình thức sao:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="101"></location>
            <source>Copy number:</source>
            <translation>Số bản sao:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="129"></location>
            <source>Sign</source>
            <translation>Ký số</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="129"></location>
            <source>Seal</source>
            <translation>Đóng dấu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/signing_dialog.py" line="129"></location>
            <source>Make copy</source>
            <translation>Tạo bản sao</translation>
        </message>
    </context>
    <context>
        <name>SigningKeys</name>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="51"></location>
            <source>Key file (PKCS#12)</source>
            <translation>Tệp khóa (PKCS#12)</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="52"></location>
            <source>USB signing token (PKCS#11)</source>
            <translation>Thiết bị ký số USB (PKCS#11)</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="65"></location>
            <source>Wrong PIN: the PIN of your USB token is not correct. Try again.</source>
            <translation>Mã PIN không đúng: hãy nhập lại mã PIN của thiết bị ký số USB.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="67"></location>
            <source>The PIN of your USB token is locked after too many wrong tries: unlock it with the token's own software.</source>
            <translation>Mã PIN của thiết bị ký số USB đã bị khóa do nhập sai quá nhiều lần: hãy mở khóa bằng phần mềm đi kèm thiết bị.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="72"></location>
            <source>Your USB token ({0}) is not plugged in. Plug it in and try again.</source>
            <translation>Chưa cắm thiết bị ký số USB ({0}) vào máy. Hãy cắm vào rồi thử lại.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="76"></location>
            <source>The key on your USB token has no certificate from the organisation yet: request one in My certificate…</source>
            <translation>Khóa trên thiết bị ký số USB chưa có chứng thư số do cơ quan cấp: hãy đề nghị cấp trong mục Chứng thư số của tôi…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="81"></location>
            <source>Wrong passphrase for your signing key ({0}). Try again.</source>
            <translation>Sai mật khẩu của khóa ký số ({0}). Hãy thử lại.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="83"></location>
            <source>You have no key file yet ({0}): create one in My certificate…</source>
            <translation>Bạn chưa có tệp khóa ({0}): hãy tạo khóa trong mục Chứng thư số của tôi…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="86"></location>
            <source>The driver of your USB token ({0}) is not installed: choose its PKCS#11 module in My certificate…</source>
            <translation>Chưa cài trình điều khiển của thiết bị ký số USB ({0}): hãy chọn mô-đun PKCS#11 của thiết bị trong mục Chứng thư số của tôi…</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="90"></location>
            <source>Cannot use your USB token: {0}</source>
            <translation>Không dùng được thiết bị ký số USB: {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="176"></location>
            <source>{0}, key {1}</source>
            <translation>{0}, khóa {1}</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="179"></location>
            <source>USB token:</source>
            <translation>Thiết bị ký số USB:</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="179"></location>
            <source>Key file:</source>
            <translation>Tệp khóa:</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="182"></location>
            <source>Token PIN:</source>
            <translation>Mã PIN:</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="182"></location>
            <source>Passphrase:</source>
            <translation>Mật khẩu bảo vệ khóa:</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="187"></location>
            <source>PIN of your USB token ({0}):</source>
            <translation>Mã PIN của thiết bị ký số USB ({0}):</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="188"></location>
            <source>Passphrase of your signing key file:</source>
            <translation>Mật khẩu của tệp khóa ký:</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="192"></location>
            <source>Enter the PIN of your USB token.</source>
            <translation>Hãy nhập mã PIN của thiết bị ký số USB.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/signing_keys.py" line="193"></location>
            <source>Enter the passphrase of your key file.</source>
            <translation>Nhập mật khẩu bảo vệ tệp khóa của bạn.</translation>
        </message>
    </context>
    <context>
        <name>TileView</name>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="60"></location>
            <source>Microphone off</source>
            <translation>Micrô đang tắt</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="62"></location>
            <source>Camera off</source>
            <translation>Camera đang tắt</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="64"></location>
            <location filename="../../desktop/widgets/video_wall.py" line="107"></location>
            <source>Speaking</source>
            <translation>Đang phát biểu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="92"></location>
            <source>You</source>
            <translation>Bạn</translation>
        </message>
    </context>
    <context>
        <name>TokenPanel</name>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="37"></location>
            <source>USB signing token (PKCS#11)</source>
            <translation>Thiết bị ký số USB (PKCS#11)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="48"></location>
            <source>Browse…</source>
            <translation>Chọn tệp…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="56"></location>
            <source>Find tokens</source>
            <translation>Tìm thiết bị</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="71"></location>
            <source>Show keys on the token</source>
            <translation>Xem các khóa trên thiết bị</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="78"></location>
            <source>Use this key</source>
            <translation>Dùng khóa này</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="81"></location>
            <source>Driver (PKCS#11 module):</source>
            <translation>Trình điều khiển (mô-đun PKCS#11):</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="82"></location>
            <source>Token:</source>
            <translation>Thiết bị:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="84"></location>
            <source>PIN:</source>
            <translation>Mã PIN:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="85"></location>
            <source>Key:</source>
            <translation>Khóa:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="86"></location>
            <source>Label of a new key:</source>
            <translation>Nhãn của khóa mới:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="121"></location>
            <source>Looking for tokens…</source>
            <translation>Đang tìm thiết bị…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="127"></location>
            <source>PKCS#11 module of your token</source>
            <translation>Mô-đun PKCS#11 của thiết bị ký số</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="129"></location>
            <source>PKCS#11 modules (*.so *.so.*);;All files (*)</source>
            <translation>Mô-đun PKCS#11 (*.so *.so.*);;Tất cả các tệp (*)</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="158"></location>
            <source>No token found with this driver: plug in your token and press Find tokens.</source>
            <translation>Không tìm thấy thiết bị nào với trình điều khiển này: hãy cắm thiết bị ký số vào rồi bấm Tìm thiết bị.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/token_panel.py" line="171"></location>
            <source>New key on the token</source>
            <translation>Tạo khóa mới trên thiết bị</translation>
        </message>
    </context>
    <context>
        <name>TrustDialog</name>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="234"></location>
            <source>Trust this server?</source>
            <translation>Tin cậy máy chủ này?</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="239"></location>
            <source>This is the first connection to {0}. Compare the fingerprint of its certificate authority with the one your administrator gave you.</source>
            <translation>Đây là lần đầu kết nối tới {0}. Hãy so sánh dấu vân tay của tổ chức cấp chứng thư số của máy chủ với dấu vân tay do quản trị viên cung cấp.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="256"></location>
            <source>Certificate authority:</source>
            <translation>Tổ chức cấp chứng thư số:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="257"></location>
            <source>SHA-256 fingerprint:</source>
            <translation>Dấu vân tay SHA-256:</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="266"></location>
            <source>Trust this server</source>
            <translation>Tin cậy máy chủ này</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/certificate_dialog.py" line="270"></location>
            <source>Do not connect</source>
            <translation>Không kết nối</translation>
        </message>
    </context>
    <context>
        <name>VideoWall</name>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="129"></location>
            <source>Microphone</source>
            <translation>Micrô</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="129"></location>
            <source>Turn my microphone off or on</source>
            <translation>Tắt hoặc bật micrô của tôi</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="133"></location>
            <source>Camera</source>
            <translation>Camera</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="133"></location>
            <source>Turn my camera off or on</source>
            <translation>Tắt hoặc bật camera của tôi</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="136"></location>
            <source>Audio only</source>
            <translation>Chỉ âm thanh</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="137"></location>
            <source>Join with sound only: no video sent or shown</source>
            <translation>Tham gia chỉ với âm thanh: không gửi và không hiển thị hình ảnh</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="142"></location>
            <source>Speaker: where the meeting's sound is played</source>
            <translation>Loa: nơi phát âm thanh cuộc họp</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="144"></location>
            <source>No audio output device</source>
            <translation>Không có thiết bị phát âm thanh</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="217"></location>
            <source>Microphone on</source>
            <translation>Micrô đang bật</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="217"></location>
            <source>Microphone off</source>
            <translation>Micrô đang tắt</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="220"></location>
            <source>Camera on</source>
            <translation>Camera đang bật</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="220"></location>
            <source>Camera off</source>
            <translation>Camera đang tắt</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/video_wall.py" line="226"></location>
            <source>Default speaker</source>
            <translation>Loa mặc định</translation>
        </message>
    </context>
    <context>
        <name>VotePanel</name>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="39"></location>
            <source>Vote</source>
            <translation>Biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="43"></location>
            <source>New vote…</source>
            <translation>Biểu quyết mới…</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="45"></location>
            <source>Put a question on the current item to the vote</source>
            <translation>Đưa một vấn đề của mục đang thảo luận ra biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="49"></location>
            <source>Digitally signed votes</source>
            <translation>Biểu quyết có ký số</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="56"></location>
            <source>This meeting requires digitally signed votes: your ballot is signed with your key (you are asked for its passphrase or your token's PIN).</source>
            <translation>Phiên họp yêu cầu biểu quyết có ký số: phiếu của bạn được ký bằng khóa của bạn (sẽ hỏi mật khẩu của khóa hoặc mã PIN của thiết bị ký số).</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="61"></location>
            <source>Secret ballot</source>
            <translation>Bỏ phiếu kín</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="104"></location>
            <source>No vote on this item.</source>
            <translation>Mục này chưa có biểu quyết.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="120"></location>
            <source>secret ballot</source>
            <translation>bỏ phiếu kín</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="120"></location>
            <source>named vote</source>
            <translation>công khai</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="122"></location>
            <source>{0} · {1} · {2} of {3} ballots cast</source>
            <translation>{0} · {1} · {2}/{3} phiếu</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="135"></location>
            <source>Cast your vote: {0}</source>
            <translation>Biểu quyết: {0}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="144"></location>
            <source>Your vote is recorded: {0}.</source>
            <translation>Đã ghi nhận biểu quyết của bạn: {0}.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="146"></location>
            <source>Your vote is recorded.</source>
            <translation>Đã ghi nhận biểu quyết của bạn.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="153"></location>
            <source>Open voting</source>
            <translation>Bắt đầu biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="154"></location>
            <source>Close voting</source>
            <translation>Kết thúc biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="155"></location>
            <source>Publish result</source>
            <translation>Công bố kết quả</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="173"></location>
            <source>Yes {0} · No {1} · Abstain {2}</source>
            <translation>Tán thành {0} · Không tán thành {1} · Không biểu quyết {2}</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="174"></location>
            <source>{0} ballots cast of {1} members</source>
            <translation>{0}/{1} thành viên đã biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="190"></location>
            <source>Confirm your vote</source>
            <translation>Xác nhận biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="191"></location>
            <source>Vote “{0}” on:
{1}

A ballot cannot be changed once cast.</source>
            <translation>Biểu quyết “{0}” đối với:
{1}

Đã biểu quyết thì không thể thay đổi.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="202"></location>
            <source>In a secret ballot your signature proves that you voted, not how.</source>
            <translation>Khi bỏ phiếu kín, chữ ký số chỉ chứng minh bạn đã bỏ phiếu, không cho biết bạn chọn gì.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="204"></location>
            <source>Your ballot is signed with your key.</source>
            <translation>Phiếu biểu quyết của bạn được ký bằng khóa của bạn.</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="208"></location>
            <source>Sign your vote</source>
            <translation>Ký số phiếu biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="231"></location>
            <source>New vote</source>
            <translation>Biểu quyết mới</translation>
        </message>
        <message>
            <location filename="../../desktop/widgets/vote_panel.py" line="231"></location>
            <source>Question put to the vote:</source>
            <translation>Vấn đề đưa ra biểu quyết:</translation>
        </message>
    </context>
    <context>
        <name>Voting</name>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="36"></location>
            <source>Yes</source>
            <translation>Tán thành</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="36"></location>
            <source>No</source>
            <translation>Không tán thành</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="36"></location>
            <source>Abstain</source>
            <translation>Không biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="44"></location>
            <source>Adopted</source>
            <translation>Thông qua</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="45"></location>
            <source>Rejected</source>
            <translation>Không thông qua</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="46"></location>
            <source>Tied — the chair decides</source>
            <translation>Hòa phiếu — Chủ trì quyết định</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="56"></location>
            <source>Prepared</source>
            <translation>Đã chuẩn bị</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="57"></location>
            <source>Voting open</source>
            <translation>Đang biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="58"></location>
            <source>Voting closed</source>
            <translation>Đã kết thúc biểu quyết</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="59"></location>
            <source>Result published</source>
            <translation>Đã công bố kết quả</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="60"></location>
            <source>Cancelled</source>
            <translation>Đã hủy</translation>
        </message>
    </context>
    <context>
        <name>VotingViewModel</name>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="221"></location>
            <source>Choose the current agenda item first.</source>
            <translation>Hãy chọn mục đang thảo luận trước.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="224"></location>
            <source>Write the question to vote on.</source>
            <translation>Hãy nhập vấn đề cần biểu quyết.</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="262"></location>
            <source>Enter the passphrase of your signing key (or your token's PIN).</source>
            <translation>Nhập mật khẩu của khóa ký số (hoặc mã PIN của thiết bị ký số).</translation>
        </message>
        <message>
            <location filename="../../desktop/viewmodels/voting.py" line="284"></location>
            <source>Your vote was not sent: {0}</source>
            <translation>Phiếu biểu quyết chưa được gửi: {0}</translation>
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
