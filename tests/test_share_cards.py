"""Share cards: a 1200×630 PNG per published verdict at a stable URL, in og:image and twitter:image, redrawn when
what it shows changes, right-to-left for Persian."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from claims.models import Rating, Verdict
from claims.sharecards import card_content, render_card
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def card_folder(tmp_path, settings):
    settings.SHARE_CARD_DIR = tmp_path / "cards"
    return settings.SHARE_CARD_DIR


def card(client, verdict: Verdict) -> Image.Image:
    response = client.get(f"/claims/{verdict.claim.slug}/card.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


def test_a_published_verdict_has_a_1200_by_630_png_card(client):
    image = card(client, factories.PublishedVerdictFactory(claim__text="The marathon was moved to a stadium"))
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def test_the_card_carries_the_ratings_colour(client):
    verdict = factories.PublishedVerdictFactory(rating=factories.rating("false"))
    image = card(client, verdict).convert("RGB")
    colour = Rating.objects.get(slug="false").colour
    assert image.getpixel((5, 5)) == tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_the_card_changes_when_the_rating_changes_and_the_stale_file_goes(client, card_folder):
    verdict = factories.PublishedVerdictFactory(rating=factories.rating("false"))
    before = card(client, verdict).convert("RGB")
    verdict.rating = factories.rating("true")
    verdict.save()
    after = card(client, verdict).convert("RGB")
    assert ImageChops.difference(before, after).getbbox() is not None
    assert len(list(card_folder.glob(f"{verdict.claim.slug}-*.png"))) == 1


def test_the_card_is_drawn_once_then_served_from_its_file(client, card_folder):
    verdict = factories.PublishedVerdictFactory()
    first = client.get(f"/claims/{verdict.claim.slug}/card.png")
    (cached,) = card_folder.glob("*.png")
    stamp = cached.stat().st_mtime_ns
    second = client.get(f"/claims/{verdict.claim.slug}/card.png")
    assert second.content == first.content
    assert cached.stat().st_mtime_ns == stamp
    assert (
        client.get(f"/claims/{verdict.claim.slug}/card.png", headers={"if-none-match": first["ETag"]}).status_code
        == 304
    )


def test_the_verdict_page_points_og_image_and_twitter_image_at_the_card(client, settings):
    settings.SITE_URL = "https://factcheck.example.org"
    verdict = factories.PublishedVerdictFactory()
    body = client.get(verdict.claim.get_absolute_url()).content.decode()
    url = f"https://factcheck.example.org/claims/{verdict.claim.slug}/card.png"
    assert f'<meta property="og:image" content="{url}">' in body
    assert f'<meta name="twitter:image" content="{url}">' in body
    assert '<meta property="og:image:width" content="1200">' in body


def ink_columns(image: Image.Image, top: int, bottom: int) -> tuple[int, int]:
    """Leftmost and rightmost column with dark ink between two rows."""
    band = image.convert("L").crop((0, top, image.width, bottom)).point(lambda v: 255 if v < 128 else 0)
    left, _, right, _ = band.getbbox()
    return left, right


def test_a_persian_claim_is_set_right_to_left_and_an_english_one_left_to_right():
    persian = factories.PublishedVerdictFactory(claim__text="زنان فقط در ورزشگاه می‌دوند", claim__language="fa")
    english = factories.PublishedVerdictFactory(claim__text="Women only run in the stadium")
    persian_image = Image.open(io.BytesIO(render_card(card_content(claim=persian.claim))))
    english_image = Image.open(io.BytesIO(render_card(card_content(claim=english.claim))))
    persian_left, persian_right = ink_columns(persian_image, 140, 220)
    english_left, english_right = ink_columns(english_image, 140, 220)
    assert persian_right > 1200 - 64 - 8 and persian_left > 600  # flush right, short line
    assert english_left < 64 + 8 and english_right < 900  # flush left


def test_persian_letters_are_joined_by_the_shaping_engine():
    # Shaped Persian is narrower than its letters in isolated forms: proof that libraqm, not a plain
    # left-to-right renderer, laid it out.
    from PIL import ImageDraw, ImageFont

    from claims.sharecards import ARABIC_FONT

    font = ImageFont.truetype(str(ARABIC_FONT), 46, layout_engine=ImageFont.Layout.RAQM)
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    joined = draw.textlength("می‌دوند", font=font, direction="rtl")
    isolated = sum(draw.textlength(letter, font=font, direction="rtl") for letter in "می‌دوند")
    assert joined < isolated
