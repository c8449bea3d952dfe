"""Methodology, corrections policy and about/funding: the newsroom's own pages, edited in the admin, in every
page's footer."""

from __future__ import annotations

import pytest

from claims.models import InfoPage
from tests import factories

pytestmark = pytest.mark.django_db

FOOTER_SLUGS = ["methodology", "corrections-policy", "about"]


def test_every_reader_page_links_methodology_corrections_policy_and_about_in_its_footer(client):
    verdict = factories.PublishedVerdictFactory()
    for url in ("/", verdict.claim.get_absolute_url(), "/search/?q=x", "/topics/", "/ratings/", "/pages/about/"):
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        for slug in FOOTER_SLUGS:
            assert f'href="/pages/{slug}/"' in footer, (url, slug)


@pytest.mark.parametrize("slug", FOOTER_SLUGS)
def test_the_seeded_pages_exist_so_no_footer_link_is_broken(client, slug):
    response = client.get(f"/pages/{slug}/")
    assert response.status_code == 200
    assert f'<h1 dir="auto">{InfoPage.objects.get(slug=slug).title}</h1>' in response.content.decode()


def test_an_info_page_renders_its_markdown_and_drops_scripts(client):
    InfoPage.objects.filter(slug="about").update(
        body="We are funded by **readers**.\n\n<script>alert(1)</script>\n\n[Annual report](https://example.org/r)"
    )
    body = client.get("/pages/about/").content.decode()
    assert "<strong>readers</strong>" in body
    assert "<script>alert(1)" not in body
    assert 'href="https://example.org/r"' in body


def test_an_editor_with_permission_edits_a_page_in_the_admin(client):
    admin = factories.UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = InfoPage.objects.get(slug="methodology")
    response = client.post(
        f"/admin/claims/infopage/{page.pk}/change/",
        {"slug": "methodology", "title": "How we check", "body": "Two editors read every check."},
    )
    assert response.status_code == 302
    assert "Two editors read every check." in client.get("/pages/methodology/").content.decode()


def test_an_unknown_page_is_404(client):
    assert client.get("/pages/no-such-page/").status_code == 404
