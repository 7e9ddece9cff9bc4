"""An overall adverse impact of "None"; a reviewer's comment resolved or withdrawn (when, and
who resolved it: the audit trail says the rest)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eqia", "0005_actions_across_versions_and_decisions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="assessment",
            name="adverse_impact_rating",
            field=models.CharField(
                blank=True,
                choices=[("none", "None"), ("low", "Low"), ("medium", "Medium"), ("high", "High")],
                max_length=10,
                verbose_name="overall adverse impact",
            ),
        ),
        migrations.AddField(
            model_name="reviewcomment",
            name="resolved_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="reviewcomment",
            name="resolved_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="reviewcomment",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
