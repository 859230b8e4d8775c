"""The permission vocabulary and `can()`: the single permission check used by services, pages and the API.

Permissions are names here; which roles carry them is the accounts app's business, and where a
user holds them comes through `scope_paths`. The check itself is path arithmetic, so every app,
the unit tree included, can call it without knowing about roles.
"""

from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sotay.core.scoping import scope_paths

UNITS_VIEW = "units.view"
UNITS_CHANGE = "units.change"
MEMBERS_VIEW = "members.view"
MEMBERS_CHANGE = "members.change"
MEMBERS_VIEW_SENSITIVE = "members.view_sensitive"
# Member development: sources, classes and cases are seen and moved by cells and committees;
# the committee's own steps (verification, resolution, decision, recognition) and the targets
# belong to officers.
RECRUITMENT_VIEW = "recruitment.view"
RECRUITMENT_CHANGE = "recruitment.change"
RECRUITMENT_DECIDE = "recruitment.decide"
TARGETS_SET = "recruitment.set_targets"
# The handbook: publishing notices to a unit's subtree (committees, and a secretary to their cell).
HANDBOOK_PUBLISH = "handbook.publish"


class Placed(Protocol):
    """A unit, or anything else with a place in the tree."""

    path: str
    name: str


def can(user, permission: str, unit: Placed, *, strictly_below: bool = False) -> bool:
    """Whether `user` holds `permission` on `unit` through a role on it or an ancestor.

    With `strictly_below`, a role held on `unit` itself does not count: officers may not move,
    merge or dissolve the very unit they were given.
    """
    for path in scope_paths(user, permission):
        if unit.path.startswith(path) and not (strictly_below and len(unit.path) <= len(path)):
            return True
    return False


def require(user, permission: str, unit: Placed, *, strictly_below: bool = False) -> None:
    """Raise PermissionDenied unless `can(...)`."""
    if not can(user, permission, unit, strictly_below=strictly_below):
        raise PermissionDenied(_("You do not have permission to change %(unit)s.") % {"unit": unit.name})
