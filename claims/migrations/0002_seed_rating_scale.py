"""Seed the default six-step verdict scale. Newsrooms edit it in the admin afterwards."""

from django.db import migrations

# Badge colours sit behind white text; each gives a contrast ratio of at least 4.5:1 (WCAG AA).
DEFAULT_SCALE = [
    ("True", "true", 5, "The claim is accurate and nothing significant is missing.", "#1a7f37"),
    ("Mostly true", "mostly-true", 4, "Accurate, but needs clarification or additional information.", "#4d7c0f"),
    (
        "Half true",
        "half-true",
        3,
        "Partially accurate, but leaves out important details or takes things out of context.",
        "#8a5a00",
    ),
    (
        "Mostly false",
        "mostly-false",
        2,
        "Contains an element of truth but ignores facts that would give a different impression.",
        "#b54708",
    ),
    ("False", "false", 1, "The claim is not accurate.", "#b42318"),
    ("Unproven", "unproven", None, "The available evidence neither confirms nor refutes the claim.", "#475467"),
]


def seed(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    for order, (label, slug, value, description, colour) in enumerate(DEFAULT_SCALE):
        Rating.objects.get_or_create(
            slug=slug,
            defaults={"label": label, "value": value, "description": description, "colour": colour, "order": order},
        )


def unseed(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    Rating.objects.filter(slug__in=[row[1] for row in DEFAULT_SCALE], verdicts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
