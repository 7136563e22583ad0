"""The report of a compiled opinion poll (báo cáo tổng hợp ý kiến), in Vietnamese.

A Decree 30 administrative document (:func:`server.domain.admin_pdf.administrative_pdf`)
listing every member asked, in order (the chair first, then by name): their unit and
position, their answer, comment, the time they signed (ISO 8601, +07:00) and that
their signature was verified; then the count and the outcome under the Government's
rule.  The same inputs give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from protocol.consultations import VN_TZ, Answer, ConsultationResult, vn_time
from protocol.voting import Outcome
from server.domain.admin_pdf import SignatureBlock, administrative_pdf

ANSWER_VI = {
    Answer.AGREE: "Đồng ý",
    Answer.DISAGREE: "Không đồng ý",
    Answer.OTHER: "Ý kiến khác",
}


@dataclass(frozen=True)
class ReportLine:
    full_name: str
    position_title: str
    unit_name: str | None
    chair: bool
    choice: Answer | None
    comment: str
    answered_at: str | None
    signer: str
    certificate_serial: str


def _line(n: int, row: ReportLine) -> str:
    who = row.full_name
    role = ", ".join(x for x in (row.position_title, row.unit_name or "") if x)
    if role:
        who += f" ({role})"
    if row.chair:
        who += " — Thủ tướng Chính phủ, chủ tọa"
    if row.choice is None:
        return f"{n}. {who}: không gửi ý kiến trước thời hạn."
    text = f"{n}. {who}: {ANSWER_VI[row.choice]}."
    if row.comment:
        text += f" Ý kiến: “{row.comment}”."
    answered = vn_time(datetime.fromisoformat(row.answered_at)) if row.answered_at else ""
    text += (
        f" Thời điểm ký: {answered}. Chữ ký số: hợp lệ, đã xác thực"
        f" (chứng thư số của {row.signer}, số sê-ri {row.certificate_serial})."
    )
    return text


def _conclusion(result: ConsultationResult) -> str:
    total = result.total_members
    counts = (
        f"Tổng số thành viên Chính phủ được lấy ý kiến: {total}. Đồng ý: {result.agree}; "
        f"không đồng ý: {result.disagree}; ý kiến khác: {result.other}; "
        f"không gửi ý kiến: {result.not_answered}."
    )
    if result.rule == "majority":
        why = f"Số thành viên đồng ý ({result.agree}/{total}) quá nửa tổng số thành viên Chính phủ."
    elif result.rule == "chair":
        side = "đồng ý" if result.chair_choice is Answer.AGREE else "không đồng ý với"
        why = (
            f"Số thành viên đồng ý bằng một nửa tổng số thành viên ({result.agree}/{total}); "
            f"theo Quy chế làm việc của Chính phủ, quyết định theo ý kiến của Thủ tướng "
            f"Chính phủ, người đã {side} dự thảo."
        )
    else:
        why = (
            f"Số thành viên đồng ý ({result.agree}/{total}) không quá nửa tổng số "
            "thành viên Chính phủ."
        )
    verdict = (
        "Kết quả: dự thảo được THÔNG QUA."
        if result.outcome is Outcome.ADOPTED
        else "Kết quả: dự thảo KHÔNG được thông qua."
    )
    return f"{counts}\n{why}\n{verdict}"


def report_pdf(
    *,
    consultation_id: int,
    title: str,
    question: str,
    deadline: datetime,
    sent_at: datetime,
    compiled_at: datetime,
    documents: list[str],
    lines: list[ReportLine],
    result: ConsultationResult,
    organisation: str,
    compiled_by: str,
) -> bytes:
    """The report's PDF bytes."""
    body: list[str | tuple[str, str]] = [
        f"Ngày {vn_time(sent_at)}, Văn phòng Chính phủ đã gửi phiếu lấy ý kiến thành viên "
        f"Chính phủ về “{title}”, thời hạn trả lời: {vn_time(deadline)}.",
        ("Nội dung xin ý kiến", question),
    ]
    if documents:
        body.append(("Hồ sơ kèm theo", "\n".join(f"- {d}" for d in documents)))
    body.append(
        (
            "Ý kiến của các thành viên Chính phủ",
            "\n".join(_line(n, r) for n, r in enumerate(lines, 1)),
        )
    )
    body.append(("Tổng hợp kết quả", _conclusion(result)))
    body.append(f"Báo cáo được lập lúc {vn_time(compiled_at)}.")
    return administrative_pdf(
        organisation=organisation.upper(),
        parent_organisation="CHÍNH PHỦ",
        number_symbol=f"{consultation_id}/BC-VPCP",
        place="Hà Nội",
        date=compiled_at.astimezone(VN_TZ).date(),
        kind_title="BÁO CÁO",
        subtitle=f"Tổng hợp ý kiến thành viên Chính phủ về {title}",
        body=body,
        signature_blocks=[
            SignatureBlock(authority_lines=["NGƯỜI TỔNG HỢP"], full_name=compiled_by)
        ],
        recipients=["- Thủ tướng Chính phủ;", "- Các thành viên Chính phủ;", "- Lưu: VT."],
    )
