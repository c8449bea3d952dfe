"""Read ClaimReview items out of what other fact-checkers publish. Pure functions: no database, no network.

Four shapes are read (`read_reviews` tells them apart by content, not by file name):

- an HTML page with one or several `<script type="application/ld+json">` blocks (a ClaimReview, a list of them,
  an `@graph`, or a DataFeed);
- a schema.org DataFeed, as the Data Commons fact-check feed publishes it (`dataFeedElement[].item[]`);
- JSON Lines: one ClaimReview object per line;
- a Fact Check Tools `claims:search` response (`claims[].claimReview[]`).

Each review becomes a `ReviewIn`; each item that cannot be one becomes an `ItemError` naming its position
("line 3", "dataFeedElement[2].item[0]"), so that one bad item never stops the good ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from claims.models import CLAIM_TEXT_MAX_LENGTH

URL_MAX_LENGTH = 2000  # ExternalFactCheck.url and Source.url


@dataclass(frozen=True)
class Appearance:
    url: str
    title: str = ""
    publisher: str = ""
    published_on: date | None = None


@dataclass(frozen=True)
class ReviewIn:
    """One external review of one claim, as read: strings stripped, dates parsed, numbers as Decimal or None."""

    position: str
    claim_text: str
    url: str
    claimant_name: str = ""
    claimant_is_organization: bool = False
    claim_date: date | None = None
    appearances: tuple[Appearance, ...] = ()
    title: str = ""
    publisher_name: str = ""
    publisher_site: str = ""
    textual_rating: str = ""
    rating_value: Decimal | None = None
    best_rating: Decimal | None = None
    worst_rating: Decimal | None = None
    language: str = ""
    reviewed_at: datetime | None = None


@dataclass(frozen=True)
class ItemError:
    position: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"position": self.position, "message": self.message}


@dataclass
class ReadResult:
    format: str  # "html", "datafeed", "jsonl", "factchecktools", "json"
    reviews: list[ReviewIn] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)


class UnreadableInput(ValueError):
    """The whole input is none of the four shapes (not JSON, not JSON Lines, no JSON-LD in the page)."""


# --- Small readers for the loose values real feeds carry ---------------------------------------------------------


def _text(value) -> str:
    """A string property that may arrive as a string, a number, a list of them or {"@value": ...}."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    if value is None or isinstance(value, bool):
        return ""
    return str(value).replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL


def _decimal(value) -> Decimal | None:
    """`"5"`, `5`, `4.5` → Decimal; anything else (empty, "N/A", NaN) → None. Real feeds send numbers as strings."""
    text = _text(value)
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and abs(number) < Decimal("1e6") else None


def _datetime(value) -> datetime | None:
    """A date-time with or without a time or zone: "2024-05-01", "2024-05-01T10:00:00Z", "2024-05-01 10:00"."""
    text = _text(value)
    if not text:
        return None
    try:
        moment = parse_datetime(text.replace(" ", "T", 1))
        if moment is None:
            day = parse_date(text[:10])
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        return None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _date(value) -> date | None:
    moment = _datetime(value)
    return moment.date() if moment else None


