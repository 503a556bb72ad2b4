from datetime import timedelta

from django.utils import timezone

from .. import services
from ..choices import Channel, IdDocumentType, ProvisionForm
from ..models import InformationRequest

TOPICS = [
    "Quyết định phê duyệt quy hoạch sử dụng đất phường Hà Giang 1 giai đoạn 2021-2030",
    "Danh sách hộ được hỗ trợ tái định cư dự án đường tránh Quốc lộ 2",
    "Báo cáo kết quả thanh tra việc cấp phiếu lý lịch tư pháp năm 2025",
    "Kế hoạch triển khai Luật Tiếp cận thông tin năm 2026 của Sở Tư pháp",
    "Biên bản nghiệm thu công trình nhà văn hóa tổ dân phố 5",
]

# (e-mail tag, channel, steps): each step is applied in order through the services.
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
        ["accept", "assign", "classify_simple", "submit_provide"],
    ),
    (
        "provided",
        Channel.IN_PERSON,
        ["accept", "assign", "classify_simple", "submit_provide", "approve_provide"],
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


def _step(step: str, request, users, at):
    officer, head, leader = users["canbo"], users["truongbophan"], users["lanhdao"]
    kw = {"request": request, "now": at}
    actions = {
        "ask_supplement": lambda: services.request_ask_supplement(
            actor=officer, missing_items=["Ghi rõ số hiệu, ngày ban hành của văn bản yêu cầu"], **kw
        ),
        "accept": lambda: services.request_accept(actor=officer, **kw),
        "assign": lambda: services.request_assign(actor=head, officer=officer, **kw),
        "classify_simple": lambda: services.request_classify(
            actor=officer, complexity="simple", **kw
        ),
        "classify_complex": lambda: services.request_classify(
            actor=officer, complexity="complex", **kw
        ),
        "ask_payment": lambda: services.request_ask_payment(
            actor=officer, amount=45000, due=(at + timedelta(days=10)).date(), **kw
        ),
        "submit_provide": lambda: services.request_submit_decision(
            actor=officer, kind="provide", summary="Cung cấp bản sao quyết định.", **kw
        ),
        "approve_provide": lambda: services.request_approve_provision(actor=leader, **kw),
        "submit_refuse_c": lambda: services.request_submit_decision(
            actor=officer,
            kind="refuse",
            grounds=["c"],
            reasons="Thông tin thuộc trách nhiệm cung cấp của Sở Tài nguyên và Môi trường.",
            competent_agency="Sở Nông nghiệp và Môi trường tỉnh Tuyên Quang",
            **kw,
        ),
        "approve_refuse": lambda: services.request_approve_refusal(actor=leader, **kw),
        "withdraw": lambda: services.request_withdraw(
            actor=officer, reason="Người yêu cầu rút yêu cầu.", **kw
        ),
    }
    return actions[step]()


def seed_requests(agencies: dict, users: dict) -> int:
    """Create the demo requests that do not exist yet; returns how many were created."""
    created = 0
    start = timezone.now() - timedelta(days=6)
    for i, (tag, channel, steps) in enumerate(SCENARIOS):
        email = f"demo-{tag}@example.vn"
        if InformationRequest.objects.filter(email=email).exists():
            continue
        at = start + timedelta(minutes=i)
        citizen = users["congdan"] if channel == Channel.ELECTRONIC else None
        request = services.request_receive(
            agency=agencies["STP"],
            data=_data(i, email),
            channel=channel,
            actor=citizen or users["canbo"],
            requester_user=citizen,
            now=at,
        )
        for n, step in enumerate(steps, start=1):
            request = _step(step, request, users, at + timedelta(hours=n))
        created += 1
    return created
