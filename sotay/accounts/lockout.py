"""django-axes's lockout answer: the page for browsers, the API's JSON error shape for the API
(the member app signs in through `POST /api/auth/token`, which the lockout covers too)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

STATUS = 429


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path.startswith("/api/"):
        message = _("Too many failed sign-ins. Try again in %(minutes)d minutes.") % {"minutes": minutes}
        return JsonResponse({"detail": message}, status=STATUS)
    context = {"cooloff_timedelta": settings.AXES_COOLOFF_TIME}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=STATUS)
