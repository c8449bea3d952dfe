"""Reader pages are built for everyone: landmarks, one h1, skip link, readable badge colours, marked languages."""

from __future__ import annotations

import re

import pytest

from claims.models import Claim, Rating

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/claims/straten-mixed-race-given-okay/",
    "/claims/federation-women-10k-stadium-fa/",
    "/claimants/sebastiaan-straten/",
    "/ratings/true/",
    "/search/?q=women",
    "/search/",
    "/ratings/",
    "/topics/",
    "/topics/iran/",
    "/pages/methodology/",
    "/tips/new/",
]


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("fa", "rtl")])
def test_each_page_has_landmarks_one_h1_a_skip_link_and_its_language(client, worked_example, url, language, direction):
    body = client.get(url, headers={"accept-language": language}).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in body
    assert len(re.findall(r"<h1[\s>]", body)) == 1
    assert '<a class="skip-link" href="#main">' in body
    assert body.index('class="skip-link"') < body.index("<header")  # the first thing a keyboard reaches
    assert '<main id="main"' in body
    assert '<header class="site-header">' in body and '<footer class="site-footer">' in body
    assert 'role="search"' in body
    assert '<label for="site-search-q">' in body


def test_every_claim_title_on_a_list_carries_the_claims_language_and_auto_direction(client, worked_example):
    body = client.get("/").content.decode()
    # On the title block itself, not only its link, so that a wrapped second line aligns with the first.
    links = re.findall(r'<h2 class="claim-card-title" lang="([^"]+)" dir="auto"><a href="/claims/[^"]+/">', body)
    assert sorted(links) == sorted(Claim.objects.public().values_list("language", flat=True))
    assert "fa" in links


def test_every_badge_colour_of_the_seeded_scale_reads_at_aa_contrast_behind_white_text():
    ratings = list(Rating.objects.all())
    assert len(ratings) == 6
    for rating in ratings:
        assert contrast_with_white(rating.colour) >= 4.5, f"{rating.label} ({rating.colour})"
