"""The periodic sitemap build, in django-celery-beat's tables so editors can change it in the admin.

Builds follow every committed editorial change by themselves (claims/sitemaps/tasks.py); this one is the safety
net for a build lost with the broker, and it keeps a quiet archive's prebuilt copies from expiring.
"""

from __future__ import annotations

import json

from django.db import migrations

BUILD_TASK = "claims.sitemaps.tasks.build_sitemaps"
BUILD_NAME = "Sitemap build"
BUILD_EVERY_MINUTES = 5


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=BUILD_EVERY_MINUTES, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=BUILD_NAME,
        defaults={
            "task": BUILD_TASK,
            "interval": interval,
            "args": json.dumps([]),
            "kwargs": json.dumps({}),
            "description": "Renders the sitemap for the current public data into the cache, unless already done.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=BUILD_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0101_language_tags"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
