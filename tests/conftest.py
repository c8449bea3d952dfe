"""Shared fixtures: users in the newsroom's groups, the worked example, and a real Celery worker process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery
from celery.result import AsyncResult
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests import factories
from tests.services import require_redis, service_unavailable

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """Tests log users in hundreds of times; a deliberately slow hash is production's business, not theirs."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: cached pages (the sitemap) and throttle counters never leak across."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def screenshot_dir(tmp_path_factory) -> Path:
    """Where browser tests save screenshots: a temporary folder, or docs/screenshots/ under `make screenshots`.

    Tests never write into tracked files on their own; `make screenshots` sets CLAIMCHECK_SCREENSHOTS=1 to
    refresh the committed pictures that the README and docs link to.
    """
    if os.environ.get("CLAIMCHECK_SCREENSHOTS", "") in ("1", "true", "yes"):
        folder = BASE_DIR / "docs" / "screenshots"
    else:
        folder = tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def editor(db):
    user = factories.UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reviewer(db):
    user = factories.UserFactory(username="reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def worked_example(db) -> None:
    """The Tehran-marathon fixtures that ship in fixtures/, loaded as `make run` loads them."""
    call_command("loaddata", *sorted(str(p) for p in (BASE_DIR / "fixtures").glob("*.json")), verbosity=0)


def database_url_for_subprocess() -> str:
    """A DATABASE_URL that points another process at the test database this test run created."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail("a worker process cannot share an in-memory SQLite database; see settings.DATABASES TEST")
        return f"sqlite:///{name}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class WorkerProcess:
    """A real `celery worker` subprocess on Redis, consuming one queue that only this test uses."""

    def __init__(
        self,
        *,
        broker_url: str,
        queue: str,
        env_overrides: dict[str, str],
        concurrency: int = 1,
        app: str = "claimcheck",
    ) -> None:
        self.broker_url = broker_url
        self.queue = queue
        self.concurrency = concurrency
        self.app = app
        self.env = {**os.environ, "CELERY_BROKER_URL": broker_url, "CELERY_RESULT_BACKEND": broker_url, **env_overrides}
        self.process: subprocess.Popen | None = None
        self._client: Celery | None = None
        self.log_path = BASE_DIR / "var" / f"worker-{queue}.log"

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                self.app,
                "worker",
                "--queues",
                self.queue,
                "--concurrency",
                str(self.concurrency),
                "--pool",
                "prefork",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"{self.queue}-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    @property
    def client(self) -> Celery:
        """A Celery client on the same Redis broker and result backend as the worker, whatever the settings."""
        if self._client is None:
            # Not the current app: shared tasks (check_source) would otherwise bind to this client for the rest of
            # the run, and later tests' eager mode (set on claimcheck's app) would no longer apply to them.
            self._client = Celery(
                "claimcheck-test-client", broker=self.broker_url, backend=self.broker_url, set_as_current=False
            )
            self._client.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
        return self._client

    def send(self, task_name: str, *args, **kwargs) -> AsyncResult:
        """Send a task by name to this worker's queue."""
        return self.client.send_task(task_name, args=args, kwargs=kwargs, queue=self.queue)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def celery_worker_factory(request) -> Iterator:
    """Start real Celery worker processes on Redis. Tasks reach them with `.apply_async(queue=worker.queue)`.

    Tests whose tasks touch the database must use `transactional_db`, so the worker sees committed rows.
    """
    broker_url = require_redis()
    workers: list[WorkerProcess] = []
    queue = f"test-{uuid.uuid4().hex[:10]}"

    def start(*, concurrency: int = 1, app: str = "claimcheck", **env_overrides: str) -> WorkerProcess:
        if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
            env_overrides.setdefault("DATABASE_URL", database_url_for_subprocess())
        worker = WorkerProcess(
            broker_url=broker_url, queue=queue, env_overrides=env_overrides, concurrency=concurrency, app=app
        )
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
        if worker._client is not None:
            worker._client.close()


@pytest.fixture
def private_redis_cache() -> Iterator:
    """This process's cache on a private redis-server of its own (stopped at the end), with production's fail-open
    backend and short timeouts: for tests that fill, stall or stop the cache's Redis."""
    from django.core.cache import caches
    from django.test import override_settings

    import claimcheck.cache
    from tests.private_services import PrivateRedis

    server = PrivateRedis().start()
    settings = {
        "default": {
            "BACKEND": "claimcheck.cache.FailOpenRedisCache",
            "LOCATION": server.url(),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    try:
        with override_settings(CACHES=settings):
            yield server
            caches["default"].close()
    finally:
        server.stop()
        claimcheck.cache._last_warning = 0.0  # the next test's outage warns again (one warning per 30 s)


CHROMIUM_PATH = "/usr/bin/chromium"
# Flags for Debian's chromium here: no sandbox as root, and no background calls to a network that is closed.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian chromium driven by Playwright: skipped on a laptop without it, a failure under CI."""
    if not Path(CHROMIUM_PATH).exists():
        service_unavailable(f"{CHROMIUM_PATH} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django's async-safety check must allow ORM calls beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def source_checks_run() -> Iterator[list[tuple[int, bool]]]:
    """(source id, inside a transaction?) of each check_source task, run in this process as soon as enqueued."""
    from celery.signals import task_prerun
    from django.db import connection

    from claimcheck.celery import app
    from claims.linkcheck.tasks import check_source

    started: list[tuple[int, bool]] = []

    def on_run(sender=None, args=None, **kwargs):
        if sender.name == check_source.name:
            started.append((args[0], connection.in_atomic_block))

    task_prerun.connect(on_run)
    app.conf.task_always_eager = True
    try:
        yield started
    finally:
        app.conf.task_always_eager = False
        task_prerun.disconnect(on_run)


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.1, message: str = "condition") -> None:
    """Poll until predicate() is true: for effects of another process (a worker), never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory) -> Iterator[Path]:
    """Static files collected once per run with the production storage (whitenoise, hashed names, manifest).

    Tests run with DEBUG off, as production does, so `{% static %}` needs the manifest; collecting into a
    temporary STATIC_ROOT keeps that path real without leaving files in the checkout.
    """
    from django.test import override_settings

    static_root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=static_root):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield static_root


@pytest.fixture(autouse=True)
def live_server_static_by_original_name(request, settings) -> None:
    """The live server's own static handler finds files by their original names, not the manifest's hashed ones."""
    if "live_server" in request.fixturenames:
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }


# --- The editors' desk (admin) -------------------------------------------------------------------------------


@pytest.fixture
def editor_client(editor, client):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client


def restore_reference_data() -> None:
    """Put back the rows the data migrations create (rating scale, newsroom groups, info pages): idempotent."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Permission

    scale = importlib.import_module("claims.migrations.0002_seed_rating_scale")
    roles = importlib.import_module("claims.migrations.0003_editor_and_reviewer_groups")
    persian_scale = importlib.import_module("claims.migrations.0021_rating_translations")
    info_pages = importlib.import_module("claims.migrations.0081_seed_info_pages")
    tip_inbox = importlib.import_module("claims.tips.migrations.0003_inbox_permissions")
    scale.seed(apps, None)
    info_pages.seed(apps, None)
    importlib.import_module("claims.interop.migrations.0002_seed_rating_mappings").seed(apps, None)
    persian_scale.seed_persian(apps, None)
    for name, codenames in (
        ("Editors", roles.EDITOR_PERMISSIONS),
        ("Reviewers", roles.EDITOR_PERMISSIONS + roles.REVIEWER_EXTRA_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="tips", codename__in=tip_inbox.INBOX_PERMISSIONS)
        )
    interop = importlib.import_module("claims.interop.migrations.0003_newsroom_permissions")
    for name, codenames in (
        ("Editors", interop.EDITOR_PERMISSIONS),
        ("Reviewers", interop.EDITOR_PERMISSIONS + interop.REVIEWER_EXTRA_PERMISSIONS),
    ):
        group = Group.objects.get(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="interop", codename__in=codenames))


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request) -> None:
    """A transactional test (live_server, a worker) ends with a flush that also empties the tables the data
    migrations filled; the next one would find no ratings or groups. Restore them first."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if transactional or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        restore_reference_data()
