"""Attack on the verdict page's cache and validators: edits readers must see at once, through a cached 200 and
through a conditional GET carrying the ETag the reader already holds.

The verdict page is cached under its own ETag (claims.views._claim_etag), which is built from the timestamps in
_compute_public_page_stamp, and that stamp is now remembered under the public stamp for 60 s. Anything the page
shows that neither moves one of those timestamps nor replaces the public stamp stays stale.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from claims.interop.services import claimreviews_import
from claims.models import Claim, NewsroomProfile
from claims.services.verdicts import verdict_publish
from tests import factories
from tests.interop_support import import_sample, sample

pytestmark = pytest.mark.django_db


def read_twice(url: str, etag: str) -> tuple[str, int]:
    """The page as a new reader gets it (body) and what a returning reader holding `etag` gets (status)."""
    fresh = Client().get(url)
    assert fresh.status_code == 200
    returning = Client().get(url, headers={"if-none-match": etag})
    return fresh.content.decode(), returning.status_code


def test_a_reimported_external_fact_check_shows_at_once_on_the_verdict_page(reviewer):
    """Regression of c9f6bee: ExternalFactCheck writes do not replace the public stamp, so the remembered
    validator (and the page cached under it) keeps the old "Also checked by" for up to 60 s."""
    import_sample("search_response.json")
    claim = Claim.objects.get(text="Women were banned from the Tehran marathon")
    verdict = claim.verdict
    verdict.conclusion = "Our own conclusion."
    verdict.save()
    verdict_publish(verdict=verdict, user=reviewer)
    url = claim.get_absolute_url()
    etag = Client().get(url)["ETag"]

    changed = json.loads(sample("search_response.json"))
    changed["claims"][0]["claimReview"][0]["textualRating"] = "Pants on fire"
    claimreviews_import(content=json.dumps(changed), location="again.json", origin="file", user=None)

    body, returning_status = read_twice(url, etag)
    assert "(Pants on fire)" in body
    assert returning_status == 200


def test_a_journalist_switched_to_credit_the_desk_disappears_from_the_byline_at_once():
    """NewsroomProfile.credit_desk exists for a journalist's safety. Its save replaces the public stamp, but the
    verdict page is cached under its own ETag, which no profile field moves: the name stays published."""
    author = factories.UserFactory(is_staff=True)
    profile = NewsroomProfile.objects.create(user=author, public_name="Leyla Hidden-Name")
    verdict = factories.PublishedVerdictFactory(author=author)
    url = verdict.claim.get_absolute_url()
    first = Client().get(url)
    assert "Leyla Hidden-Name" in first.content.decode()

    profile.credit_desk = True
    profile.save()

    body, returning_status = read_twice(url, first["ETag"])
    assert "Leyla Hidden-Name" not in body
    assert returning_status == 200


def test_a_rating_label_edit_shows_at_once_on_the_verdict_page():
    verdict = factories.PublishedVerdictFactory()
    rating = verdict.rating
    url = verdict.claim.get_absolute_url()
    first = Client().get(url)

    rating.label = "Entirely made up"
    rating.save()

    body, returning_status = read_twice(url, first["ETag"])
    assert "Entirely made up" in body
    assert returning_status == 200


def test_a_rating_translation_edit_shows_at_once_on_the_persian_verdict_page():
    verdict = factories.PublishedVerdictFactory()
    rating = verdict.rating
    url = verdict.claim.get_absolute_url()
    first = Client(headers={"accept-language": "fa"}).get(url)
    assert first["Content-Language"] == "fa"

    rating.translations = {**rating.translations, "fa": {"label": "کاملاً ساختگی", "description": ""}}
    rating.save()

    fresh = Client(headers={"accept-language": "fa"}).get(url)
    assert "کاملاً ساختگی" in fresh.content.decode()
    returning = Client(headers={"accept-language": "fa"}).get(url, headers={"if-none-match": first["ETag"]})
    assert returning.status_code == 200


def test_a_topic_rename_shows_at_once_on_the_verdict_page():
    verdict = factories.PublishedVerdictFactory()
    topic = factories.TopicFactory(name="Sport")
    verdict.claim.topics.add(topic)
    url = verdict.claim.get_absolute_url()
    first = Client().get(url)
    assert ">Sport</a>" in first.content.decode()

    topic.name = "Athletics"
    topic.save()

    body, returning_status = read_twice(url, first["ETag"])
    assert ">Athletics</a>" in body
    assert returning_status == 200


def test_a_related_claims_unpublication_shows_at_once_on_the_verdict_page(reviewer):
    """Held: unpublishing saves the related verdict, which replaces the public stamp and forgets the validator."""
    from claims.services.verdicts import verdict_unpublish

    verdict = factories.PublishedVerdictFactory()
    other = factories.PublishedVerdictFactory(claim__text="The other claim that contradicts it.")
    factories.ClaimRelationFactory(from_claim=verdict.claim, to_claim=other.claim)
    url = verdict.claim.get_absolute_url()
    first = Client().get(url)
    assert "The other claim that contradicts it." in first.content.decode()

    verdict_unpublish(verdict=other, user=reviewer)

    body, returning_status = read_twice(url, first["ETag"])
    assert "The other claim that contradicts it." not in body
    assert returning_status == 200


def test_whatever_stamp_redis_holds_the_page_serves_and_validates():
    """The stamp goes into the ETag as it is: an odd one left in Redis (by an older release) must not break pages."""
    from django.core.cache import cache

    from claims.pagecache import STAMP_KEY

    verdict = factories.PublishedVerdictFactory()
    cache.set(STAMP_KEY, "123456789012345678901234567e1234", None)  # hex that float() would read as 1.2e1260
    url = verdict.claim.get_absolute_url()
    first = Client().get(url)
    assert first.status_code == 200
    assert Client().get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_removing_a_citation_without_saving_the_claim_shows_at_once():
    """Once documented as not covered (docs/pages.md): a deleted citation moved no timestamp the page reads."""
    verdict = factories.PublishedVerdictFactory()
    citation = factories.ClaimSourceFactory(claim=verdict.claim, source__title="A retracted report")
    factories.ClaimSourceFactory(claim=verdict.claim, source__title="A later report")  # the latest stamp stays
    url = verdict.claim.get_absolute_url()
    first = Client().get(url)
    assert "A retracted report" in first.content.decode()

    citation.delete()

    body, returning_status = read_twice(url, first["ETag"])
    assert "A retracted report" not in body
    assert returning_status == 200
