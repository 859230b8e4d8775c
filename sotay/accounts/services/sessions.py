"""Where a user is signed in: browser sessions recorded at sign-in, ended by the user; and the
bearer tokens the member app gets by signing in through the API."""

import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from sotay.accounts.middleware import SEEN_KEY
from sotay.accounts.models import ApiToken, SignIn, TokenKind, User, hash_token
from sotay.accounts.selectors import identifier_ambiguous
from sotay.core.audit import acting_as


class SignInRefusedError(Exception):
    """Wrong credentials, or locked out (`locked`): the message says which."""

    def __init__(self, message: str, *, locked: bool = False):
        super().__init__(message)
        self.message = message
        self.locked = locked


def device_name(user_agent: str) -> str:
    """A short, recognisable name for a browser ("Chrome on Android"), good enough to tell one's
    phone from one's office PC; the full user agent is not kept."""
    agent = user_agent or ""
    browser = next(
        (name for token, name in BROWSERS if token in agent),
        _("Unknown browser"),
    )
    system = next((name for token, name in SYSTEMS if token in agent), _("unknown system"))
    return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}


# Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari".
BROWSERS = [
    ("Zalo", "Zalo"),
    ("CocCoc", "Cốc Cốc"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("SotayApp", "Sổ tay app"),
]
SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def sign_in_record(*, request, user: User) -> SignIn | None:
    """Called when a browser signs in (the `user_logged_in` signal)."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if session.session_key is None:
        session.save()
    session[SEEN_KEY] = timezone.now().timestamp()
    return SignIn.objects.create(
        user=user,
        session_key=session.session_key,
        device=device_name(request.META.get("HTTP_USER_AGENT", ""))[:200],
        address=client_address(request),
    )


def sign_in_closed(*, session_key: str | None) -> None:
    """The browser signed out itself (the `user_logged_out` signal)."""
    if session_key:
        SignIn.objects.filter(session_key=session_key, ended_at=None).update(ended_at=timezone.now())


def sign_in_end(*, actor: User, sign_in: SignIn) -> None:
    """Sign a browser out, such as a lost phone's. Only the user it belongs to."""
    if sign_in.user_id != actor.pk:
        raise PermissionDenied(_("This is not one of your sessions."))
    import_string(f"{settings.SESSION_ENGINE}.SessionStore")().delete(sign_in.session_key)
    SignIn.objects.filter(pk=sign_in.pk).update(ended_at=timezone.now())


def sign_ins_end_others(*, actor: User, current_key: str | None) -> int:
    """Sign out every other browser of the actor's; returns how many."""
    others = SignIn.objects.filter(user=actor, ended_at=None).exclude(session_key=current_key or "")
    rows = list(others)
    for row in rows:
        sign_in_end(actor=actor, sign_in=row)
    return len(rows)


def sign_in_token(*, request, identifier: str, password: str, device: str = "") -> tuple[ApiToken, str]:
    """A bearer token for whoever signs in with phone or card number (or username) and password,
    for the member app. The same checks as the sign-in page, django-axes's lockout included.
    Raises SignInRefusedError."""
    user = authenticate(request, username=identifier, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise SignInRefusedError(
                _("Too many failed sign-ins. Try again in %(minutes)d minutes.")
                % {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
                locked=True,
            )
        if identifier_ambiguous(identifier):
            raise SignInRefusedError(ambiguous_message())
        raise SignInRefusedError(_("The phone or card number, or the password, is wrong."))
    raw = secrets.token_urlsafe(32)
    name = device.strip()[:100] or device_name(request.META.get("HTTP_USER_AGENT", ""))[:100]
    with acting_as(user):
        token = ApiToken.objects.create(
            user=user, name=name, digest=hash_token(raw), prefix=raw[:8], kind=TokenKind.SIGN_IN
        )
    return token, raw


def ambiguous_message() -> str:
    return _(
        "This phone number belongs to more than one member. Sign in with your card number, or ask your cell "
        "secretary to correct the phone numbers."
    )


def sign_in_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Sign the member app out. Only the token's own user, and only sign-in tokens (staff tokens
    are revoked on the tokens page)."""
    if token.user_id != actor.pk or token.kind != TokenKind.SIGN_IN:
        raise PermissionDenied(_("This is not one of your sign-in tokens."))
    with acting_as(actor):
        token.delete()
