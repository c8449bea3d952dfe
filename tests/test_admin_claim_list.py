"""The claim list: search over claim text, claimant and source titles; filters by status and link health."""

from __future__ import annotations

import pytest

from claims.linkcheck.outcomes import LinkHealth
from tests import factories

pytestmark = pytest.mark.django_db


def listed(client, query: str) -> set[int]:
    response = client.get(f"/admin/claims/claim/?{query}")
    assert response.status_code == 200
    return {claim.pk for claim in response.context["cl"].result_list}


def test_search_finds_claims_by_text_claimant_name_and_source_title(editor_client):
    by_text = factories.ClaimFactory(text="The stadium held 20,000 runners.")
    by_claimant = factories.ClaimFactory(claimant=factories.ClaimantFactory(name="Massoud Solanifar"))
    by_source = factories.ClaimSourceFactory(source=factories.SourceFactory(title="Tasnim news agency report")).claim
    factories.ClaimFactory()

    assert listed(editor_client, "q=stadium") == {by_text.pk}
    assert listed(editor_client, "q=solanifar") == {by_claimant.pk}
    assert listed(editor_client, "q=tasnim") == {by_source.pk}


def test_filters_by_status_including_claims_without_a_verdict(editor_client):
    draft = factories.VerdictFactory().claim
    published = factories.PublishedVerdictFactory().claim
    bare = factories.ClaimFactory()
    assert listed(editor_client, "status=draft") == {draft.pk}
    assert listed(editor_client, "status=published") == {published.pk}
    assert listed(editor_client, "status=none") == {bare.pk}


def test_filters_and_shows_the_link_health_of_cited_sources(editor_client):
    dead = factories.ClaimSourceFactory(source=factories.SourceFactory(link_health=LinkHealth.DEAD)).claim
    healthy = factories.ClaimSourceFactory(source=factories.SourceFactory(link_health=LinkHealth.OK)).claim
    failing = factories.ClaimSourceFactory(source=factories.SourceFactory(link_health=LinkHealth.FAILING)).claim
    assert listed(editor_client, "link_health=dead") == {dead.pk}
    assert listed(editor_client, "link_health=failing") == {failing.pk}
    assert listed(editor_client, "link_health=healthy") == {healthy.pk}
    assert listed(editor_client, "link_health=broken") == {dead.pk, failing.pk}
    page = editor_client.get("/admin/claims/claim/").content.decode()
    assert "1 dead" in page and "1 failing" in page


def test_filters_by_rating_language_and_topic(editor_client):
    topic = factories.TopicFactory(name="Running")
    persian = factories.PublishedVerdictFactory(claim__language="fa", rating=factories.rating("true")).claim
    persian.topics.add(topic)
    factories.PublishedVerdictFactory(rating=factories.rating("false"))
    assert listed(editor_client, f"verdict__rating__id__exact={factories.rating('true').pk}") == {persian.pk}
    assert listed(editor_client, "language=fa") == {persian.pk}
    assert listed(editor_client, f"topics__id__exact={topic.pk}") == {persian.pk}
