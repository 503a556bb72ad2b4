"""Who approves each kind of letter, as rule-set data (issue #13 item 1), and the clerk's group.

- Form 03 (Phiếu giải quyết): "approved by the head of the focal unit", Circular 46/2018/TT-BTC
  Art. 4(1)(a) (law-research.md §2, table of forms). Form 02 (Phiếu tiếp nhận) and the notice
  asking for completion are the focal unit's receiving acts (Decree 13 Art. 5; law-research.md
  marks Form 02's content UNCONFIRMED): the head of the focal unit signs them too.
- The decisions on the request (the refusal, Form 05; the extension, Form 04; the cover letter of
  the information provided) and the answer to a correction are the agency's: a leader signs.
- The 2026 law's implementing acts are not confirmed: the same split is its working assumption.

The group "Văn thư" (Decree 30 Arts. 15-16: numbers and issues letters) joins the role groups of
0004. Literal values, so this migration means the same thing forever."""

from django.db import migrations

APPROVERS = {
    "receipt": "focal_head",
    "supplement": "focal_head",
    "resolution": "focal_head",
    "extension": "leader",
    "refusal": "leader",
    "cover": "leader",
    "correction": "leader",
}
CLERK_GROUP = "Văn thư"
CLERK_PERMISSIONS = ("requests_flow.view_requestprocess", "portal.view_publisheditem")


def forward(apps, schema_editor):
    RuleSet = apps.get_model("requests_flow", "RuleSet")
    for rule_set in RuleSet.objects.all():
        rule_set.rules = {**rule_set.rules, "letter_approvers": dict(APPROVERS)}
        rule_set.save(update_fields=["rules"])
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=CLERK_GROUP)
    for perm in CLERK_PERMISSIONS:
        app_label, codename = perm.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def backward(apps, schema_editor):
    RuleSet = apps.get_model("requests_flow", "RuleSet")
    for rule_set in RuleSet.objects.all():
        rule_set.rules = {k: v for k, v in rule_set.rules.items() if k != "letter_approvers"}
        rule_set.save(update_fields=["rules"])
    apps.get_model("auth", "Group").objects.filter(name=CLERK_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0025_letter_lifecycle"),
        ("portal", "0002_catalogue_permissions"),
    ]

    operations = [migrations.RunPython(forward, backward)]
