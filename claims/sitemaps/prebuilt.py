"""Sitemap files rendered ahead of requests and kept in the shared cache under the public stamp (claims/pagecache.py).

A build renders the index and every page of every section for one stamp, stores each part under a key holding
that stamp, and only then records itself as the latest complete build (`LATEST_BUILD_KEY`: the stamp and the
page count of each section). Readers are served:

1. the part built for the current stamp, when there is one;
2. otherwise the latest complete build's part, **stale by the seconds a build takes to be scheduled and run**
   (`SITEMAP_BUILD_DELAY_SECONDS` plus the build itself, about a minute at 100,000 claims). That is acceptable
   for a sitemap: crawlers read it every few hours, a claim published a minute ago is found at the next visit,
   and an unpublished claim's URL already answers 404. A build is enqueued;
3. only when nothing has ever been built (a first deploy, an emptied cache) is the part rendered in the request,
   and kept under the current stamp.

Parts live `PREBUILT_SECONDS`; the periodic build refreshes the current build's lifetime, so a quiet archive never
falls back to case 3. With a process-local cache (locmem, `make run`'s default) the worker's build is invisible to
the web process, which then renders and keeps each part itself (case 3), as before this module existed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TypedDict

from django.core.cache import cache
from django.core.paginator import EmptyPage

from claims.pagecache import public_stamp
from claims.sitemaps.sections import SITEMAPS, SitemapPart, render_index, render_section

# Longer than any gap between two periodic builds (every 5 minutes, migration 0110), which refresh it.
PREBUILT_SECONDS = 24 * 3600
LATEST_BUILD_KEY = "claims:sitemap:latest-build"
INDEX = "index"

# One build at a time across workers. The lock outlives the build's hard time limit, so a build killed by it or by
# SIGKILL frees the lock by itself, and a live build never loses it.
BUILD_TIME_LIMIT_SECONDS = 300
BUILD_SOFT_TIME_LIMIT_SECONDS = 240
BUILD_LOCK_KEY = "claims:sitemap:build-lock"
BUILD_LOCK_SECONDS = BUILD_TIME_LIMIT_SECONDS + 60


class SitemapBuildBusy(Exception):
    """Another build holds the lock (the task retries later)."""


class BuildRecord(TypedDict):
    """The latest complete build: its stamp and the number of pages of each section (from 1)."""

    stamp: str
    pages: dict[str, int]


@dataclass(frozen=True)
class ServedPart:
    """What a request gets: `part`, or None for 404 (no such page); `stale`: an older stamp's build."""

    part: SitemapPart | None
    stale: bool = False
    built_inline: bool = False


def part_key(stamp: str, section: str, page: int = 1) -> str:
    """The cache key of one part: `section` is a key of SITEMAPS or INDEX."""
    return f"claims:sitemap:{stamp}:{section}:{page}"


def latest_build() -> BuildRecord | None:
    return cache.get(LATEST_BUILD_KEY)


def sitemaps_build() -> BuildRecord | None:
    """Render every part for the current public stamp and store it; returns the build, or None when the cache
    cannot be reached (nothing to store into). Raises SitemapBuildBusy while another build runs.

    The stamp is read before any row: an edit committed later replaces it and schedules a build of its own, so
    every committed edit reaches a build labelled with a stamp at least as new. Idempotent: when the latest
    build already has the current stamp, its parts' lifetime is refreshed and nothing is rendered.
    Queries: per section one COUNT(*) and one per page, plus the claims section's newest lastmod.
    """
    token = uuid.uuid4().hex
    if not cache.add(BUILD_LOCK_KEY, token, BUILD_LOCK_SECONDS):
        if public_stamp() is None:
            return None  # not a lock: the cache is down (its add() fails open as "already there")
        raise SitemapBuildBusy
    try:
        return _build()
    finally:
        # Not another build's lock (ours expired): compare before deleting.
        if cache.get(BUILD_LOCK_KEY) == token:
            cache.delete(BUILD_LOCK_KEY)


def _build() -> BuildRecord | None:
    stamp = public_stamp()
    if stamp is None:
        return None
    latest = latest_build()
    if latest is not None and latest["stamp"] == stamp:
        keys = [part_key(stamp, INDEX)]
        keys += [
            part_key(stamp, section, page) for section, pages in latest["pages"].items() for page in range(1, pages + 1)
        ]
        if all(cache.touch(key, PREBUILT_SECONDS) for key in keys):
            cache.touch(LATEST_BUILD_KEY, PREBUILT_SECONDS)
            return latest
    section_maps = {section: sitemap_class() for section, sitemap_class in SITEMAPS.items()}
    pages: dict[str, int] = {}
    for section, section_map in section_maps.items():
        pages[section] = section_map.paginator.num_pages
        for page in range(1, pages[section] + 1):
            cache.set(part_key(stamp, section, page), render_section(section_map, page), PREBUILT_SECONDS)
    cache.set(part_key(stamp, INDEX), render_index(section_maps), PREBUILT_SECONDS)
    build = BuildRecord(stamp=stamp, pages=pages)
    cache.set(LATEST_BUILD_KEY, build, PREBUILT_SECONDS)
    return build


def sitemap_part(section: str, page: int) -> ServedPart:
    """The part a reader gets for `section` (a key of SITEMAPS, or INDEX) and `page` (from 1), following the
    order in the module docstring. Costs no query when a build is found; at most two cache round trips.

    `section` must be known (callers answer 404 otherwise). A page past the section's last answers
    ServedPart(None).
    """
    stamp = public_stamp()
    if stamp is None:  # the cache is down: render, keep nothing
        return ServedPart(_render(section, page), built_inline=True)
    current_key = part_key(stamp, section, page)
    found = cache.get_many([current_key, LATEST_BUILD_KEY])
    if current_key in found:
        return ServedPart(found[current_key])
    latest: BuildRecord | None = found.get(LATEST_BUILD_KEY)
    if latest is not None:
        stale = latest["stamp"] != stamp
        # Past the last page the build knows of: 404 without a COUNT(*) (a crawler probing ?p=99).
        if page > latest["pages"].get(section, 1):
            return ServedPart(None, stale=stale)
        if stale and (part := cache.get(part_key(latest["stamp"], section, page))) is not None:
            return ServedPart(part, stale=True)
    part = _render(section, page)
    if part is not None:
        cache.set(current_key, part, PREBUILT_SECONDS)
    return ServedPart(part, built_inline=True)


def _render(section: str, page: int) -> SitemapPart | None:
    if section == INDEX:
        return render_index({name: sitemap_class() for name, sitemap_class in SITEMAPS.items()})
    try:
        return render_section(SITEMAPS[section](), page)
    except EmptyPage:
        return None
