"""Give the newsroom's groups their part of ClaimReview exchange.

Editors see imported fact checks and imports, and import (the upload page and the command create drafts only).
Reviewers also keep the rating mapping table, which decides the rating of imported drafts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = ["view_externalfactcheck", "view_importrun", "add_importrun", "view_ratingmapping"]
REVIEWER_EXTRA_PERMISSIONS = ["add_ratingmapping", "change_ratingmapping", "delete_ratingmapping"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(codenames):
        found = list(Permission.objects.filter(content_type__app_label="interop", codename__in=codenames))
        missing = set(codenames) - {p.codename for p in found}
        assert not missing, f"missing permissions: {missing}"
        return found

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*perms(EDITOR_PERMISSIONS))
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(*perms(EDITOR_PERMISSIONS + REVIEWER_EXTRA_PERMISSIONS))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="interop"))


class Migration(migrations.Migration):
    dependencies = [
        ("interop", "0002_seed_rating_mappings"),
        ("claims", "0003_editor_and_reviewer_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
