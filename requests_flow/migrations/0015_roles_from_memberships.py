"""Roles have one source of truth, AgencyMembership: the permissions follow from it
(permissions.RolePermissionBackend). The role groups lose their members, so that a membership
revoked anywhere (the admin included) takes its permissions with it; the groups and their
permissions stay, as the readable list of what each role may do. The administrators' group is
not a role of an agency and keeps its members. Literal names: this migration means the same
thing forever."""

from django.db import migrations

ROLE_GROUP_NAMES = {
    "focal_officer": "Cán bộ đầu mối",
    "focal_head": "Lãnh đạo đơn vị đầu mối",
    "leader": "Lãnh đạo có thẩm quyền",
    "supervisor": "Người giám sát",
}


def empty_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ROLE_GROUP_NAMES.values()):
        group.user_set.clear()


def refill_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    AgencyMembership = apps.get_model("requests_flow", "AgencyMembership")
    for role, name in ROLE_GROUP_NAMES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            users = AgencyMembership.objects.filter(role=role).values_list("user_id", flat=True)
            group.user_set.add(*set(users))


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0014_rule_set_citations"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(empty_role_groups, refill_role_groups)]
