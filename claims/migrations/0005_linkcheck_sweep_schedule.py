"""The link-check sweep's schedule, in django-celery-beat's tables so editors can change it in the admin."""

from __future__ import annotations

import json

from django.db import migrations

SWEEP_TASK = "claims.tasks.sweep_link_checks"
SWEEP_NAME = "Link check sweep"
# Every 15 minutes, one batch (LINKCHECK_SWEEP_BATCH_SIZE) at a time: the queue never gets everything at once.
SWEEP_EVERY_MINUTES = 15


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=SWEEP_EVERY_MINUTES, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=SWEEP_NAME,
        defaults={
            "task": SWEEP_TASK,
            "interval": interval,
            "args": json.dumps([]),
            "kwargs": json.dumps({}),
            "description": "Enqueues the next batch of sources whose links are due for a check.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_pages_search_index"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
