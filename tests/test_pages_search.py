"""search_claims: full-text search over published claims (PostgreSQL), plain matching on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection

from claims.models import Claim
from claims.search import refresh_search_documents, search_claims
from tests import factories

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")


def found(query: str) -> list[str]:
    return list(search_claims(Claim.objects.public(), query).values_list("slug", flat=True))


def test_it_finds_published_claims_by_claim_text_verdict_and_claimant(worked_example):
    assert "minister-no-chance-race-mixed" in found("competition mixed")  # claim text
    assert "minister-no-chance-race-mixed" in found("Solanifar")  # claimant
    assert "straten-mixed-race-given-okay" in found("official record")  # conclusion
    assert "women-banned-from-shiraz-race" in found("Shiraz")


def test_it_finds_persian_claims_by_a_persian_word(worked_example):
    assert found("ورزشگاه") == ["federation-women-10k-stadium-fa"]
    assert "federation-women-10k-stadium-fa" in found("فدراسیون")  # the claimant's Persian name


def test_it_never_returns_a_draft_or_a_claim_in_review(worked_example):
    assert "email-banned-women-three-weeks-before" not in found("email")
    assert "at-least-156-women-registered" not in found("156")
    assert found("DRAFT-NOT-PUBLIC waiting copy email runner") == []


def test_a_blank_query_filters_nothing_and_the_search_page_lists_nothing_for_it(client, worked_example):
    assert len(found("   ")) == Claim.objects.public().count()
    body = client.get("/search/", {"q": "  "}).content.decode()
    assert 'class="claim-list"' not in body


def test_words_may_match_in_different_places(worked_example):
    # "Solanifar" is the claimant's name, "competition" is in the claim's text.
    assert found("Solanifar competition") == ["minister-no-chance-race-mixed"]


def test_every_word_must_match(worked_example):
    assert found("Shiraz Solanifar") == []


def test_the_search_page_lists_matches_with_a_result_count(client, worked_example):
    body = client.get("/search/", {"q": "Shiraz"}).content.decode()
    assert "1 result for “<bdi>Shiraz</bdi>”" in body  # the query isolated from the sentence around it
    assert 'href="/claims/women-banned-from-shiraz-race/"' in body


@on_postgresql
def test_postgres_search_stems_english_words():
    factories.PublishedVerdictFactory(claim__text="The federation registered 156 runners.", claim__slug="stems")
    assert found("registering runner") == ["stems"]


@on_postgresql
def test_postgres_search_understands_web_search_syntax():
    factories.PublishedVerdictFactory(claim__text="Women ran in the stadium.", claim__slug="stadium")
    factories.PublishedVerdictFactory(claim__text="Women ran in the street.", claim__slug="street")
    assert found('"women ran" -stadium') == ["street"]
    assert sorted(found("stadium or street")) == ["stadium", "street"]


@on_postgresql
def test_postgres_search_ranks_a_match_in_the_claim_above_one_in_the_explanation():
    factories.PublishedVerdictFactory(
        claim__text="Nothing about it here.", explanation="The word budget appears only here.", claim__slug="low"
    )
    factories.PublishedVerdictFactory(claim__text="The budget doubled.", claim__slug="high")
    assert found("budget") == ["high", "low"]


@on_postgresql
def test_postgres_search_uses_the_gin_index_on_the_stored_document():
    with connection.cursor() as cursor:
        # Left only bitmap scans, which need an index condition, the planner must show whether the GIN index serves.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        # All claims, not public ones: on a near-empty table the planner would rather start from the verdicts.
        plan = search_claims(Claim.objects.all(), "marathon women").explain()
    assert "claim_search_document_gin" in plan


@on_postgresql
def test_the_stored_document_follows_edits_to_the_verdict_and_the_claimant():
    verdict = factories.PublishedVerdictFactory(claim__text="A claim.", claim__slug="followed")
    verdict.explanation = "The zeppelin never landed."
    verdict.save()
    assert found("zeppelin") == ["followed"]
    claimant = verdict.claim.claimant
    claimant.name = "Wilhelmina Quarrington"
    claimant.save()
    assert found("Quarrington") == ["followed"]


@on_postgresql
def test_a_bulk_write_is_found_after_refresh_search_documents():
    verdict = factories.PublishedVerdictFactory(claim__text="A claim.", claim__slug="bulk")
    Claim.objects.filter(pk=verdict.claim_id).update(text="Marmalade shortages, said nobody.")
    assert found("marmalade") == []  # update() bypasses save() and its signal
    assert refresh_search_documents(claim_ids=[verdict.claim_id]) == 1
    assert found("marmalade") == ["bulk"]
