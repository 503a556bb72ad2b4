"""Encrypted values bound to their row and files to their storage name (issue #16.7): a value
round-trips through the model, but a ciphertext copied into another row (or file bytes copied
over another file) is refused with DecryptionFailed instead of showing the first row's data."""

import pytest
from django.db import connection, transaction

from portal import services as portal_services
from requests_flow import crypto
from requests_flow.models import InformationRequest, RequestAttachment, RequestMember
from tests.helpers import request_data
from tests.portal.support import JPEG, jpeg_bytes

pytestmark = pytest.mark.django_db

FIRST, SECOND = "079190004321", "001190123456"


def submit(agency, citizen, token: str, id_number: str, image: bytes) -> InformationRequest:
    request, _new = portal_services.request_submit_online(
        token=token,
        agency=agency,
        data=request_data(id_number=id_number),
        user=citizen,
        files=[(f"cccd-{id_number}.jpg", "image/jpeg", image)],
    )
    return request


def copy_column(table: str, column: str, source: int, target: int) -> None:
    """What someone with write access to the database alone could do."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = (SELECT {column} FROM {table} WHERE id = %s) "  # noqa: S608
            "WHERE id = %s",
            [source, target],
        )


def test_values_round_trip_and_are_stored_bound_to_their_row(agency, citizen):
    request = submit(agency, citizen, "bind-1", FIRST, JPEG)
    member = RequestMember.objects.bulk_create(
        [
            RequestMember(
                request=request, full_name="Mỷ", id_document_type="cmnd", id_number="125678943"
            )
        ]
    )[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM requests_flow_informationrequest")
        (stored,) = cursor.fetchone()
    assert stored.startswith("enc2:1:") and FIRST not in stored
    assert InformationRequest.objects.get().id_number == FIRST
    assert RequestMember.objects.get(pk=member.pk).id_number == "125678943"
    again = InformationRequest.objects.get()
    again.save()  # sealed again on every save, still readable
    assert InformationRequest.objects.get().id_number == FIRST
    assert RequestAttachment.objects.get().name == f"cccd-{FIRST}.jpg"


def test_an_id_number_copied_to_another_row_does_not_open(agency, citizen):
    first = submit(agency, citizen, "bind-2", FIRST, JPEG)
    second = submit(agency, citizen, "bind-3", SECOND, jpeg_bytes(b"second"))
    copy_column("requests_flow_informationrequest", "id_number", first.pk, second.pk)

    moved = InformationRequest.objects.get(pk=second.pk)
    with pytest.raises(crypto.DecryptionFailed) as failure:
        moved.id_number  # noqa: B018
    assert FIRST not in str(failure.value)
    assert InformationRequest.objects.get(pk=first.pk).id_number == FIRST
    with pytest.raises(crypto.DecryptionFailed), transaction.atomic():
        moved.save()  # saving reads the value first: a moved one is never sealed anew

    names = list(RequestAttachment.objects.order_by("pk").values_list("pk", flat=True))
    copy_column("portal_requestattachment", "name", names[0], names[1])
    with pytest.raises(crypto.DecryptionFailed):
        RequestAttachment.objects.get(pk=names[1]).name  # noqa: B018


def test_file_bytes_copied_over_another_file_do_not_open(agency, citizen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    submit(agency, citizen, "bind-4", FIRST, JPEG)
    submit(agency, citizen, "bind-5", SECOND, jpeg_bytes(b"second"))
    first, second = RequestAttachment.objects.order_by("pk")
    (tmp_path / second.file.name).write_bytes((tmp_path / first.file.name).read_bytes())
    assert first.file.storage.open(first.file.name).read() == JPEG
    with pytest.raises(crypto.DecryptionFailed):
        second.file.storage.open(second.file.name).read()


def test_update_can_blank_the_column_but_not_write_a_value(agency, citizen):
    request = submit(agency, citizen, "bind-6", FIRST, JPEG)
    rows = InformationRequest.objects.filter(pk=request.pk)
    with pytest.raises(ValueError, match="sealed per row"), transaction.atomic():
        rows.update(id_number=SECOND)
    rows.update(id_number="")
    assert InformationRequest.objects.get().id_number == ""
