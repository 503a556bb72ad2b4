"""The law as data (DOMAIN §4.4; issue #14 item 1), for the rule sets and agencies that exist.

- Citations become rows administrators keep: Law 104/2016/QH13's as confirmed (checked against
  the Ministry of Justice's codification, law-research.md [S1]); the 2026 law's unconfirmed, so
  they print as the law's name alone until an administrator confirms each article with its
  source. The rule sets' own `citations` entries stay as they were (a key without a row).
- Channels: Law 104 Art. 24(1) names the office, the electronic network, post and fax; the 2026
  law, as reported, names the office, post and the internet, not fax (law-research.md §0), so
  fax is not accepted from 1/9/2026 until an administrator confirms otherwise.
- Kinds of body: Law 104 Art. 9 binds state agencies; the 2026 law also public non-business
  units providing basic public services. Every existing agency is a state agency (the field's
  default): the demo and the pilot provinces are departments and People's Committees.
- CitationChange is append-only, on PostgreSQL also by trigger (as the request audit trail).

Literal values, so this migration means the same thing forever."""

import importlib

from django.db import migrations

LAW_104 = "Luật Tiếp cận thông tin số 104/2016/QH13"
LAW_2026 = "Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026"
SOURCE_104 = (
    "Luật số 104/2016/QH13 ngày 06/4/2016, theo Bộ pháp điển (Bộ Tư pháp), đề mục "
    "“Tiếp cận thông tin”"
)
ALL_CHANNELS = ["in_person", "electronic", "post", "fax"]
SETS = {
    "law-104-2016": {
        "law_name": LAW_104,
        "accepted_channels": ALL_CHANNELS,
        "covered_agency_kinds": ["state_agency"],
        "confirmed": True,
    },
    "law-ati-2026": {
        "law_name": LAW_2026,
        "accepted_channels": ["in_person", "electronic", "post"],
        "covered_agency_kinds": ["state_agency", "public_service_unit"],
        "confirmed": False,
    },
}

_trigger = importlib.import_module("requests_flow.migrations.0009_audit_append_only_trigger")
CREATE, DROP = _trigger.append_only_sql("requests_flow_citationchange")


def forward(apps, schema_editor):
    RuleSet = apps.get_model("requests_flow", "RuleSet")
    Citation = apps.get_model("requests_flow", "Citation")
    for code, values in SETS.items():
        rule_set = RuleSet.objects.filter(code=code).first()
        if rule_set is None:
            continue
        rule_set.law_name = values["law_name"]
        rule_set.accepted_channels = values["accepted_channels"]
        rule_set.covered_agency_kinds = values["covered_agency_kinds"]
        rule_set.save(update_fields=["law_name", "accepted_channels", "covered_agency_kinds"])
        for key, text in dict(rule_set.rules.get("citations", {})).items():
            Citation.objects.get_or_create(
                rule_set=rule_set,
                key=key,
                defaults={
                    "text": text,
                    "confirmed": values["confirmed"],
                    "source_document": SOURCE_104 if values["confirmed"] else "",
                },
            )


def backward(apps, schema_editor):
    apps.get_model("requests_flow", "CitationChange").objects.all().delete()
    apps.get_model("requests_flow", "Citation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("requests_flow", "0018_citations_channels_agency_kinds")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(_trigger.postgresql_only(CREATE), _trigger.postgresql_only(DROP)),
    ]
