"""A signed-in citizen submits the online form (DOMAIN §2): for themself, as a representative, or
for an organisation's members (typed or as CSV); the receipt page; one message per invalid field
with nothing lost; the idempotency token; the rate limit."""

import hashlib
import threading
import warnings

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from portal.selectors import provisional_deadlines
from requests_flow import services
from requests_flow.models import InformationRequest, RequestAttachment, SubmissionToken
from tests.helpers import request_data, signed_in

from .support import JPEG, PDF, PNG, form_data, open_task_names, upload

pytestmark = pytest.mark.django_db

KINDS = {
    "individual": ({}, [("don-de-nghi.pdf", PDF), ("anh-cccd.png", PNG)]),
    "representative": (
        {
            "requester_kind": "representative",
            "represented_person": "Nguyễn Minh An (12 tuổi)",
            "representative_capacity": "Mẹ, người giám hộ",
        },
        [("giay-khai-sinh.jpg", JPEG)],
    ),
    "organisation_typed": (
        {
            "requester_kind": "organisation",
            "organisation_name": "Hội Nông dân xã Mèo Vạc",
            "members_text": "Vàng Seo Dìn; cccd; 002190012345; Kiểm tra quyền lợi\n"
            "Giàng Thị Mỷ; CMND; 123456789; Kiểm tra hỗ trợ nhà ở\n",
        },
        [],
    ),
    "organisation_csv": (
        {"requester_kind": "organisation", "organisation_name": "Hội Nông dân xã Mèo Vạc"},
        [],
    ),
    "conditional_with_consent": (
        {"conditional_information": "on"},
        [("dong-y-mau-06.pdf", PDF)],
    ),
}
MEMBERS_CSV = (
    "Vàng Seo Dìn,cccd,002190012345,Kiểm tra quyền lợi\r\n"
    "Giàng Thị Mỷ,passport,B1234567,Kiểm tra hỗ trợ nhà ở\r\n"
).encode("utf-8-sig")


def post(client, data: dict, files=(), lang: str = "vi"):
    payload = dict(data)
    if files:
        payload["attachments"] = [upload(name, content) for name, content in files]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang  # the language switch's choice
    return client.post(reverse("portal:submit"), payload)


@pytest.mark.parametrize("kind", KINDS)
def test_a_citizen_submits_the_form(as_citizen, citizen, agency, kind):
    overrides, files = KINDS[kind]
    data = form_data(agency, **overrides)
    if kind == "organisation_csv":
        data["members_csv"] = upload("thanh-vien.csv", MEMBERS_CSV, "text/csv")

    response = post(as_citizen, data, files)

    info = InformationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:received", args=[info.tracking_code])
    assert (info.state, info.channel, info.requester_user) == ("received", "electronic", citizen)
    assert info.register_number and len(info.tracking_code) == 10
    assert open_task_names(info) == ["review"]  # the process started, waiting for the review
    for field in ("requester_name", "requester_address", "information_requested", "email", "fax"):
        assert getattr(info, field) == data[field]
    assert (info.id_number, info.phone, info.copies) == ("001190123456", "0912 345 678", 2)
    assert (info.provision_form, info.requester_kind) == ("paper_copy", data["requester_kind"])
    assert info.represented_person == data["represented_person"]
    assert info.representative_capacity == data["representative_capacity"]
    assert info.conditional_information is (kind == "conditional_with_consent")
    if kind.startswith("organisation"):
        # Through the instances: values_list() gives the row-bound ciphertext as stored.
        members = [(m.full_name, m.id_number) for m in info.members.order_by("id")]
        assert members[0] == ("Vàng Seo Dìn", "002190012345")
        assert len(members) == 2
    stored = list(RequestAttachment.objects.filter(request=info).order_by("id"))
    assert [a.name for a in stored] == [name for name, _content in files]
    for row, (name, content) in zip(stored, files, strict=True):
        assert row.sha256 == hashlib.sha256(content).hexdigest()
        assert row.size == len(content) and name not in row.file.name
        assert row.kind == ("consent" if kind == "conditional_with_consent" else "other")
        with row.file.open("rb") as f:
            assert f.read() == content

    receipt = as_citizen.get(response["Location"])
    assert receipt.status_code == 200
    page = receipt.content.decode()
    assert info.register_number in page and info.tracking_code in page
    with override("vi"):
        assert escape(gettext("Why these dates?")) in page
        deadlines = [(r, r.citizen_explanation()) for _label, r in provisional_deadlines(info)]
    assert len(deadlines) == 2  # simple and complex information
    for result, explanation in deadlines:
        for milestone in result.milestones:
            assert milestone.due.strftime("%d/%m/%Y") in page
        for line in explanation:
            assert escape(line) in page


