"""Keeps each sign-in's "last seen" roughly current without a write on every request."""

import time

from django.utils import timezone

from sotay.accounts.models import SignIn

SEEN_KEY = "sotay_seen"
SEEN_EVERY = 300  # seconds: "last seen" is shown to the minute, not the second


class SignInSeenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and session.session_key:
            now = time.time()
            if now - session.get(SEEN_KEY, 0) > SEEN_EVERY:
                SignIn.objects.filter(session_key=session.session_key, ended_at=None).update(
                    last_seen_at=timezone.now()
                )
                session[SEEN_KEY] = now
        return self.get_response(request)
