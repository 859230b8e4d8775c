"""id → recruitment record for an actor, or 404: "missing" and "not yours" are the same answer."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sotay.core.permissions import MEMBERS_VIEW_SENSITIVE, RECRUITMENT_CHANGE, RECRUITMENT_VIEW, can
from sotay.members.models import Member
from sotay.organizations.models import Unit
from sotay.recruitment.models import AdmissionCase, Candidate, CaseAttachment, CaseEvent, Course, CourseSession


def access_case(actor, case_id: int, *, for_write: bool = False) -> AdmissionCase:
    """An admission case in the actor's scope; 403 only for an actor who may see it but not move it."""
    case = (
        AdmissionCase.objects.visible_to(actor)
        .select_related("unit", "candidate__unit", "member", "guide", "responsible")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404(_("No such admission case."))
    if for_write and not can(actor, RECRUITMENT_CHANGE, case.unit):
        raise PermissionDenied(_("You may view this case but not move it."))
    return case


def access_case_attachment(actor, case_id: int, attachment_id: int) -> CaseAttachment:
    case = access_case(actor, case_id)
    attachment = CaseAttachment.objects.filter(pk=attachment_id, event__case=case).first()
    if attachment is None:
        raise Http404(_("No such attachment."))
    return attachment


def access_case_event(
    actor, case_id: int, event_id: int, *, for_write: bool = False
) -> tuple[AdmissionCase, CaseEvent]:
    """A recorded step of a case in the actor's scope, with its case; 404 for a step of another case,
    403 only for an actor who may see the case but not change it."""
    case = access_case(actor, case_id, for_write=for_write)
    event = CaseEvent.objects.filter(pk=event_id, case=case).first()
    if event is None:
        raise Http404(_("No such step of this case."))
    return case, event


def visible_members(actor, member_ids: list[int]) -> dict[int, Member]:
    """The members among `member_ids` the actor may see, by id (a body naming others gets a field error)."""
    return {member.pk: member for member in Member.objects.visible_to(actor).filter(pk__in=member_ids)}


# Classes -------------------------------------------------------------------------------------


def access_course(actor, course_id: int, *, for_write: bool = False) -> Course:
    """A class held by a unit of the actor's subtree; PermissionDenied if `for_write` and the
    actor may only read it."""
    course = Course.objects.visible_to(actor).select_related("unit").filter(pk=course_id).first()
    if course is None:
        raise Http404(_("No such class."))
    if for_write and not can(actor, RECRUITMENT_CHANGE, course.unit):
        raise PermissionDenied(_("You may view this class but not change it."))
    return course


def access_course_session(actor, session_id: int, *, for_write: bool = False) -> CourseSession:
    """A session of a class the actor may see; PermissionDenied if `for_write` and they may only read it."""
    session = CourseSession.objects.visible_to(actor).select_related("course__unit").filter(pk=session_id).first()
    if session is None:
        raise Http404(_("No such session."))
    if for_write and not can(actor, RECRUITMENT_CHANGE, session.course.unit):
        raise PermissionDenied(_("You may view this class but not change it."))
    return session


def visible_candidates(actor, candidate_ids: list[int]) -> tuple[list[Candidate], list[int]]:
    """The sources with these ids the actor may see, and the ids they may not (or that do not exist)."""
    found = {c.pk: c for c in Candidate.objects.visible_to(actor).select_related("unit").filter(pk__in=candidate_ids)}
    return [found[pk] for pk in dict.fromkeys(candidate_ids) if pk in found], [
        pk for pk in candidate_ids if pk not in found
    ]


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
