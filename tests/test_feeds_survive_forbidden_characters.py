"""A row written before the validator existed (here with queryset.update(), which skips validation) cannot take a
feed or the sitemap down: every XML writer strips the characters XML 1.0 forbids."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.test import Client

from claims.models import Claim, Claimant, Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_stored_vertical_tab_does_not_break_either_feed_or_the_sitemap():
    verdict = factories.PublishedVerdictFactory(claim__slug="pasted-from-a-pdf")
    Claim.objects.filter(pk=verdict.claim_id).update(text="Turnout fell\u000bby half\u001f.")
    Claimant.objects.filter(pk=verdict.claim.claimant_id).update(name="Minister\u000c of Sport")
    Verdict.objects.filter(pk=verdict.pk).update(conclusion="Wrong\ufffe.")
    reader = Client(raise_request_exception=False)

    for url in ("/feeds/latest/", "/feeds/latest/atom/"):
        response = reader.get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.get("bozo_exception"))
        [entry] = feed.entries
        assert "Turnout fellby half." in entry.title
        assert "Minister of Sport" in entry.summary
        assert "Wrong." in entry.summary

    for url in ("/sitemap.xml", "/sitemap-claims.xml"):
        response = reader.get(url)
        assert response.status_code == 200, url
        ET.fromstring(response.content)  # noqa: S314 (our own sitemap): raises on anything not well-formed
    assert b"/claims/pasted-from-a-pdf/" in reader.get("/sitemap-claims.xml").content
