"""The meetings API: a member's meetings, check-in with the QR code's code and written
contributions; the secretary's schedule, edits, publishing, roll and minutes; a committee's report
of which cells held their meetings. Scoped as the pages are: another cell's meeting is a 404."""

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from sotay.core.api_responses import READ_ERRORS, WRITE_ERRORS, links_to_created, responses
from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.core.schemas import Id
from sotay.handbook import selectors_meetings as selectors
from sotay.handbook import services_meetings as services
from sotay.handbook.access_meetings import access_material, access_meeting, access_meeting_cell, access_report_unit
from sotay.handbook.api import FILE_RESPONSE, _aware, _files
from sotay.handbook.models import Contribution, Meeting, reader
from sotay.handbook.schemas import NoFieldsIn
from sotay.handbook.schemas_meetings import (
    CheckInCodeOut,
    CheckInIn,
    ContributionIn,
    ContributionOut,
    MeetingAttendanceOut,
    MeetingIn,
    MeetingListQuery,
    MeetingOut,
    MeetingPageOut,
    MeetingPatchIn,
    MinutesIn,
    MyMeetingsOut,
    ReportOut,
    ReportQuery,
    RollIn,
    RollOut,
)

router = Router(tags=["meetings"])


def _summary(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "cell_id": meeting.cell_id,
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "published_at": meeting.published_at,
    }


def _meeting(actor, meeting: Meeting) -> dict:
    window = services.checkin_window(meeting)
    who = reader(actor)
    status: str | None = None
    contribution: str | None = None
    if who is not None and who.cell.pk == meeting.cell_id:
        status = selectors.my_status(actor, meeting)
        found = selectors.my_contribution(actor, meeting)
        contribution = found.text if found else None
    return {
        **_summary(meeting),
        "cell_name": meeting.cell.name,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "materials": [
            {
                "id": file.pk,
                "name": file.name,
                "size": file.size,
                "content_type": file.content_type,
                "url": reverse("api:get_meeting_material", kwargs={"meeting_id": meeting.pk, "material_id": file.pk}),
            }
            for file in meeting.materials.all()
        ],
        "check_in_opens": window.opens,
        "check_in_closes": window.closes,
        "my_status": status,
        "my_contribution": contribution,
        "manages": can(actor, HANDBOOK_PUBLISH, meeting.cell),
    }


def _contribution(row: Contribution) -> dict:
    return {
        "meeting_id": row.meeting_id,
        "member_id": row.member_id,
        "member_name": row.member.full_name,
        "text": row.text,
        "updated_at": row.updated_at,
    }


def _roll(meeting: Meeting) -> dict:
    return {
        "meeting_id": meeting.pk,
        "rows": [
            {
                "member_id": row.member_id,
                "name": row.name,
                "status": row.status or None,
                "reason": row.reason,
                "source": row.source or None,
            }
            for row in selectors.roll(meeting)
        ],
        "contributions": [_contribution(row) for row in selectors.contributions(meeting)],
    }


# --- A member's ---------------------------------------------------------------------------------------


@router.get("/mine", response=responses({200: MyMeetingsOut}, READ_ERRORS))
def my_meetings(request: HttpRequest):
    """Your cell's next meetings and its past ones with your attendance. 404 for an account without
    a member record."""
    mine = selectors.my_meetings(request.user)
    if mine is None:
        raise Http404(_("This account is not linked to a member record."))
    return {
        "upcoming": [_summary(m) for m in mine.upcoming],
        "past": [
            {**_summary(m), "has_minutes": bool(m.minutes), "my_status": m.my_status}  # type: ignore[attr-defined]
            for m in mine.past
        ],
    }


@router.get("", response=responses({200: MeetingPageOut}, READ_ERRORS))
def list_meetings(request: HttpRequest, query: Query[MeetingListQuery]):
    """The meetings of the cells where you manage meetings, drafts too, newest first."""
    cell = access_meeting_cell(request.user, query.cell_id) if query.cell_id else None
    page = selectors.officer_meetings_page(request.user, cell=cell, after=query.after, size=query.limit)
    return {"items": [_summary(m) for m in page.meetings], "next": page.next}


@router.get("/report/{unit_id}", response=responses({200: ReportOut}, READ_ERRORS))
def meeting_report(request: HttpRequest, unit_id: Id, query: Query[ReportQuery]):
    """For a unit in your scope and a month or quarter: each cell below it, the months it held no
    regular meeting, whether it held its quarter's thematic meeting, and its attendance rate; the
    cells that missed one first."""
    unit = access_report_unit(request.user, unit_id)
    report = selectors.meeting_report(unit, selectors.parse_period(query.period))
    return {
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "period": report.period.key,
        "missing": report.missing,
        "rows": [
            {
                "cell_id": row.cell_id,
                "code": row.code,
                "name": row.name,
                "missed_months": row.missed_months,
                "thematic": row.thematic,
                "missed_thematic": row.missed_thematic,
                "present": row.present,
                "recorded": row.recorded,
                "rate": row.rate,
            }
            for row in report.rows
        ],
    }


@router.get("/{meeting_id}", response=responses({200: MeetingOut}, READ_ERRORS))
def get_meeting(request: HttpRequest, meeting_id: Id):
    """A meeting with its agenda, materials, minutes and check-in window; yours (attendance,
    contribution) for a member of the cell."""
    return _meeting(request.user, access_meeting(request.user, meeting_id))


