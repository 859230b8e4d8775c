"""Writes to accounts: role assignments, API tokens and the system actor."""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sotay.accounts.models import SYSTEM_USERNAME, ApiToken, RoleAssignment, User, hash_token
from sotay.accounts.roles import API_USE, ROLE_PERMISSIONS
from sotay.core.audit import acting_as
from sotay.core.permissions import UNITS_CHANGE, can, require
from sotay.core.scoping import forget_scope, scope_paths
from sotay.organizations.models import Unit


def system_actor() -> User:
    """The account that bulk loads and background jobs act as; it cannot sign in."""
    user, created = get_user_model().objects.get_or_create(username=SYSTEM_USERNAME, defaults={"is_active": False})
    if created:
        user.set_unusable_password()
        user.save()
    return user


def role_grant(*, actor, user: User, unit: Unit, role: str) -> RoleAssignment:
    """Give `user` a role on `unit`. The actor must manage the unit and hold every permission granted."""
    if role not in ROLE_PERMISSIONS:
        raise ValidationError({"role": _("Choose a valid role.")})
    require(actor, UNITS_CHANGE, unit)
    if not actor.is_superuser:
        missing = [perm for perm in ROLE_PERMISSIONS[role] if not can(actor, perm, unit)]
        if missing:
            raise ValidationError({"role": _("You cannot grant a role with rights you do not hold.")})
    with transaction.atomic(), acting_as(actor):
        assignment, _created = RoleAssignment.objects.get_or_create(
            user=user, unit=unit, role=role, defaults={"granted_by": actor}
        )
    forget_scope(user)
    return assignment


def token_issue(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new bearer token for the actor's own account; the raw value is returned once and only its hash is stored.
    Only staff use the API, so only they get tokens (and `BearerToken` accepts no one else's)."""
    if not scope_paths(actor, API_USE):
        raise ValidationError(_("API tokens are for staff with a role on a unit."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the program that will use it.")})
    if len(name) > 100:
        raise ValidationError({"name": _("Use at most 100 characters.")})
    raw = secrets.token_urlsafe(32)
    with acting_as(actor):
        token = ApiToken.objects.create(user=actor, name=name, digest=hash_token(raw), prefix=raw[:8])
    return token, raw


def token_revoke(*, actor: User, token: ApiToken) -> None:
    with acting_as(actor):
        token.delete()
