"""Share cards: the 1200×630 PNG that social networks show for a published verdict (og:image, twitter:image).

Pillow draws it, with libraqm (HarfBuzz shaping, FriBiDi ordering) so that Persian letters join and run right to
left; fonts are Debian's Noto Sans (Latin) and Noto Sans Arabic (fonts-noto-core). A card is cached as a file
named by a digest of everything it shows: a changed claim, rating, claimant or site name gives a new digest, so
the next request renders a new card and the stale one is removed; the URL readers share never changes.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont, features

from claims.models import Claim, Rating

CARD_WIDTH, CARD_HEIGHT = 1200, 630
MARGIN = 64
# Bump when the drawing changes, so that every cached card is redrawn.
CARD_VERSION = "1"
FONT_DIR = Path("/usr/share/fonts/truetype/noto")
LATIN_FONT = FONT_DIR / "NotoSans-Regular.ttf"
LATIN_BOLD_FONT = FONT_DIR / "NotoSans-Bold.ttf"
ARABIC_FONT = FONT_DIR / "NotoSansArabic-Regular.ttf"
ARABIC_BOLD_FONT = FONT_DIR / "NotoSansArabic-Bold.ttf"
BACKGROUND = "#ffffff"
INK = "#101828"
MUTED = "#475467"
CLAIM_FONT_SIZE = 46
CLAIM_MAX_LINES = 5
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class CardContent:
    """Everything a card shows; its digest names the cached file."""

    text: str
    language: str
    direction: str  # "ltr" or "rtl"
    claimant: str
    rating_label: str
    rating_colour: str
    site_name: str

    @property
    def digest(self) -> str:
        parts = [CARD_VERSION, *(str(value) for value in vars(self).values())]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def share_card_path(claim: Claim) -> str:
    return reverse("claims:share-card", kwargs={"slug": claim.slug})


def card_content(*, claim: Claim) -> CardContent:
    """What the card of `claim` shows. Needs claim.claimant and claim.verdict.rating (select_related)."""
    rating: Rating = claim.verdict.rating
    # The card speaks the claim's language, not the visitor's: one URL, one picture, whoever asks first.
    label = rating.label_in(claim.language.split("-")[0])
    return CardContent(
        text=claim.short_text,
        language=claim.language,
        direction=claim.text_direction,
        claimant=claim.claimant.name,
        rating_label=label,
        rating_colour=rating.colour,
        site_name=settings.PUBLISHER_NAME,
    )


def share_card_png(*, claim: Claim) -> tuple[bytes, str]:
    """(PNG bytes, digest) of the card of a published `claim`, rendered once per content and kept on disk.

    Raises RuntimeError when Pillow lacks libraqm: a Persian card without shaping would be unreadable.
    """
    content = card_content(claim=claim)
    folder = Path(settings.SHARE_CARD_DIR)
    cached = folder / f"{claim.slug}-{content.digest}.png"
    if cached.exists():
        return cached.read_bytes(), content.digest
    png = render_card(content)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(".tmp")
    temporary.write_bytes(png)
    temporary.replace(cached)  # atomic: a concurrent request reads a whole file or none
    for stale in folder.glob(f"{claim.slug}-*.png"):
        if stale != cached:
            stale.unlink(missing_ok=True)
    return png, content.digest


def _font(text: str, size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    arabic = bool(_ARABIC_SCRIPT.search(text))
    path = (ARABIC_BOLD_FONT if bold else ARABIC_FONT) if arabic else (LATIN_BOLD_FONT if bold else LATIN_FONT)
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def _direction(text: str) -> str:
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, *, width: int, direction: str, max_lines: int) -> list[str]:
    """Greedy word wrap measured with the shaped text; the last line ends in an ellipsis when text is left over."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font, direction=direction) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and draw.textlength(last + " …", font=font, direction=direction) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines = [*lines[: max_lines - 1], last + " …"]
    return lines


def _text(draw, xy_ltr: tuple[int, int], text: str, font, fill: str, *, language: str = "") -> None:
    """Draw one line at the left margin (LTR) or flush with the right margin (RTL)."""
    direction = _direction(text)
    x, y = xy_ltr
    if direction == "rtl":
        draw.text((CARD_WIDTH - MARGIN, y), text, font=font, fill=fill, direction="rtl", anchor="ra", language=language)
    else:
        draw.text((x, y), text, font=font, fill=fill, direction="ltr", anchor="la", language=language or None)


def render_card(content: CardContent) -> bytes:
    """The PNG of one card, 1200×630, RGB."""
    if not features.check("raqm"):
        raise RuntimeError("Pillow was built without libraqm: share cards need it to shape Persian text.")
    image = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    rtl = content.direction == "rtl"
    language = content.language.split("-")[0]

    # The rating badge: a coloured band across the top with the label in white (colour is never the only cue).
    badge_font = _font(content.rating_label, 44, bold=True)
    badge_height = 96
    draw.rectangle((0, 0, CARD_WIDTH, badge_height), fill=content.rating_colour)
    _text(draw, (MARGIN, 20), content.rating_label, badge_font, "#ffffff")

    claim_font = _font(content.text, CLAIM_FONT_SIZE)
    direction = "rtl" if rtl else _direction(content.text)
    lines = _wrap(
        draw, content.text, claim_font, width=CARD_WIDTH - 2 * MARGIN, direction=direction, max_lines=CLAIM_MAX_LINES
    )
    y = badge_height + 48
    for line in lines:
        _text(draw, (MARGIN, y), line, claim_font, INK, language=language)
        y += int(CLAIM_FONT_SIZE * 1.45)

    claimant_font = _font(content.claimant, 34, bold=True)
    claimant = content.claimant if rtl else f"— {content.claimant}"
    _text(draw, (MARGIN, CARD_HEIGHT - 140), claimant, claimant_font, MUTED)
    draw.line((MARGIN, CARD_HEIGHT - 80, CARD_WIDTH - MARGIN, CARD_HEIGHT - 80), fill="#d0d5dd", width=2)
    site_font = _font(content.site_name, 30, bold=True)
    _text(draw, (MARGIN, CARD_HEIGHT - 64), content.site_name, site_font, INK)

    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
