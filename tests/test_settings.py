"""Settings come from the environment and production settings pass `check --deploy` without a warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-with-plenty-of-entropy-1234567890",
    "ALLOWED_HOSTS": "factcheck.example.org",
    "SITE_URL": "https://factcheck.example.org",
    "DATABASE_URL": "postgres://claimcheck@db:5432/claimcheck",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "SECURE_HSTS_PRELOAD": "1",
}
# Variables of the developer's or CI's shell that must not leak into the production-like subprocess.
LEAKY_PREFIXES = ("LINKCHECK_", "SECURE_", "CREATE_DEMO", "CELERY_", "DJANGO_ALLOW_ASYNC_UNSAFE")


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and not k.startswith(LEAKY_PREFIXES)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_quiet_with_the_documented_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_warns_when_the_ssrf_allowlist_is_set_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "LINKCHECK_ALLOWED_NETWORKS": "10.0.0.0/8"},
    )
    assert result.returncode != 0
    assert "claimcheck.W001" in result.stderr + result.stdout


def test_demo_accounts_are_refused_in_production():
    result = manage("check", env={**PRODUCTION_ENV, "CREATE_DEMO_USERS": "1"})
    assert result.returncode != 0
    assert "claimcheck.E002" in result.stderr + result.stdout
