"""`can()`: the single permission check used by services, pages and the API alike."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sotay.core.scoping import scope_paths
from sotay.organizations.models import Unit


def can(user, permission: str, unit: Unit, *, strictly_below: bool = False) -> bool:
    """Whether `user` holds `permission` on `unit` through a role on it or an ancestor.

    With `strictly_below`, a role held on `unit` itself does not count: officers may not move,
    merge or dissolve the very unit they were given.
    """
    for path in scope_paths(user, permission):
        if unit.path.startswith(path) and not (strictly_below and len(unit.path) <= len(path)):
            return True
    return False


def require(user, permission: str, unit: Unit, *, strictly_below: bool = False) -> None:
    """Raise PermissionDenied unless `can(...)`."""
    if not can(user, permission, unit, strictly_below=strictly_below):
        raise PermissionDenied(_("You do not have permission to change %(unit)s.") % {"unit": unit.name})
