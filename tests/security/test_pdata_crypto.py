"""The cipher and the lookup hash (DOMAIN §8): AES-256-GCM values are randomised and
authenticated (a changed byte is refused), carry the id of their key so a new key can be added
while old values stay readable, and ID numbers are found through the keyed hash only."""

import base64
import hashlib
import uuid

import pytest
from django.core.exceptions import FieldError
from django.urls import reverse

from portal import services as portal_services
from requests_flow import crypto
from requests_flow.models import InformationRequest, RequestAttachment
from tests.helpers import request_data
from tests.portal.support import JPEG

NEW_KEY = base64.b64encode(b"n" * 32).decode()
ROW = crypto.text_context("requests_flow_requestmember", "id_number", uuid.uuid4())


def test_values_are_randomised_and_tampering_is_refused():
    first, second = (
        crypto.encrypt_text("079190004321", ROW),
        crypto.encrypt_text("079190004321", ROW),
    )
    assert first != second and first.startswith("enc2:1:")
    assert crypto.decrypt_text(first, ROW) == "079190004321"
    body = bytearray(base64.urlsafe_b64decode(first.split(":", 2)[2]))
    body[-1] ^= 1
    tampered = "enc2:1:" + base64.urlsafe_b64encode(bytes(body)).decode()
    with pytest.raises(crypto.DecryptionFailed) as failure:
        crypto.decrypt_text(tampered, ROW)
    assert "079190004321" not in str(failure.value)
    sealed = bytearray(crypto.encrypt_bytes(JPEG, "attachments/1/a"))
    sealed[-3] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_bytes(bytes(sealed), "attachments/1/a")


def test_a_new_key_seals_new_values_and_old_ones_stay_readable(settings):
    old_value, old_file = crypto.encrypt_text("125678943", ROW), crypto.encrypt_bytes(JPEG, "a/b")
    old_key = settings.TIEPCAN_DATA_KEY
    settings.TIEPCAN_DATA_KEY, settings.TIEPCAN_DATA_KEY_ID = NEW_KEY, "2"
    with pytest.raises(crypto.DecryptionFailed, match="no key with id '1'"):
        crypto.decrypt_text(old_value, ROW)
    settings.TIEPCAN_DATA_KEYS_OLD = f"1:{old_key}"
    assert crypto.encrypt_text("x", ROW).startswith("enc2:2:")
    assert crypto.decrypt_text(old_value, ROW) == "125678943"
    assert crypto.decrypt_bytes(old_file, "a/b") == JPEG


def test_a_value_opens_only_where_it_was_sealed():
    other = crypto.text_context("requests_flow_requestmember", "id_number", uuid.uuid4())
    value = crypto.encrypt_text("125678943", ROW)
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_text(value, other)
    with pytest.raises(crypto.DecryptionFailed, match="without its row"):
        crypto.decrypt_text(value)
    sealed = crypto.encrypt_bytes(JPEG, "attachments/1/a")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_bytes(sealed, "attachments/1/b")
    legacy = crypto.encrypt_text_v1("125678943")  # enc1: constant associated data, still read
    assert legacy.startswith("enc1:1:") and crypto.decrypt_text(legacy, other) == "125678943"
    assert crypto.decrypt_bytes(crypto.encrypt_bytes(JPEG), "any/name") == JPEG


def test_the_lookup_hash_is_keyed_and_ignores_separators(settings):
    hashed = crypto.id_number_hash("079 190 004 321")
    assert (
        hashed == crypto.id_number_hash("079190004321") == crypto.id_number_hash("079.190.004.321")
    )
    assert hashed != hashlib.sha256(b"079190004321").hexdigest()  # not guessable without the key
    settings.TIEPCAN_HASH_KEY = NEW_KEY
    assert crypto.id_number_hash("079190004321") != hashed


@pytest.mark.django_db
def test_requests_are_found_by_hash_and_never_by_comparing_ciphertext(agency, citizen):
    request, _new = portal_services.request_submit_online(
        token="crypto-1",
        agency=agency,
        data=request_data(id_number="079 190 004 321"),
        user=citizen,
        files=[("cccd.jpg", "image/jpeg", JPEG)],
    )
    found = InformationRequest.objects.filter(id_number_hash=crypto.id_number_hash("079190004321"))
    assert list(found) == [request] and found.get().id_number == "079190004321"
    with pytest.raises(FieldError):
        InformationRequest.objects.filter(id_number="079190004321").count()


@pytest.mark.django_db
def test_the_download_view_streams_the_plaintext_that_was_checked(client, agency, citizen):
    portal_services.request_submit_online(
        token="crypto-2",
        agency=agency,
        data=request_data(),
        user=citizen,
        files=[("cccd.jpg", "image/jpeg", JPEG)],
    )
    row = RequestAttachment.objects.get()
    client.force_login(citizen)
    response = client.get(reverse("portal:attachment", args=[row.pk]))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and body == JPEG
    assert hashlib.sha256(body).hexdigest() == row.sha256 and int(
        response["Content-Length"]
    ) == len(JPEG)
