"""The one place for the helpers the tests share (fixtures stay in the conftest.py files):
constants of the test world, people and their roles, a signed-in client, a request filed online,
and the Desk that moves requests through the services at chosen moments.

Browser-only helpers (a signed-in Chromium page) are in tests/e2e/conftest.py."""

from collections.abc import Callable
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client

from requests_flow import services
from requests_flow.choices import (
    Channel,
    Complexity,
    DecisionKind,
    IdDocumentType,
    ProvisionForm,
    Role,
)
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import Agency, AgencyMembership, InformationRequest
from requests_flow.roles import ROLE_GROUPS

# A Monday in 2026 under Law 104/2016/QH13 (verified rule set), away from holidays.
MONDAY_2026_03_02 = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
CITIZEN_ID = "001190123456"


# --- people and roles ------------------------------------------------------------------------


def make_user(
    django_user_model, username: str, full_name: str, password: str | None = None, **extra
):
    """A user whose password is `password` (by default "pw-" + username)."""
    return django_user_model.objects.create_user(
        username=username, password=password or "pw-" + username, full_name=full_name, **extra
    )


def make_agency() -> Agency:
    """The agency of the tests, the provincial Department of Justice (the `agency` fixture)."""
    return Agency.objects.create(
        name="Sở Tư pháp tỉnh Tuyên Quang", short_name="STP", place_name="Tuyên Quang"
    )


def ensure_role_groups() -> None:
    """The role groups of the migrations (a transactional test's flush removes them; the
    permissions themselves come back with the flush's post_migrate)."""
    for name, perms in ROLE_GROUPS.values():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            for perm in perms:
                app_label, codename = perm.split(".")
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )


# How the test world's approvers sign the letters they approve (DOMAIN §7.1; Decree 30 Annex I
# §II.7), as an administrator enters it on their membership: the leader as the head, the focal
# unit's head by order of the head (Form 03, Circular 46 Art. 4(1)(a)).
SIGNING = {
    Role.LEADER: {"signing_title": "GIÁM ĐỐC"},
    Role.FOCAL_HEAD: {
        "signing_prefix": "TL.",
        "signing_authority": "GIÁM ĐỐC",
        "signing_title": "CHÁNH VĂN PHÒNG",
    },
}


def member(user, agency, *roles):
    """Memberships only, without the role groups (enough for the services, not for the back
    office's pages, which check the groups: use `grant` there). Approvers get SIGNING."""
    for role in roles:
        AgencyMembership.objects.create(
            user=user, agency=agency, role=role, **SIGNING.get(role, {})
        )
    return user


def grant(user, agency, *roles):
    """The roles as the admin gives them: services.membership_grant keeps membership and role
    group in step (viewflow checks permissions from the groups); approvers get SIGNING."""
    ensure_role_groups()
    for role in roles:
        membership = services.membership_grant(user=user, agency=agency, role=role)
        if role in SIGNING and not membership.signing_title:
            AgencyMembership.objects.filter(pk=membership.pk).update(**SIGNING[role])
    return user


# The agency's focal officer, focal head and leader: (key, username, full name, roles), the
# people of the officer, head and leader fixtures of tests/conftest.py.
STAFF = [
    ("officer", "minh", "Trần Văn Minh", [Role.FOCAL_OFFICER]),
    ("head", "thu", "Lê Thị Thu", [Role.FOCAL_HEAD]),
    ("leader", "hung", "Phạm Quốc Hùng", [Role.LEADER]),
]


def people_of(agency, django_user_model, people, password=None, email=False) -> dict:
    """{key: user} for people given as (key, username, full name, roles): each user made with
    `password` (and the address username@example.vn if `email`), their roles granted in
    `agency` with `grant`."""
    users = {}
    for key, username, full_name, roles in people:
        extra = {"email": f"{username}@example.vn"} if email else {}
        user = make_user(django_user_model, username, full_name, password, **extra)
        users[key] = grant(user, agency, *roles)
    return users


# --- signed in -------------------------------------------------------------------------------


def signed_in(user) -> Client:
    """A test client with `user` signed in (a browser of their own)."""
    client = Client()
    client.force_login(user)
    return client


def session_cookie(client: Client) -> bytes:
    """The Cookie header a browser with the client's session sends (e.g. opening a socket)."""
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


# --- requests --------------------------------------------------------------------------------


def request_data(**overrides) -> services.RequestData:
    values = {
        "requester_name": "Nguyễn Thị Hoa",
        "requester_address": "Tổ 7, phường Hà Giang 1, tỉnh Tuyên Quang",
        "id_document_type": IdDocumentType.CCCD,
        "id_number": CITIZEN_ID,
        "information_requested": "Quyết định phê duyệt quy hoạch sử dụng đất năm 2025",
        "provision_form": ProvisionForm.EMAIL,
        "reason_purpose": "Tìm hiểu quyền lợi của gia đình",
        "email": "hoa@example.vn",
    }
    values.update(overrides)
    return services.RequestData(**values)


