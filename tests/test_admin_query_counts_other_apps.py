"""The changelists the other installed apps add to the admin (users, groups, API tokens, Celery beat schedules)
also issue a constant number of queries: 5 rows and 200 rows cost the same."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask
from rest_framework.authtoken.models import Token, TokenProxy

pytestmark = pytest.mark.django_db


def make_users(n: int) -> list[User]:
    # Without passwords: hashing 200 of them would take most of a minute and prove nothing here.
    start = User.objects.count()
    return User.objects.bulk_create(
        [User(username=f"person{i}", email=f"p{i}@newsroom.test") for i in range(start, start + n)]
    )


def make_groups(n: int) -> None:
    start = Group.objects.count()
    Group.objects.bulk_create([Group(name=f"Desk {i}") for i in range(start, start + n)])


def make_tokens(n: int) -> None:
    for user in make_users(n):
        Token.objects.create(user=user)


def make_periodic_tasks(n: int) -> None:
    start = PeriodicTask.objects.count()
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
    nightly, _ = CrontabSchedule.objects.get_or_create(minute="0", hour="3")
    for i in range(start, start + n):
        schedule = {"interval": every_hour} if i % 2 else {"crontab": nightly}
        PeriodicTask.objects.create(name=f"task {i}", task="claimcheck.ping", **schedule)


def make_intervals(n: int) -> None:
    start = IntervalSchedule.objects.count()
    IntervalSchedule.objects.bulk_create(
        [IntervalSchedule(every=i + 1, period=IntervalSchedule.MINUTES) for i in range(start, start + n)]
    )


def make_crontabs(n: int) -> None:
    start = CrontabSchedule.objects.count()
    CrontabSchedule.objects.bulk_create(
        [CrontabSchedule(minute=str(i % 60), hour=str(i // 60)) for i in range(start, start + n)]
    )


CHANGELISTS: list[tuple[type, str, Callable[[int], None]]] = [
    (User, "/admin/auth/user/", make_users),
    (Group, "/admin/auth/group/", make_groups),
    (TokenProxy, "/admin/authtoken/tokenproxy/", make_tokens),
    (PeriodicTask, "/admin/django_celery_beat/periodictask/", make_periodic_tasks),
    (IntervalSchedule, "/admin/django_celery_beat/intervalschedule/", make_intervals),
    (CrontabSchedule, "/admin/django_celery_beat/crontabschedule/", make_crontabs),
]


@pytest.mark.parametrize(("model", "url", "make_rows"), CHANGELISTS, ids=[c[0].__name__ for c in CHANGELISTS])
def test_the_changelist_issues_a_constant_number_of_queries(
    model, url, make_rows, admin_client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", 250)
    admin_client.get(url)

    make_rows(5)
    with CaptureQueriesContext(connection) as at_five:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 5

    make_rows(200 - response.context["cl"].result_count)
    with django_assert_max_num_queries(len(at_five)):
        response = admin_client.get(url)
    assert response.context["cl"].result_count >= 200
