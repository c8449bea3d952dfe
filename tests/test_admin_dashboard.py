"""The editors' dashboard on the admin index: what waits for review, what is published, which links broke."""

from __future__ import annotations

import re

import pytest

from claims.linkcheck.outcomes import LinkHealth
from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def shown_count(page: str, name: str) -> int:
    return int(re.search(rf'data-count="{name}">(\d+)<', page).group(1))


def test_the_dashboard_counts_drafts_reviews_published_and_broken_links(editor_client):
    factories.VerdictFactory.create_batch(3)
    in_review = factories.VerdictFactory.create_batch(2, status=Verdict.Status.IN_REVIEW)
    healthy, citing_dead, citing_failing = factories.PublishedVerdictFactory.create_batch(3)
    factories.ClaimSourceFactory(claim=healthy.claim, source=factories.SourceFactory(link_health=LinkHealth.OK))
    dead = factories.SourceFactory(title="A dead page", link_health=LinkHealth.DEAD)
    factories.ClaimSourceFactory(claim=citing_dead.claim, source=dead)
    failing = factories.SourceFactory(link_health=LinkHealth.FAILING)
    factories.ClaimSourceFactory(claim=citing_failing.claim, source=failing)
    # A draft citing a dead link is not counted: only published verdicts are readers' problem.
    factories.ClaimSourceFactory(claim=in_review[0].claim, source=dead)
    factories.ClaimFactory()  # a claim with no verdict yet

    page = editor_client.get("/admin/").content.decode()

    assert shown_count(page, "drafts") == 3
    assert shown_count(page, "in_review") == 2
    assert shown_count(page, "published") == 3
    assert shown_count(page, "without_verdict") == 1
    assert shown_count(page, "published_with_broken_links") == 2
    broken_panel = page.split('id="cc-broken-links"')[1].split('id="cc-newest"')[0]
    assert str(citing_dead.claim) in broken_panel and "A dead page" in broken_panel
    assert str(healthy.claim) not in broken_panel
    assert "?status=published&amp;link_health=broken" in page  # the count links to the same claims, listed
    in_review_panel = page.split('id="cc-in-review"')[1].split('id="cc-drafts"')[0]
    assert all(str(v.claim) in in_review_panel for v in in_review)


def test_the_chart_has_one_bar_per_rating_with_its_published_count(editor_client):
    factories.PublishedVerdictFactory.create_batch(2, rating=factories.rating("false"))
    factories.PublishedVerdictFactory(rating=factories.rating("true"))
    factories.VerdictFactory(rating=factories.rating("true"))  # a draft is not counted

    page = editor_client.get("/admin/").content.decode()

    chart = page.split('id="cc-chart"')[1]
    bars = dict(re.findall(r'<g class="cc-bar" data-rating="([^"]+)" data-count="(\d+)"', chart))
    assert bars["False"] == "2"
    assert bars["True"] == "1"
    assert "<svg" in chart and "3 published verdicts by rating" in chart


def test_the_dashboard_is_hidden_from_staff_who_cannot_see_verdicts(client):
    staff = factories.UserFactory(is_staff=True)
    client.force_login(staff)
    page = client.get("/admin/").content.decode()
    assert 'id="editors-dashboard"' not in page
