"""Every letter gets a verification code (issue #13 item 4): added nullable, filled for the
letters already issued (each its own code: a field default is evaluated once for all rows), then
made unique and required."""

from django.db import migrations, models

import requests_flow.models.letters


def fill_codes(apps, schema_editor):
    Letter = apps.get_model("requests_flow", "Letter")
    new_code = requests_flow.models.letters.new_verification_code
    for letter in Letter.objects.filter(verification_code__isnull=True).only("pk"):
        Letter.objects.filter(pk=letter.pk).update(verification_code=new_code())


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0023_letter_content"),
    ]

    operations = [
        migrations.AddField(
            model_name="letter",
            name="verification_code",
            field=models.CharField(max_length=16, null=True, verbose_name="verification code"),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="letter",
            name="verification_code",
            field=models.CharField(
                default=requests_flow.models.letters.new_verification_code,
                max_length=16,
                unique=True,
                verbose_name="verification code",
            ),
        ),
    ]
