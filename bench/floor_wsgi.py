"""WSGI application for bench/http_load.py: the project's settings with bench/floor_urls.py as the URLconf."""

from __future__ import annotations

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimcheck.settings")
django.setup()
settings.ROOT_URLCONF = "bench.floor_urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
