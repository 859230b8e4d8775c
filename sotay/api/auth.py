from django.utils import timezone
from ninja.security import HttpBearer

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
