"""The sitemap index is kept like its sections: rendered once, then served without a query, and rendered again
once the public set changes (here in the request, as no build has run yet: a first deploy)."""

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
    assert queries_for(client, "/sitemap.xml")[0] == 0
    draft = factories.VerdictFactory()
    verdict_publish(verdict=draft, user=factories.UserFactory(is_superuser=True))
    rebuilt, body = queries_for(client, "/sitemap.xml")
    assert rebuilt > 1
    assert "https://factcheck.example.org/sitemap-claims.xml" in body
