"""/topics/ and /topics/<slug>/: public topics only, with their published checks, paginated and in the sitemap."""

from __future__ import annotations

import pytest

from claims.models import Topic
from tests import factories

pytestmark = pytest.mark.django_db


def published_in(topic: Topic, count: int = 1, **kwargs):
    verdicts = factories.PublishedVerdictFactory.create_batch(count, **kwargs)
    for verdict in verdicts:
        verdict.claim.topics.add(topic)
    return verdicts


def test_the_topic_index_lists_public_topics_with_their_count_of_published_checks(client):
    elections = factories.TopicFactory(name="Elections", slug="elections")
    published_in(elections, 3)
    factories.TopicFactory(name="Unused", slug="unused")
    body = client.get("/topics/").content.decode()
    assert 'href="/topics/elections/"' in body
    assert "3 fact checks" in body
    assert "Unused" not in body


def test_a_topic_page_lists_its_published_checks_newest_first_and_paginates(client):
    sport = factories.TopicFactory(name="Sport", slug="sport")
    verdicts = published_in(sport, 21)
    other = factories.PublishedVerdictFactory(claim__text="A claim filed under nothing in particular")
    first = client.get("/topics/sport/")
    assert first.status_code == 200
    body = first.content.decode()
    assert "<h1" in body and "Sport</h1>" in body
    assert body.count('<li class="claim-card">') == 20
    assert other.claim.get_absolute_url() not in body
    assert 'href="?page=2"' in body
    second = client.get("/topics/sport/?page=2").content.decode()
    assert second.count('<li class="claim-card">') == 1
    assert verdicts[0].claim.get_absolute_url() in second  # the oldest is last


def test_an_unknown_topic_is_404(client):
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_public_topics_and_the_topic_index_are_in_the_sitemap(client):
    published_in(factories.TopicFactory(name="Health", slug="health"))
    # The sitemap index (issue 12) points to sections; topics and the fixed pages have their own.
    body = "".join(client.get(f"/sitemap-{section}.xml").content.decode() for section in ("topics", "pages"))
    assert "/topics/health/</loc>" in body
    assert "/topics/</loc>" in body
    assert "/ratings/</loc>" in body
    assert "/pages/methodology/</loc>" in body


def test_the_verdict_page_links_its_topics(client):
    topic = factories.TopicFactory(name="Health", slug="health")
    (verdict,) = published_in(topic)
    assert 'href="/topics/health/"' in client.get(verdict.claim.get_absolute_url()).content.decode()
