"""manage.py rotate_data_key (issue #16.7): with two keys configured, every value and file sealed
with the old one is sealed again with the new one, after which the old key can be dropped; a run
is idempotent, and a value whose key is not configured stops it with one readable line."""

import base64
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from portal import services as portal_services
from requests_flow import crypto
from requests_flow.models import InformationRequest, RequestAttachment, RequestMember
from tests.helpers import request_data
from tests.portal.support import JPEG

pytestmark = pytest.mark.django_db

NEW_KEY = base64.b64encode(b"r" * 32).decode()
ID_NUMBER = "079190004321"


def rotate(**options) -> str:
    out = StringIO()
    call_command("rotate_data_key", stdout=out, **options)
    return out.getvalue().strip()


def stored_texts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number FROM requests_flow_informationrequest UNION ALL "
            "SELECT id_number FROM requests_flow_requestmember UNION ALL "
            "SELECT name FROM portal_requestattachment"
        )
        return [value for (value,) in cursor.fetchall()]


@pytest.fixture
def sealed_with_key_1(agency, citizen, tmp_path):
    """A request, a member and two attachments, all sealed with the configured key (id 1)."""
    with override_settings(MEDIA_ROOT=tmp_path):
        for token in ("rotate-1", "rotate-2"):
            request, _new = portal_services.request_submit_online(
                token=token,
                agency=agency,
                data=request_data(id_number=ID_NUMBER),
                user=citizen,
                files=[(f"cccd-{ID_NUMBER}.jpg", "image/jpeg", JPEG)],
            )
        RequestMember.objects.create(
            request=request, full_name="Mỷ", id_document_type="cmnd", id_number="125678943"
        )
        yield tmp_path


def test_rotation_reseals_everything_with_the_new_key_and_the_old_one_can_go(sealed_with_key_1):
    media, old_key = sealed_with_key_1, settings.TIEPCAN_DATA_KEY
    assert all(value.startswith("enc2:1:") for value in stored_texts())
    two_keys = {"TIEPCAN_DATA_KEY": NEW_KEY, "TIEPCAN_DATA_KEY_ID": "2"}
    with override_settings(MEDIA_ROOT=media, TIEPCAN_DATA_KEYS_OLD=f"1:{old_key}", **two_keys):
        assert rotate(batch_size=1) == (
            "current key 2: text values re-encrypted 5, already current 0; "
            "files re-encrypted 2, already current 0, missing 0"
        )
        assert rotate().startswith("current key 2: text values re-encrypted 0, already current 5;")
    with override_settings(MEDIA_ROOT=media, TIEPCAN_DATA_KEYS_OLD="", **two_keys):
        assert all(value.startswith("enc2:2:") for value in stored_texts())
        assert [r.id_number for r in InformationRequest.objects.all()] == [ID_NUMBER] * 2
        assert RequestMember.objects.get().id_number == "125678943"
        for attachment in RequestAttachment.objects.all():
            assert crypto.file_key_id((media / attachment.file.name).read_bytes()) == "2"
            assert attachment.file.read() == JPEG
            assert attachment.name == f"cccd-{ID_NUMBER}.jpg"


def test_a_value_whose_key_is_not_configured_stops_with_one_line(sealed_with_key_1):
    with (
        override_settings(MEDIA_ROOT=sealed_with_key_1, TIEPCAN_DATA_KEY=NEW_KEY),
        override_settings(TIEPCAN_DATA_KEY_ID="2", TIEPCAN_DATA_KEYS_OLD=""),
        pytest.raises(CommandError) as failure,
    ):
        rotate()
    message = str(failure.value)
    assert "\n" not in message and ID_NUMBER not in message
    assert "key id '1'" in message and "TIEPCAN_DATA_KEYS_OLD" in message
    assert message.startswith("Không đổi được khoá / key rotation stopped: requests_flow_")
