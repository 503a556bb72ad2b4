"""Roles as groups with permissions (the back-office issue). Permissions are normally created after
migrations run; create them here first so that a fresh database gets complete groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copy of requests_flow.roles.ROLE_GROUPS at the time of this migration.
GROUPS = {
    "Cán bộ đầu mối": (
        "requests_flow.view_requestprocess", "requests_flow.intake_request",
        "requests_flow.review_request", "requests_flow.handle_request",
    ),
    "Lãnh đạo đơn vị đầu mối": (
        "requests_flow.view_requestprocess", "requests_flow.intake_request",
        "requests_flow.review_request", "requests_flow.handle_request",
        "requests_flow.assign_request",
    ),
    "Lãnh đạo có thẩm quyền": (
        "requests_flow.view_requestprocess", "requests_flow.approve_decision",
        "requests_flow.assign_request",
    ),
    "Người giám sát": ("requests_flow.view_requestprocess", "requests_flow.supervise_requests"),
    "Quản trị hệ thống": (
        "requests_flow.view_requestprocess",
        "requests_flow.add_agency", "requests_flow.change_agency", "requests_flow.view_agency",
        "requests_flow.add_agencymembership", "requests_flow.change_agencymembership",
        "requests_flow.delete_agencymembership", "requests_flow.view_agencymembership",
        "requests_flow.add_calendaroverride", "requests_flow.change_calendaroverride",
        "requests_flow.delete_calendaroverride", "requests_flow.view_calendaroverride",
        "requests_flow.change_ruleset", "requests_flow.view_ruleset",
        "accounts.add_user", "accounts.change_user", "accounts.view_user",
    ),
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def drop_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0003_add_request_process_and_response_files"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, drop_groups)]
