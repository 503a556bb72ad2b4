"""Letter content (issue #13 item 5).

- Agency.letter_symbol: the agency's own abbreviation in the symbol of its letters (Decree 30
  Annex I §II.3(b); DOMAIN §7.1), derived once here and editable in the admin: "UBND" for a
  People's Committee ("07/TB-UBND"), otherwise the first group of the short name ("STP").
- Decision.published_where: where the information was published, printed by a refusal on
  ground (b) of Law 104 Art. 28(1).
- InformationRequest.cost_lines: Form 03 lists the costs line by line (Circular 46 Art. 4(1)(a)).
- Rule sets: every citation in Vietnamese order, point-clause-article ("điểm a khoản 1 Điều 28"),
  and no "Luật này" (a letter is not the law: it names the law).

Literal values, so this migration means the same thing forever."""

import re

from django.db import migrations, models

LAW_NAME = "Luật Tiếp cận thông tin"
POINT = re.compile(r"Điều (\d+) khoản (\d+) điểm (\w+)")
CLAUSE = re.compile(r"Điều (\d+) khoản (\d+)")


def vietnamese_order(text: str) -> str:
    text = POINT.sub(r"điểm \3 khoản \2 Điều \1", text)
    text = CLAUSE.sub(r"khoản \2 Điều \1", text)
    return text.replace("của Luật này", f"của {LAW_NAME}").replace("Luật này", LAW_NAME)


def rewrite(value):
    if isinstance(value, str):
        return vietnamese_order(value)
    if isinstance(value, list):
        return [rewrite(v) for v in value]
    if isinstance(value, dict):
        return {k: rewrite(v) for k, v in value.items()}
    return value


def derived_symbol(name: str, short_name: str) -> str:
    if name.casefold().replace("uỷ", "ủy").startswith("ủy ban nhân dân"):
        return "UBND"
    return short_name.split("-")[0].upper()


def forward(apps, schema_editor):
    Agency = apps.get_model("requests_flow", "Agency")
    for agency in Agency.objects.filter(letter_symbol=""):
        agency.letter_symbol = derived_symbol(agency.name, agency.short_name)
        agency.save(update_fields=["letter_symbol"])
    RuleSet = apps.get_model("requests_flow", "RuleSet")
    for rule_set in RuleSet.objects.all():
        rule_set.rules = rewrite(rule_set.rules)
        rule_set.save(update_fields=["rules"])


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0022_rule_set_correction_period"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="letter_symbol",
            field=models.CharField(
                blank=True,
                help_text="Decree 30/2020: 07/TB-STP. Empty: the short name is used.",
                max_length=20,
                verbose_name="agency's abbreviation in letter symbols (e.g. STP, UBND)",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="published_where",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="where the information was published"
            ),
        ),
        migrations.AddField(
            model_name="informationrequest",
            name="cost_lines",
            field=models.JSONField(blank=True, default=list, verbose_name="cost lines"),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
