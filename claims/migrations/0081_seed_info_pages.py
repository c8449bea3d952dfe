"""The pages the footer links to (IFCN: methodology, corrections policy, organisation and funding), with starter
text for the newsroom to replace in the admin."""

from django.db import migrations

PAGES = [
    (
        "methodology",
        "How we fact-check",
        "We pick claims that are checkable and that matter to our readers. For each one we look for the original "
        "statement, ask the person or organisation who made it for their evidence, and consult primary sources and "
        "independent experts. A second editor reviews every verdict before it is published.\n\n"
        "Our ratings and what they mean are listed on the [ratings page](/ratings/).",
    ),
    (
        "corrections-policy",
        "Corrections policy",
        "When we get something wrong we correct it openly. Every correction is dated and shown at the end of the "
        "fact check it changes, saying what changed and why. To report an error, write to us.",
    ),
    (
        "about",
        "About us and our funding",
        "Who we are, who works here, and every source of funding that accounts for more than 5% of our income.",
    ),
]


def seed(apps, schema_editor):
    InfoPage = apps.get_model("claims", "InfoPage")
    for slug, title, body in PAGES:
        InfoPage.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("claims", "0080_reader_pages")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
