"""Requests for the register tests, moved through the real services on chosen days of March 2026
(Law 104/2016/QH13, the verified rule set): every letter is numbered by the services themselves."""

from datetime import date, datetime

from requests_flow import services
from requests_flow.choices import Channel, Complexity, DecisionKind
from requests_flow.deadlines import LOCAL_TZ
from tests.helpers import CITIZEN_ID, request_data

__all__ = ["CITIZEN_ID", "Desk", "at"]


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=LOCAL_TZ)


class Desk:
    """The citizen files online; the agency's officer, head and leader do the rest."""

    def __init__(self, agency, citizen, officer, head, leader):
        self.agency, self.citizen = agency, citizen
        self.officer, self.head, self.leader = officer, head, leader

    def receive(self, when: datetime | None = None, agency=None, **data):
        return services.request_receive(
            agency=agency or self.agency,
            data=request_data(**data),
            channel=Channel.ELECTRONIC,
            actor=self.citizen,
            requester_user=self.citizen,
            now=when or at(2, 9),
        )

    def handle(self, r, day: int, complexity: str = Complexity.SIMPLE):
        """Valid, assigned, classified and reviewed for secrecy on `day`."""
        r = services.request_accept(request=r, actor=self.officer, now=at(day, 10))
        r = services.request_assign(
            request=r, actor=self.head, officer=self.officer, now=at(day, 10, 10)
        )
        r = services.request_classify(
            request=r, actor=self.officer, complexity=complexity, now=at(day, 10, 20)
        )
        return services.request_record_handling(
            request=r, actor=self.officer, secrecy_reviewed=True, now=at(day, 10, 30)
        )

    def charge(self, r, day: int, amount: int = 45_000, paid_day: int | None = None):
        """Form 03 with the costs on `day`, paid on `paid_day` (the same day by default)."""
        r = services.request_ask_payment(
            request=r, actor=self.officer, amount=amount, due=date(2026, 3, 20), now=at(day, 11)
        )
        paid = at(paid_day or day, 14)
        return services.request_confirm_payment(
            request=r, actor=self.officer, paid_at=paid, now=paid
        )

    def provide(self, r, day: int):
        r = services.request_submit_decision(
            request=r,
            actor=self.officer,
            kind=DecisionKind.PROVIDE,
            summary="Cung cấp bản sao.",
            now=at(day, 15),
        )
        return services.request_approve_provision(request=r, actor=self.leader, now=at(day, 16))

    def refuse(self, r, day: int, grounds=("a",), competent_agency: str = ""):
        r = services.request_submit_decision(
            request=r,
            actor=self.officer,
            kind=DecisionKind.REFUSE,
            grounds=list(grounds),
            reasons="Lý do từ chối theo Điều 28.",
            competent_agency=competent_agency,
            now=at(day, 15),
        )
        return services.request_approve_refusal(request=r, actor=self.leader, now=at(day, 16))

    def extend(self, r, day: int, days: int = 15):
        r = services.request_submit_decision(
            request=r,
            actor=self.officer,
            kind=DecisionKind.EXTEND,
            extension_days=days,
            summary="Gia hạn.",
            now=at(day, 15),
        )
        return services.request_extend(request=r, actor=self.leader, now=at(day, 16))

    def withdraw(self, r, day: int):
        return services.request_withdraw(request=r, actor=self.citizen, now=at(day, 15))

    def complain(self, r, day: int):
        return services.request_record_citizen_event(
            request=r,
            actor=self.citizen,
            action="complaint_recorded",
            text="Tôi khiếu nại việc giải quyết yêu cầu.",
            now=at(day, 17),
        )
