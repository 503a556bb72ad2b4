"""The migrations that bring encryption to an existing database (DOMAIN §8): rows and files
stored in clear before are encrypted (ID numbers, with their lookup hash; attachment names and
bytes), and migrating backwards gives the clear values back."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from requests_flow import crypto

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("requests_flow", "0009_audit_append_only_trigger"),
    ("portal", "0002_catalogue_permissions"),
]
UNBOUND = [  # encrypted, before the values were bound to their row (issue #16.7)
    ("requests_flow", "0015_roles_from_memberships"),
    ("portal", "0004_rate_limit_cache_table"),
]
ID_NUMBER = "079190004321"
IMAGE = b"\xff\xd8\xff\xfe\x00\x12CCCD 079190004321\xff\xd9"


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def raw(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def old_rows(apps, agency_pk: int) -> str:
    """A request, a member and an attachment as the code before encryption stored them."""
    from django.utils import timezone

    request = apps.get_model("requests_flow", "InformationRequest").objects.create(
        agency_id=agency_pk,
        register_year=2026,
        register_seq=1,
        tracking_code="MIGRATE001",
        requester_name="Nguyễn Thị Hoa",
        requester_address="Tổ 7",
        id_document_type="cccd",
        id_number=ID_NUMBER,
        information_requested="Quyết định",
        provision_form="email",
        reason_purpose="Lý do",
        channel="electronic",
        received_at=timezone.now(),
    )
    apps.get_model("requests_flow", "RequestMember").objects.create(
        request=request, full_name="Mỷ", id_document_type="cmnd", id_number="125678943"
    )
    name = f"attachments/{agency_pk}/old-file"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(IMAGE)
    apps.get_model("portal", "RequestAttachment").objects.create(
        request=request,
        kind="other",
        file=name,
        name=f"cccd-{ID_NUMBER}.jpg",
        content_type="image/jpeg",
        size=len(IMAGE),
        sha256="0" * 64,
        uploaded_at=timezone.now(),
    )
    return name


def assert_bound_and_readable(media: Path, name: str) -> None:
    """Migration 0016 / portal 0005: enc2 values bound to their row, read the same through the
    models; the file bound to its name."""
    from requests_flow.models import InformationRequest, RequestAttachment, RequestMember

    for table in ("requests_flow_informationrequest", "requests_flow_requestmember"):
        assert raw(f"SELECT id_number FROM {table}")[0][0].startswith("enc2:1:")  # noqa: S608
    assert raw("SELECT name FROM portal_requestattachment")[0][0].startswith("enc2:1:")
    assert InformationRequest.objects.get().id_number == ID_NUMBER
    assert RequestMember.objects.get().id_number == "125678943"
    attachment = RequestAttachment.objects.get()
    assert attachment.name == f"cccd-{ID_NUMBER}.jpg"
    assert (media / name).read_bytes().startswith(b"TCENC2")
    assert attachment.file.read() == IMAGE
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_bytes((media / name).read_bytes(), "attachments/other")


def test_existing_rows_and_files_are_encrypted_and_decrypted_back(agency, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate(BEFORE)
    name = old_rows(MigrationExecutor(connection).loader.project_state(BEFORE).apps, agency.pk)

    migrate(UNBOUND)
    (stored, hashed) = raw(
        "SELECT id_number, id_number_hash FROM requests_flow_informationrequest"
    )[0]
    (member,) = raw("SELECT id_number FROM requests_flow_requestmember")[0]
    (attachment_name,) = raw("SELECT name FROM portal_requestattachment")[0]
    assert stored.startswith("enc1:") and ID_NUMBER not in stored
    assert member.startswith("enc1:") and crypto.decrypt_text(member) == "125678943"
    assert hashed == crypto.id_number_hash(ID_NUMBER)
    assert attachment_name.startswith("enc1:") and ID_NUMBER not in attachment_name
    on_disk = (tmp_path / name).read_bytes()
    assert on_disk.startswith(b"TCENC1") and crypto.decrypt_bytes(on_disk) == IMAGE

    migrate(latest)
    assert_bound_and_readable(tmp_path, name)
    migrate(UNBOUND)  # backwards: enc1 and TCENC1 again, still the same values
    (member,) = raw("SELECT id_number FROM requests_flow_requestmember")[0]
    assert member.startswith("enc1:") and crypto.decrypt_text(member) == "125678943"
    assert (tmp_path / name).read_bytes().startswith(b"TCENC1")
    migrate(latest)
    assert_bound_and_readable(tmp_path, name)

    migrate(BEFORE)
    assert raw("SELECT id_number FROM requests_flow_informationrequest")[0][0] == ID_NUMBER
    assert raw("SELECT name FROM portal_requestattachment")[0][0] == f"cccd-{ID_NUMBER}.jpg"
    assert (tmp_path / name).read_bytes() == IMAGE
    migrate(latest)
