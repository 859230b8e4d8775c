"""id → recruitment object for an actor, or 404."""

from django.http import Http404
from django.utils.translation import gettext as _

from sotay.recruitment.models import AdmissionCase


def access_case(actor, case_id: int) -> AdmissionCase:
    """An admission case in the actor's recruitment scope (its cell in their subtree); anything else,
    missing or not theirs, is the same 404. For reading: who may move it is the services' check."""
    case = AdmissionCase.objects.visible_to(actor).select_related("candidate", "unit").filter(pk=case_id).first()
    if case is None:
        raise Http404(_("No such admission case."))
    return case
