"""The verdict's Markdown explanation travels in RSS `content:encoded` and Atom `content`, sanitised as on the
verdict page, while the summary stays plain text."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

EXPLANATION = "The **registration list** shows 156 women.<script>alert(1)</script>"


@pytest.mark.parametrize("url", ["/feeds/latest/", "/feeds/latest/atom/"])
def test_the_explanation_is_rendered_markdown_without_scripts(url):
    factories.PublishedVerdictFactory(explanation=EXPLANATION)
    feed = feedparser.parse(Client().get(url).content)
    assert not feed.bozo
    [entry] = feed.entries
    [content] = entry.content
    assert content.type == "text/html"
    assert "<strong>registration list</strong>" in content.value
    assert "alert(1)" not in Client().get(url).content.decode()
