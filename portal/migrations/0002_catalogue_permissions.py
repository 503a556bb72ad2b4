"""The role groups' permissions on the catalogue of published information (Decree 13 Art. 6):
focal officers and heads of the focal unit keep it, leaders and supervisors read it. Permissions
are normally created after migrations run; create them here first, as requests_flow 0004 does."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KEEP = ("add_publisheditem", "change_publisheditem", "delete_publisheditem", "view_publisheditem")
READ = ("view_publisheditem",)
GROUPS = {
    "Cán bộ đầu mối": KEEP,
    "Lãnh đạo đơn vị đầu mối": KEEP,
    "Lãnh đạo có thẩm quyền": READ,
    "Người giám sát": READ,
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        perms = list(
            Permission.objects.filter(content_type__app_label="portal", codename__in=codenames)
        )
        if len(perms) != len(codenames):
            raise RuntimeError(f"missing permissions among {codenames}")
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="portal", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("requests_flow", "0005_add_request_next_due"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
