"""A search that finds nothing suggests a nearby spelling from published claims and shows the newest checks."""

from __future__ import annotations

import re

import pytest

from claims.models import Claim
from claims.search_pages import suggest_spelling
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def marathon_checks():
    from claims.search import refresh_search_documents

    verdicts = [
        factories.PublishedVerdictFactory(claim__text="Women ran the Tehran marathon in the stadium"),
        factories.PublishedVerdictFactory(claim__text="Registration for the marathon closed early"),
    ]
    refresh_search_documents(claim_ids=[v.claim_id for v in verdicts])
    return verdicts


def test_a_misspelt_word_gets_a_did_you_mean_link_that_finds_results(client, marathon_checks):
    body = client.get("/search/", {"q": "marathn"}).content.decode()
    assert "0 results" in body
    link = re.search(r'Did you mean: <a href="([^"]+)" dir="auto">([^<]+)</a>', body)
    assert link.group(2) == "marathon"
    assert link.group(1) == "?q=marathon"
    assert "2 results" in client.get("/search/" + link.group(1).replace("&amp;", "&")).content.decode()


def test_only_the_unknown_words_are_replaced(marathon_checks):
    assert suggest_spelling("tehran stadum", claims=Claim.objects.public()) == "tehran stadium"


def test_a_suggestion_keeps_the_filters(client, marathon_checks):
    body = client.get("/search/", {"q": "marathn", "rating": "false"}).content.decode()
    assert 'href="?q=marathon&amp;rating=false"' in body


def test_no_suggestion_when_nothing_is_close(client, marathon_checks):
    body = client.get("/search/", {"q": "xylophone"}).content.decode()
    assert "Did you mean" not in body


def test_an_empty_search_shows_the_newest_checks(client, marathon_checks):
    body = client.get("/search/", {"q": "xylophone"}).content.decode()
    newest = body.split("Our newest fact checks", 1)[1]
    for verdict in marathon_checks:
        assert verdict.claim.get_absolute_url() in newest


def test_a_search_with_results_shows_neither(client, marathon_checks):
    body = client.get("/search/", {"q": "marathon"}).content.decode()
    assert "Did you mean" not in body and "Our newest fact checks" not in body
