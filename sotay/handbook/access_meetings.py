"""id → meeting for an actor, or 404: "missing", "another cell's" and "a draft" are the same answer."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.handbook.models import Meeting, MeetingMaterial, holds_meetings_q
from sotay.organizations.models import Unit


def access_meeting(actor, meeting_id: int, *, for_write: bool = False) -> Meeting:
    """A published meeting of the member's cell, or one of a cell where the actor manages meetings;
    PermissionDenied if `for_write` and they may read it but not change it."""
    meeting = Meeting.objects.visible_to(actor).select_related("cell").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    if for_write and not can(actor, HANDBOOK_PUBLISH, meeting.cell):
        raise PermissionDenied(_("You may read this meeting but not change it."))
    return meeting


def access_material(actor, meeting_id: int, material_id: int) -> MeetingMaterial:
    meeting = access_meeting(actor, meeting_id)
    found = MeetingMaterial.objects.filter(meeting=meeting, pk=material_id).first()
    if found is None:
        raise Http404(_("No such file."))
    return found


def access_meeting_cell(actor, unit_id: int) -> Unit:
    """A cell where the actor schedules meetings, or 404."""
    unit = Unit.objects.visible_to(actor, HANDBOOK_PUBLISH).filter(holds_meetings_q(), pk=unit_id).first()
    if unit is None:
        raise Http404(_("No such cell."))
    return unit


def access_report_unit(actor, unit_id: int) -> Unit:
    """A unit whose meeting report the actor may read (in their scope), or 404."""
    unit = Unit.objects.visible_to(actor, HANDBOOK_PUBLISH).filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("No such unit."))
    return unit
