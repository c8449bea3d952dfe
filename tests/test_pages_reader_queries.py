"""The reader pages of #17 cost a fixed number of queries however many claims, topics or ratings there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claimant, Topic
from tests import factories

pytestmark = pytest.mark.django_db

# /ratings/: 1; /topics/: count + list; topic page: topic + count + list; info page: 1; search with filters:
# filter checks + choices + count + list; share card: 1.
MAX_QUERIES = 6


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(count: int) -> None:
    topic = factories.TopicFactory(slug="health", name="Health")
    claimant = factories.ClaimantFactory(slug="ali")
    for n in range(count):
        verdict = factories.PublishedVerdictFactory(
            claim__claimant=claimant,
            claim__text=f"Vaccine claim {n}",
            rating=factories.rating(("false", "true")[n % 2]),
        )
        verdict.claim.topics.add(topic, factories.TopicFactory(slug=f"extra-{n}", name=f"Extra {n}"))


URLS = [
    "/ratings/",
    "/topics/",
    "/topics/health/",
    "/pages/methodology/",
    "/search/?q=vaccine&rating=false&topic=health&claimant=ali&language=en&published_from=2000-01-01",
    "/search/?q=vaccin",
    "/search/?q=zzzzqqq",
]


@pytest.mark.parametrize("url", URLS)
def test_a_reader_page_costs_the_same_queries_for_two_claims_or_forty(client, url, settings, tmp_path):
    grow(2)
    few = queries_for(client, url)
    assert few <= MAX_QUERIES
    claimant, topic = Claimant.objects.get(slug="ali"), Topic.objects.get(slug="health")
    for n in range(38):
        verdict = factories.PublishedVerdictFactory(
            claim__claimant=claimant, claim__text=f"Vaccine claim more {n}", rating=factories.rating("false")
        )
        verdict.claim.topics.add(topic, factories.TopicFactory(slug=f"more-{n}", name=f"More {n}"))
    assert queries_for(client, url) == few


def test_the_share_card_costs_one_query(client, settings, tmp_path, django_assert_num_queries):
    settings.SHARE_CARD_DIR = tmp_path
    verdict = factories.PublishedVerdictFactory()
    with django_assert_num_queries(1):
        client.get(f"/claims/{verdict.claim.slug}/card.png")
