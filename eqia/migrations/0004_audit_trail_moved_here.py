"""The audit trail's model moves from the workflow app to the assessment app (its table,
workflow_auditentry, its rows and its PostgreSQL trigger stay as they are): every write to an
assessment, content included, records to it, so it sits at or below them (docs/architecture.md).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the audit entries' content type (and any permissions on it) under the new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="eqia", model="auditentry").exists():
        ContentType.objects.filter(app_label="workflow", model="auditentry").update(
            app_label="eqia"
        )


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="workflow", model="auditentry").exists():
        ContentType.objects.filter(app_label="eqia", model="auditentry").update(
            app_label="workflow"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("eqia", "0003_signed_pdf"),
        ("workflow", "0003_audit_trail_trigger"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("sequence", models.PositiveIntegerField()),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("created", "Assessment started"),
                                    ("transition", "State changed"),
                                    ("content", "Content saved"),
                                    ("comment", "Comment"),
                                    ("action_update", "Action updated"),
                                    ("sharing", "Sharing changed"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("actor_name", models.CharField(max_length=300)),
                        ("actor_role", models.CharField(max_length=50)),
                        ("at", models.DateTimeField()),
                        ("from_state", models.CharField(blank=True, max_length=20)),
                        ("to_state", models.CharField(blank=True, max_length=20)),
                        ("part", models.CharField(blank=True, max_length=12)),
                        ("comment", models.TextField(blank=True)),
                        ("details", models.JSONField(blank=True, default=dict)),
                        ("previous_hash", models.CharField(blank=True, max_length=64)),
                        ("entry_hash", models.CharField(max_length=64)),
                        (
                            "actor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "assessment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="audit_entries",
                                to="eqia.assessment",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "audit entries",
                        "db_table": "workflow_auditentry",
                        "ordering": ["assessment_id", "sequence"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("assessment", "sequence"), name="audit_sequence_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
