"""Mixed-direction lines render in reading order in Chromium, measured by the boxes of their parts:
an English source (title, publisher, date in parentheses) on a Persian page reads left to right, a Persian
source on an English page right to left, and a Persian card title in the English interface wraps right-aligned.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
LONG_PERSIAN = "وزیر ورزش گفت که از آغاز هیچ امکانی برای برگزاری مسابقهٔ مختلط وجود نداشت " * 4

# Boxes of the parts of one source line: the title, the "(" that opens its details, the publisher, the date.
SOURCE_LINE_BOXES = """(li) => {
  const title = li.querySelector('a, .source-title').getBoundingClientRect();
  const meta = li.querySelector('.source-meta');
  const range = document.createRange();
  range.setStart(meta.firstChild, 0);
  range.setEnd(meta.firstChild, 1);
  const paren = range.getBoundingClientRect();
  const publisher = meta.querySelector('span').getBoundingClientRect();
  const date = meta.querySelector('time').getBoundingClientRect();
  const box = (r) => ({left: r.left, right: r.right, top: r.top});
  return {direction: getComputedStyle(li).direction, title: box(title), paren: box(paren),
          publisher: box(publisher), date: box(date), parenText: range.toString()};
}"""


@pytest.fixture
def mixed_claims(db):
    english_source = factories.SourceFactory(
        title="Earlier council press release", publisher="City Council", published_on=dt.date(2026, 11, 21)
    )
    persian_source = factories.SourceFactory(
        title="بیانیهٔ پیشین شورای شهر", publisher="شورای شهر تهران", published_on=dt.date(2026, 11, 21)
    )
    persian = factories.PublishedVerdictFactory(
        claim__slug="persian-claim",
        claim__language="fa",
        claim__text=LONG_PERSIAN,
        claim__claimant=factories.ClaimantFactory(name="فدراسیون دو و میدانی"),
        conclusion="این ادعا با بیانیهٔ شورا (City Council) در تناقض است.",
    ).claim
    factories.ClaimSourceFactory(claim=persian, source=english_source, excerpt="Women may run in the 10K only.")
    english = factories.PublishedVerdictFactory(claim__slug="english-claim", claim__text="The council said so.").claim
    factories.ClaimSourceFactory(claim=english, source=persian_source)
    return persian, english


def test_an_english_source_on_the_persian_page_reads_left_to_right(chromium, live_server, mixed_claims, screenshot_dir):
    context = chromium.new_context(viewport=DESKTOP, locale="fa-IR")
    page = context.new_page()
    page.goto(f"{live_server.url}/claims/persian-claim/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    boxes = page.locator("li.source").first.evaluate(SOURCE_LINE_BOXES)
    assert boxes["direction"] == "ltr"
    assert boxes["parenText"] == "("
    # Earlier council press release (City Council, ۳۰ آبان ۱۴۰۵) — in that order from left to right.
    assert boxes["title"]["right"] <= boxes["paren"]["left"] + 1
    assert boxes["paren"]["right"] <= boxes["publisher"]["left"] + 1
    assert boxes["publisher"]["right"] <= boxes["date"]["left"]
    assert page.locator("li.source time").inner_text() == "۳۰ آبان ۱۴۰۵"
    assert "آذر" in page.locator(".verdict-dates").inner_text()  # Solar Hijri publication date
    page.screenshot(path=screenshot_dir / "verdict-fa-english-source.png", full_page=True)
    context.close()


def test_a_persian_source_on_the_english_page_reads_right_to_left(chromium, live_server, mixed_claims):
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/claims/english-claim/")
    boxes = page.locator("li.source").first.evaluate(SOURCE_LINE_BOXES)
    assert boxes["direction"] == "rtl"
    # The title starts the line on the right; its details follow to its left, the date last (leftmost).
    assert boxes["paren"]["right"] <= boxes["title"]["left"] + 1
    assert boxes["publisher"]["right"] <= boxes["paren"]["left"] + 1
    assert boxes["date"]["right"] <= boxes["publisher"]["left"]
    context.close()


def test_a_persian_card_title_in_the_english_interface_wraps_right_aligned(chromium, live_server, mixed_claims):
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    title = page.locator('h2.claim-card-title[lang="fa"]')
    lines = title.evaluate(
        """(h2) => {
          const range = document.createRange();
          range.selectNodeContents(h2);
          const box = h2.getBoundingClientRect();
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          const tops = [...new Set(rects.map((r) => Math.round(r.top)))];
          const last = rects.filter((r) => Math.round(r.top) === Math.max(...tops));
          return {direction: getComputedStyle(h2).direction, lineCount: tops.length,
                  lastRight: Math.max(...last.map((r) => r.right)), boxRight: box.right,
                  lastLeft: Math.min(...last.map((r) => r.left)), boxLeft: box.left};
        }"""
    )
    assert lines["direction"] == "rtl"
    assert lines["lineCount"] >= 2
    assert abs(lines["lastRight"] - lines["boxRight"]) < 2  # the last line starts at the right edge…
    assert lines["lastLeft"] > lines["boxLeft"] + 20  # …and ends short of the left one
    context.close()
