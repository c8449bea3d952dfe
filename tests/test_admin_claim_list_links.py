"""The claim list's links column tells the truth: an unchecked link is never shown as working."""

from __future__ import annotations

import re

import pytest

from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from tests import factories

pytestmark = pytest.mark.django_db


def links_cell(editor_client, claim) -> str:
    page = editor_client.get("/admin/claims/claim/").content.decode()
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*?/admin/claims/claim/{claim.pk}/change/(?:(?!</tr>).)*</tr>", page, re.S)
    assert row, "the claim's row is listed"
    return re.search(r'<td class="field-link_health">(.*?)</td>', row.group(0), re.S).group(1)


def cite(**source_fields):
    return factories.ClaimSourceFactory(source=factories.SourceFactory(**source_fields)).claim


def test_a_claim_whose_link_was_never_checked_is_not_shown_as_working(editor_client):
    claim = cite(link_health=LinkHealth.UNCHECKED)
    cell = links_cell(editor_client, claim)
    assert "1 not checked yet" in cell
    assert "working" not in cell


def test_a_claim_whose_links_all_answered_is_shown_as_working(editor_client):
    claim = cite(link_health=LinkHealth.OK, last_outcome=LinkOutcome.OK)
    assert "✓ working" in links_cell(editor_client, claim)


def test_a_link_the_site_refused_to_our_checker_reads_could_not_verify(editor_client):
    claim = cite(link_health=LinkHealth.FAILING, last_outcome=LinkOutcome.FORBIDDEN)
    cell = links_cell(editor_client, claim)
    assert "1 could not verify" in cell
    assert "working" not in cell


def test_dead_and_unchecked_links_of_one_claim_are_both_shown_worst_first(editor_client):
    claim = cite(link_health=LinkHealth.DEAD, last_outcome=LinkOutcome.NOT_FOUND)
    factories.ClaimSourceFactory(claim=claim, source=factories.SourceFactory(link_health=LinkHealth.UNCHECKED))
    cell = links_cell(editor_client, claim)
    assert cell.index("1 dead") < cell.index("1 not checked yet")


def test_a_claim_without_cited_links_says_so(editor_client):
    claim = factories.ClaimFactory()
    assert "no links" in links_cell(editor_client, claim)


def test_the_list_explains_every_mark_in_a_legend(editor_client):
    page = editor_client.get("/admin/claims/claim/").content.decode()
    legend = page[page.index('class="link-legend"') :]
    for mark in ("dead", "failing", "could not verify", "not checked yet", "✓ working", "no links"):
        assert mark in legend
