"""The Vietnamese translation of the desktop app: extract, translate, write the .ts.

    python resources/i18n/translate_vi.py           # extract + translate → ecabinet_vi.ts
    python resources/i18n/translate_vi.py --check   # exit 1 when something is untranslated

English is the source language (``self.tr("…")`` in the code); Vietnamese is the default
language of the app. This script

1. extracts the source texts with ``pyside6-lupdate`` over desktop/widgets, desktop/viewmodels
   and desktop/app.py, and adds what lupdate cannot see: module helpers such as
   ``def _tr(text): return QCoreApplication.translate("Voting", text)`` and their calls
   (``_tr("Yes")``, ``_tr(LABELS[key])`` with ``LABELS`` a module-level dict of texts), and
   ``tr = self.tr; tr("…")`` inside a class (lupdate puts those in no context);
2. fills every translation from ``VI`` (by source text) and ``VI_IN_CONTEXT`` (by context and
   source text, for words that mean different things in different places), keeping a
   finished translation already in the .ts (e.g. made in Qt Linguist) when neither has one;
3. writes ``ecabinet_vi.ts``; entries still without a translation get ``type="unfinished"``
   and are listed.

The .qm is not committed: ``desktop.app.install_translator`` builds it with
``pyside6-lrelease`` at start-up (or uses one built by the package build).
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TS = HERE / "ecabinet_vi.ts"
SOURCE_GLOBS = ("desktop/widgets/*.py", "desktop/viewmodels/*.py", "desktop/app.py")


@dataclass
class Message:
    context: str
    source: str
    comment: str = ""
    numerus: bool = False
    #: (path relative to the project root, line)
    locations: list[tuple[str, int]] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)


# --- extraction ----------------------------------------------------------------------------


def source_files() -> list[Path]:
    files: list[Path] = []
    for pattern in SOURCE_GLOBS:
        files += sorted(ROOT.glob(pattern))
    return files


def find_tool(name: str) -> str:
    """``pyside6-<name>`` on PATH, or the copy inside the PySide6 package."""
    for candidate in (f"pyside6-{name}", name):
        found = shutil.which(candidate)
        if found:
            return found
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    for candidate in (folder / name, folder / f"{name}.exe", folder / "Qt" / "bin" / name):
        if candidate.exists():
            return str(candidate)
    raise SystemExit(f"{name} not found: install PySide6 (it ships pyside6-{name}).")


def _relative(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


def read_ts(path: Path) -> list[tuple[Message, str, bool]]:
    """Each message of a .ts file with its translation and whether that is finished."""
    out: list[tuple[Message, str, bool]] = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for node in context.iter("message"):
            message = Message(
                name,
                node.findtext("source") or "",
                node.findtext("comment") or "",
                node.get("numerus") == "yes",
            )
            for loc in node.iter("location"):
                if loc.get("filename") and loc.get("line"):
                    file = (path.parent / loc.get("filename", "")).resolve()
                    with_root = file.is_relative_to(ROOT)
                    where = _relative(file) if with_root else file.as_posix()
                    message.locations.append((where, int(loc.get("line", "0"))))
            translation = node.find("translation")
            text = ""
            finished = False
            if translation is not None:
                forms = [f.text or "" for f in translation.iter("numerusform")]
                text = forms[0] if forms else (translation.text or "")
                finished = translation.get("type") not in ("unfinished", "vanished", "obsolete")
            out.append((message, text, finished and bool(text)))
    return out


def run_lupdate(files: list[Path]) -> list[Message]:
    lupdate = find_tool("lupdate")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "extract.ts"
        command = [lupdate, "-silent", "-no-obsolete", "-locations", "absolute"]
        subprocess.run(
            [*command, *map(str, files), "-ts", str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        return [message for message, _, _ in read_ts(out)]


def _string(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _helpers(tree: ast.Module) -> dict[str, str]:
    """Module functions ``def f(text): return QCoreApplication.translate("Ctx", text)``."""
    helpers: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        param = node.args.args[0].arg
        for ret in ast.walk(node):
            if not (isinstance(ret, ast.Return) and isinstance(ret.value, ast.Call)):
                continue
            call = ret.value
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "translate" and len(call.args) >= 2:
                context = _string(call.args[0])
                arg = call.args[1]
                if context is not None and isinstance(arg, ast.Name) and arg.id == param:
                    helpers[node.name] = context
    return helpers


def _constant_tables(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level ``NAME = {key: "text", …}`` (or a list/tuple of texts)."""
    tables: dict[str, list[str]] = {}
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if value is None:
            continue
        items = value.values if isinstance(value, ast.Dict) else getattr(value, "elts", None)
        if items is None:
            continue
        texts = [_string(item) for item in items]
        if texts and all(text is not None for text in texts):
            for target in targets:
                if isinstance(target, ast.Name):
                    tables[target.id] = [text for text in texts if text is not None]
    return tables


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, helpers: dict[str, str], tables: dict[str, list[str]]) -> None:
        self.path = path
        self.helpers = helpers
        self.tables = tables
        self.classes: list[str] = []
        self.found: list[Message] = []
        self.aliased: set[str] = set()  # texts of ``tr("…")`` calls through a local alias

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def _texts(self, node: ast.AST) -> list[str]:
        text = _string(node)
        if text is not None:
            return [text]
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            return self.tables.get(node.value.id, [])
        return []

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and node.args:
            context = self.helpers.get(func.id)
            if context is None and func.id == "tr" and self.classes:
                context = self.classes[-1]
                self.aliased.update(self._texts(node.args[0]))
            if context is not None:
                for text in self._texts(node.args[0]):
                    self.found.append(Message(context, text, locations=[(self.path, node.lineno)]))
        self.generic_visit(node)


def scan_python(files: list[Path]) -> tuple[list[Message], set[str]]:
    """What lupdate misses: calls of translate helpers and of a local ``tr`` alias."""
    found: list[Message] = []
    aliased: set[str] = set()
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        scanner = _Scanner(_relative(path), _helpers(tree), _constant_tables(tree))
        scanner.visit(tree)
        found += scanner.found
        aliased |= scanner.aliased
    return found, aliased


#: Texts translated at run time through a variable no scan can follow: (context, text).
RUNTIME_TEXTS: list[tuple[str, str]] = [
    # desktop/widgets/annotation_overlay.py: self.tr(name) for name in annotations.COLORS
    *(("AnnotationToolBar", name) for name in ("Yellow", "Green", "Blue", "Pink", "Red")),
    # Qt's own standard buttons (QDialogButtonBox, QMessageBox): Qt ships no Vietnamese
    *(("QPlatformTheme", name) for name in ("OK", "Cancel", "Close", "&Yes", "&No")),
]


def extract(files: list[Path] | None = None) -> list[Message]:
    """Every translatable source text of the app, in order, one per (context, text)."""
    files = source_files() if files is None else files
    from_lupdate = run_lupdate(files)
    from_scan, aliased = scan_python(files)
    runtime = [Message(context, text) for context, text in RUNTIME_TEXTS]
    merged: dict[tuple[str, str, str], Message] = {}
    for message in from_lupdate + from_scan + runtime:
        if not message.context and message.source in aliased:
            continue  # lupdate's context-less copy of ``tr = self.tr; tr("…")``
        known = merged.get(message.key)
        if known is None:
            merged[message.key] = message
        else:
            known.locations += [loc for loc in message.locations if loc not in known.locations]
    return list(merged.values())


# --- checks --------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%L?\d+|%n|\{[A-Za-z0-9_]*(?:[:!][^{}]*)?\}|<[^<>]+>|&(?=[^&\s])")


def placeholders(text: str) -> list[str]:
    """%1, %n, {0}, {name}, HTML tags and & accelerators, sorted (order may change)."""
    return sorted(_PLACEHOLDER.findall(text.replace("&&", "")))


# --- translation ---------------------------------------------------------------------------


def translation_for(message: Message, previous: dict[tuple[str, str, str], str]) -> str:
    return (
        VI_IN_CONTEXT.get((message.context, message.source))
        or VI.get(message.source)
        or previous.get(message.key, "")
    )


