"""The DataFeed is streamed: its memory stays flat as the number of published claims grows."""

from __future__ import annotations

import tracemalloc

import pytest
from django.test import Client

from claims.api.export import EXPORT_CHUNK_SIZE
from tests.test_api_export import add_published_claims

pytestmark = pytest.mark.django_db


def feed_peak_memory() -> tuple[int, int]:
    """(items read, peak bytes allocated while streaming the feed), reading it piece by piece as a client would."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = Client().get("/feeds/claimreview.json")
        items = sum(chunk.count(b'"@type": "DataFeedItem"') for chunk in response.streaming_content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return items, peak


def test_the_feeds_memory_does_not_grow_with_the_number_of_claims():
    add_published_claims(EXPORT_CHUNK_SIZE * 2)
    small_items, small_peak = feed_peak_memory()
    add_published_claims(EXPORT_CHUNK_SIZE * 6)
    large_items, large_peak = feed_peak_memory()

    assert (small_items, large_items) == (EXPORT_CHUNK_SIZE * 2, EXPORT_CHUNK_SIZE * 8)
    # Four times the claims: memory that grew with them would be about four times larger.
    assert large_peak < small_peak * 1.3, (small_peak, large_peak)
