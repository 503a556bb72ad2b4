"""A wrong or incomplete form comes back as it was typed, with a Vietnamese message beside the
field, and changes nothing; a form read before someone else changed the request is refused with
"this request was just changed by …"."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from viewflow.workflow.models import Task

from portal import services as portal_services
from requests_flow.choices import RefusalGround, State
from requests_flow.models import InformationRequest
from requests_flow.services import membership_grant
from tests.helpers import signed_in
from tests.portal.support import PDF

from .support import NS, TO_STATE, Flow, advance, do, intake_form, open_task, reload, take_open, url

pytestmark = pytest.mark.django_db


def in_vietnamese(msgid: str, **params) -> str:
    """The Vietnamese text of `msgid`, after checking that there is one."""
    with translation.override("en"):
        english = translation.gettext(msgid) % params if params else translation.gettext(msgid)
    with translation.override("vi"):
        text = translation.gettext(msgid) % params if params else translation.gettext(msgid)
    assert text != english, f"no Vietnamese translation of {msgid!r}"
    return text


def state_of(request) -> dict:
    """Everything a task form could write: the row, its trail, decisions, milestones, files,
    and the process's tasks."""
    row = reload(request)
    fields = ("state", "updated_at", "coordination_notes", "secrecy_reviewed_at", "cost_amount")
    return {
        "row": {name: getattr(row, name) for name in fields},
        "events": list(row.events.values_list("id", flat=True)),
        "decisions": list(row.decisions.values_list("kind", "status")),
        "milestones": list(row.milestones.values_list("kind", "due_date", "met_at")),
        "files": row.files.count(),
        "tasks": list(Task.objects.filter(process=row.process).values_list("pk", "status")),
    }


def assert_kept(response, typed: dict):
    """Every typed value is in the re-rendered form."""
    data = response.context["form"].data
    for name, value in typed.items():
        if isinstance(value, list):
            assert data.getlist(name) == value, name
        else:
            assert data.get(name) == value, name


