"""Corrections readers notice: next to the rating, on list cards, on /corrections/ and its feeds, in Atom <updated>."""

from __future__ import annotations

import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from claims import services
from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rerate(verdict: Verdict, reviewer, *, rating: str, note: str) -> None:
    """A reviewer's correction through the one service every path calls."""
    stored = Verdict.objects.get(pk=verdict.pk)

    def save() -> None:
        stored.rating = factories.rating(rating)
        stored.save()

    services.published_edit_apply(
        verdict=Verdict.objects.get(pk=verdict.pk),
        changed_fields=["rating"],
        user=reviewer,
        correction_note=note,
        save=save,
    )


def rating_block(page: str) -> str:
    return re.search(r'<div class="verdict-summary">(.*?)</div>', page, re.S).group(1)


def test_a_rerated_verdict_says_so_next_to_its_rating_and_links_to_the_corrections(reviewer):
    verdict = factories.PublishedVerdictFactory()
    page = Client().get(verdict.claim.get_absolute_url()).content.decode()
    assert "correction-notice" not in page

    rerate(verdict, reviewer, rating="true", note="We misread the table.")
    page = Client().get(verdict.claim.get_absolute_url()).content.decode()
    notice = rating_block(page)
    assert "Rating changed from False to True on" in notice
    assert 'href="#corrections"' in notice
    assert "We misread the table." in page


def test_a_correction_without_a_new_rating_says_corrected_on_its_date(reviewer):
    verdict = factories.PublishedVerdictFactory()
    services.correction_add(verdict=verdict, note="Fixed a date.", user=reviewer)
    notice = rating_block(Client().get(verdict.claim.get_absolute_url()).content.decode())
    assert "Corrected on" in notice and "Rating changed" not in notice


def test_list_cards_mark_corrected_verdicts_only(reviewer):
    corrected = factories.PublishedVerdictFactory(claim__text="The corrected claim.")
    factories.PublishedVerdictFactory(claim__text="The untouched claim.")
    services.correction_add(verdict=corrected, note="Fixed a date.", user=reviewer)
    page = Client().get("/").content.decode()
    cards = re.findall(r'<li class="claim-card">(.*?)</li>', page, re.S)
    marked = {("corrected-mark" in card, "corrected claim" in card) for card in cards}
    assert marked == {(True, True), (False, False)}


def test_the_corrections_page_lists_public_corrections_newest_first_with_feeds(reviewer):
    older = factories.PublishedVerdictFactory()
    newer = factories.PublishedVerdictFactory()
    services.correction_add(
        verdict=older, note="Older note.", user=reviewer, published_at=timezone.now() - timedelta(days=2)
    )
    rerate(newer, reviewer, rating="true", note="Newer note.")
    draft = factories.PublishedVerdictFactory()
    services.correction_add(verdict=draft, note="Hidden after unpublishing.", user=reviewer)
    services.verdict_unpublish(verdict=draft, user=reviewer)

    page = Client().get("/corrections/").content.decode()
    assert page.index("Newer note.") < page.index("Older note.")
    assert "Rating changed from False to True" in page
    assert "Hidden after unpublishing." not in page

    atom = ElementTree.fromstring(Client().get("/corrections/atom/").content)  # noqa: S314 (our own feed)
    entries = atom.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}summary").text for e in entries] == ["Newer note.", "Older note."]
    rss = Client().get("/corrections/feed/")
    assert rss.status_code == 200 and b"Newer note." in rss.content


def test_the_atom_entry_updated_and_claimreview_date_modified_move_with_a_correction(reviewer):
    verdict = factories.PublishedVerdictFactory()
    Verdict.objects.filter(pk=verdict.pk).update(
        published_at=timezone.now() - timedelta(days=1), updated_at=timezone.now() - timedelta(days=1)
    )

    def atom_updated() -> str:
        atom = ElementTree.fromstring(Client().get("/feeds/latest/atom/").content)  # noqa: S314 (our own feed)
        return atom.find(f"{ATOM}entry").find(f"{ATOM}updated").text

    before = atom_updated()
    rerate(verdict, reviewer, rating="true", note="We misread the table.")
    verdict.refresh_from_db()
    assert atom_updated() > before
    review = Client().get(f"/api/v1/claims/{verdict.claim_id}/claimreview/").json()
    assert review["dateModified"] == verdict.updated_at.isoformat()
