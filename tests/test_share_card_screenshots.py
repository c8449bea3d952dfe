"""The share cards of the worked example's English and Persian verdicts, saved for docs/screenshots/."""

from __future__ import annotations

import io

import pytest
from PIL import Image

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

CARDS = {
    "share-card-en.png": "straten-mixed-race-given-okay",
    "share-card-fa.png": "federation-women-10k-stadium-fa",
}


@pytest.mark.parametrize(("filename", "slug"), CARDS.items())
def test_the_share_cards_of_an_english_and_a_persian_verdict(
    client, worked_example, screenshot_dir, filename, slug, tmp_path, settings
):
    settings.SHARE_CARD_DIR = tmp_path
    response = client.get(f"/claims/{slug}/card.png")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
    (screenshot_dir / filename).write_bytes(response.content)
