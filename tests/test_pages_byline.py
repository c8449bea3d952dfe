"""The verdict page names who checked and who reviewed it, as the newsroom chose to name them."""

from __future__ import annotations

import re

import pytest

from claims.models import NewsroomProfile
from tests import factories

pytestmark = pytest.mark.django_db


def byline(client, verdict) -> str:
    body = client.get(verdict.claim.get_absolute_url()).content.decode()
    match = re.search(r'<p class="byline">(.*?)</p>', body, re.S)
    return match.group(1) if match else ""


def test_the_byline_shows_the_authors_and_reviewers_public_names_never_their_login_names(client, settings):
    author = factories.UserFactory(username="a.login")
    reviewer = factories.UserFactory(username="r.login")
    NewsroomProfile.objects.create(user=author, public_name="Maryam Ahmadi")
    NewsroomProfile.objects.create(user=reviewer, public_name="Sam Okafor")
    verdict = factories.PublishedVerdictFactory(author=author, reviewer=reviewer)
    line = byline(client, verdict)
    assert "Checked by <bdi>Maryam Ahmadi</bdi>" in line
    assert "Reviewed by <bdi>Sam Okafor</bdi>" in line
    assert "a.login" not in line and "r.login" not in line


def test_a_person_who_asks_to_be_credited_as_the_desk_is_shown_as_the_desk(client, settings):
    settings.DESK_NAME = "The Verification Desk"
    author = factories.UserFactory(username="careful")
    NewsroomProfile.objects.create(user=author, public_name="Real Name", credit_desk=True)
    line = byline(client, factories.PublishedVerdictFactory(author=author))
    assert "Checked by <bdi>The Verification Desk</bdi>" in line
    assert "Real Name" not in line


def test_staff_without_a_public_name_are_shown_as_the_desk(client, settings):
    settings.DESK_NAME = "The Verification Desk"
    verdict = factories.PublishedVerdictFactory(
        author=factories.UserFactory(username="no.profile"), reviewer=factories.UserFactory(username="blank.name")
    )
    NewsroomProfile.objects.create(user=verdict.reviewer, public_name="   ")
    line = byline(client, verdict)
    assert "Checked by <bdi>The Verification Desk</bdi>" in line
    assert "Reviewed by <bdi>The Verification Desk</bdi>" in line
    assert "no.profile" not in line and "blank.name" not in line


def test_a_verdict_with_no_author_or_reviewer_on_record_has_no_byline(client):
    assert byline(client, factories.PublishedVerdictFactory(author=None, reviewer=None)) == ""


def test_the_byline_links_to_the_methodology(client):
    line = byline(client, factories.PublishedVerdictFactory(author=factories.UserFactory()))
    assert 'href="/pages/methodology/"' in line


def test_the_byline_costs_no_query_of_its_own(client, django_assert_max_num_queries):
    from tests.test_pages_queries import VERDICT_PAGE_MAX_QUERIES

    author, reviewer = factories.UserFactory(), factories.UserFactory()
    NewsroomProfile.objects.create(user=author, public_name="Maryam Ahmadi")
    verdict = factories.PublishedVerdictFactory(author=author, reviewer=reviewer)
    with django_assert_max_num_queries(VERDICT_PAGE_MAX_QUERIES):
        response = client.get(verdict.claim.get_absolute_url())
    assert "Maryam Ahmadi" in response.content.decode()
