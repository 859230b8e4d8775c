"""Roles and the permissions they carry. A role held on a unit applies to its whole subtree.

A member has no role: what they may see of their own comes from their record (`Member.unit`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sotay.core.permissions import (
    HANDBOOK_PUBLISH,
    MEMBERS_CHANGE,
    MEMBERS_VIEW,
    MEMBERS_VIEW_SENSITIVE,
    RECRUITMENT_CHANGE,
    RECRUITMENT_DECIDE,
    RECRUITMENT_VIEW,
    TARGETS_SET,
    UNITS_CHANGE,
    UNITS_VIEW,
)


class Role(models.TextChoices):
    OFFICER = "officer", _("Organizing committee officer")
    VIEWER = "viewer", pgettext_lazy("role", "Viewer")
    SECRETARY = "secretary", _("Cell secretary")


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset(
        {
            UNITS_VIEW,
            UNITS_CHANGE,
            MEMBERS_VIEW,
            MEMBERS_CHANGE,
            MEMBERS_VIEW_SENSITIVE,
            RECRUITMENT_VIEW,
            RECRUITMENT_CHANGE,
            RECRUITMENT_DECIDE,
            TARGETS_SET,
            HANDBOOK_PUBLISH,
        }
    ),
    Role.VIEWER: frozenset({UNITS_VIEW, MEMBERS_VIEW, RECRUITMENT_VIEW}),
    Role.SECRETARY: frozenset(
        {UNITS_VIEW, MEMBERS_VIEW, MEMBERS_CHANGE, RECRUITMENT_VIEW, RECRUITMENT_CHANGE, HANDBOOK_PUBLISH}
    ),
}

# API tokens are for staff: the API serves the console's units and members, and no program needs
# a member's own record (every staff role carries units.view; a member, who holds no role, nothing).
API_USE = UNITS_VIEW

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def granted_paths(user) -> dict[str, list[str]]:
    """Permission → paths of the units where `user` holds a role carrying it, for every permission,
    in one query (registered with core.scoping). A row of a role no longer defined grants nothing."""
    grants: dict[str, list[str]] = {permission: [] for permission in ALL_PERMISSIONS}
    for role, path in user.role_assignments.values_list("role", "unit__path"):
        for permission in ROLE_PERMISSIONS.get(role, ()):
            grants[permission].append(path)
    return grants
