"""Encrypted ID numbers bound to their row, consent documents to their file name (issue #16.7).

Each request and member gets a stable row id (`row_uid`, a UUID: see fields.EncryptedTextField
for why not the primary key); then every enc1 value, sealed with one constant associated data
for all rows, is sealed again as enc2 bound to table, column and row id, and every TCENC1
consent file as TCENC2 bound to its storage name. Reversible: backwards, values and files go
back to enc1 / TCENC1 (readable by the code before this migration), then the column is dropped.
"""

from django.db import migrations, models

import requests_flow.fields
from requests_flow.crypto_migrate import bind_rows, fill_row_uids, unbind_rows

MODELS = ("informationrequest", "requestmember")


def fill(apps, schema_editor) -> None:
    for name in MODELS:
        fill_row_uids(apps.get_model("requests_flow", name))


def bind(apps, schema_editor) -> None:
    request = apps.get_model("requests_flow", "informationrequest")
    bind_rows(schema_editor, request, ("id_number",), file_field="consent_document")
    bind_rows(schema_editor, apps.get_model("requests_flow", "requestmember"), ("id_number",))


def unbind(apps, schema_editor) -> None:
    request = apps.get_model("requests_flow", "informationrequest")
    unbind_rows(schema_editor, request, ("id_number",), file_field="consent_document")
    unbind_rows(schema_editor, apps.get_model("requests_flow", "requestmember"), ("id_number",))


def row_uid(**options) -> models.UUIDField:
    return models.UUIDField(
        editable=False, verbose_name="row id of the encrypted values", **options
    )


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0015_roles_from_memberships"),
    ]

    operations = [
        *(migrations.AddField(name, "row_uid", row_uid(null=True)) for name in MODELS),
        migrations.RunPython(fill, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                name, "row_uid", requests_flow.fields.row_uid_field()
            )
            for name in MODELS
        ),
        migrations.RunPython(bind, unbind),
    ]