def file_online(agency, citizen, now: datetime | None = None, **data) -> InformationRequest:
    """A request the citizen filed online, recorded by services.request_receive (no process:
    workflow.submit_request is tests/portal/support.py `filed_online`); `now`: the clock's time
    unless given."""
    return services.request_receive(
        agency=agency,
        data=request_data(**data),
        channel=Channel.ELECTRONIC,
        actor=citizen,
        requester_user=citizen,
        now=now,
    )


class Desk:
    """The citizen files online; the agency's officer, head and leader do the rest through the
    services, each step at a set hour of the day given: at(day, hour, minute) is the moment (the
    tests choose what a day is: a day of March 2026, a date)."""

    def __init__(self, agency, citizen, officer, head, leader, at: Callable[..., datetime]) -> None:
        self.agency, self.citizen = agency, citizen
        self.officer, self.head, self.leader = officer, head, leader
        self.at = at

    def receive(self, when: datetime | None = None, agency=None, **data):
        """Filed online at `when` (Monday 2/3/2026 09:00 unless given)."""
        return file_online(agency or self.agency, self.citizen, when or MONDAY_2026_03_02, **data)

    def handle(self, r, day: int | date, complexity: str = Complexity.SIMPLE):
        """Valid, assigned, classified and reviewed for secrecy on `day`."""
        at = self.at
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
            request=r,
            actor=self.officer,
            amount=amount,
            due=date(2026, 3, 20),
            now=self.at(day, 11),
        )
        paid = self.at(paid_day or day, 14)
        return services.request_confirm_payment(
            request=r, actor=self.officer, paid_at=paid, now=paid
        )

    def provide(self, r, day: int | date, approved_at: datetime | None = None):
        """Provision drafted at 15:00 of `day`, approved at 16:00 (or at `approved_at`)."""
        r = services.request_submit_decision(
            request=r,
            actor=self.officer,
            kind=DecisionKind.PROVIDE,
            summary="Cung cấp bản sao.",
            now=self.at(day, 15),
        )
        when = approved_at or self.at(day, 16)
        return services.request_approve_provision(request=r, actor=self.leader, now=when)

    def refuse(self, r, day: int | date, grounds=("a",), competent_agency: str = ""):
        r = services.request_submit_decision(
            request=r,
            actor=self.officer,
            kind=DecisionKind.REFUSE,
            grounds=list(grounds),
            reasons="Lý do từ chối theo Điều 28.",
            competent_agency=competent_agency,
            now=self.at(day, 15),
        )
        return services.request_approve_refusal(request=r, actor=self.leader, now=self.at(day, 16))

    def extend(self, r, day: int, days: int = 15):
        r = services.request_submit_decision(
            request=r,
            actor=self.officer,
            kind=DecisionKind.EXTEND,
            extension_days=days,
            summary="Gia hạn.",
            reasons="Cần lấy ý kiến của cơ quan khác.",
            now=self.at(day, 15),
        )
        return services.request_extend(request=r, actor=self.leader, now=self.at(day, 16))

    def issue(self, r, day: int | date, hour: int = 17):
        """The request's letters on their way approved (by the agency's approvers), signed on
        paper, numbered and issued by the clerk at `hour` of `day` (tests/letters/lifecycle.py)."""
        from tests.letters.lifecycle import issue_all  # it uses grant, defined here

        issue_all(r, now=self.at(day, hour))
        return r

    def withdraw(self, r, day: int | date):
        return services.request_withdraw(request=r, actor=self.citizen, now=self.at(day, 15))

    def complain(self, r, day: int):
        return services.request_record_citizen_event(
            request=r,
            actor=self.citizen,
            action="complaint_recorded",
            text="Tôi khiếu nại việc giải quyết yêu cầu.",
            now=self.at(day, 17),
        )

    # A request filed at 09:00 of `day` and brought to a state the same day.

    def in_progress(self, day: int | date):
        return self.handle(self.receive(self.at(day, 9)), day)

    def provided(self, day: int | date, approved_at: datetime | None = None):
        return self.provide(self.in_progress(day), day, approved_at)

    def refused(self, day: int | date):
        return self.refuse(self.receive(self.at(day, 9)), day)

    def withdrawn(self, day: int | date):
        return self.withdraw(self.receive(self.at(day, 9)), day)


def decided(
    agency, citizen, officer, head, leader, kind: str, comment: str = ""
) -> InformationRequest:
    """A request filed online, handled, and its provision or refusal approved by the leader."""
    received = file_online(agency, citizen, MONDAY_2026_03_02)
    info = services.request_accept(request=received, actor=officer, now=MONDAY_2026_03_02)
    info = services.request_assign(request=info, actor=head, officer=officer)
    info = services.request_classify(request=info, actor=officer, complexity="simple")
    decision = {"grounds": ["c"], "reasons": "Không thuộc trách nhiệm.", "competent_agency": "Sở"}
    if kind == "provide":
        info = services.request_record_handling(request=info, actor=officer, secrecy_reviewed=True)
        decision = {"summary": "Quyết định số 15/QĐ-UBND."}
    info = services.request_submit_decision(request=info, actor=officer, kind=kind, **decision)
    return services.request_approve_pending(request=info, actor=leader, comment=comment)
