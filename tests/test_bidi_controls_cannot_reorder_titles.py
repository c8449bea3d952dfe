"""A right-to-left override (U+202E) typed into a claim stays inside the claim's text in <title>, the Open Graph
and Twitter tags and the feed titles: it is removed and the text isolated (U+2068 … U+2069), so the site name
and the rating after or before it read as they should."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from claims.bidi import isolate
from tests import factories

pytestmark = pytest.mark.django_db

RLO = "\u202e"
TEXT = f"Mayor says {RLO}the river is clean"


@pytest.fixture
def hostile_claim():
    verdict = factories.PublishedVerdictFactory(claim__text=TEXT, conclusion=f"{RLO}No, it is not.")
    return verdict.claim


def test_isolate_removes_every_explicit_bidi_control_and_wraps_the_rest():
    assert isolate(f"a{RLO}b\u2069c\u202a") == "\u2068abc\u2069"
    assert isolate("متن فارسی") == "\u2068متن فارسی\u2069"
    assert isolate("") == ""


def test_the_page_title_and_meta_tags_isolate_the_claim_text(hostile_claim):
    body = Client().get(hostile_claim.get_absolute_url()).content.decode()

    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert RLO not in title
    assert title.startswith("\u2068Mayor says the river is clean") and "\u2069 · ClaimCheck" in title
    for tag in ('property="og:title"', 'name="twitter:title"', 'name="description"', 'property="og:description"'):
        content = re.search(rf'<meta {tag} content="([^"]*)"', body).group(1)
        assert RLO not in content, tag
        assert content.count("\u2068") == content.count("\u2069") == 1, tag


@pytest.mark.parametrize(
    ("feed", "title_path"), [("/feeds/latest/", "channel/item/title"), ("/feeds/latest/atom/", None)]
)
def test_feed_titles_isolate_the_claim_text(hostile_claim, feed, title_path):
    root = ET.fromstring(Client().get(feed).content)  # noqa: S314 (our own feed, in a test)
    path = title_path or "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title"
    (title,) = [element.text for element in root.iterfind(path)]

    assert RLO not in title
    assert title.endswith(": \u2068Mayor says the river is clean\u2069")


def test_the_claimant_and_search_titles_isolate_user_text(hostile_claim):
    claimant_page = Client().get(hostile_claim.claimant.get_absolute_url()).content.decode()
    search_page = Client().get("/search/", {"q": f"river{RLO}"}).content.decode()

    for body in (claimant_page, search_page):
        title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
        assert RLO not in title and "\u2068" in title and "\u2069" in title
