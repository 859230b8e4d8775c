"""id → recruitment object for an actor, or 404: "missing" and "not yours" are the same answer."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sotay.core.permissions import MEMBERS_VIEW_SENSITIVE, RECRUITMENT_CHANGE, can
from sotay.recruitment.models import Candidate


def access_source(actor, source_id: int, *, for_write: bool = False) -> Candidate:
    """A source the actor may see; PermissionDenied if `for_write` and they may only read it."""
    candidate = (
        Candidate.objects.visible_to(actor)
        .select_related("unit", "helper", "helper__unit", "responsible")
        .filter(pk=source_id)
        .first()
    )
    if candidate is None:
        raise Http404(_("No such source."))
    if for_write and not can(actor, RECRUITMENT_CHANGE, candidate.unit):
        raise PermissionDenied(_("You may view this source but not change the record."))
    return candidate


def may_see_source_sensitive(actor, candidate: Candidate) -> bool:
    """Sensitive fields of a source are seen by those who may see members' (members.view_sensitive)."""
    return can(actor, MEMBERS_VIEW_SENSITIVE, candidate.unit)
