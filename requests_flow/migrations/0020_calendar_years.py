"""Which years' calendars an official notice fixes (DOMAIN §4.1), and who confirmed each.

2018-2026 are confirmed here, each with the Government's notices fixing Tết, the National Day's
second day and the swaps of working days for civil servants (cán bộ, công chức, viên chức); 2027
and later stay projected until an administrator confirms them. The 2026 New Year swap of
migration 0012 now cites the Government Office's document that decided it. The administrators'
group may confirm years. Literal rows, so this migration means the same thing forever.

Checked against holidays 0.108 (tests/requests_flow/test_calendar_years.py compares every
weekday off and every worked Saturday of 2018-2026 with these notices): the 2026 New Year swap
(0012) is the only one the package lacks. Sources, as published (numbers and dates from the
press and legal databases that quote the documents; the documents themselves were not read):
- 2018: Thông báo 573/TB-VPCP, 14/12/2017 (lawnet.vn).
- 2019: Công văn 6519/VPCP-KGVX, 11/7/2018 (thuvienphapluat.vn); Thông báo 3238/TB-LĐTBXH
  (baonghean.vn, 11/9/2018).
- 2020: Thông báo 4544/TB-LĐTBXH, 25/10/2019 (lawnet.vn).
- 2021: Thông báo 4875/TB-LĐTBXH (khoahocdoisong.vn).
- 2022: Công văn 245/VPCP-KGVX, 11/01/2022 (english.luatvietnam.vn).
- 2023: Công văn 8056/VPCP-KGVX, 01/12/2022 (truyenhinhnghean.vn, langngheviet.com.vn).
- 2024: Công văn 8662/VPCP-KGVX, 03/11/2023 (baotintuc.vn); Thông báo 5014/TB-LĐTBXH,
  22/11/2023; Công văn 2450/VPCP-KGVX, 12/4/2024 (baophapluat.vn, baotintuc.vn).
- 2025: Công văn 8726/VPCP-KGVX, 26/11/2024 (vietnam.vn); Thông báo 6150/TB-LĐTBXH (2024)
  (thuvienphapluat.vn, cited by the holidays package).
- 2026: Công văn 9859/VPCP-KGVX, 13/10/2025 (vietnamnews.vn); Công văn 12729/VPCP-KGVX,
  25/12/2025 (vietnam.vnanet.vn, en.sggp.org.vn); 24/11 from Resolution 80-NQ/TW (law-research
  §6.1, the Labour Code amendment unconfirmed).
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# (year, notice numbers, what they fix). The worked Saturdays and swapped days off are those of
# the holidays package and of migration 0012; the numbers are what an administrator would type.
YEARS = [
    (
        2018,
        "573/TB-VPCP",
        "Thông báo 573/TB-VPCP ngày 14/12/2017 của Văn phòng Chính phủ: Tết Âm lịch từ 14/02 "
        "đến hết 20/02/2018; Quốc khánh 02/9 và nghỉ bù thứ Hai 03/9/2018.",
    ),
    (
        2019,
        "6519/VPCP-KGVX; 3238/TB-LĐTBXH",
        "Công văn 6519/VPCP-KGVX ngày 11/7/2018; Thông báo 3238/TB-LĐTBXH: nghỉ thứ Hai "
        "31/12/2018, làm bù thứ Bảy 05/01/2019; Tết Âm lịch từ 04/02 đến hết 08/02/2019; nghỉ "
        "thứ Hai 29/4, làm bù thứ Bảy 04/5/2019.",
    ),
    (
        2020,
        "4544/TB-LĐTBXH",
        "Thông báo 4544/TB-LĐTBXH ngày 25/10/2019: Tết Âm lịch từ 23/01 đến hết 29/01/2020.",
    ),
    (
        2021,
        "4875/TB-LĐTBXH",
        "Thông báo 4875/TB-LĐTBXH: Tết Âm lịch từ 10/02 đến hết 16/02/2021; Quốc khánh 02/9 và "
        "03/9/2021.",
    ),
    (
        2022,
        "245/VPCP-KGVX",
        "Công văn 245/VPCP-KGVX ngày 11/01/2022: Tết Âm lịch từ 31/01 đến hết 04/02/2022; "
        "Quốc khánh 01/9 và 02/9/2022.",
    ),
    (
        2023,
        "8056/VPCP-KGVX",
        "Công văn 8056/VPCP-KGVX ngày 01/12/2022: Tết Âm lịch từ 20/01 đến hết 26/01/2023; "
        "Quốc khánh từ 01/9 đến hết 04/9/2023.",
    ),
    (
        2024,
        "8662/VPCP-KGVX; 5014/TB-LĐTBXH; 2450/VPCP-KGVX",
        "Công văn 8662/VPCP-KGVX ngày 03/11/2023 và Thông báo 5014/TB-LĐTBXH ngày 22/11/2023: "
        "Tết Âm lịch từ 08/02 đến hết 14/02/2024, Quốc khánh từ 31/8 đến hết 03/9/2024; Công văn "
        "2450/VPCP-KGVX ngày 12/4/2024: nghỉ thứ Hai 29/4, làm bù thứ Bảy 04/5/2024.",
    ),
    (
        2025,
        "8726/VPCP-KGVX; 6150/TB-LĐTBXH",
        "Công văn 8726/VPCP-KGVX ngày 26/11/2024 và Thông báo 6150/TB-LĐTBXH: Tết Âm lịch từ "
        "27/01 đến hết 31/01/2025; Quốc khánh 01/9 và 02/9/2025; nghỉ thứ Sáu 02/5, làm bù thứ "
        "Bảy 26/4/2025.",
    ),
    (
        2026,
        "9859/VPCP-KGVX; 12729/VPCP-KGVX",
        "Công văn 12729/VPCP-KGVX ngày 25/12/2025: nghỉ thứ Sáu 02/01, làm bù thứ Bảy "
        "10/01/2026; Công văn 9859/VPCP-KGVX ngày 13/10/2025: Tết Âm lịch từ 16/02 đến hết "
        "20/02/2026, nghỉ thứ Hai 31/8 (làm bù thứ Bảy 22/8), Quốc khánh 01/9 và 02/9/2026; "
        "24/11 Ngày Văn hóa Việt Nam (Nghị quyết 80-NQ/TW).",
    ),
]

# Migration 0012's rows cited the decision by its date only.
OLD_BASIS = (
    "Quyết định của Chính phủ ngày 25/12/2025 về nghỉ Tết Dương lịch 2026, "
    "Bộ Nội vụ thông báo cho cán bộ, công chức, viên chức"
)
NEW_BASIS = (
    "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ về nghỉ Tết Dương lịch "
    "2026 (ý kiến Phó Thủ tướng), Bộ Nội vụ thông báo cho cán bộ, công chức, viên chức"
)
ADMINISTRATORS = "Quản trị hệ thống"
PERMISSIONS = ("change_calendaryear", "view_calendaryear", "view_calendaryearevent")


def confirm_years(apps, schema_editor):
    CalendarYear = apps.get_model("requests_flow", "CalendarYear")
    for year, number, notice in YEARS:
        CalendarYear.objects.get_or_create(
            year=year,
            defaults={"confirmed": True, "notice_number": number, "notice": notice},
        )


def unconfirm_years(apps, schema_editor):
    apps.get_model("requests_flow", "CalendarYear").objects.filter(
        year__in=[y for y, _n, _t in YEARS], confirmed_by__isnull=True
    ).delete()


def cite_new_year_swap(apps, schema_editor):
    overrides = apps.get_model("requests_flow", "CalendarOverride").objects
    overrides.filter(legal_basis=OLD_BASIS).update(legal_basis=NEW_BASIS)


def uncite_new_year_swap(apps, schema_editor):
    overrides = apps.get_model("requests_flow", "CalendarOverride").objects
    overrides.filter(legal_basis=NEW_BASIS).update(legal_basis=OLD_BASIS)


def grant_administrators(apps, schema_editor):
    # Permissions are normally created after migrations run (as in 0004).
    config = apps.get_app_config("requests_flow")
    config.models_module = True
    create_permissions(config, verbosity=0)
    config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name=ADMINISTRATORS).first()
    if group is None:
        return
    Permission = apps.get_model("auth", "Permission")
    for codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="requests_flow", codename=codename)
        )


def postgresql_only(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)

    return run


# The same trigger as 0009 gives the request audit trail (its function already exists).
TRIGGER = """
CREATE TRIGGER requests_flow_calendaryearevent_append_only BEFORE UPDATE OR DELETE
ON requests_flow_calendaryearevent FOR EACH ROW EXECUTE FUNCTION tiepcan_append_only();
"""
DROP_TRIGGER = (
    "DROP TRIGGER requests_flow_calendaryearevent_append_only ON requests_flow_calendaryearevent;"
)


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0019_citations_channels_agency_kinds_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                ("confirmed", models.BooleanField(default=False, verbose_name="confirmed")),
                (
                    "notice_number",
                    models.CharField(blank=True, max_length=100, verbose_name="notice number"),
                ),
                (
                    "notice",
                    models.CharField(
                        blank=True,
                        help_text="What the notice fixes and where it was published.",
                        max_length=500,
                        verbose_name="official notice",
                    ),
                ),
                (
                    "confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="confirmed at"),
                ),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="confirmed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar year",
                "verbose_name_plural": "calendar years",
                "ordering": ["year"],
            },
        ),
        migrations.CreateModel(
            name="CalendarYearEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("action", models.CharField(max_length=20, verbose_name="action")),
                ("notice_number", models.CharField(max_length=100, verbose_name="notice number")),
                (
                    "notice",
                    models.CharField(blank=True, max_length=500, verbose_name="official notice"),
                ),
                ("at", models.DateTimeField(verbose_name="time")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="actor",
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar confirmation",
                "verbose_name_plural": "calendar confirmations",
                "ordering": ["at", "id"],
            },
        ),
        migrations.RunPython(confirm_years, unconfirm_years),
        migrations.RunPython(cite_new_year_swap, uncite_new_year_swap),
        migrations.RunPython(grant_administrators, migrations.RunPython.noop),
        migrations.RunPython(postgresql_only(TRIGGER), postgresql_only(DROP_TRIGGER)),
    ]
