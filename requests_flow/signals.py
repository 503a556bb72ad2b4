"""Only cache invalidation lives here; domain work happens in services, never in signals."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarOverride, CalendarYear, RuleSet
from .selectors import drop_rule_set_warning_cache
from .workdays import drop_calendar_cache


@receiver([post_save, post_delete], sender=CalendarOverride)
@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_changed(**kwargs) -> None:
    # Drop now, and again once the change is committed: a read between the two must not keep a
    # calendar that another transaction could still roll back or that misses the change.
    drop_calendar_cache()
    transaction.on_commit(drop_calendar_cache)


@receiver([post_save, post_delete], sender=RuleSet)
def _rule_set_changed(**kwargs) -> None:
    # As for the calendar: now, and once committed (the warning on every back-office page).
    drop_rule_set_warning_cache()
    transaction.on_commit(drop_rule_set_warning_cache)
