import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sotay.accounts.roles import Role
from sotay.core.permissions import MEMBERS_CHANGE, UNITS_VIEW
from sotay.core.scoping import ScopedQuerySet

# The account that bulk loads and background jobs act as; it cannot sign in.
SYSTEM_USERNAME = "system"


class User(AbstractUser):
    """A person who signs in; optionally the account of one member."""

    member = models.OneToOneField(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="account"
    )

    def __str__(self) -> str:
        """How history rows name who made a change."""
        if self.username == SYSTEM_USERNAME:
            return str(_("Sổ tay (automatic)"))
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """`user` holds `role` on `unit` and so on the unit's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="role_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenKind(models.TextChoices):
    STAFF = "staff", _("Staff token")  # created on the tokens page, for scripts
    SIGN_IN = "sign_in", _("Sign-in token")  # issued at sign-in through the API, for the member app


class ApiToken(models.Model):
    """A bearer token for the API; only its hash is stored, the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TokenKind.choices, default=TokenKind.STAFF)


class HandbookSwitchQuerySet(ScopedQuerySet):
    scope_path_field = "unit__path"
    view_permission = UNITS_VIEW


class HandbookSwitch(models.Model):
    """The handbook switched on (or off) for `unit`'s subtree. Rows are never changed: the newest row
    of a unit is its switch, and a unit's effective state is that of its nearest switched
    ancestor-or-self (`accounts.selectors.handbook_on`)."""

    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    on = models.BooleanField(_("handbook on"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    objects = HandbookSwitchQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["unit", "-changed_at", "-id"], name="handbook_switch_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit} · {'on' if self.on else 'off'}"


class ActivationCodeQuerySet(ScopedQuerySet):
    scope_path_field = "unit__path"
    view_permission = MEMBERS_CHANGE


class ActivationCode(models.Model):
    """A single-use code a member activates their handbook account with. Only a keyed hash of the
    code is kept; the raw code is shown once, on the sheet printed when it is issued."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")  # the cell at issue
    digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)  # replaced by a newer code, or too many wrong tries
    failures = models.PositiveSmallIntegerField(default=0)  # wrong phone or card numbers given with it

    objects = ActivationCodeQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["member", "-issued_at"], name="activation_code_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.issued_at:%Y-%m-%d}"


class AttemptFailure(models.Model):
    """A failed activation, counted against its address and the account (member) it aimed at; the
    rows of a window decide whether the next attempt is refused, in every process alike."""

    key = models.CharField(max_length=80)  # "address:203.0.113.9" or "member:42"
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="attempt_failure_key_idx")]


class SignIn(models.Model):
    """One signed-in browser session of a user, so they can see where they are signed in and end it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_ins")
    session_key = models.CharField(max_length=40, db_index=True)
    device = models.CharField(_("device"), max_length=200, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="sign_in_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.device}"
