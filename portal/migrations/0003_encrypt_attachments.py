"""Requesters' attachments (consent documents, ID images, completions) sealed on disk and their
original names encrypted (DOMAIN §8). Reversible: backwards, names and files are decrypted."""

from django.db import migrations, models

import requests_flow.models.online
import requests_flow.fields
from requests_flow import crypto
from requests_flow.crypto_migrate import open_text, rewrite_files, rewrite_rows, seal_bytes, seal_text


def encrypt_existing(apps, schema_editor) -> None:
    model = apps.get_model("portal", "requestattachment")
    rewrite_rows(schema_editor, model, ("name",), lambda row: {"name": seal_text(row["name"])})
    rewrite_files(model, "file", seal_bytes)


def decrypt_existing(apps, schema_editor) -> None:
    model = apps.get_model("portal", "requestattachment")
    rewrite_rows(schema_editor, model, ("name",), lambda row: {"name": open_text(row["name"])})
    rewrite_files(model, "file", crypto.decrypt_bytes)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_catalogue_permissions"),
        ("requests_flow", "0010_personal_data_protection"),
    ]

    operations = [
        migrations.AlterField(
            model_name="requestattachment",
            name="file",
            field=models.FileField(
                storage=requests_flow.fields.encrypted_storage,
                upload_to=requests_flow.models.online.attachment_upload_to,
                verbose_name="file",
            ),
        ),
        migrations.AlterField(
            model_name="requestattachment",
            name="name",
            field=requests_flow.fields.EncryptedTextField(verbose_name="file name"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
