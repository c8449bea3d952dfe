"""Red-team: nothing a stranger can observe on a public page moves when a never-published draft changes."""

from __future__ import annotations

import pytest

from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def edit_draft(verdict: Verdict) -> None:
    verdict.conclusion = "Still being written."
    verdict.save()


@pytest.mark.parametrize("direction", ["page_relates_to_draft", "draft_relates_to_page"])
def test_editing_a_related_draft_leaves_the_public_pages_etag_and_last_modified_alone(client, direction):
    page = factories.PublishedVerdictFactory()
    draft = factories.VerdictFactory(claim__text="A draft nobody outside may know of.")
    if direction == "page_relates_to_draft":
        factories.ClaimRelationFactory(from_claim=page.claim, to_claim=draft.claim)
    else:
        factories.ClaimRelationFactory(from_claim=draft.claim, to_claim=page.claim)
    url = page.claim.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200

    edit_draft(draft)
    again = client.get(url)

    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Last-Modified"] == first.headers["Last-Modified"]
    assert client.get(url, headers={"if-none-match": first.headers["ETag"]}).status_code == 304