REASONS = "Thông tin thuộc danh mục không được tiếp cận."
CAP = {"cap": 15}
CASES = {
    "supplement without items": (
        "received",
        Flow.review,
        "officer",
        {"decision": "supplement", "missing_items": "  \n ", "reasons": REASONS},
        {"missing_items": ("List at least one thing the requester must add.", {})},
    ),
    "refusal without ground": (
        "received",
        Flow.review,
        "officer",
        {"decision": "refuse", "reasons": REASONS},
        {"grounds": ("Choose at least one refusal ground from Art. 28(1).", {})},
    ),
    "redirect without the competent agency": (
        "received",
        Flow.review,
        "officer",
        {"decision": "refuse", "grounds": ["c", "a"], "reasons": REASONS},
        {
            "competent_agency": (
                "Ground (c) needs the name of the competent agency the requester should "
                "turn to (Art. 26(3)).",
                {},
            )
        },
    ),
    "payment without a deadline": (
        "in_progress",
        Flow.handle,
        "officer",
        {"action": "payment", "copy_bw_a4": "10", "postage": "20000", "summary": "Phiếu 03"},
        {"payment_due": ("Set the payment deadline.", {})},
    ),
    "malformed page count": (
        "in_progress",
        Flow.handle,
        "officer",
        {"action": "payment", "copy_bw_a4": "mười", "payment_due": "12/03/2026"},
        {"copy_bw_a4": ("Enter a whole number.", {})},
    ),
    "extension beyond the cap": (
        "in_progress",
        Flow.handle,
        "officer",
        {"action": "extend", "extension_days": "16", "summary": "Gia hạn", "reasons": "Cần thêm."},
        {"extension_days": ("The extension must be from 1 to %(cap)s days.", CAP)},
    ),
    "malformed payment date": (
        "awaiting_payment",
        Flow.await_payment,
        "officer",
        {"action": "paid", "paid_on": "31/02/2026"},
        {"paid_on": ("Enter a valid date.", {})},
    ),
    "return without a comment": (
        "pending_approval",
        Flow.approve,
        "leader",
        {"action": "return", "comment": " "},
        {"comment": ("Say what must be reworked.", {})},
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_wrong_form_comes_back_as_typed(submit, staff, case):
    state, node, who, typed, expected = CASES[case]
    request = advance(submit(), staff, *TO_STATE[state])
    client = signed_in(staff[who])
    take_open(client, request, node)
    before = state_of(request)
    response = do(client, request, node, typed)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == set(expected), errors
    for field, (msgid, params) in expected.items():
        assert errors[field] == [in_vietnamese(msgid, **params)]
    assert_kept(response, typed)
    assert state_of(request) == before
    assert reload(request).state == state


def test_typed_text_is_in_the_page(submit, staff):
    request = submit()
    typed = {"decision": "refuse", "reasons": "Lý do đã soạn rất dài, không được mất."}
    response = do(signed_in(staff["officer"]), request, Flow.review, typed)
    assert response.status_code == 200
    assert typed["reasons"] in response.content.decode()


def test_the_review_page_shows_each_refusal_ground_with_its_exceptions(submit, staff):
    """Grounds (b) and (d) came without their statutory exceptions, which invites wrongful
    refusals (issue #14 item 6): the officer reads when the information must still be given."""
    request = submit()
    page = do(signed_in(staff["officer"]), request, Flow.review, {"decision": "refuse"})
    # The grounds are native checkboxes, each in its label (backoffice/renderers.py).
    fieldset = re.search(
        r'<fieldset class="tc-checkboxes".*?</fieldset>', page.content.decode(), re.S
    )
    labels = re.findall(
        r'<label class="tc-checkboxes__item">(.*?)</label>', fieldset.group(0), re.S
    )
    assert len(labels) == len(RefusalGround.choices)
    text = html.unescape("\n".join(re.sub(r"<[^>]+>", "", label) for label in labels))
    assert "hết thời hạn công khai" in text and "bất khả kháng" in text  # (b)
    assert "trừ khi người yêu cầu có lý do chính đáng" in text  # (d)
    assert "nêu rõ cơ quan có trách nhiệm" in text  # (c)


def post_intake(client, agency, **changes):
    return client.post(reverse(f"{NS}:start_intake:execute"), {**intake_form(agency), **changes})


@pytest.mark.parametrize(
    ("changes", "field", "msgid"),
    [
        ({"requester_name": ""}, "requester_name", "This field is required."),
        (
            {"id_number": "00119012345"},
            "id_number",
            "A citizen identity card number has exactly 12 digits.",
        ),
        ({"email": "hoa@"}, "email", "Enter a valid email address."),
        (
            {"copies": "0"},
            "copies",
            "Ensure this value is greater than or equal to %(limit_value)s.",
        ),
    ],
)
def test_intake_errors_are_vietnamese_and_keep_the_input(bo_officer, agency, changes, field, msgid):
    response = post_intake(signed_in(bo_officer), agency, **changes)
    assert response.status_code == 200
    form = response.context["form"]
    params = {"limit_value": 1} if "limit_value" in msgid else {}
    assert form.errors[field] == [in_vietnamese(msgid, **params)]
    assert_kept(response, {**intake_form(agency), **changes, "agency": str(agency.pk)})
    assert not InformationRequest.objects.exists()


def test_intake_shows_every_problem_at_once(bo_officer, agency):
    response = post_intake(
        signed_in(bo_officer), agency, requester_name="", id_number="00119012345"
    )
    assert set(response.context["form"].errors) == {"requester_name", "id_number"}


def test_a_refused_step_writes_nothing_half_way(submit, staff):
    """The note and the secrecy review are saved by one service, the payment by a second: when the
    second refuses, the first must not have been written (the officer sees an error)."""
    request = advance(submit(), staff, *TO_STATE["in_progress"])
    before = state_of(request)
    typed = {"action": "payment", "coordination_note": "Đã liên hệ", "secrecy_reviewed": "on"}
    response = do(signed_in(staff["officer"]), request, Flow.handle, typed)
    assert response.status_code == 200 and "payment_due" in response.context["form"].errors
    assert state_of(request) == before


def test_a_past_payment_deadline_is_shown_on_its_field(submit, staff):
    request = advance(submit(), staff, *TO_STATE["in_progress"])
    past = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    typed = {"action": "payment", "copy_bw_a4": "2", "payment_due": past}
    response = do(signed_in(staff["officer"]), request, Flow.handle, typed)
    assert "payment_due" in response.context["form"].errors


def conflict_message(by) -> str:
    return in_vietnamese(
        "This request was just changed by %(by)s. Reload it to see what changed, then try again.",
        by=by.display_name,
    )


def test_a_stale_version_is_refused(submit, staff, citizen):
    request = submit()
    client = signed_in(staff["officer"])
    task = open_task(request, Flow.review)
    assert client.post(url(task, "assign")).status_code == 302
    before = state_of(request)
    old = (reload(request).updated_at - timedelta(seconds=1)).isoformat()
    response = client.post(url(task, "execute"), {"decision": "accept", "version": old})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [conflict_message(citizen)]
    assert response.context["form"].data["decision"] == "accept"
    assert state_of(request) == before


def test_a_change_from_another_tab_is_not_overwritten(submit, staff):
    """The officer opened the handling form; meanwhile a note was saved from another tab. The
    provision drafted on the old page is refused, naming who changed the request."""
    officer = staff["officer"]
    request = advance(submit(), staff, *TO_STATE["in_progress"])
    first, second = signed_in(officer), signed_in(officer)
    task = open_task(request, Flow.handle)
    seen = first.get(url(task, "execute")).context["form"]["version"].value()
    do(second, request, Flow.handle, {"action": "record", "coordination_note": "Đã hỏi văn thư."})
    before = state_of(request)

    task = open_task(request, Flow.handle)
    typed = {"action": "provide", "secrecy_reviewed": "on", "summary": "Cung cấp", "version": seen}
    response = first.post(url(task, "execute"), typed)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [conflict_message(officer)]
    assert_kept(response, typed)
    assert state_of(request) == before
    assert reload(request).state == State.IN_PROGRESS


def test_the_requesters_documents_are_on_the_review_and_request_pages(
    submit, staff, citizen, agency, django_user_model
):
    """Issue #15.4: the officer who reviews sees and opens the citizen's files; the agency's
    supervisor sees that they exist, not their content (permissions.may_open_file)."""
    request = submit()
    portal_services.save_attachments(
        request, [("giay-uy-quyen.pdf", "application/pdf", PDF)], kind="other", user=citizen
    )
    link = reverse("portal:attachment", args=[request.attachments.get().pk])
    officer = signed_in(staff["officer"])
    review = officer.get(url(take_open(officer, request, Flow.review), "execute")).content.decode()
    assert 'id="requester-documents"' in review and link in review and "giay-uy-quyen.pdf" in review
    assert officer.get(link).status_code == 200

    watcher = django_user_model.objects.create_user(username="giamsat", full_name="Giám sát")
    membership_grant(user=watcher, agency=agency, role="supervisor")
    page = signed_in(watcher).get(f"/backoffice/informationrequest/{request.process.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and 'id="requester-documents"' in text
    assert link not in text and "giay-uy-quyen.pdf" not in text
