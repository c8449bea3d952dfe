"""Editors and Reviewers work the tip inbox: they read tips and change their status (turn into a claim, reject)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INBOX_PERMISSIONS = ["view_tip", "change_tip"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="tips", codename__in=INBOX_PERMISSIONS))
    assert len(permissions) == len(INBOX_PERMISSIONS), permissions
    for name in ("Editors", "Reviewers"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="tips", codename__in=INBOX_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tips", "0002_purge_schedule"),
        ("claims", "0003_editor_and_reviewer_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
