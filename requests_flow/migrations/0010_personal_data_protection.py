"""ID numbers encrypted at rest with a keyed hash for exact lookup, consent documents sealed
on disk, and the mark of erasure after the retention period (DOMAIN §8). The data steps are
reversible: backwards, every value and file is decrypted again before the column goes back to
varchar(20)."""

from django.db import migrations, models

import requests_flow.fields
import requests_flow.models.request
from requests_flow import crypto
from requests_flow.crypto_migrate import (
    open_text,
    rewrite_files,
    rewrite_rows,
    seal_bytes,
    seal_text,
)

MODELS = ("informationrequest", "requestmember")


def encrypt_existing(apps, schema_editor) -> None:
    def seal(row: dict) -> dict:
        plain = open_text(row["id_number"] or "")
        return {"id_number": seal_text(plain), "id_number_hash": crypto.id_number_hash(plain)}

    for name in MODELS:
        rewrite_rows(schema_editor, apps.get_model("requests_flow", name), ("id_number",), seal)
    rewrite_files(
        apps.get_model("requests_flow", "informationrequest"), "consent_document", seal_bytes
    )


def decrypt_existing(apps, schema_editor) -> None:
    def unseal(row: dict) -> dict:
        return {"id_number": open_text(row["id_number"] or ""), "id_number_hash": ""}

    for name in MODELS:
        rewrite_rows(schema_editor, apps.get_model("requests_flow", name), ("id_number",), unseal)
    rewrite_files(
        apps.get_model("requests_flow", "informationrequest"),
        "consent_document",
        crypto.decrypt_bytes,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0009_audit_append_only_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name="informationrequest",
            name="id_number_hash",
            field=requests_flow.fields.KeyedHashField(
                blank=True, db_index=True, editable=False, max_length=64, source="id_number"
            ),
        ),
        migrations.AddField(
            model_name="requestmember",
            name="id_number_hash",
            field=requests_flow.fields.KeyedHashField(
                blank=True, db_index=True, editable=False, max_length=64, source="id_number"
            ),
        ),
        migrations.AlterField(
            model_name="informationrequest",
            name="id_number",
            field=requests_flow.fields.EncryptedTextField(verbose_name="identity document number"),
        ),
        migrations.AlterField(
            model_name="requestmember",
            name="id_number",
            field=requests_flow.fields.EncryptedTextField(verbose_name="identity document number"),
        ),
        migrations.AlterField(
            model_name="informationrequest",
            name="consent_document",
            field=models.FileField(
                blank=True,
                storage=requests_flow.fields.encrypted_storage,
                upload_to=requests_flow.models.request.consent_upload_to,
                verbose_name="written consent of the person concerned (Form 06)",
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
        migrations.AddField(
            model_name="informationrequest",
            name="anonymised_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="personal data erased at"
            ),
        ),
    ]
