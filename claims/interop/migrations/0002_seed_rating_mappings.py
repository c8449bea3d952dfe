"""Seed the rating mapping table with the textual ratings other fact-checkers use most, in English and Persian.

Each maps onto a step of the default scale (claims/migrations/0002_seed_rating_scale.py) by its slug; a step the
newsroom has removed is skipped. Editors change the table in the admin afterwards. Labels deliberately absent:
ones that say nothing about truth ("Satire", "Outdated", "Not a claim"), which arrive unmapped, as drafts.
"""

from django.db import migrations

from claims.interop.models import rating_label_key

SEED = [
    # English: PolitiFact, Snopes, AFP, Full Fact, Dega's and Meedan Check's defaults.
    ("en", "True", "true"),
    ("en", "Correct", "true"),
    ("en", "Accurate", "true"),
    ("en", "Verified", "true"),
    ("en", "Mostly True", "mostly-true"),
    ("en", "Mostly Correct", "mostly-true"),
    ("en", "Partly True", "half-true"),
    ("en", "Half True", "half-true"),
    ("en", "Mixture", "half-true"),
    ("en", "Half Truth", "half-true"),
    ("en", "Partly False", "mostly-false"),
    ("en", "Mostly False", "mostly-false"),
    ("en", "Misleading", "mostly-false"),
    ("en", "Missing Context", "mostly-false"),
    ("en", "Barely True", "mostly-false"),
    ("en", "False", "false"),
    ("en", "Incorrect", "false"),
    ("en", "Inaccurate", "false"),
    ("en", "Fake", "false"),
    ("en", "Pants on Fire", "false"),
    ("en", "Fabricated", "false"),
    ("en", "Unproven", "unproven"),
    ("en", "Unverified", "unproven"),
    ("en", "Unsupported", "unproven"),
    ("en", "Unsubstantiated", "unproven"),
    ("en", "Undetermined", "unproven"),
    ("en", "No Evidence", "unproven"),
    # Persian (Factnameh and others), written with the zero-width non-joiner where it belongs.
    ("fa", "درست", "true"),
    ("fa", "صحیح", "true"),
    ("fa", "عمدتاً درست", "mostly-true"),
    ("fa", "تقریباً درست", "mostly-true"),
    ("fa", "نیمه‌درست", "half-true"),
    ("fa", "نیمه درست نیمه نادرست", "half-true"),
    ("fa", "عمدتاً نادرست", "mostly-false"),
    ("fa", "گمراه‌کننده", "mostly-false"),
    ("fa", "نادرست", "false"),
    ("fa", "غلط", "false"),
    ("fa", "کذب", "false"),
    ("fa", "جعلی", "false"),
    ("fa", "ساختگی", "false"),
    ("fa", "اثبات‌نشده", "unproven"),
    ("fa", "تأییدنشده", "unproven"),
    ("fa", "نامعلوم", "unproven"),
]


def seed(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    RatingMapping = apps.get_model("interop", "RatingMapping")
    ratings = {rating.slug: rating for rating in Rating.objects.filter(slug__in={row[2] for row in SEED})}
    for language, label, slug in SEED:
        if slug in ratings:
            RatingMapping.objects.get_or_create(
                label_key=rating_label_key(label),
                defaults={"label": label, "language": language, "rating": ratings[slug]},
            )


def unseed(apps, schema_editor):
    RatingMapping = apps.get_model("interop", "RatingMapping")
    RatingMapping.objects.filter(label_key__in=[rating_label_key(row[1]) for row in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("interop", "0001_initial"), ("claims", "0002_seed_rating_scale")]

    operations = [migrations.RunPython(seed, unseed)]
