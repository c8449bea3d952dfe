"""Red-team: the API's topic filter must not tell a topic that only drafts use from one that does not exist."""

from __future__ import annotations

import pytest

from tests import factories
from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_topic_only_drafts_use_answers_as_a_topic_that_does_not_exist(client):
    secret = factories.TopicFactory(slug="leaked-investigation")
    factories.VerdictFactory().claim.topics.add(secret)

    draft_topic = client.get("/api/v1/claims/", {"topic": "leaked-investigation"})
    no_topic = client.get("/api/v1/claims/", {"topic": "no-such-topic"})

    assert draft_topic.status_code == no_topic.status_code == 400
    assert draft_topic.json()["errors"]["topic"] == no_topic.json()["errors"]["topic"]


def test_a_topic_of_a_published_claim_still_filters(client):
    topic = factories.TopicFactory(slug="marathon")
    published = factories.PublishedVerdictFactory().claim
    published.topics.add(topic)

    response = client.get("/api/v1/claims/", {"topic": "marathon"})

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [published.pk]
