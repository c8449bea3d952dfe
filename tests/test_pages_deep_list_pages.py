"""Deep pages of the newest-first lists (home, claimant, rating, topic) show the same claims in the same order, behind
the same ?page=N links, as slicing the whole list would; on PostgreSQL their keys come from walking one index,
with no sort and no table read (claims.views.KeysFirstPaginator, the verdict_published_newest index)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from claims.models import Claim, Verdict
from claims.views import CLAIMS_PER_PAGE
from tests import factories

pytestmark = pytest.mark.django_db

CLAIM_LINK = re.compile(r'href="(/claims/[^/"]+/)"')
PUBLIC = 2 * CLAIMS_PER_PAGE + 7  # three pages, the last one short


@pytest.fixture
def archive():
    """PUBLIC public claims of one claimant, rating and topic, published in pairs at the same instant (so the tie
    on claim id decides within a pair), plus a draft and another claimant's public claim."""
    claimant, topic = factories.ClaimantFactory(slug="deep-claimant"), factories.TopicFactory(slug="deep-topic")
    start = timezone.now() - timedelta(days=1)
    for n in range(PUBLIC):
        verdict = factories.PublishedVerdictFactory(
            claim__claimant=claimant, published_at=start + timedelta(minutes=n // 2), rating=factories.rating("true")
        )
        verdict.claim.topics.add(topic)
    factories.VerdictFactory(claim__claimant=claimant, rating=factories.rating("true"))
    factories.PublishedVerdictFactory(published_at=start)
    return claimant, topic


def claim_links(url: str) -> list[str]:
    response = Client().get(url)
    assert response.status_code == 200, url
    return list(dict.fromkeys(CLAIM_LINK.findall(response.content.decode())))


@pytest.mark.parametrize(
    ("url", "listed"),
    [
        ("/", {}),
        ("/claimants/deep-claimant/", {"claimant__slug": "deep-claimant"}),
        ("/ratings/true/", {"verdict__rating__slug": "true"}),
        ("/topics/deep-topic/", {"topics__slug": "deep-topic"}),
    ],
)
def test_every_page_of_a_newest_first_list_shows_its_slice_of_the_whole_list_in_order(archive, url, listed):
    expected = [
        claim.get_absolute_url()
        for claim in Claim.objects.public().filter(**listed).order_by("-verdict__published_at", "-pk")
    ]
    pages = -(-len(expected) // CLAIMS_PER_PAGE)
    assert pages == 3
    for number in range(1, pages + 1):
        page_url = f"{url}?page={number}"
        body = Client().get(page_url).content.decode()
        assert claim_links(page_url) == expected[(number - 1) * CLAIMS_PER_PAGE : number * CLAIMS_PER_PAGE]
        assert f"Page {number} of {pages}" in body
        if number < pages:
            assert f'href="?page={number + 1}"' in body
    assert claim_links(f"{url}?page=99") == expected[2 * CLAIMS_PER_PAGE :]  # past the end: the last page


def plan_nodes(plan: dict) -> list[dict]:
    return [plan, *(node for child in plan.get("Plans", []) for node in plan_nodes(child))]


def test_on_postgresql_a_deep_pages_keys_are_an_index_walk_with_no_sort(archive):
    if connection.vendor != "postgresql":
        pytest.skip("the index walk is PostgreSQL's plan; SQLite only checks the pages above")
    offset = 2 * CLAIMS_PER_PAGE
    # The keys step of claims.views.paginate_newest for page 3 of the home page.
    keys = Verdict.objects.published().newest_claim_ids()[offset : offset + CLAIMS_PER_PAGE]
    sql, params = keys.query.sql_with_params()
    with connection.cursor() as cursor:
        # A few dozen rows: without these the planner rightly prefers reading the table and sorting it. With them a
        # sort still happens when no index gives the ORDER BY (disabling only makes it costlier), so a Sort node
        # here means the ORDER BY and the index no longer match.
        for setting in ("enable_seqscan", "enable_sort", "enable_incremental_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (explained,) = cursor.fetchone()
    nodes = plan_nodes(explained[0]["Plan"])
    assert [node["Node Type"] for node in nodes if "Sort" in node["Node Type"]] == []
    # One scan, of that index: the claims table is not read. (An index-only scan once VACUUM has set the visibility
    # map, as in production; rows inserted by a test may need their heap checked.)
    scans = [(node["Node Type"], node.get("Index Name")) for node in nodes if "Scan" in node["Node Type"]]
    assert len(scans) == 1 and scans[0][0] in ("Index Only Scan", "Index Scan"), scans
    assert scans[0][1] == "verdict_published_newest"
