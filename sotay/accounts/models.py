import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from sotay.accounts.roles import Role

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


class ApiToken(models.Model):
    """A bearer token for the API; only its hash is stored, the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
