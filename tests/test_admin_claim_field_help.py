"""The claim page's fields say where they appear, and required fields are marked for screen readers and eyes."""

from __future__ import annotations

import pytest

from tests.test_admin_claim_page import ADD_URL

pytestmark = pytest.mark.django_db


def test_the_summary_says_it_becomes_the_headline_and_claimreview_claimreviewed(editor_client):
    form = editor_client.get(ADD_URL).context["adminform"].form
    help_text = str(form.fields["summary"].help_text)
    assert "headline" in help_text
    assert "claimReviewed" in help_text
    assert "feed" in help_text


def test_the_verdict_fields_say_where_they_appear(editor_client):
    verdict_form = editor_client.get(ADD_URL).context["inline_admin_formsets"][0].formset.forms[0]
    assert "ClaimReview" in str(verdict_form.fields["conclusion"].help_text)
    assert "Markdown" in str(verdict_form.fields["explanation"].help_text)


def test_required_fields_carry_aria_required_and_the_page_explains_the_asterisk(editor_client):
    html = editor_client.get(ADD_URL).content.decode()
    text_box = html[html.index('name="text"') - 300 : html.index('name="text"') + 300]
    assert 'aria-required="true"' in text_box
    summary_box = html[html.index('name="summary"') - 300 : html.index('name="summary"') + 100]
    assert "aria-required" not in summary_box
    assert "Fields marked with an asterisk are required." in html
