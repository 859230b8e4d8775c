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


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with `changes` applied; a value of None drops the key."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()
