"""The audit hash chain, step 1: the columns (empty for the rows already there) and the head."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0006_add_letters_and_signers"),
    ]

    operations = [
        migrations.AddField(
            model_name="requestevent",
            name="seq",
            field=models.PositiveBigIntegerField(
                null=True, verbose_name="position in the audit chain"
            ),
        ),
        migrations.AddField(
            model_name="requestevent",
            name="prev_hash",
            field=models.CharField(
                default="", max_length=64, verbose_name="hash of the previous row"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="requestevent",
            name="row_hash",
            field=models.CharField(default="", max_length=64, verbose_name="hash of this row"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("last_hash", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "audit chain head",
                "verbose_name_plural": "audit chain head",
            },
        ),
    ]
