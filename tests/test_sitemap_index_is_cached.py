"""The sitemap index is cached like its sections: built once, then served for the content-stamp query alone, and
rebuilt as soon as the public set changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims.services.verdicts import verdict_publish
from tests import factories

pytestmark = pytest.mark.django_db


def queries_for(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_index_is_served_from_the_cache_until_a_verdict_is_published(settings):
    settings.SITE_URL = "https://factcheck.example.org"
    factories.PublishedVerdictFactory()
    client = Client()
    built, _ = queries_for(client, "/sitemap.xml")
    assert built > 1
    assert queries_for(client, "/sitemap.xml")[0] == 1
    draft = factories.VerdictFactory()
    verdict_publish(verdict=draft, user=factories.UserFactory(is_superuser=True))
    rebuilt, body = queries_for(client, "/sitemap.xml")
    assert rebuilt > 1
    assert "https://factcheck.example.org/sitemap-claims.xml" in body
