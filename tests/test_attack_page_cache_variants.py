"""Attack on c9f6bee's newly cached HTML pages (topic pages, topic index, ratings index, info pages) and the
verdict page: a staff visit, a HEAD, another Host, a 404 first, a topic going private. These held; they stay as
tests so that a later change to the keys or to what is cached cannot quietly undo them.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from claims.models import InfoPage
from claims.services.verdicts import verdict_unpublish
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_staff_visit_never_plants_a_preview_and_anonymous_visits_never_reach_staff(editor_client):
    draft = factories.VerdictFactory(claim__text="DRAFT-NOT-PUBLIC wording")
    url = draft.claim.get_absolute_url()
    preview = editor_client.get(url)
    assert preview.status_code == 200 and "DRAFT-NOT-PUBLIC" in preview.content.decode()
    assert Client().get(url).status_code == 404
    assert Client().head(url).status_code == 404


def test_a_topic_whose_last_claim_is_unpublished_disappears_from_its_cached_pages(reviewer):
    verdict = factories.PublishedVerdictFactory()
    topic = factories.TopicFactory(name="Elections")
    verdict.claim.topics.add(topic)
    assert Client().get(topic.get_absolute_url()).status_code == 200
    assert "Elections" in Client().get("/topics/").content.decode()

    verdict_unpublish(verdict=verdict, user=reviewer)

    assert Client().get(topic.get_absolute_url()).status_code == 404
    assert "Elections" not in Client().get("/topics/").content.decode()


def test_a_topic_rename_and_a_rating_label_show_at_once_on_their_cached_pages():
    verdict = factories.PublishedVerdictFactory()
    topic = factories.TopicFactory(name="Sport")
    verdict.claim.topics.add(topic)
    assert "Sport" in Client().get("/topics/").content.decode()
    Client().get("/ratings/")
    topic.name = "Athletics"
    topic.save()
    verdict.rating.label = "Entirely made up"
    verdict.rating.save()
    assert "Athletics" in Client().get("/topics/").content.decode()
    assert "Athletics" in Client().get(topic.get_absolute_url()).content.decode()
    assert "Entirely made up" in Client().get("/ratings/").content.decode()


def test_a_missing_info_page_is_not_cached_as_missing():
    assert Client().get("/pages/press-kit/").status_code == 404
    InfoPage.objects.create(slug="press-kit", title="Press kit", body="Logos and contacts.")
    assert "Logos and contacts." in Client().get("/pages/press-kit/").content.decode()


def test_a_head_request_does_not_plant_an_empty_page():
    factories.PublishedVerdictFactory()
    for url in ("/topics/", "/ratings/", "/pages/methodology/"):
        head = Client().head(url)
        assert head.status_code == 200
        get = Client().get(url)
        assert get.status_code == 200 and b"</html>" in get.content, url


def test_another_host_header_does_not_poison_the_links_of_a_cached_page(settings):
    verdict = factories.PublishedVerdictFactory()
    with override_settings(ALLOWED_HOSTS=["testserver", "evil.example"]):
        for url in ("/ratings/", "/topics/", verdict.claim.get_absolute_url(), "/feeds/latest/"):
            Client(HTTP_HOST="evil.example").get(url)
            page = Client().get(url).content.decode()
            assert "evil.example" not in page, url
