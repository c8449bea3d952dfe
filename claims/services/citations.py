"""Citing a source by its URL: one source per normalised URL, reused rather than duplicated."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from claims.models import Source


def source_for_cited_url(*, url: str, kind: str | None = None) -> tuple[Source, bool]:
    """The source for `url` (compared normalised, as Source stores it): (source, created).

    An existing source with that URL is returned untouched. Otherwise a source is created whose title is the URL
    (Source.placeholder_title) until its page or an editor gives it one: once the save commits, its first link
    check is queued (claims/linkcheck/signals.py) and so is reading its page's title, publisher and date
    (claims/signals.py → claims.services.pagemeta), never in the request. `url` must already be a valid http(s)
    URL (a form's URLField); raises django.core.exceptions.ValidationError if Source rejects it. `kind` (a
    Source.Kind value) is given to a source this creates; Source's default otherwise.
    """
    existing = Source.objects.with_same_url(url).first()
    if existing is not None:
        return existing, False
    source = Source(url=url, title=Source.placeholder_title(url))
    if kind is not None:
        source.kind = kind
    source.full_clean()
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:  # another editor cited the same URL a moment ago
        return Source.objects.with_same_url(url).get(), False
    return source, True
