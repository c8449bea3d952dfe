"""Who readers are told checked and reviewed a verdict: names the newsroom controls, never login names."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from claims.models import NewsroomProfile, Verdict


@dataclass(frozen=True)
class Byline:
    author: str | None  # None: the verdict has no author on record
    reviewer: str | None


def public_name(*, user: AbstractBaseUser | None) -> str | None:
    """The name readers see for `user`: the profile's public name, else the desk's name (settings.DESK_NAME).

    Reads `user.newsroom_profile` as loaded: select_related("…__newsroom_profile") keeps it query-free.
    None for no user.
    """
    if user is None:
        return None
    try:
        profile = user.newsroom_profile
    except NewsroomProfile.DoesNotExist:
        return settings.DESK_NAME
    if profile.credit_desk or not profile.public_name.strip():
        return settings.DESK_NAME
    return profile.public_name.strip()


def verdict_byline(*, verdict: Verdict) -> Byline:
    """Author and reviewer of `verdict` as readers see them."""
    return Byline(author=public_name(user=verdict.author), reviewer=public_name(user=verdict.reviewer))
