"""id → object for an actor, or 404: "missing" and "not yours" are the same answer."""

from django.http import Http404
from django.utils.translation import gettext as _

from sotay.core.permissions import RECRUITMENT_VIEW
from sotay.organizations.models import Unit


def access_report_unit(actor, unit_id: int) -> Unit:
    """A unit whose member development the actor may follow (their subtree), or 404."""
    unit = Unit.objects.visible_to(actor, RECRUITMENT_VIEW).filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("No such unit."))
    return unit


def report_unit_by_code(actor, code: str) -> Unit | None:
    """The unit with this code that the actor may follow, or None (a field error for the caller)."""
    return Unit.objects.visible_to(actor, RECRUITMENT_VIEW).filter(code=code.strip().upper()).first()


def own_report_unit(actor) -> Unit | None:
    """The highest unit the actor follows: where their report opens."""
    return Unit.objects.visible_to(actor, RECRUITMENT_VIEW).order_by("depth", "path").first()
