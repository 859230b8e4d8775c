"""Who is calling: a bearer token, or a browser session that proves itself with the CSRF token.

Ninja tries the authenticators in order and stops at the first one that answers or raises. The
token comes first: a forged cross-site request cannot set an `Authorization` header, so a token
request needs no CSRF check. The session comes second and checks CSRF only for a signed-in
session; a request with neither (or a wrong token) is a 401, not a CSRF 403.
"""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from sotay.accounts.models import ApiToken, hash_token


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a token issued on the account page."""

    def authenticate(self, request, token: str):
        if len(token) > 100:
            return None
        found = ApiToken.objects.select_related("user").filter(digest=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class SignedInSession(SessionAuth):
    """The browser's session; its writes must carry the CSRF token (checked by `SessionAuth`)."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)
