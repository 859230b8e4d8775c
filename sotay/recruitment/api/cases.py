"""The admission case API: the boards, a case with its history, the moves that record its steps,
and the files attached to them."""

import base64
import binascii
import posixpath
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from sotay.core.api_responses import READ_ERRORS, WRITE_ERRORS, links_to_created, responses
from sotay.core.permissions import can
from sotay.core.schemas import Id
from sotay.organizations.access import access_unit
from sotay.organizations.models import Unit
from sotay.recruitment import transitions
from sotay.recruitment.access import (
    access_case,
    access_case_attachment,
    access_case_event,
    access_source,
    visible_members,
)
from sotay.recruitment.models import AdmissionCase
from sotay.recruitment.schemas_cases import (
    AdvanceIn,
    CaseListQuery,
    CaseOpenIn,
    CaseOut,
    CasePageOut,
    CasePatchIn,
    MoveIn,
    StepAttachmentIn,
    StepAttachmentOut,
)
from sotay.recruitment.selectors import cases as selectors
from sotay.recruitment.selectors.sources import responsible_choices
from sotay.recruitment.services import cases as services

router = Router(tags=["recruitment"])


def _summary(case: AdmissionCase, today) -> dict:
    return {
        "id": case.pk,
        "candidate_id": case.candidate_id,
        "candidate_name": case.candidate.full_name,
        "unit_id": case.unit_id,
        "unit_name": case.unit.name,
        "step": case.step,
        "step_on": case.step_on,
        "next_action": str(transitions.NEXT_ACTION.get(case.step, "")),  # type: ignore[call-overload]
        "due_on": case.due_on,
        "overdue": case.due_on is not None and case.closed_on is None and case.due_on < today,
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "responsible_id": case.responsible_id,
        "responsible_name": str(case.responsible) if case.responsible else None,
    }


