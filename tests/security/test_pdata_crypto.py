"""The cipher and the lookup hash (DOMAIN §8): AES-256-GCM values are randomised and
authenticated (a changed byte is refused), carry the id of their key so a new key can be added
while old values stay readable, and ID numbers are found through the keyed hash only."""

import base64
import hashlib

import pytest
from django.core.exceptions import FieldError
from django.urls import reverse

from portal import services as portal_services
from requests_flow import crypto
from requests_flow.models import InformationRequest, RequestAttachment
from tests.helpers import request_data
from tests.portal.support import JPEG

NEW_KEY = base64.b64encode(b"n" * 32).decode()


def test_values_are_randomised_and_tampering_is_refused():
    first, second = crypto.encrypt_text("079190004321"), crypto.encrypt_text("079190004321")
    assert first != second and first.startswith("enc1:1:")
    assert crypto.decrypt_text(first) == "079190004321"
    body = bytearray(base64.urlsafe_b64decode(first.split(":", 2)[2]))
    body[-1] ^= 1
    tampered = "enc1:1:" + base64.urlsafe_b64encode(bytes(body)).decode()
    with pytest.raises(crypto.DecryptionFailed) as failure:
        crypto.decrypt_text(tampered)
    assert "079190004321" not in str(failure.value)
    sealed = bytearray(crypto.encrypt_bytes(JPEG))
    sealed[-3] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_bytes(bytes(sealed))


def test_a_new_key_seals_new_values_and_old_ones_stay_readable(settings):
    old_value, old_file = crypto.encrypt_text("125678943"), crypto.encrypt_bytes(JPEG)
    old_key = settings.TIEPCAN_DATA_KEY
    settings.TIEPCAN_DATA_KEY, settings.TIEPCAN_DATA_KEY_ID = NEW_KEY, "2"
    with pytest.raises(crypto.DecryptionFailed, match="no key with id '1'"):
        crypto.decrypt_text(old_value)
    settings.TIEPCAN_DATA_KEYS_OLD = f"1:{old_key}"
    assert crypto.encrypt_text("x").startswith("enc1:2:")
    assert crypto.decrypt_text(old_value) == "125678943"
    assert crypto.decrypt_bytes(old_file) == JPEG


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
