"""No Docker engine runs here: parse docker-compose.yml and check that what each service runs exists."""

from __future__ import annotations

import importlib
import shlex
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def command_words(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_it_defines_the_seven_services_with_health_checks():
    assert set(SERVICES) == {"db", "redis", "cache", "migrate", "web", "worker", "beat"}
    for name, service in SERVICES.items():
        assert "healthcheck" in service, name
    assert SERVICES["db"]["image"] == "postgres:16"
    assert "postgres-data" in COMPOSE["volumes"]
    assert "postgres-data:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]


def test_migrations_run_once_before_any_web_replica_serves_an_existing_wsgi_module():
    assert command_words(SERVICES["migrate"]) == ["python", "manage.py", "migrate", "--no-input"]
    assert SERVICES["migrate"]["restart"] == "no"
    assert SERVICES["web"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    words = " ".join(command_words(SERVICES["web"]))
    assert "migrate" not in words  # N replicas must not migrate at once
    module, attribute = next(w for w in words.split() if w.endswith(":application")).split(":")
    assert hasattr(importlib.import_module(module), attribute)


def test_worker_and_beat_run_the_project_celery_app():
    from claimcheck.celery import app

    for name in ("worker", "beat"):
        words = command_words(SERVICES[name])
        assert words[:3] == ["celery", "-A", "claimcheck"], name
        assert importlib.import_module(words[2]).celery_app is app
    assert "worker" in command_words(SERVICES["worker"])
    assert "beat" in command_words(SERVICES["beat"])
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_app_services_point_at_the_compose_database_and_broker_and_read_the_env_file():
    for name in ("migrate", "web", "worker", "beat"):
        service = SERVICES[name]
        assert service["environment"]["DATABASE_URL"].startswith("postgres://claimcheck:")
        assert "@db:5432/claimcheck" in service["environment"]["DATABASE_URL"]
        assert service["environment"]["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert service["env_file"] == ".env"
        assert {"db", "redis", "cache"} <= set(service["depends_on"])


def test_web_and_worker_scale_out_from_the_env_file():
    assert SERVICES["web"]["deploy"]["replicas"] == "${WEB_REPLICAS:-1}"
    assert SERVICES["worker"]["deploy"]["replicas"] == "${WORKER_REPLICAS:-1}"
    assert "deploy" not in SERVICES["beat"]  # exactly one beat
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["environment"]["CACHE_URL"] == "redis://cache:6379/0", name


def test_every_variable_of_the_example_env_file_is_documented_in_the_readme():
    readme = (BASE_DIR / "README.md").read_text()
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            assert f"`{line.split('=')[0]}`" in readme, line


def test_the_cache_evicts_at_its_memory_cap_in_a_redis_of_its_own_and_the_broker_never_evicts():
    """Readers make new cache keys at will (query strings, searches): in the broker's Redis, which must not evict
    (a queued check would be lost), they would grow its memory until it refused the broker's writes."""
    broker = command_words(SERVICES["redis"])
    assert broker[broker.index("--maxmemory-policy") + 1] == "noeviction"
    cache = command_words(SERVICES["cache"])
    assert cache[0] == "redis-server" and SERVICES["cache"]["image"] == "redis:7"
    assert cache[cache.index("--maxmemory-policy") + 1] == "allkeys-lru"
    assert cache[cache.index("--maxmemory") + 1] == "${CACHE_MAXMEMORY:-256mb}"
    assert cache[cache.index("--appendonly") + 1] == "no"  # nothing in it needs to survive a restart
    for name in ("migrate", "web", "worker", "beat"):
        assert SERVICES[name]["environment"]["CACHE_URL"].startswith("redis://cache:"), name
        assert SERVICES[name]["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:"), name
