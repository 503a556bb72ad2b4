"""The audit hash chain, step 3: every row has its place (seq unique, not null), and on PostgreSQL
a trigger refuses UPDATE and DELETE of audit rows for every database role without the right to
drop it, whatever the path (raw SQL, another program).

The trigger is row-level: TRUNCATE does not fire it. The test suite empties tables with TRUNCATE
between transactional tests, and that must keep working; an operator who may TRUNCATE may also
drop the trigger, so nothing is lost by it (docs/security/audit.md: the application's role should
not own the table)."""

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION tiepcan_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'append-only audit table %: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION tiepcan_append_only();
"""


def append_only_sql(table: str) -> tuple[str, str]:
    """(create, drop) SQL of the append-only trigger on `table` (PostgreSQL)."""
    return FUNCTION + TRIGGER.format(table=table), f"DROP TRIGGER {table}_append_only ON {table};"


def postgresql_only(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # no parameters: the % of RAISE stays as is

    return run


CREATE, DROP = append_only_sql("requests_flow_requestevent")


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0008_audit_chain_existing_rows"),
    ]

    operations = [
        migrations.AlterField(
            model_name="requestevent",
            name="seq",
            field=models.PositiveBigIntegerField(
                unique=True, verbose_name="position in the audit chain"
            ),
        ),
        migrations.RunPython(postgresql_only(CREATE), postgresql_only(DROP)),
    ]
