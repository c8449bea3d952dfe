"""A cited page's own title, publisher and publication date, filled into its source in the background.

A source made by pasting a URL (claims.services.citations.source_for_cited_url), or saved with no title or with
its URL as title, has the placeholder title `Source.placeholder_title(url)`. After the save commits,
claims.source_tasks.fill_source_from_page calls `source_fill_from_page`, which reads the page through the link
checker's guarded fetcher (every hop judged by the SSRF guard, the body capped) and fills:

| field          | from the page, first found                                  |
| -------------- | ----------------------------------------------------------- |
| `title`        | `<meta property="og:title">`, else `<title>`                |
| `publisher`    | `<meta property="og:site_name">`, else JSON-LD `publisher.name` |
| `published_on` | `<meta property="article:published_time">`, else JSON-LD `datePublished` |

only where the field is still empty (or the title still the placeholder): what an editor typed, before or while
the page was being read, is never overwritten. A page that cannot be read (refused by the guard, a timeout, an
error status, not HTML, unparseable) leaves the source as it was and is logged; nothing is raised to the task.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from claims.bidi import strip_bidi_controls
from claims.linkcheck.fetch import FetchRefused, fetch_guarded
from claims.models import Source
from claims.validators import strip_xml_forbidden

logger = logging.getLogger(__name__)

# The metadata is in the page's <head>: the first 512 KB hold it on any real page, and the rest is never read.
PAGE_MAX_BYTES = 512 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
CHARSET_IN_HEADER = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
# <meta charset="…"> or <meta http-equiv="Content-Type" content="…; charset=…">, looked for in the first 4 KB.
CHARSET_IN_PAGE = re.compile(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", re.IGNORECASE)
# Dates before the web, or more than a day ahead (time zones), are a page's mistake, not a publication date.
EARLIEST_PUBLICATION_YEAR = 1990


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about itself; "" or None where it says nothing usable."""

    title: str = ""
    publisher: str = ""
    published_on: date | None = None


def one_line(text: object, *, max_length: int) -> str:
    """`text` as one clean line for a source's field: no bidi controls or characters XML forbids, white space
    collapsed, at most `max_length` characters. Persian and other right-to-left text is otherwise kept as is."""
    cleaned = strip_xml_forbidden(strip_bidi_controls(str(text)))
    return " ".join(cleaned.split())[:max_length].strip()


def publication_date(value: object) -> date | None:
    """The calendar date of an ISO 8601 date or date-time ("2026-11-10", "2026-11-10T08:30:00+03:30"), as the
    page states it (its own offset, not converted); None for anything else or an implausible year."""
    text = str(value or "").strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        parsed = datetime.fromisoformat(text).date() if len(text) > 10 else date(*map(int, match.groups()))
    except ValueError:
        try:
            parsed = date(*map(int, match.groups()))
        except ValueError:
            return None
    if not EARLIEST_PUBLICATION_YEAR <= parsed.year <= timezone.localdate().year + 1:
        return None
    return parsed


def _charset(body: bytes, content_type: str) -> str:
    match = CHARSET_IN_HEADER.search(content_type) or CHARSET_IN_PAGE.search(body[:4096])
    name = match.group(1) if match else "utf-8"
    if isinstance(name, bytes):
        name = name.decode("ascii", errors="replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def _json_ld_items(document) -> list[dict]:
    """Every JSON object in the page's JSON-LD blocks (a broken block is skipped; @graph is flattened)."""
    from extruct.jsonld import JsonLdExtractor

    extractor = JsonLdExtractor()
    found: list[dict] = []
    for block in document.xpath('//script[@type="application/ld+json"]'):
        try:
            items = extractor.extract_items(block)
        except ValueError:
            continue
        pending = list(items)
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    pending.extend(item["@graph"])
    return found


def _publisher_name(item: dict) -> str:
    publisher = item.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict):
        return str(publisher.get("name") or "")
    return publisher if isinstance(publisher, str) else ""


