"""Claiming deadline alerts (MilestoneAlert rows) for notification, once each.

A claim is one UPDATE guarded by `claim IS NULL` (on PostgreSQL after locking the rows with SKIP
LOCKED), so two sweeps at once never notify one alert twice, and a sweep killed mid-way leaves
its unclaimed alerts to the next run. Who is told and what: requests_flow.alert_notices."""

import uuid

from django.db import connection
from django.db.models import Subquery

from .models import MilestoneAlert


def claim_batch(batch_size: int) -> list[MilestoneAlert]:
    """Mark up to batch_size unnotified alerts as this caller's (inside the caller's
    transaction) and return them with their milestone, request and process."""
    token = uuid.uuid4()
    pending = MilestoneAlert.objects.filter(claim__isnull=True).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        ids = list(
            pending.select_for_update(skip_locked=True).values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return []
        MilestoneAlert.objects.filter(pk__in=ids, claim__isnull=True).update(claim=token)
    else:
        # SQLite: one UPDATE statement runs under the database's single write lock.
        MilestoneAlert.objects.filter(
            pk__in=Subquery(pending.values("pk")[:batch_size]), claim__isnull=True
        ).update(claim=token)
    return list(
        MilestoneAlert.objects.filter(claim=token)
        .select_related("milestone__request__agency", "milestone__request__process")
        .order_by("pk")
    )
