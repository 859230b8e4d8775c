"""id → Unit for an actor, or 404. "Missing" and "not yours" are the same answer."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sotay.core.permissions import UNITS_CHANGE, can
from sotay.organizations.models import Unit


def access_unit(actor, unit_id: int, *, for_write: bool = False) -> Unit:
    """The unit if `actor` may see it; PermissionDenied if `for_write` and they may only read it."""
    unit = Unit.objects.visible_to(actor).filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("No such unit."))
    if for_write and not can(actor, UNITS_CHANGE, unit):
        raise PermissionDenied(_("You may view this unit but not change it."))
    return unit


def access_unit_by_code(actor, code: str) -> Unit | None:
    """The visible unit with this code in any case, or None (the caller turns that into a field error)."""
    return Unit.objects.visible_to(actor).filter(code=code.strip().upper()).first()
