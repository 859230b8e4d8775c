"""Roles and the permissions they carry. A role held on a unit applies to its whole subtree.

A member has no role: what they may see of their own comes from their record (`Member.unit`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sotay.core.permissions import MEMBERS_CHANGE, MEMBERS_VIEW, MEMBERS_VIEW_SENSITIVE, UNITS_CHANGE, UNITS_VIEW


class Role(models.TextChoices):
    OFFICER = "officer", _("Organizing committee officer")
    VIEWER = "viewer", pgettext_lazy("role", "Viewer")
    SECRETARY = "secretary", _("Cell secretary")


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset({UNITS_VIEW, UNITS_CHANGE, MEMBERS_VIEW, MEMBERS_CHANGE, MEMBERS_VIEW_SENSITIVE}),
    Role.VIEWER: frozenset({UNITS_VIEW, MEMBERS_VIEW}),
    Role.SECRETARY: frozenset({UNITS_VIEW, MEMBERS_VIEW, MEMBERS_CHANGE}),
}

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def roles_with(permission: str) -> list[str]:
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    return [role for role, permissions in ROLE_PERMISSIONS.items() if permission in permissions]


def granted_paths(user, permission: str) -> list[str]:
    """Paths of the units where `user` holds a role carrying `permission` (registered with core.scoping)."""
    return list(user.role_assignments.filter(role__in=roles_with(permission)).values_list("unit__path", flat=True))
