"""Create the Editors and Reviewers groups, so every database has the newsroom's roles after `migrate`.

Editors create and edit claims, claimants, sources and draft verdicts. Reviewers can also publish
(claims.publish_verdict) and add corrections. Neither may delete published work or edit the rating scale.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "view_claim", "add_claim", "change_claim",
    "view_claimant", "add_claimant", "change_claimant",
    "view_topic", "add_topic", "change_topic",
    "view_source", "add_source", "change_source",
    "view_claimsource", "add_claimsource", "change_claimsource", "delete_claimsource",
    "view_claimrelation", "add_claimrelation", "change_claimrelation", "delete_claimrelation",
    "view_verdict", "add_verdict", "change_verdict",
    "view_rating", "view_correction", "view_linkcheck",
]  # fmt: skip
REVIEWER_EXTRA_PERMISSIONS = ["publish_verdict", "add_correction", "change_correction"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(codenames):
        found = list(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
        missing = set(codenames) - {p.codename for p in found}
        assert not missing, f"missing permissions: {missing}"
        return found

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*perms(EDITOR_PERMISSIONS))
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(*perms(EDITOR_PERMISSIONS + REVIEWER_EXTRA_PERMISSIONS))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_seed_rating_scale"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
