"""The audit hash chain, step 2: chain the rows written before it, in the order they were written
(id order), and record the head. Uses the same canonical form as requests_flow.audit_chain."""

from django.db import migrations

CHUNK = 1000


def chain_existing_rows(apps, schema_editor):
    from requests_flow.audit_chain import GENESIS, HASHED_FIELDS, row_digest

    event_model = apps.get_model("requests_flow", "RequestEvent")
    head_model = apps.get_model("requests_flow", "AuditChainHead")
    db = schema_editor.connection.alias
    rows = event_model.objects.using(db).order_by("id")
    seq, prev_hash, after = 0, GENESIS, 0
    while True:
        page = list(rows.filter(id__gt=after).values("id", *HASHED_FIELDS[2:])[:CHUNK])
        for row in page:
            seq += 1
            row.update(seq=seq, prev_hash=prev_hash)
            prev_hash = row_digest(row)
            # Historical models have the plain manager: this one-time update is allowed.
            rows.filter(id=row["id"]).update(
                seq=seq, prev_hash=row["prev_hash"], row_hash=prev_hash
            )
        if len(page) < CHUNK:
            break
        after = page[-1]["id"]
    head_model.objects.using(db).update_or_create(
        pk=1, defaults={"seq": seq, "last_hash": prev_hash}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("requests_flow", "0007_audit_chain_fields"),
    ]

    operations = [migrations.RunPython(chain_existing_rows, migrations.RunPython.noop)]
