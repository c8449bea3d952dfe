"""Markdown from editors to safe HTML for readers: python-markdown renders, nh3 (ammonia) sanitises."""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3", "h4", "hr",
}  # fmt: skip


def render_markdown(text: str) -> SafeString:
    """Editors' Markdown as HTML with scripts, styles, event handlers and javascript: links removed."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)
