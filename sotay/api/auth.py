"""Who is calling: a bearer token, or a browser session that proves itself with the CSRF token.

Ninja tries the authenticators in order and stops at the first one that answers or raises. The
token comes first: a forged cross-site request cannot set an `Authorization` header, so a token
request needs no CSRF check. The session comes second and checks CSRF only for a signed-in
session; a request with neither (or a wrong token) is a 401, not a CSRF 403.
"""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from sotay.accounts.models import ApiToken, TokenKind, hash_token
from sotay.accounts.roles import API_USE
from sotay.core.scoping import scope_paths


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a token issued on the account page, or at sign-in
    through `POST /api/auth/token`.

    Only to users who may use the API now: a token issued while its user held a staff role stops
    working when the last role goes (and is inactive's too), so old member tokens need no data
    migration to revoke them; the member, who can no longer reach the token page, need not either.
    """

    def authenticate(self, request, token: str):
        if len(token) > 100:
            return None
        found = ApiToken.objects.select_related("user").filter(digest=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        # A sign-in token (the member app's) stands for a signed-in session; a staff token works
        # only while its user holds a staff role.
        if found.kind != TokenKind.SIGN_IN and not scope_paths(found.user, API_USE):
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.api_token = found
        return found.user


class SignedInSession(SessionAuth):
    """The browser's session; its writes must carry the CSRF token (checked by `SessionAuth`)."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)
