"""Roles and the permissions they carry. A role held on a unit applies to its whole subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    OFFICER = "officer", _("Organizing committee officer")
    VIEWER = "viewer", pgettext_lazy("role", "Viewer")
    SECRETARY = "secretary", _("Cell secretary")
    MEMBER = "member", pgettext_lazy("role", "Member")


UNITS_VIEW = "units.view"
UNITS_CHANGE = "units.change"
MEMBERS_VIEW = "members.view"
MEMBERS_CHANGE = "members.change"
MEMBERS_VIEW_SENSITIVE = "members.view_sensitive"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset({UNITS_VIEW, UNITS_CHANGE, MEMBERS_VIEW, MEMBERS_CHANGE, MEMBERS_VIEW_SENSITIVE}),
    Role.VIEWER: frozenset({UNITS_VIEW, MEMBERS_VIEW}),
    Role.SECRETARY: frozenset({UNITS_VIEW, MEMBERS_VIEW, MEMBERS_CHANGE}),
    Role.MEMBER: frozenset(),
}

# API tokens are for staff: the API serves the console's units and members, and no program needs
# a member's own record (every staff role carries units.view; the bare member role nothing).
API_USE = UNITS_VIEW

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def roles_with(permission: str) -> list[str]:
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    return [role for role, permissions in ROLE_PERMISSIONS.items() if permission in permissions]
