"""The progress statuses of the council's reports, seeded once; the council edits them after
(Django admin, Progress statuses)."""

from django.db import migrations

# name, GOV.UK tag colour, offered for carrying into the next plan
STATUSES = [
    ("Complete/on schedule to deliver", "green", False),
    ("Ongoing/remain included in action plan", "blue", True),
    ("Incomplete/cannot be carried forward", "red", False),
    ("To be picked up in new action plan", "purple", True),
    ("A watching brief to be maintained", "yellow", False),
]


def add_statuses(apps, schema_editor):
    """Also called by tests that empty the database (browser tests) to put them back."""
    ProgressStatus = apps.get_model("plans", "ProgressStatus")
    for position, (name, colour, carry_forward) in enumerate(STATUSES, start=1):
        ProgressStatus.objects.get_or_create(
            name=name,
            defaults={"colour": colour, "carry_forward": carry_forward, "position": position * 10},
        )


def remove_statuses(apps, schema_editor):
    ProgressStatus = apps.get_model("plans", "ProgressStatus")
    ProgressStatus.objects.filter(name__in=[name for name, _, _ in STATUSES]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_plans")]

    operations = [migrations.RunPython(add_statuses, remove_statuses)]
