"""RequestAttachment, SubmissionToken and AccessCode move from portal to requests_flow: they belong
to the request, and requests_flow (retention, the back office) must not import portal.

State only. portal 0005 forgets the three models, this migration declares them here, and the
database is not touched: each model names its old table in Meta.db_table (portal_requestattachment,
portal_submissiontoken, portal_accesscode). The tables were kept rather than renamed because a
rename would reach past the schema: the backup drill and any restore of an older dump, the
operators' queries and the encrypted-file migrations all know these names, while keeping them
costs one line per model. Rows, ids and files stay exactly as they were.

The content types follow the models (app_label portal -> requests_flow), so permissions and admin
log entries already pointing at them keep pointing at them. Reversible."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import requests_flow.fields
import requests_flow.models.online

MOVED = ("accesscode", "requestattachment", "submissiontoken")


def move_content_types(apps, schema_editor, source="portal", target="requests_flow") -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            ContentType.objects.using(db).filter(app_label=source, model=model).update(
                app_label=target
            )


def move_content_types_back(apps, schema_editor) -> None:
    move_content_types(apps, schema_editor, source="requests_flow", target="portal")


ATTACHMENT_KINDS = [
    ("consent", "Written consent of the person concerned (Form 06)"),
    ("members", "List of members of the organisation"),
    ("supplement", "Completion of the request"),
    ("payment", "Proof of payment"),
    ("other", "Other document"),
]


def _id():
    return models.BigAutoField(
        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
    )


def _request(**kwargs):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE,
        to="requests_flow.informationrequest",
        **kwargs,
    )


STATE = [
    migrations.CreateModel(
        name="AccessCode",
        fields=[
            ("id", _id()),
            ("code_hash", models.CharField(max_length=64, unique=True)),
            ("expires_at", models.DateTimeField(verbose_name="expires at")),
            ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="used at")),
            ("created_at", models.DateTimeField(auto_now_add=True)),
            ("request", _request(related_name="access_codes")),
        ],
        options={
            "verbose_name": "one-time access code",
            "verbose_name_plural": "one-time access codes",
            "db_table": "portal_accesscode",
        },
    ),
    migrations.CreateModel(
        name="RequestAttachment",
        fields=[
            ("id", _id()),
            (
                "kind",
                models.CharField(choices=ATTACHMENT_KINDS, max_length=20, verbose_name="kind"),
            ),
            (
                "file",
                models.FileField(
                    storage=requests_flow.fields.encrypted_storage,
                    upload_to=requests_flow.models.online.attachment_upload_to,
                    verbose_name="file",
                ),
            ),
            ("name", requests_flow.fields.EncryptedTextField(verbose_name="file name")),
            ("row_uid", requests_flow.fields.row_uid_field()),
            ("content_type", models.CharField(max_length=100, verbose_name="content type")),
            ("size", models.PositiveIntegerField(verbose_name="size (bytes)")),
            ("sha256", models.CharField(max_length=64, verbose_name="checksum (SHA-256)")),
            ("uploaded_at", models.DateTimeField(verbose_name="uploaded at")),
            ("request", _request(related_name="attachments")),
            (
                "uploaded_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "attachment",
            "verbose_name_plural": "attachments",
            "db_table": "portal_requestattachment",
            "ordering": ["uploaded_at", "id"],
        },
    ),
    migrations.CreateModel(
        name="SubmissionToken",
        fields=[
            ("id", _id()),
            ("token", models.CharField(max_length=64, unique=True)),
            ("created_at", models.DateTimeField(auto_now_add=True)),
            (
                "request",
                models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to="requests_flow.informationrequest",
                ),
            ),
        ],
        options={"db_table": "portal_submissiontoken"},
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0016_row_bound_encryption"),
        # portal forgets the models first: the two apps never declare the same table at once.
        ("portal", "0006_request_models_to_requests_flow"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=STATE, database_operations=[]),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
