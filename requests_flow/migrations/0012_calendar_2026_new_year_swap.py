"""The 2026 New Year swap that the holidays package lacks (DOMAIN §4.1): Friday 2/1/2026 off,
Saturday 10/1/2026 worked in exchange, as decided by the Government on 25/12/2025 and announced
by the Ministry of Home Affairs for civil servants. Literal rows, so this migration means the
same thing forever; an administrator's own row for either day is left as it is."""

from datetime import date

from django.db import migrations

BASIS = (
    "Quyết định của Chính phủ ngày 25/12/2025 về nghỉ Tết Dương lịch 2026, "
    "Bộ Nội vụ thông báo cho cán bộ, công chức, viên chức"
)
ROWS = [
    (date(2026, 1, 2), "day_off", "Nghỉ Tết Dương lịch 2026 (hoán đổi với thứ Bảy 10/01/2026)"),
    (date(2026, 1, 10), "working_day", "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026"),
]


def add_swap(apps, schema_editor):
    CalendarOverride = apps.get_model("requests_flow", "CalendarOverride")
    for day, kind, reason in ROWS:
        CalendarOverride.objects.get_or_create(
            date=day, defaults={"kind": kind, "reason": reason, "legal_basis": BASIS}
        )


def remove_swap(apps, schema_editor):
    CalendarOverride = apps.get_model("requests_flow", "CalendarOverride")
    for day, kind, reason in ROWS:
        CalendarOverride.objects.filter(date=day, kind=kind, reason=reason).delete()


class Migration(migrations.Migration):
    dependencies = [("requests_flow", "0011_task_inbox_index")]

    operations = [migrations.RunPython(add_swap, remove_swap)]
