"""Only cache invalidation lives here; domain work happens in services, never in signals."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarOverride
from .workdays import drop_calendar_cache


@receiver([post_save, post_delete], sender=CalendarOverride)
def _calendar_changed(**kwargs) -> None:
    drop_calendar_cache()
