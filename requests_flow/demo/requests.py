from datetime import timedelta

from django.utils import timezone

from .. import services, workflow
from ..choices import Channel, IdDocumentType, ProvisionForm
from ..flows import InformationRequestFlow as Flow
from ..models import InformationRequest
from .letters import seed_letters

TOPICS = [
    "Quyết định phê duyệt quy hoạch sử dụng đất phường Hà Giang 1 giai đoạn 2021-2030",
    "Danh sách hộ được hỗ trợ tái định cư dự án đường tránh Quốc lộ 2",
    "Báo cáo kết quả thanh tra việc cấp phiếu lý lịch tư pháp năm 2025",
    "Kế hoạch triển khai Luật Tiếp cận thông tin năm 2026 của Sở Tư pháp",
    "Biên bản nghiệm thu công trình nhà văn hóa tổ dân phố 5",
]

# (e-mail tag, channel, steps): each step is done through the process, as the officers would.
SCENARIOS = [
    ("received", Channel.ELECTRONIC, []),
    ("needs-supplement", Channel.ELECTRONIC, ["ask_supplement"]),
    ("accepted", Channel.POST, ["accept"]),
    ("assigned", Channel.ELECTRONIC, ["accept", "assign"]),
    ("in-progress", Channel.ELECTRONIC, ["accept", "assign", "classify_complex"]),
    ("awaiting-payment", Channel.POST, ["accept", "assign", "classify_complex", "ask_payment"]),
    (
        "pending-approval",
        Channel.ELECTRONIC,
        ["accept", "assign", "classify_simple", "secrecy_review", "submit_provide"],
    ),
    (
        "provided",
        Channel.IN_PERSON,
        [
            "accept",
            "assign",
            "classify_simple",
            "secrecy_review",
            "submit_provide",
            "approve_provide",
        ],
    ),
    ("refused", Channel.ELECTRONIC, ["submit_refuse_c", "approve_refuse"]),
    ("withdrawn", Channel.ELECTRONIC, ["accept", "withdraw"]),
]


def _data(i: int, email: str) -> services.RequestData:
    return services.RequestData(
        requester_name=["Nguyễn Thị Hoa", "Vàng Seo Dìn", "Lò Thị Nguyệt", "Trịnh Đức Anh"][i % 4],
        requester_address="Tổ 7, phường Hà Giang 1, tỉnh Tuyên Quang",
        id_document_type=IdDocumentType.CCCD,
        id_number=f"0021{90000000 + i * 7919:08d}",
        information_requested=TOPICS[i % len(TOPICS)],
        provision_form=ProvisionForm.EMAIL if i % 2 else ProvisionForm.PAPER_COPY,
        reason_purpose="Tìm hiểu quyền lợi của gia đình liên quan đến dự án.",
        email=email,
        phone="0912345678",
    )


def _steps(users, at):
    """step name -> (flow node, persona, service call taking the fresh request)."""
    officer, head, leader = users["canbo"], users["truongbophan"], users["lanhdao"]
    return {
        "ask_supplement": (
            Flow.review,
            officer,
            lambda r: services.request_ask_supplement(
                request=r,
                actor=officer,
                now=at,
                missing_items=["Ghi rõ số hiệu, ngày ban hành của văn bản yêu cầu"],
            ),
        ),
        "accept": (
            Flow.review,
            officer,
            lambda r: services.request_accept(request=r, actor=officer, now=at),
        ),
        "assign": (
            Flow.assign,
            head,
            lambda r: services.request_assign(request=r, actor=head, officer=officer, now=at),
        ),
        "classify_simple": (
            Flow.check_deadline,
            officer,
            lambda r: services.request_classify(
                request=r, actor=officer, complexity="simple", now=at
            ),
        ),
        "classify_complex": (
            Flow.check_deadline,
            officer,
            lambda r: services.request_classify(
                request=r, actor=officer, complexity="complex", now=at
            ),
        ),
        "ask_payment": (
            Flow.handle,
            officer,
            lambda r: services.request_ask_payment(
                request=r,
                actor=officer,
                amount=45000,
                due=timezone.localdate(at) + timedelta(days=10),
                now=at,
            ),
        ),
        "secrecy_review": (
            Flow.handle,
            officer,
            lambda r: services.request_record_handling(
                request=r,
                actor=officer,
                secrecy_reviewed=True,
                now=at,
                coordination_note="Đã phối hợp với Văn phòng Sở để tập hợp tài liệu.",
            ),
        ),
        "submit_provide": (
            Flow.handle,
            officer,
            lambda r: services.request_submit_decision(
                request=r,
                actor=officer,
                kind="provide",
                now=at,
                summary="Cung cấp bản sao quyết định.",
            ),
        ),
        "approve_provide": (
            Flow.approve,
            leader,
            lambda r: services.request_approve_provision(request=r, actor=leader, now=at),
        ),
        "submit_refuse_c": (
            Flow.review,
            officer,
            lambda r: services.request_submit_decision(
                request=r,
                actor=officer,
                kind="refuse",
                grounds=["c"],
                now=at,
                reasons="Thông tin thuộc trách nhiệm cung cấp của Sở Tài nguyên và Môi trường.",
                competent_agency="Sở Nông nghiệp và Môi trường tỉnh Tuyên Quang",
            ),
        ),
        "approve_refuse": (
            Flow.approve,
            leader,
            lambda r: services.request_approve_refusal(request=r, actor=leader, now=at),
        ),
    }


def _apply(step: str, request, users, at):
    if step == "withdraw":
        return workflow.withdraw(
            request=request, actor=users["canbo"], reason="Người yêu cầu rút yêu cầu."
        )
    node, user, perform = _steps(users, at)[step]
    return workflow.perform_task(request=request, node=node, user=user, perform=perform)


def seed_requests(agencies: dict, users: dict) -> int:
    """Create the demo requests that do not exist yet, and take their letters through their
    life (demo/letters.py); returns how many were created."""
    created = {}
    start = timezone.now() - timedelta(days=6)
    for i, (tag, channel, steps) in enumerate(SCENARIOS):
        email = f"demo-{tag}@example.vn"
        if InformationRequest.objects.filter(email=email).exists():
            continue
        at = start + timedelta(minutes=i)
        citizen = users["congdan"] if channel == Channel.ELECTRONIC else None
        request = workflow.submit_request(
            agency=agencies["STP"],
            data=_data(i, email),
            channel=channel,
            actor=citizen or users["canbo"],
            requester_user=citizen,
            now=at,
        )
        for n, step in enumerate(steps, start=1):
            request = _apply(step, request, users, at + timedelta(hours=n))
        created[tag] = request
    seed_letters(created, users)
    return len(created)
