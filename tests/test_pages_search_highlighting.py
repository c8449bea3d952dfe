"""Search results mark the matched words (PostgreSQL ts_headline; a plain match on SQLite), and a claim's own
text can never inject markup through the highlighting."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from claims.search_pages import highlighted
from tests import factories

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_headline is PostgreSQL's")


def result_titles(client, **params) -> list[str]:
    body = client.get("/search/", params).content.decode()
    return re.findall(r'<h2 class="claim-card-title"[^>]*><a [^>]*>(.*?)</a></h2>', body, re.S)


def test_the_matched_words_are_marked_in_the_results(client):
    factories.PublishedVerdictFactory(claim__text="The marathon was moved to a stadium")
    (title,) = result_titles(client, q="marathon")
    assert "<mark>marathon</mark>" in title
    assert "stadium" in title and "<mark>stadium</mark>" not in title


def test_markup_in_a_claim_never_becomes_markup_around_the_marks(client):
    # SQLite shows the tags as text; PostgreSQL's parser drops tag-like tokens from the headline. Neither runs them.
    factories.PublishedVerdictFactory(claim__text='Marathon <script>alert("x")</script> <b>bold</b> winners')
    (title,) = result_titles(client, q="marathon")
    assert "<script>" not in title and "<b>" not in title
    assert "<mark>Marathon</mark>" in title
    assert "alert(&quot;x&quot;)" in title and "winners" in title


def test_a_list_without_a_query_has_no_marks(client):
    factories.PublishedVerdictFactory(claim__text="Budget claim", rating=factories.rating("false"))
    (title,) = result_titles(client, rating="false")
    assert "<mark>" not in title and "Budget claim" in title


def test_the_fallback_marks_each_word_case_insensitively_and_escapes_the_rest():
    html = highlighted("Women & <men> ran; WOMEN won", query="women ran")
    assert str(html) == "<mark>Women</mark> &amp; &lt;men&gt; <mark>ran</mark>; <mark>WOMEN</mark> won"


def test_markers_typed_into_a_claim_cannot_open_a_mark_that_is_not_closed():
    html = highlighted("x", query="x", headline_raw="a \ue000b <i> \ue001c\ue001 \ue000")
    assert str(html) == "a <mark>b &lt;i&gt; </mark>c "


@on_postgresql
def test_postgresql_marks_other_forms_of_the_same_word(client):
    from claims.search import refresh_search_documents

    verdict = factories.PublishedVerdictFactory(claim__text="She was running the race in Tehran")
    refresh_search_documents(claim_ids=[verdict.claim_id])
    (title,) = result_titles(client, q="runs")
    assert "<mark>running</mark>" in title