def write_ts(messages: list[Message], path: Path = TS) -> list[Message]:
    """Write the .ts with the translations; return the messages left unfinished."""
    previous: dict[tuple[str, str, str], str] = {}
    if path.exists():
        previous = {m.key: text for m, text, finished in read_ts(path) if finished}
    root = ET.Element("TS", version="2.1", language="vi_VN", sourcelanguage="en")
    contexts: dict[str, ET.Element] = {}
    unfinished: list[Message] = []
    for message in sorted(messages, key=lambda m: m.context):
        context = contexts.get(message.context)
        if context is None:
            context = contexts[message.context] = ET.SubElement(root, "context")
            ET.SubElement(context, "name").text = message.context
        node = ET.SubElement(context, "message")
        if message.numerus:
            node.set("numerus", "yes")
        for where, line in message.locations:
            file = os.path.relpath(ROOT / where, path.parent).replace(os.sep, "/")
            ET.SubElement(node, "location", filename=file, line=str(line))
        ET.SubElement(node, "source").text = message.source
        if message.comment:
            ET.SubElement(node, "comment").text = message.comment
        text = translation_for(message, previous)
        translation = ET.SubElement(node, "translation")
        if not text:
            translation.set("type", "unfinished")
            unfinished.append(message)
        if message.numerus:
            ET.SubElement(translation, "numerusform").text = text
        else:
            translation.text = text
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return unfinished


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report, do not write")
    args = parser.parse_args(argv)
    messages = extract()
    if args.check:
        missing = [m for m in messages if not translation_for(m, {})]
    else:
        missing = write_ts(messages)
        print(f"{_relative(TS)}: {len(messages)} source texts, {len(missing)} unfinished")
    mismatched = [
        m
        for m in messages
        if translation_for(m, {}) and placeholders(m.source) != placeholders(translation_for(m, {}))
    ]
    for m in missing:
        where = m.locations[0][0] if m.locations else "RUNTIME_TEXTS"
        print(f"  unfinished  [{m.context}] {m.source!r}  ({where})")
    for m in mismatched:
        print(f"  placeholders differ  [{m.context}] {m.source!r} → {translation_for(m, {})!r}")
    return 1 if (missing or mismatched) and args.check else 0


# --- the translations ----------------------------------------------------------------------