def errors_of(response) -> dict[str, list[str]]:
    return {k: list(v) for k, v in response.context["form"].errors.items()}


ORGANISATION = {"requester_kind": "organisation", "organisation_name": "Hội Nông dân"}
INVALID = {
    "empty": (
        {
            **{k: "" for k in ("agency", "requester_name", "requester_address", "id_number")},
            **{k: "" for k in ("id_document_type", "information_requested", "provision_form")},
            **{"copies": "", "reason_purpose": ""},
        },
        {
            "agency",
            "requester_name",
            "requester_address",
            "id_document_type",
            "id_number",
            "information_requested",
            "provision_form",
            "copies",
            "reason_purpose",
        },
    ),
    "malformed": (
        {
            "agency": "999999",
            "id_number": "0011901234",
            "email": "hoa@",
            "copies": "0",
            "provision_form": "bo-cau",
            "phone": "0" * 31,
            "fax": "0" * 31,
        },
        {"agency", "id_number", "email", "copies", "provision_form", "phone", "fax"},
    ),
    "old_id_card": ({"id_document_type": "cmnd", "id_number": "1234567890"}, {"id_number"}),
    "passport": ({"id_document_type": "passport", "id_number": "B12"}, {"id_number"}),
    "representative": (
        {"requester_kind": "representative"},
        {"represented_person", "representative_capacity"},
    ),
    "organisation_empty": (
        {"requester_kind": "organisation"},
        {"organisation_name", "members_text"},
    ),
    "member_id": ({**ORGANISATION, "members_text": "Dìn; cccd; 0021; Lý do"}, {"members_text"}),
    "member_line": ({**ORGANISATION, "members_text": "Vàng Seo Dìn"}, {"members_text"}),
    "members_csv": (
        {**ORGANISATION, "members_csv": b"Gi\xe0ng Th\xef,cccd,002190012345,L\xfd do"},
        {"members_text"},
    ),
    "consent": ({"conditional_information": "on"}, {"attachments"}),
}


@pytest.mark.parametrize("case", INVALID)
def test_every_invalid_field_gets_its_own_message_and_nothing_is_lost(as_citizen, agency, case):
    overrides, fields = INVALID[case]
    data = form_data(agency, **overrides)
    answers, errors = {}, {}
    for lang in ("vi", "en"):
        sent = dict(data)
        if isinstance(sent.get("members_csv"), bytes):
            sent["members_csv"] = upload("thanh-vien.csv", sent["members_csv"], "text/csv")
        answers[lang] = post(as_citizen, sent, lang=lang)
        assert answers[lang].status_code == 200
        with override(lang):  # form errors are lazy: read them in the answer's language
            errors[lang] = errors_of(answers[lang])

    vi, en = errors["vi"], errors["en"]
    assert set(vi) == fields, vi
    for field in fields:
        assert len(vi[field]) >= 1 and len(vi[field]) == len(en[field])
        for message_vi, message_en in zip(vi[field], en[field], strict=True):
            if message_vi == message_en:
                # Not in the catalogue yet (it is being updated; tests/tooling/test_translations.py
                # catches that): the error and the kept values are still checked here.
                warnings.warn(f"not yet in Vietnamese ({field}): {message_en}", stacklevel=1)
            assert escape(message_vi) in answers["vi"].content.decode()
    kept = answers["vi"].context["form"].data
    page = answers["vi"].content.decode()
    for name, value in data.items():
        if isinstance(value, str):
            assert kept[name] == value
            if value and name not in ("agency", "id_document_type", "requester_kind"):
                assert escape(value) in page, name
    assert not InformationRequest.objects.exists()
    assert not SubmissionToken.objects.exists() and not RequestAttachment.objects.exists()