@router.get("/{meeting_id}/materials/{material_id}", response=responses({}, READ_ERRORS), openapi_extra=FILE_RESPONSE)
def get_meeting_material(request: HttpRequest, meeting_id: Id, material_id: Id):
    found = access_material(request.user, meeting_id, material_id)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type)


@router.post("/{meeting_id}/check-in", response=responses({200: MeetingAttendanceOut}, WRITE_ERRORS))
def check_in(request: HttpRequest, meeting_id: Id, payload: CheckInIn):
    """Present, by the code the meeting's QR code carries: only during the meeting's check-in window
    and only for a member of its cell; otherwise 422 saying why."""
    meeting = access_meeting(request.user, meeting_id)
    row = services.check_in(actor=request.user, meeting=meeting, code=payload.code)
    return {
        "meeting_id": meeting.pk,
        "member_id": row.member_id,
        "status": row.status,
        "source": row.source,
        "recorded_at": row.recorded_at,
    }


@router.put("/{meeting_id}/contribution", response=responses({200: ContributionOut}, WRITE_ERRORS))
def send_contribution(request: HttpRequest, meeting_id: Id, payload: ContributionIn):
    """Your written contribution, for when you cannot attend; until the meeting ends, sending again
    replaces it."""
    meeting = access_meeting(request.user, meeting_id)
    row = services.contribution_send(actor=request.user, meeting=meeting, text=payload.text)
    return _contribution(row)


# --- The secretary's ----------------------------------------------------------------------------------


@router.post(
    "",
    response=responses({201: MeetingOut}, WRITE_ERRORS),
    openapi_extra=links_to_created(
        "meeting_id",
        read="sotay_handbook_api_meetings_get_meeting",
        change="sotay_handbook_api_meetings_update_meeting",
        publish="sotay_handbook_api_meetings_publish_meeting",
    ),
)
def schedule_meeting(request: HttpRequest, payload: MeetingIn):
    """Schedule a cell's meeting, published to its members now or kept a draft (`publish`: false);
    materials as base64 (PDF, JPEG, PNG, office documents; 10 MB each)."""
    cell = access_meeting_cell(request.user, payload.cell_id)
    meeting = services.meeting_schedule(
        actor=request.user,
        cell=cell,
        kind=str(payload.kind),
        title=payload.title,
        starts_at=_aware(payload.starts_at),  # type: ignore[arg-type]  # given, so not None
        ends_at=_aware(payload.ends_at),  # type: ignore[arg-type]
        place=payload.place,
        agenda=payload.agenda,
        publish=payload.publish,
        materials=_files(payload.materials),
    )
    return Status(201, _meeting(request.user, meeting))


@router.patch("/{meeting_id}", response=responses({200: MeetingOut}, WRITE_ERRORS))
def update_meeting(request: HttpRequest, meeting_id: Id, payload: MeetingPatchIn):
    """Change the schedule, place or agenda; omitted fields keep their value, materials are added."""
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    meeting = services.meeting_edit(
        actor=request.user,
        meeting=meeting,
        kind=None if payload.kind is None else str(payload.kind),
        title=payload.title,
        starts_at=_aware(payload.starts_at),
        ends_at=_aware(payload.ends_at),
        place=payload.place,
        agenda=payload.agenda,
        materials=_files(payload.materials),
    )
    return _meeting(request.user, meeting)


@router.post("/{meeting_id}/publish", response=responses({200: MeetingOut}, WRITE_ERRORS))
def publish_meeting(request: HttpRequest, meeting_id: Id, payload: NoFieldsIn):
    """Show a draft meeting to the cell's members (again is harmless)."""
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    return _meeting(request.user, services.meeting_publish(actor=request.user, meeting=meeting))


@router.get("/{meeting_id}/attendance", response=responses({200: RollOut}, READ_ERRORS))
def get_roll(request: HttpRequest, meeting_id: Id):
    """The roll: every member of the cell with their attendance, and the contributions sent."""
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    return _roll(meeting)


@router.put("/{meeting_id}/attendance", response=responses({200: RollOut}, WRITE_ERRORS))
def record_roll(request: HttpRequest, meeting_id: Id, payload: RollIn):
    """Record members present, excused (with the reason) or absent, once the meeting has begun;
    members not listed keep what they had."""
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    marks = [services.Mark(m.member_id, str(m.status), m.reason) for m in payload.marks]
    services.attendance_record(actor=request.user, meeting=meeting, marks=marks)
    return _roll(meeting)


@router.put("/{meeting_id}/minutes", response=responses({200: MeetingOut}, WRITE_ERRORS))
def write_minutes(request: HttpRequest, meeting_id: Id, payload: MinutesIn):
    """The minutes, once the meeting has started (again replaces them)."""
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    return _meeting(
        request.user, services.meeting_minutes(actor=request.user, meeting=meeting, minutes=payload.minutes)
    )


@router.get("/{meeting_id}/check-in-code", response=responses({200: CheckInCodeOut}, READ_ERRORS))
def get_check_in_code(request: HttpRequest, meeting_id: Id):
    """The meeting's check-in code and the link its QR code carries, for the secretary to show."""
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    code = services.checkin_code(meeting)
    path = reverse("handbook:meeting-check-in", kwargs={"meeting_id": meeting.pk})
    window = services.checkin_window(meeting)
    return {
        "code": code,
        "url": request.build_absolute_uri(f"{path}?code={code}"),
        "opens": window.opens,
        "closes": window.closes,
    }
