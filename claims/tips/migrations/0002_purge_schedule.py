"""The daily purge of expired tips, in django-celery-beat's tables (editable in the admin)."""

from __future__ import annotations

import json

from django.db import migrations

PURGE_TASK = "claims.tips.tasks.purge_expired_tips"
PURGE_NAME = "Tip line: delete expired tips"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="17", hour="3", day_of_week="*", day_of_month="*", month_of_year="*"
    )
    PeriodicTask.objects.get_or_create(
        name=PURGE_NAME,
        defaults={
            "task": PURGE_TASK,
            "crontab": daily,
            "args": json.dumps([]),
            "kwargs": json.dumps({}),
            "description": "Deletes tips older than TIPS_RETENTION_DAYS and erases the contact addresses they held.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=PURGE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tips", "0001_tips"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
