from django.db import migrations, models


class Migration(migrations.Migration):
    """An index for lists of actions, soonest due first (eqia.models.Action.Meta)."""

    dependencies = [
        ("eqia", "0009_publication"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["due_date", "id"], name="action_due_date"),
        ),
    ]
