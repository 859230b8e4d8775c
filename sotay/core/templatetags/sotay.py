import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def timesince_duration(duration: datetime.timedelta | None) -> str:
    """A duration in words, in the active language ("15 minutes")."""
    if not duration:
        return ""
    now = timezone.now()
    return timesince(now - duration, now)
