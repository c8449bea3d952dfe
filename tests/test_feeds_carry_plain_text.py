"""Claim text is plain text: a feed reader shows `<b>`, `<` and `&` as the characters typed, never as markup."""

from __future__ import annotations

import html
import re

import feedparser
import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "The flyer said <b>men only</b>; turnout < 5% & falling"
SCRIPT = "Quote </script><script>alert(1)</script> ends here"


def shown_text(value: str) -> str:
    """What a reader displays for an HTML value: no markup may remain once the entities are read.

    User text arrives wrapped in U+2068/U+2069 (claims.bidi.isolate, issue 16); those marks are invisible."""
    assert not re.search(r"<[a-z/]", value), value
    return visible(html.unescape(value))


def visible(value: str) -> str:
    return value.replace("\u2068", "").replace("\u2069", "")


@pytest.fixture
def claims_with_markup_characters():
    factories.PublishedVerdictFactory(claim__text=TEXT, claim__claimant__name="A & B", conclusion="Wrong <i>x</i>")
    factories.PublishedVerdictFactory(claim__text=SCRIPT)


def entries(url: str) -> list:
    feed = feedparser.parse(Client().get(url).content)
    assert not feed.bozo
    return feed.entries


def test_rss_carries_the_claim_text_html_escaped_so_feedparser_reads_it_literally(claims_with_markup_characters):
    summaries = [shown_text(entry.summary) for entry in entries("/feeds/latest/")]
    assert f"A & B: “{TEXT}” — Wrong <i>x</i>" in summaries
    assert any(f"“{SCRIPT}”" in summary for summary in summaries)
    titles = [shown_text(entry.title) for entry in entries("/feeds/latest/")]
    assert any("<b>men only</b>" in title for title in titles)


def test_atom_carries_the_claim_text_as_type_text(claims_with_markup_characters):
    atom = entries("/feeds/latest/atom/")
    assert {entry.summary_detail.type for entry in atom} == {"text/plain"}
    summaries = [visible(entry.summary) for entry in atom]
    assert f"A & B: “{TEXT}” — Wrong <i>x</i>" in summaries
    assert any(f"“{SCRIPT}”" in summary for summary in summaries)
    assert any("<b>men only</b>" in entry.title and entry.title_detail.type == "text/plain" for entry in atom)
