"""On PostgreSQL the database itself refuses to change or remove an audit entry."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION workflow_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER workflow_auditentry_append_only
    BEFORE UPDATE OR DELETE ON workflow_auditentry
    FOR EACH ROW EXECUTE FUNCTION workflow_auditentry_append_only();
CREATE TRIGGER workflow_auditentry_no_truncate
    BEFORE TRUNCATE ON workflow_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION workflow_auditentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS workflow_auditentry_no_truncate ON workflow_auditentry;
DROP TRIGGER IF EXISTS workflow_auditentry_append_only ON workflow_auditentry;
DROP FUNCTION IF EXISTS workflow_auditentry_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0002_audit_trail")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
