"""factory_boy factories. Defaults build valid rows; published verdicts come from PublishedVerdictFactory."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from claims.models import Claim, Claimant, ClaimRelation, ClaimSource, Correction, Rating, Source, Topic, Verdict


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@newsroom.test")
    password = factory.django.Password("correct horse battery staple")


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant

    name = factory.Sequence(lambda n: f"Claimant {n}")
    slug = factory.Sequence(lambda n: f"claimant-{n}")
    kind = Claimant.Kind.PERSON
    role = "Spokesperson"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Claim number {n} says something checkable.")
    slug = factory.Sequence(lambda n: f"claim-{n}")
    claimant = factory.SubFactory(ClaimantFactory)
    language = "en"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.org/story-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Example News"
    kind = Source.Kind.NEWS_REPORT


class ClaimSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimSource

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    role = ClaimSource.Role.SUPPORTS


class ClaimRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimRelation

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(ClaimFactory)
    relation = ClaimRelation.Relation.CONTRADICTS


def rating(slug: str = "false") -> Rating:
    """A rating of the seeded default scale (the data migration creates them in every test database)."""
    return Rating.objects.get(slug=slug)


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    status = Verdict.Status.DRAFT
    conclusion = "A one-line conclusion."
    explanation = "Why we rated it so."
    rating = factory.LazyFunction(lambda: rating("false"))


class PublishedVerdictFactory(VerdictFactory):
    status = Verdict.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    verdict = factory.SubFactory(PublishedVerdictFactory)
    note = "An earlier version misstated a date."
    published_at = factory.LazyFunction(timezone.now)
