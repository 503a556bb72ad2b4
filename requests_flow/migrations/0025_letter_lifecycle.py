"""The letter's life (issue #13, DOMAIN §7.1): status, who drafted, approved, signed and issued
it, numbers given at issue only, the external register's number, and how a member signs."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0024_letter_verification_code"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="letter",
            options={
                "ordering": ["id"],
                "verbose_name": "letter",
                "verbose_name_plural": "letters",
            },
        ),
        migrations.AddField(
            model_name="agencymembership",
            name="signing_authority",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="authority signed for (e.g. GIÁM ĐỐC)"
            ),
        ),
        migrations.AddField(
            model_name="agencymembership",
            name="signing_prefix",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "none (signs as the head)"),
                    ("TM.", "TM."),
                    ("KT.", "KT."),
                    ("Q.", "Q."),
                    ("TL.", "TL."),
                    ("TUQ.", "TUQ."),
                ],
                max_length=5,
                verbose_name="authority prefix when signing",
            ),
        ),
        migrations.AddField(
            model_name="agencymembership",
            name="signing_title",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="title when signing (e.g. PHÓ GIÁM ĐỐC)"
            ),
        ),
        migrations.AddField(
            model_name="letter",
            name="approved_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="approved at"),
        ),
        migrations.AddField(
            model_name="letter",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="letter",
            name="drafted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="drafted at"),
        ),
        migrations.AddField(
            model_name="letter",
            name="drafted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="letter",
            name="external_number",
            field=models.CharField(
                blank=True, max_length=50, verbose_name="number in the agency's register"
            ),
        ),
        migrations.AddField(
            model_name="letter",
            name="signed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="signed at"),
        ),
        migrations.AddField(
            model_name="letter",
            name="signing",
            field=models.CharField(
                blank=True,
                choices=[("digital", "Digital signature"), ("paper", "Signed on paper, scanned")],
                max_length=10,
                verbose_name="signature",
            ),
        ),
        migrations.AddField(
            model_name="letter",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("approved", "Approved, awaiting signature"),
                    ("signed", "Signed, awaiting the clerk"),
                    ("numbered", "Numbered, awaiting the signed scan"),
                    ("issued", "Issued"),
                    ("cancelled", "Draft cancelled"),
                ],
                default="issued",
                max_length=20,
                verbose_name="status",
            ),
        ),
        # Every letter before this migration was issued at once; new letters start as drafts.
        migrations.AlterField(
            model_name="letter",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("approved", "Approved, awaiting signature"),
                    ("signed", "Signed, awaiting the clerk"),
                    ("numbered", "Numbered, awaiting the signed scan"),
                    ("issued", "Issued"),
                    ("cancelled", "Draft cancelled"),
                ],
                default="draft",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="agencymembership",
            name="role",
            field=models.CharField(
                choices=[
                    ("focal_officer", "Focal officer"),
                    ("focal_head", "Head of focal unit"),
                    ("leader", "Leader"),
                    ("supervisor", "Supervisor"),
                    ("clerk", "Clerk"),
                ],
                max_length=30,
                verbose_name="role",
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="issued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="issued at"),
        ),
        migrations.AlterField(
            model_name="letter",
            name="number",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="letter",
            name="year",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year"),
        ),
    ]