@contextmanager
def _attachment_field_names() -> Iterator[None]:
    """The service names the files `attachments`; the body names the one file `name` and `content_base64`."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict") or "attachments" not in error.error_dict:
            raise
        raise ValidationError({"content_base64": error.error_dict["attachments"]}) from None


def _responsible(unit: Unit, user_id: int | None):
    """The user named by `user_id` among those who may follow the unit's cases; one who does not
    exist and one who may not be chosen get the same answer."""
    if user_id is None:
        return None
    user = responsible_choices(unit).filter(pk=user_id).first()
    if user is None:
        raise ValidationError(
            {
                "responsible_id": _("Choose someone who holds a role on %(unit)s or a unit above it.")
                % {"unit": unit.name}
            }
        )
    return user


def _detail(actor, case: AdmissionCase) -> dict:
    events = selectors.case_history(actor, case)
    return {
        **_summary(case, timezone.localdate()),
        "admitted_on": case.admitted_on,
        "member_id": case.member_id,
        "guide_id": case.guide_id,
        "introductions": [
            {
                "member_id": i.introducer_id,
                "member_name": i.introducer.full_name if i.introducer else None,
                "organization": i.organization,
                "shared_months": i.shared_months,
                "introduced_on": i.introduced_on,
            }
            for i in case.introductions.select_related("introducer").order_by("id")
        ],
        "events": [
            {
                "id": e.pk,
                "action": e.action,
                "from_step": e.from_step,
                "to_step": e.to_step,
                "occurred_on": e.occurred_on,
                "document_ref": e.document_ref,
                "reason": e.reason,
                "votes_for": e.votes_for,
                "votes_against": e.votes_against,
                "voters": e.voters,
                "checks": e.checks,
                "actor": e.actor.username,
                "attachments": [{"id": a.pk, "name": a.name} for a in e.attachments.all()],
            }
            for e in events
        ],
        "moves": [
            {"action": m.action, "to_step": m.target, "allowed": can(actor, m.permission, case.unit)}
            for m in transitions.allowed_moves(case.step)
        ],
    }


@router.get("", response=responses({200: CasePageOut}, READ_ERRORS))
def list_cases(request: HttpRequest, filters: Query[CaseListQuery]):
    """Open admission cases in your scope, overdue first, then by their next deadline."""
    today = timezone.localdate()
    if filters.mine:
        cases = selectors.my_cases(request.user, today=today)
    else:
        unit = access_unit(request.user, filters.unit) if filters.unit else None
        board = selectors.BoardFilters(unit=unit, step=filters.step or "", overdue=filters.overdue)
        cases = selectors.committee_board(request.user, board, today=today)
    if filters.mine and filters.step:
        cases = cases.filter(step=filters.step)
    page = cases[filters.offset : filters.offset + filters.limit]
    return {"items": [_summary(case, today) for case in page], "total": cases.count()}


@router.get("/{case_id}", response=responses({200: CaseOut}, READ_ERRORS))
def get_case(request: HttpRequest, case_id: Id):
    """A case with every recorded move, the checks each ran, and the moves it can make next."""
    return _detail(request.user, access_case(request.user, case_id))


@router.post(
    "",
    response=responses({201: CaseOut}, WRITE_ERRORS),
    openapi_extra=links_to_created(
        "case_id", read="sotay_recruitment_api_cases_get_case", change="sotay_recruitment_api_cases_update_case"
    ),
)
def open_case(request: HttpRequest, payload: CaseOpenIn):
    """Open the admission case of a source; every admission rule is checked for the opening date."""
    candidate = access_source(request.user, payload.candidate_id, for_write=True)
    case = services.case_open(
        actor=request.user,
        candidate=candidate,
        opened_on=payload.opened_on,
        document_ref=payload.document_ref,
        responsible=_responsible(candidate.unit, payload.responsible_id),
    )
    return Status(201, _detail(request.user, access_case(request.user, case.pk)))


@router.patch("/{case_id}", response=responses({200: CaseOut}, WRITE_ERRORS))
def update_case(request: HttpRequest, case_id: Id, payload: CasePatchIn):
    """Change who follows an open case (`responsible_id`; null for nobody). Recorded in the audit log."""
    case = access_case(request.user, case_id, for_write=True)
    if "responsible_id" in payload.model_fields_set:
        responsible = _responsible(case.unit, payload.responsible_id)
        services.case_set_responsible(actor=request.user, case=case, responsible=responsible)
    return _detail(request.user, access_case(request.user, case.pk))


@router.post("/{case_id}/advance", response=responses({200: CaseOut}, WRITE_ERRORS))
def advance_case(request: HttpRequest, case_id: Id, payload: AdvanceIn):
    """Record the next step. A refused guard answers 422 with the rule and its source on the field."""
    case = access_case(request.user, case_id, for_write=True)
    wanted = [i.member_id for i in payload.introducers if i.member_id] + (
        [payload.guide_id] if payload.guide_id else []
    )
    found = visible_members(request.user, wanted)
    missing = [member_id for member_id in wanted if member_id not in found]
    if missing:
        field = "guide_id" if payload.guide_id in missing else "introducers"
        raise ValidationError({field: _("No member you can see has the id %(id)s.") % {"id": missing[0]}})
    votes = None
    if payload.voters is not None or payload.votes_for is not None or payload.votes_against is not None:
        votes = services.Votes(payload.votes_for, payload.votes_against, payload.voters)
    services.case_advance(
        actor=request.user,
        case=case,
        to_step=payload.to_step,
        occurred_on=payload.occurred_on,
        document_ref=payload.document_ref,
        reason=payload.reason,
        votes=votes,
        introducers=[
            services.IntroducerIn(
                member=found.get(i.member_id) if i.member_id else None,
                organization=i.organization or "",
                shared_months=i.shared_months,
            )
            for i in payload.introducers
        ],
        guide=found.get(payload.guide_id) if payload.guide_id else None,
        member_category=payload.member_category or "",
    )
    return _detail(request.user, access_case(request.user, case.pk))


@router.post("/{case_id}/moves", response=responses({200: CaseOut}, WRITE_ERRORS))
def move_case(request: HttpRequest, case_id: Id, payload: MoveIn):
    """Send the case back one step, reject it (after the decision: remove the member) or withdraw it."""
    case = access_case(request.user, case_id, for_write=True)
    services.case_move(
        actor=request.user,
        case=case,
        action=payload.action,
        occurred_on=payload.occurred_on,
        reason=payload.reason,
        document_ref=payload.document_ref,
        from_step=payload.from_step,
    )
    return _detail(request.user, access_case(request.user, case.pk))


# Each type a step's attachment may have, as binary (services/cases.py ATTACHMENT_TYPES); files kept
# from before the types were checked are sent as application/octet-stream.
ATTACHMENT_RESPONSE = {
    "responses": {
        200: {
            "description": "The file, with its name in Content-Disposition",
            "content": {
                content_type: {"schema": {"type": "string", "format": "binary"}}
                for content_type in sorted(
                    {known[0] for known in services.ATTACHMENT_TYPES.values()} | {"application/octet-stream"}
                )
            },
        }
    }
}


@router.get(
    "/{case_id}/attachments/{attachment_id}",
    response=responses({}, READ_ERRORS),
    openapi_extra=ATTACHMENT_RESPONSE,
)
def get_case_attachment(request: HttpRequest, case_id: Id, attachment_id: Id):
    """A file attached to one of the case's steps, as it was uploaded."""
    found = access_case_attachment(request.user, case_id, attachment_id)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=services.attachment_content_type(found.name),
    )


@router.post(
    "/{case_id}/events/{event_id}/attachments",
    response=responses({201: list[StepAttachmentOut]}, WRITE_ERRORS),
    openapi_extra={
        "responses": {
            201: {
                "links": {
                    "read": {
                        "operationId": "sotay_recruitment_api_cases_get_case_attachment",
                        "parameters": {"case_id": "$request.path.case_id", "attachment_id": "$response.body#/0/id"},
                    }
                }
            }
        }
    },
)
def add_case_attachment(request: HttpRequest, case_id: Id, event_id: Id, payload: StepAttachmentIn):
    """Attach a file to a recorded step (a scan of the signed minutes, say): the same checks as on the
    case page — at most 10 MB, a PDF, JPEG or PNG image or an office document that is what its name says."""
    case, event = access_case_event(request.user, case_id, event_id, for_write=True)
    try:
        content = base64.b64decode(payload.content_base64, validate=True)
    except binascii.Error:
        raise ValidationError({"content_base64": _("This is not base64.")}) from None
    # Only the name's last part is the file's; a folder in it says nothing about the file.
    name = posixpath.basename(payload.name.replace("\\", "/")).strip()
    upload = SimpleUploadedFile(name, content)
    with _attachment_field_names():
        added = services.case_attachments_add(actor=request.user, case=case, event=event, files=[upload])
    return Status(201, [{"id": attachment.pk, "name": attachment.name} for attachment in added])
