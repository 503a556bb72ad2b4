"""Attachments' encrypted names bound to their row, their files to their storage name (issue
#16.7): the companion of requests_flow/0016 for portal.RequestAttachment. Reversible."""

from django.db import migrations, models

import requests_flow.fields
from requests_flow.crypto_migrate import bind_rows, fill_row_uids, unbind_rows


def fill(apps, schema_editor) -> None:
    fill_row_uids(apps.get_model("portal", "requestattachment"))


def bind(apps, schema_editor) -> None:
    model = apps.get_model("portal", "requestattachment")
    bind_rows(schema_editor, model, ("name",), file_field="file")


def unbind(apps, schema_editor) -> None:
    model = apps.get_model("portal", "requestattachment")
    unbind_rows(schema_editor, model, ("name",), file_field="file")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_rate_limit_cache_table"),
        ("requests_flow", "0016_row_bound_encryption"),
    ]

    operations = [
        migrations.AddField(
            "requestattachment",
            "row_uid",
            models.UUIDField(
                editable=False, null=True, verbose_name="row id of the encrypted values"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField("requestattachment", "row_uid", requests_flow.fields.row_uid_field()),
        migrations.RunPython(bind, unbind),
    ]