def site_of(url: str) -> str:
    """The site a publisher is filtered by: host, lower case, without `www.` ("www.nytimes.com" → "nytimes.com")."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _language(value) -> str:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name") or ""
    return _text(value)[:35]


def _has_type(data: dict, name: str) -> bool:
    kind = data.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == name for k in kinds)


def _appearances(claim: dict) -> tuple[Appearance, ...]:
    found: list[Appearance] = []
    for key in ("firstAppearance", "appearance"):
        values = claim.get(key)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and value.strip():
                found.append(Appearance(url=value.strip()))
            elif isinstance(value, dict) and _text(value.get("url")):
                publisher = value.get("publisher") or value.get("author")
                found.append(
                    Appearance(
                        url=_text(value.get("url")),
                        title=_text(value.get("headline") or value.get("name")),
                        publisher=_text(publisher.get("name")) if isinstance(publisher, dict) else _text(publisher),
                        published_on=_date(value.get("datePublished")),
                    )
                )
    unique: dict[str, Appearance] = {}
    for appearance in found:
        unique.setdefault(appearance.url, appearance)
    return tuple(unique.values())


def review_from_claimreview(data: dict, position: str) -> ReviewIn | ItemError:
    """A schema.org ClaimReview object → ReviewIn, or the reason it cannot be imported."""
    if not isinstance(data, dict):
        return ItemError(position, _("Not a JSON object."))
    claim_text = _text(data.get("claimReviewed"))
    url = _text(data.get("url"))
    missing = [name for name, value in (("claimReviewed", claim_text), ("url", url)) if not value]
    if missing:
        return ItemError(position, _("The ClaimReview has no %(fields)s.") % {"fields": ", ".join(missing)})
    if len(url) > URL_MAX_LENGTH:
        return ItemError(
            position, _("The ClaimReview url is longer than %(limit)d characters.") % {"limit": URL_MAX_LENGTH}
        )
    if urlsplit(url).scheme not in ("http", "https"):
        return ItemError(position, _("The ClaimReview url is not an http(s) address: %(url)s") % {"url": url[:200]})
    if len(claim_text) > CLAIM_TEXT_MAX_LENGTH:
        return ItemError(
            position, _("claimReviewed is longer than %(limit)d characters.") % {"limit": CLAIM_TEXT_MAX_LENGTH}
        )
    item = data.get("itemReviewed") if isinstance(data.get("itemReviewed"), dict) else {}
    claimant = item.get("author")
    if isinstance(claimant, list):
        claimant = claimant[0] if claimant else None
    claimant_name = _text(claimant.get("name")) if isinstance(claimant, dict) else _text(claimant)
    author = data.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    author = author if isinstance(author, dict) else {"name": _text(author)}
    rating = data.get("reviewRating")
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    rating = rating if isinstance(rating, dict) else {}
    publisher_site = site_of(_text(author.get("url"))) or site_of(url)
    return ReviewIn(
        position=position,
        claim_text=claim_text,
        url=url,
        claimant_name=claimant_name[:200],
        claimant_is_organization=isinstance(claimant, dict) and _has_type(claimant, "Organization"),
        claim_date=_date(item.get("datePublished")),
        appearances=_appearances(item),
        title=_text(data.get("headline") or data.get("name"))[:500],
        publisher_name=(_text(author.get("name")) or publisher_site)[:200],
        publisher_site=publisher_site[:255],
        textual_rating=_text(rating.get("alternateName") or rating.get("name"))[:200],
        rating_value=_decimal(rating.get("ratingValue")),
        best_rating=_decimal(rating.get("bestRating")),
        worst_rating=_decimal(rating.get("worstRating")),
        language=_language(data.get("inLanguage")),
        reviewed_at=_datetime(data.get("datePublished")),
    )


def reviews_from_search_response(data: dict) -> Iterator[ReviewIn | ItemError]:
    """A Fact Check Tools claims:search response: each claims[i].claimReview[j] is one review of claims[i]."""
    claims = data.get("claims")
    if not isinstance(claims, list):
        yield ItemError("claims", _("claims is not a list."))
        return
    for i, claim in enumerate(claims):
        if not isinstance(claim, dict):
            yield ItemError(f"claims[{i}]", _("Not a JSON object."))
            continue
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            yield ItemError(f"claims[{i}]", _("The claim has no claimReview."))
            continue
        for j, review in enumerate(reviews):
            position = f"claims[{i}].claimReview[{j}]"
            if not isinstance(review, dict):
                yield ItemError(position, _("Not a JSON object."))
                continue
            publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
            # Rebuilt as a ClaimReview so that one function judges and reads every shape.
            yield review_from_claimreview(
                {
                    "claimReviewed": claim.get("text"),
                    "url": review.get("url"),
                    "headline": review.get("title"),
                    "datePublished": review.get("reviewDate"),
                    "inLanguage": review.get("languageCode"),
                    "author": {
                        "name": publisher.get("name"),
                        "url": f"https://{publisher['site']}/" if _text(publisher.get("site")) else "",
                    },
                    "reviewRating": {"alternateName": review.get("textualRating")},
                    "itemReviewed": {
                        "author": {"name": claim.get("claimant")},
                        "datePublished": claim.get("claimDate"),
                    },
                },
                position,
            )


def _walk_json_ld(data, position: str) -> Iterator[ReviewIn | ItemError]:
    """ClaimReviews anywhere in a JSON-LD value: itself, a list, an @graph, or a DataFeed's elements."""
    if isinstance(data, list):
        for i, element in enumerate(data):
            yield from _walk_json_ld(element, f"{position}[{i}]")
        return
    if not isinstance(data, dict):
        return
    if _has_type(data, "ClaimReview"):
        yield review_from_claimreview(data, position or _("item"))
        return
    if isinstance(data.get("@graph"), list):
        yield from _walk_json_ld(data["@graph"], f"{position}.@graph" if position else "@graph")
    if _has_type(data, "DataFeed") or "dataFeedElement" in data:
        elements = data.get("dataFeedElement")
        for i, element in enumerate(elements if isinstance(elements, list) else []):
            where = f"{position}.dataFeedElement[{i}]" if position else f"dataFeedElement[{i}]"
            items = element.get("item") if isinstance(element, dict) else None
            items = items if isinstance(items, list) else [items]
            for k, item in enumerate(items):
                # MediaReview and other items share real feeds with ClaimReview: skipped, not errors.
                if isinstance(item, dict) and _has_type(item, "ClaimReview"):
                    yield review_from_claimreview(item, f"{where}.item[{k}]")
                elif not isinstance(item, dict):
                    yield ItemError(f"{where}.item[{k}]", _("Not a JSON object."))


