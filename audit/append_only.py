"""Rows written once and never changed or removed by the application: the request audit trail
(requests_flow.RequestEvent) and the access log (audit.AccessEvent). It lives here, not in
requests_flow, so that audit depends on Django and accounts only (pyproject.toml's contracts)."""

from django.db import models


class AppendOnlyError(Exception):
    pass


APPEND_ONLY = "The audit trail is append-only."


class AppendOnlyQuerySet(models.QuerySet):
    """No change and no removal through the ORM: update() (and so bulk_update()), delete(), and
    the private paths Django itself uses for them (_update for Model.save on an existing row,
    _raw_delete for cascades). Raw SQL is refused by a trigger on PostgreSQL (requests_flow
    migration 0009, audit migration 0002)."""

    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY)

    def _update(self, values):
        raise AppendOnlyError(APPEND_ONLY)

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY)

    def _raw_delete(self, using):
        raise AppendOnlyError(APPEND_ONLY)


class AppendOnlyModel(models.Model):
    """A row that is written once and never changed or removed by the application."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(APPEND_ONLY)