def test_the_same_token_twice_gives_one_request_and_the_same_receipt(as_citizen, agency):
    data = form_data(agency, token="double-click")
    first = post(as_citizen, data, [("don.pdf", PDF)])
    second = post(as_citizen, data, [("don.pdf", PDF)])

    info = InformationRequest.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert first["Location"] == reverse("portal:received", args=[info.tracking_code])
    assert RequestAttachment.objects.count() == 1 and SubmissionToken.objects.count() == 1
    post(as_citizen, form_data(agency, token="another-form"))
    assert InformationRequest.objects.count() == 2  # a new form is a new request


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so no real race",
)
@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_token_at_the_same_moment_give_one_request(citizen, agency):
    data = form_data(agency, token="two-tabs")
    clients = [signed_in(citizen), signed_in(citizen)]
    barrier = threading.Barrier(2)
    answers: list = [None, None]

    def run(i):
        try:
            barrier.wait(timeout=30)
            answers[i] = post(clients[i], data, [("don.pdf", PDF)])
        except Exception as exc:
            answers[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    info = InformationRequest.objects.get()
    assert [a.status_code for a in answers] == [302, 302], answers
    receipt = reverse("portal:received", args=[info.tracking_code])
    assert [a["Location"] for a in answers] == [receipt, receipt]
    assert RequestAttachment.objects.count() == 1
    assert info.register_seq == 1  # the loser's register number was given back


def test_too_many_submissions_answer_429_with_a_message(as_citizen, agency, settings):
    settings.PORTAL_SUBMIT_LIMIT = 2
    assert post(as_citizen, {"token": "a"}).status_code == 200
    assert post(as_citizen, {"token": "b"}).status_code == 200
    refused = post(as_citizen, form_data(agency, token="c"))

    assert refused.status_code == 429
    with override("vi"):
        message = gettext("Too many attempts. Please wait a while and try again.")
    assert escape(message) in refused.content.decode()
    assert not InformationRequest.objects.exists()
    assert as_citizen.get(reverse("portal:submit")).status_code == 200  # reading is not limited


def test_a_request_over_its_length_limit_is_refused_with_a_message_and_kept(as_citizen, agency):
    """Outside test #17.2: 1 MB in `information_requested` was accepted, and drawing its receipt
    held SQLite's write lock past the timeout. The limit (4,000 characters, about two typed A4
    pages; DOMAIN §2) is checked before any work: nothing is stored."""
    long_text = "Quyết định về quy hoạch đất " * 40_000  # about 1 MB
    response = post(as_citizen, form_data(agency, information_requested=long_text))
    assert response.status_code == 200
    [message] = errors_of(response)["information_requested"]
    assert "tối đa 4000" in message, message
    assert response.context["form"]["information_requested"].value() == long_text
    assert not InformationRequest.objects.exists()


def test_the_service_refuses_an_over_long_text_whoever_calls_it(citizen, agency):
    data = request_data(information_requested="x" * 4001, reason_purpose="y" * 2001)
    with pytest.raises(services.InvalidInput) as refused:
        services.request_receive(
            agency=agency, data=data, channel="electronic", actor=citizen, requester_user=citizen
        )
    assert set(refused.value.errors) == {"information_requested", "reason_purpose"}
    assert "4.000" in refused.value.errors["information_requested"]
    assert not InformationRequest.objects.exists()


def test_after_an_error_the_form_names_the_files_to_choose_again(as_citizen, agency):
    """Issue #15.7: a browser cannot be handed a file back; the page says which to choose again."""
    data = form_data(agency, id_number="12345")
    answer = post(as_citizen, data, [("cccd-mat-truoc.pdf", PDF)])
    page = answer.content.decode()
    assert answer.status_code == 200 and 'id="choose-files-again"' in page
    assert "Hãy chọn lại tệp" in page and "cccd-mat-truoc.pdf" in page
    assert (
        'id="choose-files-again"' not in as_citizen.get(reverse("portal:submit")).content.decode()
    )
