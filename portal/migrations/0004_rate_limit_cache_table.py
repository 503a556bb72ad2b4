"""The database cache table that holds the rate limits' counters (settings.CACHES), created by a
migration so that every deployment has it without a separate `createcachetable` step. Nothing to
do where the cache is Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_encrypt_attachments")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
