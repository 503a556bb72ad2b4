"""RequestAttachment, SubmissionToken and AccessCode belong to the request and move to
requests_flow (its migration 0017), so that requests_flow never imports portal. This half only
forgets them in portal's migration state: the database is not touched, and the tables, with their
rows, stay where they are for requests_flow 0017 to take over (see its docstring)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_row_bound_attachments")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AccessCode"),
                migrations.DeleteModel(name="RequestAttachment"),
                migrations.DeleteModel(name="SubmissionToken"),
            ],
            database_operations=[],
        ),
    ]
