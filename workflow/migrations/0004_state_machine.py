"""The audit trail's model now belongs to the assessment app (eqia 0004; its table stays), and
the state machine is a proxy of the assessment whose transitions come from the move table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("eqia", "0004_audit_trail_moved_here"),
        ("workflow", "0003_audit_trail_trigger"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="AssessmentInWorkflow",
            fields=[],
            options={
                "verbose_name": "assessment in the workflow",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("eqia.assessment",),
        ),
    ]