#: Source text → Vietnamese, everywhere it appears. Terms as in Vietnamese government
#: meeting software: Phiên họp, Chương trình họp, Chủ trì, Thư ký, Biểu quyết (Tán thành /
#: Không tán thành / Không biểu quyết), Ý kiến (Nhất trí / Không nhất trí / Đăng ký phát biểu).
VI: dict[str, str] = {
    # the app, log in
    "e-Cabinet": "e-Cabinet",
    "e-Cabinet — Log in": "e-Cabinet — Đăng nhập",
    "Paperless government meetings": "Phòng họp không giấy tờ của Chính phủ",
    "Address of the e-Cabinet server, ws:// or wss://": (
        "Địa chỉ máy chủ e-Cabinet, ws:// hoặc wss://"
    ),
    "Server": "Máy chủ",
    "User name": "Tên đăng nhập",
    "Password": "Mật khẩu",
    "Log in": "Đăng nhập",
    "Log in (Enter)": "Đăng nhập (Enter)",
    "Logging in…": "Đang đăng nhập…",
    "Log out": "Đăng xuất",
    "Log out and forget the session": "Đăng xuất và xóa phiên làm việc",
    # connection and errors
    "Connected": "Đã kết nối",
    "Connecting…": "Đang kết nối…",
    "Connection lost — reconnecting…": "Mất kết nối — đang kết nối lại…",
    "Disconnected": "Đã ngắt kết nối",
    "The connection to the server was lost. Check the network and try again.": (
        "Mất kết nối với máy chủ. Hãy kiểm tra mạng và thử lại."
    ),
    "The server did not answer in time. Try again in a moment.": (
        "Máy chủ không phản hồi kịp thời. Hãy thử lại sau giây lát."
    ),
    "the server": "máy chủ",
    "Cannot reach {0}. Check the server address and the network.": (
        "Không kết nối được tới {0}. Hãy kiểm tra địa chỉ máy chủ và mạng."
    ),
    "Something went wrong: {0}": "Đã xảy ra lỗi: {0}",
    "The server address starts with ws:// or wss://, e.g. {0}.": (
        "Địa chỉ máy chủ phải bắt đầu bằng ws:// hoặc wss://, ví dụ {0}."
    ),
    "Enter your user name and password.": "Hãy nhập tên đăng nhập và mật khẩu.",
    "Dismiss this message": "Đóng thông báo này",
    # home
    "Meetings": "Phiên họp",
    "Meeting": "Phiên họp",
    "Open meeting": "Vào phiên họp",
    "Open the selected meeting (Enter)": "Mở phiên họp đang chọn (Enter)",
    "Refresh": "Làm mới",
    "Reload my meetings (F5)": "Tải lại danh sách phiên họp (F5)",
    "Upcoming meetings": "Phiên họp sắp tới",
    "Past meetings": "Phiên họp đã qua",
    "Waiting for me": "Việc cần xử lý",
    "Date": "Thời gian",
    "State": "Trạng thái",
    "Classification": "Độ mật",
    "Nothing is waiting for you.": "Không có việc nào cần xử lý.",
    "Mark your position on item {0}: {1}": "Cho ý kiến về mục {0}: {1}",
    "Vote open: {0}": "Đang biểu quyết: {0}",
    # meeting states
    "Draft": "Nháp",
    "Published": "Đã phát hành",
    "In progress": "Đang họp",
    "Ended": "Đã kết thúc",
    "Archived": "Đã lưu trữ",
    "Cancelled": "Đã hủy",
    # roles, forms of meeting
    "Chair": "Chủ trì",
    "Member": "Thành viên",
    "Guest": "Khách mời",
    "Secretariat": "Thư ký",
    "Online": "Trực tuyến",
    "Hybrid (online and in the room)": "Kết hợp (trực tuyến và tại phòng họp)",
    # meeting editor (secretariat)
    "PDF documents (*.pdf)": "Tài liệu PDF (*.pdf)",
    "Meeting editor": "Soạn phiên họp",
    "Publish": "Phát hành",
    "Publish the meeting to its participants": "Phát hành phiên họp tới thành phần tham dự",
    "Agenda and documents": "Chương trình và tài liệu",
    "Details": "Thông tin chung",
    "Participants": "Thành phần tham dự",
    "Drag items to reorder them; double-click a title to rename it.": (
        "Kéo thả để sắp xếp lại các mục; nhấp đúp vào tên mục để đổi tên."
    ),
    "Selected item": "Mục đang chọn",
    " min": " phút",
    "Item:": "Mục:",
    "Presenter:": "Người trình bày:",
    "Planned time:": "Thời lượng dự kiến:",
    "Document": "Tài liệu",
    "Documents": "Tài liệu",
    "Documents:": "Tài liệu:",
    "Version": "Phiên bản",
    "Pages": "Số trang",
    "Size": "Dung lượng",
    "e.g. Regular government meeting, December": ("Ví dụ: Phiên họp Chính phủ thường kỳ tháng 12"),
    "Save details": "Lưu thông tin",
    "Title:": "Tên phiên họp:",
    "Title": "Tên",
    "Starts (UTC+07:00):": "Bắt đầu (UTC+07:00):",
    "Ends (UTC+07:00):": "Kết thúc (UTC+07:00):",
    "Form:": "Hình thức:",
    "Location:": "Địa điểm:",
    "Classification:": "Độ mật:",
    "Invite": "Mời",
    "Uninvite": "Hủy mời",
    "Invite:": "Mời:",
    "as": "với vai trò",
    "Name": "Họ và tên",
    "Unit": "Đơn vị",
    "Role": "Vai trò",
    "Substitute": "Người dự thay",
    "Vote delegated": "Ủy quyền biểu quyết",
    "Absence reason": "Lý do vắng mặt",
    "New meeting": "Phiên họp mới",
    "Create meeting": "Tạo phiên họp",
    "— none —": "— không có —",
    "No.": "STT",
    "Presenter": "Người trình bày",
    "Minutes": "Số phút",
    "1 PDF (v{0})": "1 PDF (v{0})",
    "{0} PDFs": "{0} tệp PDF",
    "Select an agenda item.": "Hãy chọn một mục trong chương trình họp.",
    "v{0}": "v{0}",
    "New item": "Mục mới",
    "New sub-item": "Mục con mới",
    "Attach a PDF to the agenda item": "Đính kèm PDF vào mục chương trình",
    "Choose the new version of {0}": "Chọn phiên bản mới của {0}",
    "Uploading {0}…": "Đang tải lên {0}…",
    "{0} attached as version {1}.": "Đã đính kèm {0} (phiên bản {1}).",
    "Upload refused.": "Máy chủ từ chối tệp tải lên.",
    "Add item": "Thêm mục",
    "Add an item after the selected one": "Thêm một mục sau mục đang chọn",
    "Add sub-item": "Thêm mục con",
    "Add a sub-item under the selected item": "Thêm mục con cho mục đang chọn",
    "Rename": "Đổi tên",
    "Rename the selected item": "Đổi tên mục đang chọn",
    "Remove": "Xóa",
    "Take the selected item off the agenda": "Bỏ mục đang chọn khỏi chương trình họp",
    "Attach PDF…": "Đính kèm PDF…",
    "Attach PDF": "Đính kèm PDF",
    "Attach a PDF document to the selected item": "Đính kèm tài liệu PDF vào mục đang chọn",
    "New version…": "Phiên bản mới…",
    "Replace the selected document with a new version": (
        "Thay tài liệu đang chọn bằng phiên bản mới"
    ),
    "This meeting is {0}; its preparation can no longer change.": (
        "Phiên họp này ở trạng thái “{0}”; không thể thay đổi phần chuẩn bị nữa."
    ),
    "You can view this meeting; only its secretariat can change it.": (
        "Bạn chỉ được xem phiên họp này; chỉ Thư ký phiên họp mới được thay đổi."
    ),
    "Meeting details saved.": "Đã lưu thông tin phiên họp.",
    "Meeting created as a draft.": "Đã tạo phiên họp ở dạng nháp.",
    "Meeting published: participants can see it now.": (
        "Đã phát hành phiên họp: thành phần tham dự đã có thể xem."
    ),
    "Meeting back to draft.": "Phiên họp đã trở lại dạng nháp.",
    "Cannot read {0}: {1}": "Không đọc được {0}: {1}",
    # meeting room
    "Present": "Có mặt",
    "Absent": "Vắng mặt",
    "Waiting in the lobby": "Đang ở phòng chờ",
    "Lobby": "Phòng chờ",
    "Not admitted": "Không được vào",
    "Removed": "Đã mời ra",
    "This is the last item.": "Đây là mục cuối cùng.",
    "This is the first item.": "Đây là mục đầu tiên.",
    "Adopted without objection: items {0}.": "Đã thông qua các mục được nhất trí: {0}.",
    "No item is unopposed.": "Không có mục nào được nhất trí hoàn toàn.",
    "Open a document first: there is no page to show.": (
        "Hãy mở tài liệu trước: chưa có trang nào để trình bày."
    ),
    "The chair removed you from the meeting.": "Chủ trì đã mời bạn ra khỏi phiên họp.",
    "Previous item": "Mục trước",
    "Go back to the previous agenda item": "Quay lại mục trước của chương trình họp",
    "Next item": "Mục tiếp theo",
    "Move on to the next agenda item": "Chuyển sang mục tiếp theo của chương trình họp",
    "Adopt unopposed": "Thông qua mục nhất trí",
    "Adopt every item nobody objected to or asked to speak on": (
        "Thông qua mọi mục không có ý kiến không nhất trí hoặc đăng ký phát biểu"
    ),
    "Start meeting": "Khai mạc",
    "Open the meeting for the members": "Khai mạc phiên họp cho các thành viên",
    "End meeting": "Bế mạc",
    "Close the meeting": "Bế mạc phiên họp",
    "Follow me": "Theo tôi",
    "Everyone who follows turns to the page you show": (
        "Những người đang theo dõi sẽ chuyển tới trang bạn trình bày"
    ),
    "Raise hand": "Xin phát biểu",
    "Lower hand": "Thôi xin phát biểu",
    "Ask for the floor, or withdraw the request": "Xin phát biểu, hoặc rút lại đề nghị",
    "Follow presenter": "Theo người trình bày",
    "Turn pages with the presenter": "Lật trang cùng người trình bày",
    "Item": "Mục",
    "Agenda item": "Mục chương trình",
    "Agenda": "Chương trình họp",
    "Decision": "Kết quả",
    "The documents of the current item are shown here.": (
        "Tài liệu của mục đang thảo luận hiển thị tại đây."
    ),
    "Video — reserved for audio and video": "Video — dành cho âm thanh và hình ảnh",
    "Participant": "Đại biểu",
    "Status": "Trạng thái",
    "Admit": "Cho vào",
    "Let the selected guest in from the lobby": "Cho khách mời đang chọn vào từ phòng chờ",
    "Refuse": "Từ chối",
    "Remove the selected participant from the meeting": (
        "Mời đại biểu đang chọn ra khỏi phiên họp"
    ),
    "Remove from the meeting": "Mời ra khỏi phiên họp",
    "Select a participant first.": "Hãy chọn một đại biểu trước.",
    "Speaker": "Người phát biểu",
    "Time left": "Thời gian còn lại",
    "Give the floor": "Mời phát biểu",
    "End the floor": "Kết thúc phát biểu",
    "List of speakers": "Danh sách phát biểu",
    "speaking": "đang phát biểu",
    "hand raised": "xin phát biểu",
    " (you)": " (bạn)",
    "substitute for {0}": "dự thay {0}",
    "represented by {0}": "{0} dự thay",
    "Speaking: {0} — {1}": "Đang phát biểu: {0} — {1}",
    "Nobody has the floor.": "Chưa có ai phát biểu.",
    "Item {0}: {1}": "Mục {0}: {1}",
    # positions (before the meeting)
    "Position": "Ý kiến",
    "Position:": "Ý kiến:",
    "No objection": "Nhất trí",
    "Object": "Không nhất trí",
    "Wish to speak": "Đăng ký phát biểu",
    "My position": "Ý kiến của tôi",
    "My position on the selected item": "Ý kiến của tôi về mục đang chọn",
    "Comment": "Góp ý",
    "Comment:": "Góp ý:",
    "— no preliminary vote —": "— không biểu quyết sơ bộ —",
    "Optional: why, or what you will raise": "Không bắt buộc: lý do, hoặc nội dung sẽ nêu",
    "Save position": "Lưu ý kiến",
    "Record my position on this item (Ctrl+S)": "Ghi nhận ý kiến của tôi về mục này (Ctrl+S)",
    "Preliminary vote:": "Biểu quyết sơ bộ:",
    "Summary of positions": "Tổng hợp ý kiến",
    "Unopposed": "Được nhất trí",
    "not marked": "chưa cho ý kiến",
    "Choose a position first.": "Hãy chọn ý kiến trước.",
    "Position on item {0} recorded.": "Đã ghi nhận ý kiến về mục {0}.",
    # voting
    "Vote": "Biểu quyết",
    "Yes": "Tán thành",
    "No": "Không tán thành",
    "Abstain": "Không biểu quyết",
    "Adopted": "Thông qua",
    "Rejected": "Không thông qua",
    "Tied — the chair decides": "Hòa phiếu — Chủ trì quyết định",
    "Prepared": "Đã chuẩn bị",
    "Voting open": "Đang biểu quyết",
    "Voting closed": "Đã kết thúc biểu quyết",
    "Result published": "Đã công bố kết quả",
    "New vote…": "Biểu quyết mới…",
    "New vote": "Biểu quyết mới",
    "Put a question on the current item to the vote": (
        "Đưa một vấn đề của mục đang thảo luận ra biểu quyết"
    ),
    "Secret ballot": "Bỏ phiếu kín",
    "secret ballot": "bỏ phiếu kín",
    "named vote": "công khai",
    "No vote on this item.": "Mục này chưa có biểu quyết.",
    "{0} · {1} · {2} of {3} ballots cast": "{0} · {1} · {2}/{3} phiếu",
    "Cast your vote: {0}": "Biểu quyết: {0}",
    "Your vote is recorded: {0}.": "Đã ghi nhận biểu quyết của bạn: {0}.",
    "Your vote is recorded.": "Đã ghi nhận biểu quyết của bạn.",
    "Open voting": "Bắt đầu biểu quyết",
    "Close voting": "Kết thúc biểu quyết",
    "Publish result": "Công bố kết quả",
    "Yes {0} · No {1} · Abstain {2}": (
        "Tán thành {0} · Không tán thành {1} · Không biểu quyết {2}"
    ),
    "{0} ballots cast of {1} members": "{0}/{1} thành viên đã biểu quyết",
    # --- signed votes ---
    "Digitally signed votes": "Biểu quyết có ký số",
    "This meeting requires digitally signed votes: your ballot is signed with your key "
    "(you are asked for its passphrase or your token's PIN).": (
        "Phiên họp yêu cầu biểu quyết có ký số: phiếu của bạn được ký bằng khóa của bạn "
        "(sẽ hỏi mật khẩu của khóa hoặc mã PIN của thiết bị ký số)."
    ),
    "In a secret ballot your signature proves that you voted, not how.": (
        "Khi bỏ phiếu kín, chữ ký số chỉ chứng minh bạn đã bỏ phiếu, không cho biết bạn chọn gì."
    ),
    "Your ballot is signed with your key.": "Phiếu biểu quyết của bạn được ký bằng khóa của bạn.",
    "Sign your vote": "Ký số phiếu biểu quyết",
    "Enter the passphrase of your signing key (or your token's PIN).": (
        "Nhập mật khẩu của khóa ký số (hoặc mã PIN của thiết bị ký số)."
    ),
    "Your vote was not sent: {0}": "Phiếu biểu quyết chưa được gửi: {0}",
    "Votes must be digitally signed": "Biểu quyết phải ký số",
    "Every ballot is signed with the voter's key; a secret ballot's signature proves only "
    "that the member voted.": (
        "Mỗi phiếu được ký bằng khóa của người biểu quyết; với bỏ phiếu kín, chữ ký chỉ "
        "chứng minh thành viên đã bỏ phiếu."
    ),
    "Confirm your vote": "Xác nhận biểu quyết",
    "Vote “{0}” on:\n{1}\n\nA ballot cannot be changed once cast.": (
        "Biểu quyết “{0}” đối với:\n{1}\n\nĐã biểu quyết thì không thể thay đổi."
    ),
    "Question put to the vote:": "Vấn đề đưa ra biểu quyết:",
    "Choose the current agenda item first.": "Hãy chọn mục đang thảo luận trước.",
    "Write the question to vote on.": "Hãy nhập vấn đề cần biểu quyết.",
    # document viewer
    "Current page; type a page number and press Enter": (
        "Trang hiện tại; nhập số trang rồi nhấn Enter"
    ),
    "Zoom": "Thu phóng",
    "Fit width": "Vừa chiều rộng",
    "Fit page": "Vừa trang",
    "{percent} %": "{percent} %",
    "Search in the document": "Tìm trong tài liệu",
    "First page": "Trang đầu",
    "Go to the first page (Home)": "Về trang đầu (Home)",
    "Previous page": "Trang trước",
    "Go to the previous page (Page Up)": "Về trang trước (Page Up)",
    "Next page": "Trang sau",
    "Go to the next page (Page Down)": "Sang trang sau (Page Down)",
    "Last page": "Trang cuối",
    "Go to the last page (End)": "Đến trang cuối (End)",
    "Zoom in": "Phóng to",
    "Enlarge the page (Ctrl++)": "Phóng to trang (Ctrl++)",
    "Zoom out": "Thu nhỏ",
    "Reduce the page (Ctrl+-)": "Thu nhỏ trang (Ctrl+-)",
    "Search": "Tìm kiếm",
    "Search in the document (Ctrl+F)": "Tìm trong tài liệu (Ctrl+F)",
    "Next match": "Kết quả sau",
    "Go to the next match (F3)": "Đến kết quả tìm kiếm tiếp theo (F3)",
    "Previous match": "Kết quả trước",
    "Go to the previous match (Shift+F3)": "Về kết quả tìm kiếm trước (Shift+F3)",
    "Copy": "Sao chép",
    "Copy the selected text": "Sao chép đoạn văn bản đã chọn",
    "No document is open.": "Chưa mở tài liệu nào.",
    "Loading page {page}…": "Đang tải trang {page}…",
    "No matches": "Không tìm thấy",
    "{current} of {total}": "{current}/{total}",
    "Searching…": "Đang tìm…",
    "The document has no pages.": "Tài liệu không có trang nào.",
    "This document is protected by a password and cannot be shown.": (
        "Tài liệu được bảo vệ bằng mật khẩu nên không thể hiển thị."
    ),
    "This document is damaged or is not a PDF file, so it cannot be shown. "
    "Ask the secretariat for a new copy.": (
        "Tài liệu bị hỏng hoặc không phải tệp PDF nên không thể hiển thị. "
        "Đề nghị Thư ký gửi lại bản khác."
    ),
    "This document cannot be shown.": "Không thể hiển thị tài liệu này.",
    "This page is damaged and cannot be shown.": "Trang này bị hỏng, không thể hiển thị.",
    # annotations
    "Highlight": "Tô sáng",
    "Drawing": "Nét vẽ",
    "Note": "Ghi chú",
    "Text": "Chữ",
    "Select some text to highlight first.": "Hãy chọn đoạn văn bản cần tô sáng trước.",
    "Open a document to annotate it.": "Hãy mở tài liệu để chú thích.",
    "This document may not be exported.": "Không được phép xuất tài liệu này.",
    "Annotations": "Chú thích",
    "Annotation list": "Danh sách chú thích",
    "Show or hide the list of annotations (Ctrl+Shift+L)": (
        "Hiện hoặc ẩn danh sách chú thích (Ctrl+Shift+L)"
    ),
    "Not found in this version": "Không còn trong phiên bản này",
    "Annotations of the previous version whose text is no longer in the document": (
        "Chú thích của phiên bản trước có đoạn văn bản không còn trong tài liệu"
    ),
    "me": "tôi",
    "shared": "chia sẻ",
    "private": "riêng",
    "p. {page} · {kind} · {who} · {shared}": "tr. {page} · {kind} · {who} · {shared}",
    "Select": "Chọn",
    "Select an annotation (Esc)": "Chọn một chú thích (Esc)",
    "Highlight selected text (H)": "Tô sáng đoạn văn bản đã chọn (H)",
    "Draw": "Vẽ",
    "Draw freehand (I)": "Vẽ tay (I)",
    "Add a sticky note (N)": "Thêm ghi chú (N)",
    "Write text on the page (T)": "Viết chữ lên trang (T)",
    "Annotate in {colour}": "Chú thích màu {colour}",
    "Yellow": "Vàng",
    "Green": "Xanh lá",
    "Blue": "Xanh dương",
    "Pink": "Hồng",
    "Red": "Đỏ",
    "Share with the meeting": "Chia sẻ với phiên họp",
    "Show the selected annotation to everyone in the meeting": (
        "Hiển thị chú thích đang chọn cho mọi người trong phiên họp"
    ),
    "Delete": "Xóa",
    "Delete the selected annotation (Del)": "Xóa chú thích đang chọn (Del)",
    "Undo": "Hoàn tác",
    "Undo my last change (Ctrl+Z)": "Hoàn tác thay đổi gần nhất (Ctrl+Z)",
    "Redo": "Làm lại",
    "Redo what was undone (Ctrl+Shift+Z)": "Làm lại thao tác vừa hoàn tác (Ctrl+Shift+Z)",
    "Export annotated PDF…": "Xuất PDF kèm chú thích…",
    "Export annotated PDF": "Xuất PDF kèm chú thích",
    "Save a copy of the document with the annotations, for other PDF readers": (
        "Lưu bản sao tài liệu kèm chú thích để xem bằng phần mềm đọc PDF khác"
    ),
    "The annotated copy was saved to {path}.": "Đã lưu bản sao kèm chú thích vào {path}.",
    "document": "tài liệu",
    "{title} (annotated).pdf": "{title} (chú thích).pdf",
    "Text:": "Nội dung:",
    "Sticky note": "Ghi chú",
    "Text on the page": "Chữ trên trang",
    # classified documents ({0}: Mật, Tối mật)
    "{0}: pages are watermarked with your name; export and print are off.": (
        "{0}: các trang có hình mờ mang tên bạn; không được xuất và in."
    ),
    "{0}: pages and copies are watermarked with your name.": (
        "{0}: các trang và bản sao có hình mờ mang tên bạn."
    ),
    "{0} documents may not be exported or printed.": "Không được xuất hoặc in tài liệu {0}.",
    # home: secretariat and member actions
    "Open the selected meeting's room (Ctrl+O, Enter)": (
        "Vào phòng họp của phiên họp đang chọn (Ctrl+O, Enter)"
    ),
    "Positions…": "Cho ý kiến…",
    "Mark your position on each item of the selected meeting (Ctrl+Shift+P)": (
        "Cho ý kiến về từng mục của phiên họp đang chọn (Ctrl+Shift+P)"
    ),
    "New meeting…": "Phiên họp mới…",
    "Prepare a new meeting (Ctrl+N)": "Chuẩn bị phiên họp mới (Ctrl+N)",
    "Edit meeting": "Sửa phiên họp",
    "Edit the selected meeting: details, participants, agenda (Ctrl+E)": (
        "Sửa phiên họp đang chọn: thông tin chung, thành phần tham dự, chương trình họp (Ctrl+E)"
    ),
    "Log out; documents kept on this computer are deleted": (
        "Đăng xuất; tài liệu lưu trên máy này sẽ bị xóa"
    ),
    "Positions — {0}": "Ý kiến — {0}",
    # minutes (biên bản)
    "Not drafted yet": "Chưa lập",
    "Finalized — awaiting the chair's signature": "Đã hoàn thiện — chờ Chủ tọa ký",
    "Signed by the chair — awaiting the seal": "Chủ tọa đã ký — chờ đóng dấu",
    "Signed and sealed": "Đã ký và đóng dấu",
    "Signing cancelled": "Đã hủy ký",
    "No. {0}": "Số {0}",
    "Draft written from the meeting's record.": "Đã lập dự thảo từ nhật ký phiên họp.",
    "Saved.": "Đã lưu.",
    "Finalized as {0} and sent to the chair for signing.": (
        "Đã hoàn thiện với số {0} và gửi Chủ tọa ký."
    ),
    "Someone else saved a newer version of the minutes (revision {0}). Save your text "
    "elsewhere if needed, then reload.": (
        "Người khác vừa lưu phiên bản mới hơn của biên bản (lần sửa {0}). Nếu cần, hãy lưu "
        "nội dung của bạn ra nơi khác rồi tải lại."
    ),
    "Minutes — {0}": "Biên bản — {0}",
    "Minutes of the meeting": "Biên bản phiên họp",
    "No minutes yet. Draft them from the meeting record (Ctrl+Shift+D).": (
        "Chưa có biên bản. Lập dự thảo từ nhật ký phiên họp (Ctrl+Shift+D)."
    ),
    "Draft from record": "Lập từ nhật ký",
    "Write the minutes from the meeting's record, replacing the text": (
        "Lập biên bản từ nhật ký phiên họp, thay thế nội dung hiện có"
    ),
    "Save": "Lưu",
    "Save the text (Ctrl+S)": "Lưu nội dung (Ctrl+S)",
    "Reload": "Tải lại",
    "Fetch the minutes as stored on the server (F5)": "Tải biên bản đang lưu trên máy chủ (F5)",
    "Finalize…": "Hoàn thiện…",
    "Make the PDF and send it to the chair for signing; no more edits": (
        "Tạo tệp PDF và gửi Chủ tọa ký; sau đó không sửa được nữa"
    ),
    "Save PDF as…": "Lưu PDF thành…",
    "Save a copy of the finalized minutes as a PDF file": (
        "Lưu bản sao biên bản đã hoàn thiện thành tệp PDF"
    ),
    "Status: {0}": "Trạng thái: {0}",
    "Draft again": "Lập lại dự thảo",
    "Write the minutes again from the meeting's record? The current text and every edit "
    "made to it are replaced.": (
        "Lập lại biên bản từ nhật ký phiên họp? Nội dung hiện tại và mọi chỉnh sửa sẽ bị thay thế."
    ),
    "Discard your unsaved changes and load the stored text?": (
        "Bỏ các thay đổi chưa lưu và tải nội dung đã lưu?"
    ),
    "Save your changes (Ctrl+S) before finalizing the minutes.": (
        "Hãy lưu thay đổi (Ctrl+S) trước khi hoàn thiện biên bản."
    ),
    "Finalize the minutes": "Hoàn thiện biên bản",
    "Finalize the minutes? The PDF is made from the saved text and sent to the chair for "
    "signing; the text can no longer be changed.": (
        "Hoàn thiện biên bản? Tệp PDF được tạo từ nội dung đã lưu và gửi Chủ tọa ký; sau đó "
        "không sửa được nội dung nữa."
    ),
    "Save PDF as": "Lưu PDF thành",
    "Minutes.pdf": "Bien_ban.pdf",
    "PDF files (*.pdf)": "Tệp PDF (*.pdf)",
    "The minutes were saved to {0}.": "Đã lưu biên bản vào {0}.",
    "Your text is still here; copy what you need first.": (
        "Nội dung của bạn vẫn còn đây; hãy sao chép phần cần giữ trước."
    ),
    # --- signatures: panel and badge (H2) ---
    "Signature": "Chữ ký số",
    "Organisation seal": "Chữ ký số của cơ quan",
    "Document timestamp": "Dấu thời gian của văn bản",
    "The whole document": "Toàn bộ văn bản",
    "Revision {0}; later changes are allowed ones": (
        "Phiên bản {0}; các thay đổi sau đó là thay đổi được phép"
    ),
    "Revision {0}; changed after signing": "Phiên bản {0}; đã bị thay đổi sau khi ký",
    "Part of the document only": "Chỉ một phần văn bản",
    "Certificate revoked": "Chứng thư số đã bị thu hồi",
    "Trusted (certificate expired since)": "Tin cậy (chứng thư số đã hết hạn sau đó)",
    "Trusted (certificate revoked since)": "Tin cậy (chứng thư số đã bị thu hồi sau đó)",
    "Trusted": "Tin cậy",
    "Certificate expired": "Chứng thư số đã hết hạn",
    "Not trusted": "Không tin cậy",
    "unknown signer": "người ký không rõ",
    "valid": "hợp lệ",
    "NOT valid": "KHÔNG hợp lệ",
    "{0} by {1}: {2}.": "{0} của {1}: {2}.",
    "Signed at {0} (trusted timestamp).": "Ký lúc {0} (có dấu thời gian tin cậy).",
    "Signed at {0} (signer's clock, no timestamp).": (
        "Ký lúc {0} (theo đồng hồ máy người ký, không có dấu thời gian)."
    ),
    "Intact.": "Toàn vẹn.",
    "Altered after signing.": "Đã bị sửa đổi sau khi ký.",
    "Checked at the time of signing (long-term validation).": (
        "Được kiểm tra tại thời điểm ký (xác thực dài hạn)."
    ),
    "Covers: {0}.": "Phạm vi ký: {0}.",
    "Long-term validation data is embedded (PAdES B-LTA).": (
        "Có dữ liệu xác thực dài hạn kèm theo (PAdES B-LTA)."
    ),
    "Digitally signed, valid": "Đã ký số hợp lệ",
    "Signed, changed after signing": "Đã ký, có thay đổi sau khi ký",
    "Signature not valid": "Chữ ký không hợp lệ",
    "Not signed": "Chưa ký",
    "Checking signatures…": "Đang kiểm tra chữ ký…",
    "Signatures could not be checked": "Không kiểm tra được chữ ký",
    "Checking failed: {0}": "Kiểm tra thất bại: {0}",
    "Signatures of this document (Ctrl+Shift+G)": "Chữ ký của văn bản này (Ctrl+Shift+G)",
    "Signatures": "Chữ ký",
    "Signer": "Người ký",
    "Time": "Thời gian",
    "Intact": "Toàn vẹn",
    "Covers": "Phạm vi ký",
    "Revision": "Phiên bản",
    "{0} (signer's clock)": "{0} (theo đồng hồ máy người ký)",
    "altered": "đã bị sửa đổi",
    "This document has no signature.": "Văn bản này chưa có chữ ký.",
    "Show or hide the signatures of this document (Ctrl+Shift+G)": (
        "Hiện hoặc ẩn các chữ ký của văn bản này (Ctrl+Shift+G)"
    ),
    # --- My certificate, first-use trust (H1) ---
    "My certificate": "Chứng thư số của tôi",
    "Certificate authority:": "Tổ chức cấp chứng thư số:",
    "SHA-256 fingerprint:": "Dấu vân tay SHA-256:",
    "Current certificate": "Chứng thư số hiện tại",
    "Subject:": "Chủ thể:",
    "Issuer:": "Tổ chức cấp:",
    "Valid:": "Hiệu lực:",
    "Serial:": "Số hiệu:",
    "Status:": "Trạng thái:",
    "Create key and request certificate": "Tạo khóa và đề nghị cấp chứng thư số",
    "Passphrase:": "Mật khẩu bảo vệ khóa:",
    "Passphrase again:": "Nhập lại mật khẩu:",
    "Use USB token (PKCS#11)": "Dùng thiết bị ký số USB (PKCS#11)",
    "Create key on the token and request": "Tạo khóa trên thiết bị và đề nghị cấp",
    "Library:": "Thư viện:",
    "Token:": "Thiết bị:",
    "PIN:": "Mã PIN:",
    "Key label:": "Nhãn khóa:",
    "Signature image": "Hình ảnh chữ ký",
    "Choose signature image…": "Chọn hình ảnh chữ ký…",
    "No certificate yet: create a key below.": "Chưa có chứng thư số: hãy tạo khóa ở dưới.",
    "{0} to {1}": "{0} đến {1}",
    "No signature image": "Chưa có hình ảnh chữ ký",
    "Choose a passphrase to protect the key file.": "Chọn mật khẩu để bảo vệ tệp khóa.",
    "Good passphrase.": "Mật khẩu đủ mạnh.",
    "Certificate issued and stored ({0}).": "Đã cấp và lưu chứng thư số ({0}).",
    "PNG images (*.png)": "Ảnh PNG (*.png)",
    "Valid": "Còn hiệu lực",
    "Revoked": "Đã thu hồi",
    "Expired": "Hết hạn",
    "Use at least {0} characters.": "Dùng ít nhất {0} ký tự.",
    "Mix letters with digits or symbols, or use 16 characters or more.": (
        "Kết hợp chữ với số hoặc ký hiệu, hoặc dùng từ 16 ký tự trở lên."
    ),
    "Too many repeated characters.": "Quá nhiều ký tự lặp lại.",
    "The two passphrases differ.": "Hai mật khẩu không khớp nhau.",
    "Give the token library, the token's label, the PIN and a key label.": (
        "Nhập thư viện của thiết bị, nhãn thiết bị, mã PIN và nhãn khóa."
    ),
    # --- signing with a USB token (PKCS#11) ---
    "Key file (PKCS#12)": "Tệp khóa (PKCS#12)",
    "USB signing token (PKCS#11)": "Thiết bị ký số USB (PKCS#11)",
    "Signing key": "Khóa ký",
    "Sign with:": "Ký bằng:",
    "In use:": "Đang dùng:",
    "Browse…": "Chọn tệp…",
    "Find tokens": "Tìm thiết bị",
    "Show keys on the token": "Xem các khóa trên thiết bị",
    "Use this key": "Dùng khóa này",
    "Driver (PKCS#11 module):": "Trình điều khiển (mô-đun PKCS#11):",
    "Key:": "Khóa:",
    "Label of a new key:": "Nhãn của khóa mới:",
    "Looking for tokens…": "Đang tìm thiết bị…",
    "PKCS#11 module of your token": "Mô-đun PKCS#11 của thiết bị ký số",
    "PKCS#11 modules (*.so *.so.*);;All files (*)": (
        "Mô-đun PKCS#11 (*.so *.so.*);;Tất cả các tệp (*)"
    ),
    "No token found with this driver: plug in your token and press Find tokens.": (
        "Không tìm thấy thiết bị nào với trình điều khiển này: hãy cắm thiết bị ký số vào "
        "rồi bấm Tìm thiết bị."
    ),
    "New key on the token": "Tạo khóa mới trên thiết bị",
    "{0} — certificate of the organisation: {1}": "{0} — chứng thư số của cơ quan: {1}",
    "{0} — certificate from another CA ({1}): a new one will be requested": (
        "{0} — chứng thư số của tổ chức cấp khác ({1}): sẽ đề nghị cấp chứng thư số mới"
    ),
    "{0} — no certificate yet: one will be requested": (
        "{0} — chưa có chứng thư số: sẽ đề nghị cấp"
    ),
    "Enter the PIN of your USB token.": "Hãy nhập mã PIN của thiết bị ký số USB.",
    "Wrong PIN: the PIN of your USB token is not correct. Try again.": (
        "Mã PIN không đúng: hãy nhập lại mã PIN của thiết bị ký số USB."
    ),
    "The PIN of your USB token is locked after too many wrong tries: unlock it with the "
    "token's own software.": (
        "Mã PIN của thiết bị ký số USB đã bị khóa do nhập sai quá nhiều lần: hãy mở khóa "
        "bằng phần mềm đi kèm thiết bị."
    ),
    "Your USB token ({0}) is not plugged in. Plug it in and try again.": (
        "Chưa cắm thiết bị ký số USB ({0}) vào máy. Hãy cắm vào rồi thử lại."
    ),
    "The key on your USB token has no certificate from the organisation yet: request one "
    "in My certificate…": (
        "Khóa trên thiết bị ký số USB chưa có chứng thư số do cơ quan cấp: hãy đề nghị cấp "
        "trong mục Chứng thư số của tôi…"
    ),
    "The driver of your USB token ({0}) is not installed: choose its PKCS#11 module in "
    "My certificate…": (
        "Chưa cài trình điều khiển của thiết bị ký số USB ({0}): hãy chọn mô-đun PKCS#11 "
        "của thiết bị trong mục Chứng thư số của tôi…"
    ),
    "Cannot use your USB token: {0}": "Không dùng được thiết bị ký số USB: {0}",
    "{0}, key {1}": "{0}, khóa {1}",
    "USB token:": "Thiết bị ký số USB:",
    "Token PIN:": "Mã PIN:",
    "PIN of your USB token ({0}):": "Mã PIN của thiết bị ký số USB ({0}):",
    "Passphrase of your signing key file:": "Mật khẩu của tệp khóa ký:",
    "Trust this server?": "Tin cậy máy chủ này?",
    "This is the first connection to {0}. Compare the fingerprint of its certificate "
    "authority with the one your administrator gave you.": (
        "Đây là lần đầu kết nối tới {0}. Hãy so sánh dấu vân tay của tổ chức cấp chứng thư "
        "số của máy chủ với dấu vân tay do quản trị viên cung cấp."
    ),
    "Trust this server": "Tin cậy máy chủ này",
    "Do not connect": "Không kết nối",
    # --- decisions to sign (desktop/widgets/decisions_panel.py, signing_dialog.py) ---
    "Awaiting signature": "Chờ ký số",
    "Awaiting seal": "Chờ đóng dấu",
    "Issued": "Đã ban hành",
    "Resolution": "Nghị quyết",
    "Attachment": "Phụ lục",
    "True copy (SAO Y)": "Bản sao y (SAO Y)",
    "Transcript copy (SAO LỤC)": "Bản sao lục (SAO LỤC)",
    "Extract copy (TRÍCH SAO)": "Bản trích sao (TRÍCH SAO)",
    "Opening your key…": "Đang mở khóa của bạn…",
    "Downloading the document…": "Đang tải văn bản về…",
    "Signing the document…": "Đang ký văn bản…",
    "Uploading the signed document…": "Đang tải văn bản đã ký lên…",
    "Handing it in…": "Đang gửi lên máy chủ…",
    "Enter the passphrase of your key file.": "Nhập mật khẩu bảo vệ tệp khóa của bạn.",
    "Wrong passphrase for your signing key ({0}). Try again.": (
        "Sai mật khẩu của khóa ký số ({0}). Hãy thử lại."
    ),
    "You have no key file yet ({0}): create one in My certificate…": (
        "Bạn chưa có tệp khóa ({0}): hãy tạo khóa trong mục Chứng thư số của tôi…"
    ),
    "Decisions to sign": "Văn bản chờ ký",
    "Decisions of the meeting": "Văn bản ký số của phiên họp",
    "Number": "Số, ký hiệu",
    "Kind": "Loại văn bản",
    "Sign": "Ký số",
    "Apply seal": "Đóng dấu",
    "Make copy": "Tạo bản sao",
    "View": "Xem",
    "Nothing to sign.": "Không có văn bản nào chờ ký.",
    "{0} decision(s).": "{0} văn bản.",
    "Downloading {0}…": "Đang tải {0}…",
    "Done: {0}.": "Đã xong: {0}.",
    "Sign the decision": "Ký số văn bản",
    "Apply the organisation seal": "Đóng dấu của cơ quan",
    "Make an electronic copy": "Tạo bản sao điện tử",
    "Your digital signature, with your signature image": ("Chữ ký số của bạn, kèm hình ảnh chữ ký"),
    "The organisation seal (signature of the clerical office)": (
        "Con dấu của cơ quan (chữ ký số của văn thư)"
    ),
    "A copy sealed by the clerical office, as a new document": (
        "Bản sao do văn thư đóng dấu, thành một văn bản mới"
    ),
    "Document:": "Văn bản:",
    "Number:": "Số, ký hiệu:",
    "Kind:": "Loại:",
    "To be applied:": "Sẽ ký:",
    "Key file:": "Tệp khóa:",
    "e.g. 12/SY-VPCP (optional)": "ví dụ 12/SY-VPCP (không bắt buộc)",
    "Copy type:": "Hình thức sao:",
    "Copy number:": "Số bản sao:",
    "Pages:": "Các trang:",
    "e.g. 1-2,5": "ví dụ 1-2,5",
    "The pages of the document that an extract copy (TRÍCH SAO) holds": (
        "Các trang của văn bản được trích sao (chỉ dùng cho TRÍCH SAO)"
    ),
    "Enter the pages to copy, e.g. 1-2,5.": "Nhập các trang cần trích sao, ví dụ 1-2,5.",
    "Write the pages as numbers and ranges from page 1 separated by commas, e.g. 1-2,5 "
    "(a range runs from the lower page to the higher).": (
        "Ghi số trang và khoảng trang, bắt đầu từ trang 1, cách nhau bằng dấu phẩy, "
        "ví dụ 1-2,5 (khoảng trang ghi từ trang nhỏ đến trang lớn)."
    ),
    "Seal": "Đóng dấu",
    # --- putting a document up for signing (prepare_dialog.py, decision_prepare.py) ---
    "Put up for signing…": "Trình ký…",
    "Put up for signing": "Trình ký",
    "Put up for signing: {0}.": "Đã trình ký: {0}.",
    "&Show:": "&Hiển thị:",
    "Meeting {0}": "Phiên họp {0}",
    "&Meeting:": "&Phiên họp:",
    "&Document:": "&Văn bản:",
    "&Kind:": "&Loại văn bản:",
    "&Number and symbol:": "&Số, ký hiệu:",
    "T&itle:": "Trích &yếu:",
    "&Signer:": "&Người ký:",
    "&Authority (line 1):": "&Thẩm quyền ký (dòng 1):",
    "Authority (line &2):": "Thẩm quyền ký (dòng &2):",
    "e.g. 215/NQ-CP": "ví dụ 215/NQ-CP",
    'e.g. "TM. CHÍNH PHỦ" or "KT. THỦ TƯỚNG"': 'ví dụ "TM. CHÍNH PHỦ" hoặc "KT. THỦ TƯỚNG"',
    'e.g. "THỦ TƯỚNG" or "PHÓ THỦ TƯỚNG"': 'ví dụ "THỦ TƯỚNG" hoặc "PHÓ THỦ TƯỚNG"',
    "Loading the meetings…": "Đang tải danh sách phiên họp…",
    "There is no meeting in which you prepare decisions.": (
        "Không có phiên họp nào mà bạn được trình ký văn bản."
    ),
    "Loading the documents of the meeting…": "Đang tải tài liệu của phiên họp…",
    "This meeting has no documents yet: upload the PDF to an agenda item in the meeting "
    "editor (Edit meeting), then choose it here.": (
        "Phiên họp chưa có tài liệu: hãy tải tệp PDF lên một nội dung trong chương trình "
        "phiên họp (Sửa phiên họp), rồi chọn ở đây."
    ),
    "Choose the document to sign. Upload its PDF to an agenda item of the meeting first "
    "(Edit meeting).": (
        "Hãy chọn văn bản trình ký. Nếu chưa có, hãy tải tệp PDF lên một nội dung trong "
        "chương trình phiên họp trước (Sửa phiên họp)."
    ),
    "Enter the number and symbol of the document, e.g. 215/NQ-CP.": (
        "Nhập số, ký hiệu của văn bản, ví dụ 215/NQ-CP."
    ),
    "Write the number, a slash, then the symbol, e.g. 215/NQ-CP.": (
        "Ghi số, dấu gạch chéo (/) rồi đến ký hiệu, ví dụ 215/NQ-CP."
    ),
    "Choose who signs the document.": "Hãy chọn người ký văn bản.",
    "Enter the authority lines above the signature, e.g. THỦ TƯỚNG.": (
        "Nhập thẩm quyền ký (các dòng phía trên chữ ký), ví dụ THỦ TƯỚNG."
    ),
    # --- archive (H4) ---
    "Opinion poll": "Phiếu lấy ý kiến",
    "No results. Try other words or fewer filters.": (
        "Không có kết quả. Hãy thử từ khác hoặc bớt điều kiện lọc."
    ),
    "More than {0} results; the newest {0} are shown. Refine the search.": (
        "Hơn {0} kết quả; hiển thị {0} kết quả mới nhất. Hãy thu hẹp tìm kiếm."
    ),
    "1 result": "1 kết quả",
    "{0} results": "{0} kết quả",
    "Newest first: these words are in too many records to rank.": (
        "Xếp mới nhất trước: các từ này có trong quá nhiều hồ sơ để xếp theo mức phù hợp."
    ),
    "“{0}” has no PDF to open; its text is shown in the result.": (
        "“{0}” không có tệp PDF để mở; nội dung được hiển thị trong kết quả."
    ),
    "Choose a result of a meeting, or filter by a meeting, to export its package.": (
        "Chọn một kết quả thuộc phiên họp, hoặc lọc theo phiên họp, để xuất gói hồ sơ."
    ),
    "Archive — e-Cabinet": "Lưu trữ — e-Cabinet",
    "Search minutes, decisions, opinion polls and documents (with or without diacritics; "
    '"quotes" for a phrase)': (
        "Tìm biên bản, quyết định, phiếu lấy ý kiến và tài liệu (có dấu hoặc không dấu; "
        'đặt cụm từ trong "ngoặc kép")'
    ),
    "From": "Từ ngày",
    "To": "Đến ngày",
    "All kinds": "Mọi loại",
    "Body": "Cơ quan",
    "Order": "Thứ tự",
    "Most relevant first": "Phù hợp nhất trước",
    "Newest first": "Mới nhất trước",
    "Open document": "Mở văn bản",
    "Export package…": "Xuất gói hồ sơ…",
    "Find": "Tìm",
    "Go to the search box (Ctrl+F)": "Đến ô tìm kiếm (Ctrl+F)",
    "Next page of results (Ctrl+Page Down)": "Trang kết quả sau (Ctrl+Page Down)",
    "Previous page of results (Ctrl+Page Up)": "Trang kết quả trước (Ctrl+Page Up)",
    "Open the selected result in the viewer (Enter, double-click)": (
        "Mở kết quả đã chọn trong trình xem (Enter, nhấp đúp)"
    ),
    "Export the archive package of the selected result's meeting (Ctrl+Shift+E)": (
        "Xuất gói hồ sơ lưu trữ của phiên họp có kết quả đã chọn (Ctrl+Shift+E)"
    ),
    "All meetings": "Mọi phiên họp",
    "All bodies": "Mọi cơ quan",
    "All signers": "Mọi người ký",
    "Page {0} of {1}": "Trang {0}/{1}",
    # --- the record from the home screen, TLS trust at login
    "Minutes…": "Biên bản…",
    "Draft, edit and finalize the minutes of the selected meeting (Ctrl+Shift+M)": (
        "Dự thảo, chỉnh sửa và hoàn thiện biên bản của phiên họp đã chọn (Ctrl+Shift+M)"
    ),
    "Opinion polls…": "Phiếu lấy ý kiến…",
    "Written opinion polls of the Government members (Ctrl+Shift+O)": (
        "Phiếu lấy ý kiến thành viên Chính phủ (Ctrl+Shift+O)"
    ),
    "Signing…": "Ký số…",
    "Decisions and minutes waiting for my signature or the seal (Ctrl+Shift+K)": (
        "Quyết định, biên bản chờ tôi ký hoặc chờ đóng dấu (Ctrl+Shift+K)"
    ),
    "Archive…": "Lưu trữ…",
    "Search minutes, decisions, polls and documents (Ctrl+Shift+A)": (
        "Tra cứu biên bản, quyết định, phiếu lấy ý kiến và tài liệu (Ctrl+Shift+A)"
    ),
    "My certificate…": "Chứng thư số của tôi…",
    "My signing key, certificate and signature image": (
        "Khóa ký, chứng thư số và hình chữ ký của tôi"
    ),
    "Not connected: the server's certificate authority was not trusted.": (
        "Chưa kết nối: tổ chức cấp chứng thư của máy chủ chưa được tin cậy."
    ),
    "Save the archive package": "Lưu gói hồ sơ lưu trữ",
    "Archive package saved: {0} (SHA-256 {1}…)": "Đã lưu gói hồ sơ lưu trữ: {0} (SHA-256 {1}…)",
    "The package arrived damaged (checksum mismatch). Export it again.": (
        "Gói hồ sơ nhận về bị hỏng (sai mã kiểm tra). Hãy xuất lại."
    ),
    # --- opinion polls between meetings (phiếu lấy ý kiến) ---
    "Awaiting answers": "Đang lấy ý kiến",
    "Compiled": "Đã tổng hợp",
    "Agree": "Đồng ý",
    "Disagree": "Không đồng ý",
    "Other opinion": "Ý kiến khác",
    "Adopted: {0} of {1} members agree": "Thông qua: {0}/{1} thành viên đồng ý",
    "Not adopted: {0} of {1} members agree": "Không thông qua: {0}/{1} thành viên đồng ý",
    "Past deadline": "Đã quá hạn",
    "{0} d {1} h left": "Còn {0} ngày {1} giờ",
    "{0} h {1} min left": "Còn {0} giờ {1} phút",
    "{0} min left": "Còn {0} phút",
    "There is no report yet: compile the poll first.": (
        "Chưa có báo cáo: hãy tổng hợp ý kiến trước."
    ),
    "Report — {0}.pdf": "Báo cáo — {0}.pdf",
    "Choose Agree, Disagree or Other opinion first.": (
        "Hãy chọn Đồng ý, Không đồng ý hoặc Ý kiến khác trước."
    ),
    "Explain a 'Disagree' or 'Other opinion' answer in the comment.": (
        "Hãy nêu rõ lý do trong phần ý kiến khi chọn 'Không đồng ý' hoặc 'Ý kiến khác'."
    ),
    "New opinion poll": "Phiếu lấy ý kiến mới",
    "No document attached": "Chưa đính kèm văn bản",
    "Question": "Nội dung xin ý kiến",
    "Deadline": "Thời hạn",
    "Draft documents": "Dự thảo văn bản",
    "Opinion polls": "Lấy ý kiến thành viên",
    "New poll…": "Phiếu mới…",
    "Send to members": "Gửi thành viên",
    "Compile result": "Tổng hợp ý kiến",
    "Open report": "Mở báo cáo",
    "Cancel poll": "Hủy phiếu",
    "Comment (required for 'Disagree' and 'Other opinion')": (
        "Ý kiến (bắt buộc khi chọn 'Không đồng ý' hoặc 'Ý kiến khác')"
    ),
    "Sign and send": "Ký và gửi",
    "Answer": "Ý kiến",
    "Signed at": "Thời điểm ký",
    "my answer: {0}": "ý kiến của tôi: {0}",
    "Deadline: {0}": "Thời hạn: {0}",
    "Choose an opinion poll": "Chọn một phiếu lấy ý kiến",
    "Deadline: {0} · {1} of {2} members answered": (
        "Thời hạn: {0} · {1}/{2} thành viên đã trả lời"
    ),
    "{0} ({1} pages)": "{0} ({1} trang)",
    "verified": "đã xác thực",
    "Sign your answer": "Ký ý kiến của bạn",
    "Passphrase of your signing key (or your token's PIN):": (
        "Mật khẩu khóa ký của bạn (hoặc mã PIN của USB token):"
    ),
    "Signing and sending…": "Đang ký và gửi…",
    "Your signed answer was received.": "Ý kiến đã ký của bạn đã được tiếp nhận.",
    # the video wall (desktop/viewmodels/media.py, desktop/widgets/video_wall.py)
    "Camera capture is not supported yet — using a test source": (
        "Chưa hỗ trợ ghi hình từ camera — đang dùng nguồn thử"
    ),
    "No camera found — using a test source": ("Không tìm thấy camera — đang dùng nguồn thử nghiệm"),
    "Audio and video start when the meeting begins.": (
        "Âm thanh và hình ảnh bắt đầu khi phiên họp khai mạc."
    ),
    "Connecting audio and video…": "Đang kết nối âm thanh và hình ảnh…",
    "Audio and video connected": "Đã kết nối âm thanh và hình ảnh",
    "Audio and video lost — retrying…": "Mất kết nối âm thanh/hình ảnh — đang thử lại…",
    "Audio and video are not available; the meeting goes on without them.": (
        "Không có âm thanh và hình ảnh; phiên họp vẫn tiếp tục."
    ),
    "Audio and video off": "Đã tắt âm thanh và hình ảnh",
    "Microphone off": "Micrô đang tắt",
    "Microphone on": "Micrô đang bật",
    "Camera off": "Camera đang tắt",
    "Camera on": "Camera đang bật",
    "Speaking": "Đang phát biểu",
    "You": "Bạn",
    "Microphone": "Micrô",
    "Camera": "Camera",
    "Turn my microphone off or on": "Tắt hoặc bật micrô của tôi",
    "Turn my camera off or on": "Tắt hoặc bật camera của tôi",
    "Audio only": "Chỉ âm thanh",
    "No audio output device": "Không có thiết bị phát âm thanh",
    "Default speaker": "Loa mặc định",
    "Speaker: where the meeting's sound is played": "Loa: nơi phát âm thanh cuộc họp",
    "Join with sound only: no video sent or shown": (
        "Tham gia chỉ với âm thanh: không gửi và không hiển thị hình ảnh"
    ),
    # camera and microphone capture (desktop/viewmodels/capture_devices.py,
    # desktop/widgets/media_devices.py)
    "No microphone found — using a test source": (
        "Không tìm thấy micrô — đang dùng nguồn thử nghiệm"
    ),
    "Test source chosen instead of the camera": "Đã chọn nguồn thử nghiệm thay cho camera",
    "Test source chosen instead of the microphone": "Đã chọn nguồn thử nghiệm thay cho micrô",
    "The camera could not be started ({0}) — using a test source": (
        "Không khởi động được camera ({0}) — đang dùng nguồn thử nghiệm"
    ),
    "The microphone could not be started ({0}) — using a test source": (
        "Không khởi động được micrô ({0}) — đang dùng nguồn thử nghiệm"
    ),
    "Devices": "Thiết bị",
    "Choose the camera and microphone ({0})": "Chọn camera và micrô ({0})",
    "Test source": "Nguồn thử nghiệm",
}

