"""A directory's soft-404 probe is asked once per process for a while, not once per page: sweeps halve their
requests, and a soft 404 is still caught from the remembered answer."""

from __future__ import annotations

from claims.linkcheck.fetch import LinkChecker
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import local_site, page
from tests.test_linkcheck_outcomes import config_for

ARTICLE = "<html><body><h1>{}</h1><p>Reported on {} with figures from the ministry.</p></body></html>"
SORRY = "<html><body><h1>Sorry</h1><p>We could not find that page on our site.</p></body></html>"


def probes(site) -> list[str]:
    return [path for method, path in site.requests if "article" not in path]


def test_pages_in_one_directory_share_one_probe_while_it_is_remembered():
    with local_site() as site:
        for n in range(5):
            site.routes[f"/news/article-{n}"] = page(200, ARTICLE.format(f"Story {n}", f"day {n}"))
        with LinkChecker(config_for(site, probe_cache_seconds=60)) as checker:
            outcomes = [checker.check(site.url(f"/news/article-{n}")).outcome for n in range(5)]
        assert outcomes == [LinkOutcome.OK] * 5
        assert len(probes(site)) == 1


def test_without_the_cache_every_page_is_probed():
    with local_site() as site:
        for n in range(3):
            site.routes[f"/news/article-{n}"] = page(200, ARTICLE.format(f"Story {n}", f"day {n}"))
        with LinkChecker(config_for(site, probe_cache_seconds=0)) as checker:
            for n in range(3):
                checker.check(site.url(f"/news/article-{n}"))
        assert len(probes(site)) == 3


def test_a_remembered_probe_still_catches_a_soft_404_and_other_directories_get_their_own():
    with local_site() as site:
        site.default = page(200, SORRY)  # the site answers everything with its "sorry" page
        site.routes["/a/article-1"] = page(200, ARTICLE.format("Real", "Monday"))
        with LinkChecker(config_for(site, probe_cache_seconds=60)) as checker:
            assert checker.check(site.url("/a/article-1")).outcome == LinkOutcome.OK
            assert checker.check(site.url("/a/article-2")).outcome == LinkOutcome.SOFT_404
            assert checker.check(site.url("/b/article-3")).outcome == LinkOutcome.SOFT_404
        assert len(probes(site)) == 2  # one for /a/, one for /b/