def _read_html(text: str) -> ReadResult:
    # extruct finds the JSON-LD blocks (lxml's HTML parser copes with real pages' markup); each block is read on
    # its own so that one broken block is reported and the others still count.
    from extruct.jsonld import JsonLdExtractor
    from extruct.utils import parse_html

    extractor = JsonLdExtractor()
    result = ReadResult(format="html")
    document = parse_html(text.encode("utf-8"), encoding="UTF-8")
    blocks = document.xpath('//script[@type="application/ld+json"]')
    for number, block in enumerate(blocks, start=1):
        where = _("JSON-LD block %(number)d") % {"number": number}
        try:
            items = extractor.extract_items(block)
        except ValueError as exc:
            result.errors.append(ItemError(where, _("Not JSON: %(error)s") % {"error": exc}))
            continue
        _collect(result, _walk_json_ld(items, where))
    if not blocks:
        raise UnreadableInput(_('The page holds no JSON-LD (no <script type="application/ld+json">).'))
    return result


def _collect(result: ReadResult, found: Iterator[ReviewIn | ItemError]) -> None:
    for item in found:
        (result.errors if isinstance(item, ItemError) else result.reviews).append(item)


def _read_json_lines(text: str) -> ReadResult:
    result = ReadResult(format="jsonl")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = _("line %(number)d") % {"number": number}
        try:
            data = json.loads(line)
        except ValueError as exc:
            result.errors.append(ItemError(where, _("Not JSON: %(error)s") % {"error": exc}))
            continue
        if isinstance(data, dict) and _has_type(data, "ClaimReview"):
            _collect(result, iter([review_from_claimreview(data, where)]))
        else:
            before = len(result.reviews) + len(result.errors)
            _collect(result, _walk_json_ld(data, where))
            if len(result.reviews) + len(result.errors) == before:
                result.errors.append(ItemError(where, _("No ClaimReview on this line.")))
    return result


def read_reviews(content: bytes | str) -> ReadResult:
    """Every review in `content`, and every item refused with its position. Raises UnreadableInput when the whole
    input is unreadable or holds no ClaimReview at all (the caller reports it and imports nothing)."""
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnreadableInput(_("The file is not UTF-8 text.")) from exc
    else:
        text = content
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise UnreadableInput(_("The input is empty."))
    if stripped.startswith("<"):
        result = _read_html(text)
    else:
        try:
            data = json.loads(stripped)
        except ValueError:
            first = stripped.split("\n", 1)[0].strip()
            if not (first.startswith("{") or first.startswith("[")):
                raise UnreadableInput(_("Not JSON, JSON Lines or an HTML page with JSON-LD.")) from None
            result = _read_json_lines(stripped)
        else:
            if isinstance(data, dict) and "claims" in data and not data.get("@type"):
                result = ReadResult(format="factchecktools")
                _collect(result, reviews_from_search_response(data))
            else:
                is_feed = isinstance(data, dict) and (_has_type(data, "DataFeed") or "dataFeedElement" in data)
                result = ReadResult(format="datafeed" if is_feed else "json")
                _collect(result, _walk_json_ld(data, ""))
    if not result.reviews and not result.errors:
        raise UnreadableInput(_("No ClaimReview found."))
    return result