def page_metadata(body: bytes, content_type: str = "") -> PageMetadata:
    """Read the title, publisher and publication date from an HTML page's bytes (see the module's table).

    The charset comes from `content_type`, else the page's <meta charset>, else UTF-8. Markup is parsed with lxml
    (through extruct, which also reads the JSON-LD), which copes with real pages' broken HTML. Raises
    ValueError when there is no document to parse at all (an empty body).
    """
    from extruct.utils import parse_html

    title_length = Source._meta.get_field("title").max_length
    publisher_length = Source._meta.get_field("publisher").max_length
    text = body.decode(_charset(body, content_type), errors="replace")
    if not text.strip():
        raise ValueError("empty page")
    document = parse_html(text.encode("utf-8"), encoding="utf-8")

    def meta(name: str) -> str:
        for element in document.xpath("//meta[@property or @name]"):
            if (element.get("property") or element.get("name") or "").strip().lower() == name:
                return element.get("content") or ""
        return ""

    title = one_line(meta("og:title"), max_length=title_length)
    if not title:
        titles = document.xpath("//title")
        title = one_line(titles[0].text_content(), max_length=title_length) if titles else ""
    publisher = one_line(meta("og:site_name"), max_length=publisher_length)
    published_on = publication_date(meta("article:published_time"))
    if not publisher or published_on is None:
        for item in _json_ld_items(document):
            publisher = publisher or one_line(_publisher_name(item), max_length=publisher_length)
            published_on = published_on or publication_date(item.get("datePublished"))
    return PageMetadata(title=title, publisher=publisher, published_on=published_on)


def is_html(content_type: str, body: bytes) -> bool:
    """Whether an answer is an HTML page: by its Content-Type, or, when it sends none, by how its body starts."""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type:
        return media_type in HTML_TYPES
    return body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))


def source_wants_page_metadata(source: Source) -> bool:
    """Whether the page could still fill something in: the source has a URL, and a placeholder title, no
    publisher or no publication date."""
    return bool(source.url) and (source.has_placeholder_title or not source.publisher or source.published_on is None)


def source_fill_from_page(*, source_id: int) -> list[str]:
    """Fetch the source's page and fill its still-empty fields from it (module docstring); returns the names of
    the fields filled, [] when none was (nothing to fill, or the page could not be read: logged, never raised).

    Raises Source.DoesNotExist for a source deleted since. The fetch happens outside any transaction; the write
    locks the row and re-reads it, so an editor's save in between wins.
    """
    source = Source.objects.only("url", "title", "publisher", "published_on").get(pk=source_id)
    if not source_wants_page_metadata(source):
        return []
    try:
        page = fetch_guarded(source.url, max_bytes=PAGE_MAX_BYTES, accept=ACCEPT)
    except FetchRefused as exc:
        logger.info("source %s: page not read for its metadata (%s): %s", source_id, exc.outcome, exc)
        return []
    content_type = page.headers.get("content-type", "")
    if page.status_code != 200:
        logger.info("source %s: page answered HTTP %s; metadata left as it was", source_id, page.status_code)
        return []
    if not is_html(content_type, page.body):
        logger.info("source %s: page is %r, not HTML; metadata left as it was", source_id, content_type)
        return []
    try:
        found = page_metadata(page.body, content_type)
    except Exception:  # a page's markup is anyone's: whatever the parser makes of it, the source stays as it was
        logger.warning("source %s: page could not be parsed for its metadata", source_id, exc_info=True)
        return []
    return _fill(source_id=source_id, found=found)


def _fill(*, source_id: int, found: PageMetadata) -> list[str]:
    with transaction.atomic():
        source = Source.objects.select_for_update().filter(pk=source_id).first()
        if source is None:
            return []
        filled = []
        if found.title and source.has_placeholder_title:
            source.title = found.title
            filled.append("title")
        if found.publisher and not source.publisher.strip():
            source.publisher = found.publisher
            filled.append("publisher")
        if found.published_on is not None and source.published_on is None:
            source.published_on = found.published_on
            filled.append("published_on")
        if filled:
            source._change_reason = "Filled from the page"  # the source's history says where the values came from
            source.save(update_fields=[*filled, "updated_at"])
    if filled:
        logger.info("source %s: %s filled from its page", source_id, ", ".join(filled))
    return filled
