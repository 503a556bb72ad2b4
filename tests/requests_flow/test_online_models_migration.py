"""portal 0006 + requests_flow 0017 move RequestAttachment, SubmissionToken and AccessCode from
portal to requests_flow in the migration state only: rows written before are read after, with
the same ids, from the same tables; their content types follow; and migrating back restores the
portal models over the same rows."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from requests_flow.models import AccessCode, RequestAttachment, SubmissionToken

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("requests_flow", "0016_row_bound_encryption"),
    ("portal", "0005_row_bound_attachments"),
]
MODELS = ("requestattachment", "submissiontoken", "accesscode")


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def old_rows(apps, agency_pk: int) -> dict[str, int]:
    """One row of each model as portal held them; their ids by model name."""
    now = timezone.now()
    request = apps.get_model("requests_flow", "InformationRequest").objects.create(
        agency_id=agency_pk,
        register_year=2026,
        register_seq=1,
        tracking_code="MOVE00001",
        requester_name="Nguyễn Thị Hoa",
        requester_address="Tổ 7",
        information_requested="Quyết định",
        provision_form="email",
        reason_purpose="Lý do",
        channel="electronic",
        received_at=now,
    )
    attachment = apps.get_model("portal", "RequestAttachment").objects.create(
        request=request,
        kind="consent",
        file="attachments/1/kept",
        name="dong-y.pdf",
        content_type="application/pdf",
        size=3,
        sha256="a" * 64,
        uploaded_at=now,
    )
    token = apps.get_model("portal", "SubmissionToken").objects.create(token="t1", request=request)
    code = apps.get_model("portal", "AccessCode").objects.create(
        request=request, code_hash="c" * 64, expires_at=now + timedelta(hours=1)
    )
    return {
        "requestattachment": attachment.pk,
        "submissiontoken": token.pk,
        "accesscode": code.pk,
        "request": request.pk,
    }


def content_type_ids(app_label: str) -> dict[str, int]:
    return dict(
        ContentType.objects.filter(app_label=app_label, model__in=MODELS).values_list("model", "pk")
    )


def test_rows_and_content_types_survive_the_move_and_its_reversal(agency):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    # The content types as a database migrated before the move has them.
    ContentType.objects.filter(app_label="requests_flow", model__in=MODELS).delete()
    for model in MODELS:
        ContentType.objects.get_or_create(app_label="portal", model=model)
    portal_types = content_type_ids("portal")
    migrate(BEFORE)
    ids = old_rows(MigrationExecutor(connection).loader.project_state(BEFORE).apps, agency.pk)

    migrate(latest)
    attachment = RequestAttachment.objects.get(pk=ids["requestattachment"])
    assert (attachment.request_id, attachment.name, attachment.file.name) == (
        ids["request"],
        "dong-y.pdf",
        "attachments/1/kept",
    )
    assert SubmissionToken.objects.get(pk=ids["submissiontoken"]).token == "t1"
    assert AccessCode.objects.get(pk=ids["accesscode"]).code_hash == "c" * 64
    assert content_type_ids("requests_flow") == portal_types  # same rows, so same permissions
    assert content_type_ids("portal") == {}

    migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    assert old.get_model("portal", "RequestAttachment").objects.get().pk == ids["requestattachment"]
    assert old.get_model("portal", "AccessCode").objects.get().pk == ids["accesscode"]
    assert content_type_ids("portal") == portal_types
    migrate(latest)
