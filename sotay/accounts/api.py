"""Signing in from the member app: activate an account, get and revoke bearer tokens, see and end
one's own sessions. Activation and sign-in need no credentials: they are how one gets them."""

from typing import cast

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from sotay.accounts import selectors
from sotay.accounts.access import access_own_sign_in
from sotay.accounts.models import TokenKind, User
from sotay.accounts.schemas import ActivateIn, SignInOut, SignInTokenOut, TokenIn, TokenOut
from sotay.accounts.services import activation, sessions
from sotay.core.api_responses import responses
from sotay.core.schemas import Id

router = Router(tags=["sign-in"])

# Public writes: no 401 for missing credentials (401 is a wrong password), 429 while limited.
PUBLIC_WRITE_ERRORS = (400, 401, 403, 415, 422, 429)
OWN_READ_ERRORS = (401, 422)
OWN_DELETE_ERRORS = (401, 403, 404, 422)


def _me(request: HttpRequest) -> User:
    """The signed-in caller (the router's authenticators let no one else through)."""
    return cast(User, request.user)


def _token_out(token, raw: str) -> dict:
    return {"id": token.pk, "token": raw, "user_id": token.user_id, "member_id": token.user.member_id}


@router.post("/activate", auth=None, response=responses({201: TokenOut}, PUBLIC_WRITE_ERRORS))
def activate(request: HttpRequest, payload: ActivateIn):
    """Create a member's account from the activation code their cell issued, proving who they are
    with their phone or card number; answers a bearer token, as signing in does. 429 after too
    many wrong attempts from one address or for one account, with how long to wait."""
    try:
        user = activation.account_activate(
            code=payload.code,
            identifier=payload.identifier,
            password=payload.password,
            address=sessions.client_address(request),
        )
    except activation.TooManyAttemptsError as error:
        return Status(429, {"detail": error.message})
    try:
        token, raw = sessions.sign_in_token(
            request=request, identifier=user.get_username(), password=payload.password, device=payload.device
        )
    except sessions.SignInRefusedError as error:  # the account exists: only the token is missing
        return Status(401, {"detail": error.message})
    return Status(201, _token_out(token, raw))


@router.post("/token", auth=None, response=responses({201: TokenOut}, PUBLIC_WRITE_ERRORS))
def token(request: HttpRequest, payload: TokenIn):
    """Sign in with a phone or card number and password; answers a bearer token to send as
    `Authorization: Bearer <token>` until it is revoked. The sign-in page's lockout applies (429)."""
    try:
        issued, raw = sessions.sign_in_token(
            request=request, identifier=payload.identifier, password=payload.password, device=payload.device
        )
    except sessions.SignInRefusedError as error:
        return Status(429 if error.locked else 401, {"detail": error.message})
    return Status(201, _token_out(issued, raw))


@router.delete("/token", response=responses({204: None}, OWN_DELETE_ERRORS))
def revoke_current_token(request: HttpRequest):
    """Sign the member app out: revoke the sign-in token this request came with (404 otherwise)."""
    current = getattr(request, "api_token", None)
    if current is None or current.kind != TokenKind.SIGN_IN:
        raise Http404(_("This request was not signed in with a sign-in token."))
    sessions.sign_in_token_revoke(actor=_me(request), token=current)
    return Status(204, None)


@router.get("/tokens", response=responses({200: list[SignInTokenOut]}, OWN_READ_ERRORS))
def list_tokens(request: HttpRequest):
    """Your own sign-in tokens (the member app on each device), newest first."""
    current = getattr(request, "api_token", None)
    return [
        {
            "id": t.pk,
            "name": t.name,
            "created_at": t.created_at,
            "last_used_at": t.last_used_at,
            "current": current is not None and current.pk == t.pk,
        }
        for t in selectors.sign_in_tokens(_me(request))
    ]


@router.delete("/tokens/{token_id}", response=responses({204: None}, OWN_DELETE_ERRORS))
def revoke_token(request: HttpRequest, token_id: Id):
    """Sign out the member app on another device (a lost phone): one of your own sign-in tokens."""
    found = _me(request).api_tokens.filter(pk=token_id, kind=TokenKind.SIGN_IN).first()
    if found is None:
        raise Http404(_("No such sign-in token."))
    sessions.sign_in_token_revoke(actor=_me(request), token=found)
    return Status(204, None)


@router.get("/sessions", response=responses({200: list[SignInOut]}, OWN_READ_ERRORS))
def list_sessions(request: HttpRequest):
    """The browsers where you are signed in, the most recently seen first."""
    key = request.session.session_key if hasattr(request, "session") else None
    return [
        {
            "id": row.pk,
            "device": row.device,
            "address": row.address,
            "signed_in_at": row.signed_in_at,
            "last_seen_at": row.last_seen_at,
            "current": row.session_key == key and getattr(request, "api_token", None) is None,
        }
        for row in selectors.active_sign_ins(_me(request))
    ]


@router.delete("/sessions/{sign_in_id}", response=responses({204: None}, OWN_DELETE_ERRORS))
def end_session(request: HttpRequest, sign_in_id: Id):
    """Sign out one of your browsers."""
    row = access_own_sign_in(_me(request), sign_in_id)
    sessions.sign_in_end(actor=_me(request), sign_in=row)
    return Status(204, None)
