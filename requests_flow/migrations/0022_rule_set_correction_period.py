"""The period for answering a request for correction of information provided (issue #14 item 4).

- Law 104/2016/QH13, Art. 32(2) (law-research.md §1.11): "Chậm nhất là 15 ngày kể từ ngày nhận
  được yêu cầu, cơ quan đã cung cấp thông tin có trách nhiệm xác định tính chính xác của thông tin
  và trả lời cho người yêu cầu". Fifteen days without "làm việc": calendar days, moved to the next
  working day when the last one is not (Civil Code Art. 148(5)).
- The 2026 Law on Access to Information: its article on correcting information provided on
  request is not confirmed (only the press report of 10 days for published information, Art. 22
  of the new law, is known). The set keeps Law 104's 15 days as its working assumption, as it
  does for every period, and cites the law's name alone (DOMAIN §4.4), until an administrator
  confirms the article.

Literal values, so this migration means the same thing forever."""

from django.db import migrations

LAW_104 = "Luật Tiếp cận thông tin số 104/2016/QH13"
LAW_2026 = "Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026"

CORRECTION = {
    "law-104-2016": {
        "kind": "correction_answer",
        "period": 15,
        "unit": "calendar",
        "basis": f"khoản 2 Điều 32 {LAW_104}",
    },
    "law-ati-2026": {
        "kind": "correction_answer",
        "period": 15,
        "unit": "calendar",
        "basis": LAW_2026,
    },
}


def forward(apps, schema_editor):
    RuleSet = apps.get_model("requests_flow", "RuleSet")
    for code, rule in CORRECTION.items():
        for rule_set in RuleSet.objects.filter(code=code):
            rule_set.rules = {**rule_set.rules, "correction": dict(rule)}
            rule_set.save(update_fields=["rules"])


def backward(apps, schema_editor):
    RuleSet = apps.get_model("requests_flow", "RuleSet")
    for rule_set in RuleSet.objects.filter(code__in=list(CORRECTION)):
        rule_set.rules = {k: v for k, v in rule_set.rules.items() if k != "correction"}
        rule_set.save(update_fields=["rules"])


class Migration(migrations.Migration):
    dependencies = [("requests_flow", "0021_complaints_and_corrections")]

    operations = [migrations.RunPython(forward, backward)]
