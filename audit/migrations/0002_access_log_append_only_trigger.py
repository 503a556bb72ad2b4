"""On PostgreSQL, the access log refuses UPDATE and DELETE like the audit trail (row-level trigger:
TRUNCATE, used by the test suite's flush, is not affected)."""

import importlib

from django.db import migrations

chain = importlib.import_module("requests_flow.migrations.0009_audit_append_only_trigger")
CREATE, DROP = chain.append_only_sql("audit_accessevent")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_access_log"),
        ("requests_flow", "0009_audit_append_only_trigger"),
    ]

    operations = [
        migrations.RunPython(chain.postgresql_only(CREATE), chain.postgresql_only(DROP)),
    ]
