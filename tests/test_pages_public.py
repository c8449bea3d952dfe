"""Reader pages: what the public sees, and that drafts and verdicts in review never reach it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from claims.linkcheck.outcomes import LinkHealth
from claims.models import Claim, ClaimSource, Topic, Verdict
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT_MARKER = "DRAFT-NOT-PUBLIC"
DRAFT_SLUG = "email-banned-women-three-weeks-before"
IN_REVIEW_SLUG = "at-least-156-women-registered"
UNPUBLISHED_SLUGS = [DRAFT_SLUG, IN_REVIEW_SLUG]
STRATEN = "straten-mixed-race-given-okay"
MINISTER = "minister-no-chance-race-mixed"
PERSIAN = "federation-women-10k-stadium-fa"
CORRECTED = "women-limited-to-10k-in-stadium"


def public_urls() -> list[str]:
    """Every public URL the fixtures give: lists, each verdict, claimant and rating page, search, feeds, sitemap."""
    urls = ["/", "/?page=2", "/feeds/latest/", "/feeds/latest/atom/", "/sitemap.xml", "/search/?q=women"]
    urls += ["/search/?q=marathon", "/search/?q=email", "/search/?q=registered", "/search/?q=copy+of+the+email+runner"]
    urls += [claim.get_absolute_url() for claim in Claim.objects.public()]
    urls += [f"/claimants/{slug}/" for slug in Claim.objects.public().values_list("claimant__slug", flat=True)]
    urls += [f"/ratings/{slug}/" for slug in ("true", "mostly-true", "half-true", "mostly-false", "false", "unproven")]
    # Reader pages of issue #17: the scale, topics, the newsroom's pages and filtered searches.
    urls += ["/ratings/", "/topics/", "/pages/methodology/", "/pages/corrections-policy/", "/pages/about/"]
    urls += [topic.get_absolute_url() for topic in Topic.objects.public()]
    urls += ["/search/?topic=running", "/search/?rating=mostly-true", "/search/?language=en&q=women"]
    urls += ["/search/?published_from=2000-01-01&published_to=2100-01-01", "/search/?q=registred+emial"]
    return urls


def test_every_public_page_answers_200_and_never_shows_unpublished_work(client, worked_example):
    unpublished = Claim.objects.filter(slug__in=UNPUBLISHED_SLUGS)
    hidden_texts = [DRAFT_MARKER, *UNPUBLISHED_SLUGS, *(claim.text[:40] for claim in unpublished)]
    for language in ("en", "fa"):
        for url in public_urls():
            response = client.get(url, headers={"accept-language": language})
            assert response.status_code == 200, url
            body = response.content.decode()
            for hidden in hidden_texts:
                assert hidden not in body, f"{hidden!r} leaked on {url} ({language})"


def test_unpublished_verdict_pages_are_404_for_anonymous_readers(client, worked_example):
    for slug in UNPUBLISHED_SLUGS:
        response = client.get(f"/claims/{slug}/")
        assert response.status_code == 404
        assert DRAFT_MARKER not in response.content.decode()


def test_a_claimant_with_only_unpublished_claims_has_no_public_page(client):
    factories.VerdictFactory(claim__claimant__slug="only-drafts", status=Verdict.Status.IN_REVIEW)
    assert client.get("/claimants/only-drafts/").status_code == 404


def test_the_search_finds_unpublished_claims_for_no_one(client):
    factories.VerdictFactory(claim__text="Zebras ran the marathon backwards", explanation=DRAFT_MARKER)
    factories.PublishedVerdictFactory(claim__text="Giraffes ran the marathon")
    body = client.get("/search/?q=marathon").content.decode()
    assert "Giraffes" in body
    assert "Zebras" not in body


def test_a_related_unpublished_claim_is_not_listed_on_a_public_verdict(client):
    public = factories.PublishedVerdictFactory(claim__text="A public claim about budgets").claim
    draft = factories.VerdictFactory(claim__text="An unpublished rebuttal about budgets").claim
    factories.ClaimRelationFactory(from_claim=draft, to_claim=public)
    body = client.get(public.get_absolute_url()).content.decode()
    assert "unpublished rebuttal" not in body
    assert draft.slug not in body


def test_staff_with_view_permission_see_a_draft_preview_with_banner_noindex_and_no_public_caching(client, editor):
    verdict = factories.VerdictFactory(explanation=f"{DRAFT_MARKER}: waiting for a copy of the email.")
    client.force_login(editor)
    response = client.get(verdict.claim.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert DRAFT_MARKER in body
    assert re.search(r'<p class="draft-banner"[^>]*>\s*<strong>DRAFT</strong>', body)
    assert '<meta name="robots" content="noindex, nofollow">' in body
    cache_control = response.headers["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "public" not in cache_control
    assert "application/ld+json" not in body  # a preview is not a published ClaimReview


def test_staff_without_the_view_permission_and_non_staff_with_it_get_404_for_a_draft(client):
    url = factories.VerdictFactory().claim.get_absolute_url()
    client.force_login(factories.UserFactory(username="intern", is_staff=True))
    assert client.get(url).status_code == 404
    reader = factories.UserFactory(username="reader", is_staff=False)
    reader.user_permissions.add(Permission.objects.get(codename="view_claim", content_type__app_label="claims"))
    other = Client()
    other.force_login(reader)
    assert other.get(url).status_code == 404


def test_a_published_verdict_is_cacheable_and_has_no_draft_banner(client, worked_example):
    response = client.get(f"/claims/{STRATEN}/")
    assert "public" in response.headers["Cache-Control"]
    assert "Accept-Language" in response.headers["Vary"]
    body = response.content.decode()
    assert "draft-banner" not in body
    assert "noindex" not in body


def test_the_verdict_page_shows_claim_claimant_rating_conclusion_explanation_and_dates(client, worked_example):
    body = client.get(f"/claims/{MINISTER}/").content.decode()
    assert body.count("<h1") == 1
    assert '<blockquote class="claim-text" lang="en" dir="auto">' in body
    assert "From the start, there was no chance the competition would be mixed." in body
    assert "Massoud Solanifar" in body and "Sports Minister of Iran" in body
    assert "Statement quoted in press coverage of the race" in body
    # The rating is a badge with its text, never colour alone.
    assert re.search(r'<span class="badge rating-\d+">Half true</span>', body)
    assert "weeks of shifting official messages" in body  # conclusion
    assert "<em>News report</em>" in body  # the explanation's Markdown, rendered
    assert 'datetime="2026-11-20T11:00:00+00:00"' in body  # published


def test_the_verdict_page_groups_sources_by_role_in_reading_order(client, worked_example):
    body = client.get(f"/claims/{MINISTER}/").content.decode()
    headings = re.findall(r'<h3 class="source-role">([^<]+)</h3>', body)
    assert headings == ["Where the claim appeared", "Supports", "Refutes", "Context"]


def test_related_claims_show_in_both_directions(client, worked_example):
    straten = client.get(f"/claims/{STRATEN}/").content.decode()
    minister = client.get(f"/claims/{MINISTER}/").content.decode()
    assert re.search(r'Contradicts</span>\s*<a href="/claims/minister-no-chance-race-mixed/"', straten)
    assert re.search(r'Contradicted by</span>\s*<a href="/claims/straten-mixed-race-given-okay/"', minister)


def test_corrections_are_listed_with_their_dates(client, worked_example):
    body = client.get(f"/claims/{CORRECTED}/").content.decode()
    assert '<h2 id="corrections">Corrections</h2>' in body
    assert 'datetime="2026-11-22T15:30:00+00:00"' in body
    assert "could also enter the 21K race" in body


def test_a_dead_source_says_link_unavailable_and_links_its_archived_copy(client):
    claim = factories.PublishedVerdictFactory().claim
    dead = factories.SourceFactory(title="Vanished report", url="https://gone.example.org/report")
    archived_at = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    factories.ClaimSourceFactory(claim=claim, source=dead, role=ClaimSource.Role.REFUTES)
    healthy = factories.SourceFactory(title="Live report", url="https://live.example.org/report")
    factories.ClaimSourceFactory(claim=claim, source=healthy, role=ClaimSource.Role.SUPPORTS)
    type(dead).objects.filter(pk=dead.pk).update(
        link_health=LinkHealth.DEAD,
        archive_url="https://web.archive.org/web/20261101120000/https://gone.example.org/report",
        archived_at=archived_at,
    )
    body = client.get(claim.get_absolute_url()).content.decode()
    dead_item = re.search(r'<li class="source" data-link-health="dead"[^>]*>(.*?)</li>', body, re.S).group(1)
    assert "link unavailable" in dead_item
    assert 'href="https://gone.example.org/report"' not in dead_item
    assert 'href="https://web.archive.org/web/20261101120000/https://gone.example.org/report"' in dead_item
    assert "archived copy (Nov. 1, 2026)" in dead_item
    assert 'href="https://live.example.org/report"' in body
    assert body.count("link unavailable") == 1


def test_open_graph_twitter_and_canonical_tags_point_at_the_site_url(client, worked_example, settings):
    settings.SITE_URL = "https://factcheck.example.org"
    body = client.get(f"/claims/{STRATEN}/").content.decode()
    url = "https://factcheck.example.org/claims/straten-mixed-race-given-okay/"
    assert f'<link rel="canonical" href="{url}">' in body
    assert f'<meta property="og:url" content="{url}">' in body
    assert '<meta property="og:type" content="article">' in body
    # The claim's text is isolated (U+2068 … U+2069): it cannot reorder the rating before it.
    assert '<meta property="og:title" content="Unproven: \u2068Tehran marathon organiser says' in body
    assert '<meta name="twitter:card" content="summary_large_image">' in body
    card = "https://factcheck.example.org/claims/straten-mixed-race-given-okay/card.png"
    assert f'<meta property="og:image" content="{card}">' in body
    assert f'<meta name="twitter:image" content="{card}">' in body
    assert '<meta name="twitter:description" content="\u2068No official record' in body


def test_the_persian_interface_is_right_to_left_and_claim_text_keeps_its_own_language(client, worked_example):
    body = client.get(f"/claims/{STRATEN}/", headers={"accept-language": "fa"}).content.decode()
    assert '<html lang="fa" dir="rtl">' in body
    assert "رای ما:" in body or "ارزیابی ما:" in body  # "Our rating:" from the fa catalogue
    assert '<h1 lang="en" dir="auto">' in body
    english = client.get(f"/claims/{PERSIAN}/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en" dir="ltr">' in english
    assert '<h1 lang="fa" dir="auto">' in english
    assert '<blockquote class="claim-text" lang="fa" dir="auto">' in english


def test_the_language_switch_sets_the_interface_language_and_returns_to_the_page(client, worked_example):
    page = f"/claims/{STRATEN}/"
    english = client.get(page).content.decode()
    assert 'name="language" value="fa"' in english
    response = client.post("/language/", {"language": "fa", "next": page})
    assert response.status_code == 302
    assert response.headers["Location"] == page
    assert '<html lang="fa" dir="rtl">' in client.get(page).content.decode()


def test_the_language_switch_refuses_to_redirect_off_site(client):
    response = client.post("/language/", {"language": "fa", "next": "https://evil.example.net/"})
    assert response.headers["Location"] == "/"


def test_a_too_long_search_is_a_400_with_a_reason_not_a_500(client):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 400
    assert "too long" in response.content.decode()


def test_a_malformed_page_number_falls_back_to_a_valid_page(client, worked_example):
    for page in ("abc", "-1", "9999"):
        assert client.get(f"/?page={page}").status_code == 200


def test_the_home_page_is_paginated_newest_first(client):
    verdicts = [factories.PublishedVerdictFactory(claim__text=f"Numbered claim {n:02d}.") for n in range(25)]
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert "Numbered claim 24." in first and "Numbered claim 00." not in first
    assert "Numbered claim 00." in second
    assert '<link rel="canonical" href="http://127.0.0.1:8000/?page=2">' in second
    assert len(verdicts) == 25


def test_the_rating_page_lists_only_public_verdicts_with_that_rating(client, worked_example):
    body = client.get("/ratings/half-true/").content.decode()
    assert "there was no chance the competition would be mixed" in body
    assert "Reports say women will be allowed to run" in body
    assert "given the okay" not in body  # rated Unproven
    assert client.get("/ratings/no-such-rating/").status_code == 404


def test_the_claimant_page_lists_the_claimants_public_claims(client, worked_example):
    body = client.get("/claimants/press-coverage/").content.decode()
    assert '<h1 dir="auto">Press coverage</h1>' in body
    assert "women were banned from" in body
    assert "156 women" not in body


def _feed_links(xml: bytes, *, atom: bool) -> list[str]:
    root = ET.fromstring(xml)  # noqa: S314 (our own feed, in a test)
    if atom:
        ns = {"a": "http://www.w3.org/2005/Atom"}
        return [link.get("href") for link in root.findall("a:entry/a:link", ns)]
    return [item.findtext("link") for item in root.findall("channel/item")]


@pytest.mark.parametrize(("url", "atom"), [("/feeds/latest/", False), ("/feeds/latest/atom/", True)])
def test_the_feeds_list_every_published_verdict_with_absolute_links(client, worked_example, settings, url, atom):
    settings.SITE_URL = "https://factcheck.example.org"
    response = client.get(url)
    assert response["Content-Type"].startswith("application/atom+xml" if atom else "application/rss+xml")
    links = _feed_links(response.content, atom=atom)
    expected = {f"https://factcheck.example.org/claims/{c.slug}/" for c in Claim.objects.public()}
    assert set(links) == expected
    assert len(links) == 6


def test_the_sitemap_lists_public_verdicts_claimants_and_ratings_on_the_site_url(client, worked_example, settings):
    settings.SITE_URL = "https://factcheck.example.org"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own sitemap)
    locations = set()
    for section in index.findall("s:sitemap/s:loc", ns):
        assert section.text.startswith("https://factcheck.example.org/sitemap-")
        root = ET.fromstring(client.get(section.text.removeprefix("https://factcheck.example.org")).content)  # noqa: S314
        locations |= {loc.text for loc in root.findall("s:url/s:loc", ns)}
    for claim in Claim.objects.public():
        assert f"https://factcheck.example.org/claims/{claim.slug}/" in locations
    assert "https://factcheck.example.org/claimants/free-to-run/" in locations
    assert "https://factcheck.example.org/ratings/half-true/" in locations
    assert "https://factcheck.example.org/" in locations
    assert not [loc for loc in locations if any(slug in loc for slug in UNPUBLISHED_SLUGS)]
    assert "https://factcheck.example.org/ratings/false/" not in locations  # no public verdict rated False


def test_the_not_found_page_is_a_reader_page_in_the_readers_language(client, worked_example):
    response = client.get(f"/claims/{DRAFT_SLUG}/", headers={"accept-language": "fa"})
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in body
    assert "صفحه پیدا نشد" in body
    assert DRAFT_MARKER not in body


def test_staff_preview_of_a_claim_with_no_verdict_yet_shows_the_claim_and_the_banner(client, editor):
    claim = factories.ClaimFactory(text="A claim logged a minute ago.")
    client.force_login(editor)
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "A claim logged a minute ago." in body
    assert "No verdict" in body and "Not rated yet" in body
    assert Client().get(claim.get_absolute_url()).status_code == 404