#: (context, source text) → Vietnamese, where a word means something else in that place.
VI_IN_CONTEXT: dict[tuple[str, str], str] = {
    ("MeetingEditor", "Position"): "Chức vụ",  # a participant's job, not a stance
    ("MeetingEditor", "Yes"): "Có",  # "vote delegated: yes"
    ("MeetingEditor", "Title"): "Nội dung",  # agenda item column
    ("MeetingRoomWindow", "Item"): "Nội dung",
    ("MeetingRoomWindow", "Remove"): "Mời ra",  # a participant, from the meeting
    ("MeetingRoomWindow", "Participants"): "Đại biểu",
    ("Decisions", "Minutes"): "Biên bản",  # a kind of document to sign
    ("Decisions", "Decision"): "Quyết định",
    ("Decisions", "Copy"): "Bản sao",
    ("DecisionsPanel", "Title"): "Trích yếu",
    ("Archive", "Minutes"): "Biên bản",  # a kind of record
    ("Archive", "Decision"): "Quyết định",
    ("QPlatformTheme", "OK"): "Đồng ý",  # Qt's standard buttons (RUNTIME_TEXTS)
    ("QPlatformTheme", "Cancel"): "Hủy",
    ("QPlatformTheme", "Close"): "Đóng",
    ("QPlatformTheme", "&Yes"): "&Có",
    ("QPlatformTheme", "&No"): "&Không",
    ("Archive", "Document"): "Văn bản",
    ("NewConsultationDialog", "Title"): "Trích yếu",  # of an opinion poll
    # --- a meeting's recordings in the archive (RecordingsPanel, Recordings) ---
    ("RecordingsPanel", "Audio and video recordings"): "Bản ghi hình",
    ("RecordingsPanel", "File"): "Tệp",
    ("RecordingsPanel", "Started"): "Bắt đầu",
    ("RecordingsPanel", "Stopped"): "Kết thúc",
    ("RecordingsPanel", "Duration"): "Thời lượng",
    ("RecordingsPanel", "Recorded by"): "Người ghi",
    ("RecordingsPanel", "Size"): "Dung lượng",
    ("RecordingsPanel", "State"): "Trạng thái",
    ("RecordingsPanel", "SHA-256"): "SHA-256",
    ("RecordingsPanel", "Copy SHA-256"): "Sao chép SHA-256",
    ("RecordingsPanel", "Copy the SHA-256 of the selected recording (Ctrl+Shift+C)"): (
        "Sao chép mã SHA-256 của bản ghi hình đang chọn (Ctrl+Shift+C)"
    ),
    ("RecordingsPanel", "none: the recording was not finished"): (
        "không có: bản ghi hình chưa hoàn tất"
    ),
    (
        "RecordingsPanel",
        "The server stopped while recording: the file may be cut short and the record holds "
        "no hash of it.",
    ): "Máy chủ đã dừng khi đang ghi: tệp có thể bị cắt ngắn và hồ sơ không lưu mã băm của tệp.",
    ("Recordings", "Complete"): "Hoàn tất",
    ("Recordings", "Recording now"): "Đang ghi",
    ("Recordings", "Incomplete"): "Chưa hoàn tất",
    ("Recordings", "{0} KB"): "{0} KB",
    ("Recordings", "{0} MB"): "{0} MB",
    ("Recordings", "Choose a result of a meeting to see its recordings."): (
        "Chọn một kết quả thuộc phiên họp để xem các bản ghi hình của phiên họp đó."
    ),
    ("Recordings", "Loading the recordings…"): "Đang tải các bản ghi hình…",
    ("Recordings", "“{0}” has no recordings."): "“{0}” không có bản ghi hình nào.",
    ("Recordings", "Recordings of “{0}”: {1}"): "Bản ghi hình của “{0}”: {1}",
    ("Recordings", "{0} incomplete (the server stopped while recording)"): (
        "{0} bản chưa hoàn tất (máy chủ đã dừng khi đang ghi)"
    ),
    # --- the chair's audio/video controls and the recording indicator (MediaControls:
    # desktop/widgets/media_controls.py, desktop/viewmodels/media_controls.py) ---
    ("MediaControls", "The meeting is being recorded"): "Phiên họp đang được ghi hình",
    ("MediaControls", "Keep only the speaker's voice"): "Chỉ giữ tiếng người phát biểu",
    ("MediaControls", "Mute every microphone except the active speaker's"): (
        "Tắt micrô của mọi người, trừ người đang phát biểu"
    ),
    ("MediaControls", "Record"): "Ghi hình",
    ("MediaControls", "Stop recording"): "Dừng ghi hình",
    ("MediaControls", "Start or stop recording the meeting"): (
        "Bắt đầu hoặc dừng ghi hình phiên họp"
    ),
    ("MediaControls", "● Recording (since {0})"): "● Đang ghi hình (từ {0})",
    ("MediaControls", "Recording to {0}"): "Đang ghi vào tệp {0}",
    ("MediaControls", "Turn microphone off"): "Tắt micrô",
    ("MediaControls", "Turn microphone on"): "Bật micrô",
    ("MediaControls", "Turn camera off"): "Tắt camera",
    ("MediaControls", "Turn camera on"): "Bật camera",
    (
        "MediaControls",
        "This meeting is classified Tối mật: it may not be recorded "
        "(Decree 26/2020/NĐ-CP on protecting state secrets).",
    ): (
        "Phiên họp có độ mật Tối mật: không được ghi hình "
        "(Nghị định 26/2020/NĐ-CP về bảo vệ bí mật nhà nước)."
    ),
    ("MediaControls", "The meeting can be recorded only while it is in progress."): (
        "Chỉ có thể ghi hình khi phiên họp đang diễn ra."
    ),
    ("MediaControls", "Unknown kind of media: {0}"): "Loại âm thanh/hình ảnh không hợp lệ: {0}",
    ("MediaControls", "Only the speaker can be heard now."): (
        "Từ giờ chỉ còn nghe tiếng người đang phát biểu."
    ),
    ("MediaControls", "Only the chair can control participants' audio, video and recording."): (
        "Chỉ chủ tọa mới được điều khiển âm thanh, hình ảnh của đại biểu và việc ghi hình."
    ),
    ("MediaControls", "The meeting is already being recorded."): (
        "Phiên họp đang được ghi hình rồi."
    ),
    ("MediaControls", "The meeting is not being recorded."): "Phiên họp hiện không được ghi hình.",
    ("MediaControls", "This can be done only while the meeting is in progress."): (
        "Chỉ làm được việc này khi phiên họp đang diễn ra."
    ),
    ("MediaControls", "Audio and video are not available on this server."): (
        "Máy chủ này không hỗ trợ âm thanh và hình ảnh."
    ),
}


if __name__ == "__main__":
    sys.exit(main())
