"""Rating labels and descriptions per language, with the Persian forms of the default scale (migration 0002).

A rating the newsroom renamed keeps its own label: only a label still as seeded gets the seeded Persian.
"""

from django.db import migrations, models

PERSIAN_DEFAULT_SCALE = {
    "true": ("True", "درست", "ادعا دقیق است و چیز مهمی از آن جا نیفتاده است."),
    "mostly-true": ("Mostly true", "بیشتر درست", "دقیق است، اما به توضیح یا اطلاعات بیشتری نیاز دارد."),
    "half-true": (
        "Half true",
        "نیمه‌درست",
        "تا حدی دقیق است، اما جزئیات مهمی را نمی‌گوید یا موضوع را از بافتش جدا می‌کند.",
    ),
    "mostly-false": (
        "Mostly false",
        "بیشتر نادرست",
        "رگه‌ای از حقیقت دارد، اما واقعیت‌هایی را نادیده می‌گیرد که برداشت دیگری به دست می‌دهند.",
    ),
    "false": ("False", "نادرست", "ادعا دقیق نیست."),
    "unproven": ("Unproven", "اثبات‌نشده", "شواهد موجود ادعا را نه تأیید می‌کنند و نه رد."),
}


def seed_persian(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    for rating in Rating.objects.filter(slug__in=PERSIAN_DEFAULT_SCALE):
        seeded_label, label, description = PERSIAN_DEFAULT_SCALE[rating.slug]
        if rating.label == seeded_label and "fa" not in rating.translations:
            rating.translations = {**rating.translations, "fa": {"label": label, "description": description}}
            rating.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0020_folded_search_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalrating",
            name="translations",
            field=models.JSONField(blank=True, default=dict, verbose_name="translations"),
        ),
        migrations.AddField(
            model_name="rating",
            name="translations",
            field=models.JSONField(blank=True, default=dict, verbose_name="translations"),
        ),
        migrations.RunPython(seed_persian, migrations.RunPython.noop),
    ]
