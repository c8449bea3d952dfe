"""Red-team: the reader pages of #17 (topics, ratings scale, search filters and suggestions, share cards, sitemap)
never reveal a draft, a verdict in review, or a topic or claimant known only from them."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import Verdict
from claims.services import verdict_unpublish
from tests import factories

pytestmark = pytest.mark.django_db

SECRET_TOPIC = "secret-investigation-topic"


@pytest.fixture
def draft_with_its_own_topic_and_claimant():
    verdict = factories.VerdictFactory(
        status=Verdict.Status.IN_REVIEW,
        rating=factories.rating("true"),
        claim__text="Quixotically flamboyant embezzlement allegation",
        claim__claimant__slug="draft-only-claimant",
        claim__claimant__name="Draft Only Claimant",
    )
    verdict.claim.topics.add(factories.TopicFactory(slug=SECRET_TOPIC, name="Secret investigation"))
    factories.PublishedVerdictFactory(claim__text="A public claim about budgets", rating=factories.rating("false"))
    return verdict


def test_a_topic_with_only_a_draft_is_absent_from_the_topic_list_its_page_the_sitemap_and_the_filters(
    client, draft_with_its_own_topic_and_claimant
):
    assert "Secret investigation" not in client.get("/topics/").content.decode()
    assert client.get(f"/topics/{SECRET_TOPIC}/").status_code == 404
    sitemap = "".join(
        client.get(f"/sitemap-{section}.xml").content.decode() for section in ("topics", "pages", "claims")
    )
    assert SECRET_TOPIC not in sitemap
    assert "/topics/" in sitemap  # the topic index itself is listed
    search = client.get("/search/", {"q": "budgets"}).content.decode()
    assert SECRET_TOPIC not in search and "Secret investigation" not in search


def test_filtering_by_a_drafts_topic_or_claimant_answers_as_for_a_word_nobody_used(
    client, draft_with_its_own_topic_and_claimant
):
    for name, secret in (("topic", SECRET_TOPIC), ("claimant", "draft-only-claimant")):
        secret_answer = client.get("/search/", {name: secret})
        unknown_answer = client.get("/search/", {name: "no-such-thing-at-all"})
        assert secret_answer.status_code == unknown_answer.status_code == 400
        assert "Quixotically" not in secret_answer.content.decode()
        assert secret_answer.content.decode().replace(secret, "X") == unknown_answer.content.decode().replace(
            "no-such-thing-at-all", "X"
        )


def test_the_ratings_page_counts_published_verdicts_only(client, draft_with_its_own_topic_and_claimant):
    body = client.get("/ratings/").content.decode()
    true_row = body.split('data-rating="true"', 1)[1].split("</tr>", 1)[0]
    false_row = body.split('data-rating="false"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="count">0</td>' in true_row  # the verdict in review is not counted
    assert '<td class="count">1</td>' in false_row


def test_a_rating_filter_never_lists_a_draft(client, draft_with_its_own_topic_and_claimant):
    body = client.get("/search/", {"rating": "true"}).content.decode()
    assert "Quixotically" not in body
    assert "0 results" in body


def test_did_you_mean_never_suggests_a_word_found_only_in_a_draft(client, draft_with_its_own_topic_and_claimant):
    body = client.get("/search/", {"q": "quixoticaly"}).content.decode()
    assert "Did you mean" not in body
    assert "quixotically" not in body.lower().replace("quixoticaly", "")


def test_an_unpublished_verdict_has_no_share_card_for_anyone(client, editor, draft_with_its_own_topic_and_claimant):
    draft = draft_with_its_own_topic_and_claimant
    assert client.get(f"/claims/{draft.claim.slug}/card.png").status_code == 404
    staff = Client()
    staff.force_login(editor)
    assert staff.get(f"/claims/{draft.claim.slug}/card.png").status_code == 404
    preview = staff.get(draft.claim.get_absolute_url()).content.decode()
    assert "card.png" not in preview  # a preview never advertises a share card


def test_an_unpublished_verdicts_card_disappears_with_it(client, tmp_path, settings):
    settings.SHARE_CARD_DIR = tmp_path
    verdict = factories.PublishedVerdictFactory()
    url = f"/claims/{verdict.claim.slug}/card.png"
    assert client.get(url).status_code == 200
    verdict_unpublish(verdict=verdict, user=factories.UserFactory(is_superuser=True))
    assert client.get(url).status_code == 404
