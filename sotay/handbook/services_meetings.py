"""Writes to meetings: schedule and publish, change the agenda and materials, record the roll, the
member's QR check-in, minutes, and a member's written contribution.

Who may: `handbook.publish` on the meeting's cell (the cell's secretary, committees above it) for
everything but the check-in and the contribution, which are the member's own. Each write is one
transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sotay.core.audit import acting_as
from sotay.core.models import Policy
from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.core.policy import rules_on
from sotay.core.text import has_control_characters
from sotay.handbook.attachments import check_uploads
from sotay.handbook.models import (
    AGENDA_LENGTH,
    CONTRIBUTION_LENGTH,
    MINUTES_LENGTH,
    REASON_LENGTH,
    TITLE_LENGTH,
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    Contribution,
    Meeting,
    MeetingKind,
    MeetingMaterial,
    reader,
)
from sotay.members.choices import Status
from sotay.members.models import Member
from sotay.organizations.models import Unit, UnitKind

# The members on a cell's roll: those still in it, away ones included (they follow their home cell).
ON_ROLL = (Status.PROBATIONARY, Status.FULL, Status.EXEMPT, Status.AWAY)
CHECKIN_SALT = "sotay.handbook.meeting-checkin"
LONGEST_MEETING = datetime.timedelta(hours=12)
FURTHEST = datetime.timedelta(days=3653)


def _require(actor, cell: Unit) -> None:
    if not can(actor, HANDBOOK_PUBLISH, cell):
        raise PermissionDenied(_("You may not manage the meetings of %(unit)s.") % {"unit": cell.name})


def _text(errors: dict, name: str, value: str, limit: int, *, required: str = "") -> str:
    value = value.strip().replace("\r\n", "\n")
    if has_control_characters(value):
        errors[name] = _("Remove the control characters from this text.")
    elif required and not value:
        errors[name] = required
    elif len(value) > limit:
        errors[name] = _("This text has at most %(n)d characters.") % {"n": limit}
    return value


# --- The check-in window and code -------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    opens: datetime.datetime
    closes: datetime.datetime

    def __contains__(self, moment: datetime.datetime) -> bool:
        return self.opens <= moment <= self.closes


def checkin_window(meeting: Meeting) -> Window:
    """When a member may check in: from the policy's minutes before the start to its minutes after
    the end (30 and 0 by the rollout policy)."""
    rules = rules_on(timezone.localdate(meeting.starts_at))
    opens = rules.get(Policy.CHECKIN_OPENS_MINUTES)
    closes = rules.get(Policy.CHECKIN_CLOSES_MINUTES)
    return Window(
        meeting.starts_at - datetime.timedelta(minutes=int(opens.value) if opens else 0),
        meeting.ends_at + datetime.timedelta(minutes=int(closes.value) if closes else 0),
    )


def _signed_value(meeting: Meeting) -> str:
    # The cell and the start are signed too: moving the meeting voids a code printed for the old time.
    return f"{meeting.pk}:{meeting.cell_id}:{int(meeting.starts_at.timestamp())}"


def checkin_code(meeting: Meeting) -> str:
    """The meeting's check-in code (what its QR carries): a signature of the meeting, so nothing is
    stored and a code of one meeting is worthless for another."""
    return signing.Signer(salt=CHECKIN_SALT).signature(_signed_value(meeting))


def code_matches(meeting: Meeting, code: str) -> bool:
    return bool(code) and constant_time_compare(code, checkin_code(meeting))


# --- Schedule, change, publish ----------------------------------------------------------------------


def _clean(
    *,
    cell: Unit,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    agenda: str,
) -> dict:
    errors: dict[str, str] = {}
    if not (cell.kind == UnitKind.CELL or (cell.kind == UnitKind.GRASSROOTS and cell.numchild == 0)):
        errors["cell"] = _(
            "Meetings are held by cells and grassroots organizations without cells; %(unit)s is neither."
        ) % {"unit": cell.name}
    if kind not in MeetingKind.values:
        errors["kind"] = _("Choose a regular or a thematic meeting.")
    title = _text(errors, "title", title, TITLE_LENGTH, required=_("Give the meeting a title or topic."))
    place = _text(errors, "place", place, 200)
    agenda = _text(errors, "agenda", agenda, AGENDA_LENGTH)
    if abs(starts_at - timezone.now()) > FURTHEST:
        errors["starts_at"] = _("A meeting is scheduled within ten years of today.")
    elif ends_at <= starts_at:
        errors["ends_at"] = _("A meeting ends after it starts.")
    elif ends_at - starts_at > LONGEST_MEETING:
        errors["ends_at"] = _("A meeting lasts at most 12 hours.")
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "title": title, "starts_at": starts_at, "ends_at": ends_at, "place": place, "agenda": agenda}


def _attach(meeting: Meeting, materials: Iterable[UploadedFile]) -> None:
    checked = check_uploads(materials)
    MeetingMaterial.objects.bulk_create(
        MeetingMaterial(meeting=meeting, file=f.upload, name=f.name, size=f.size, content_type=f.content_type)
        for f in checked
    )


def meeting_schedule(
    *,
    actor,
    cell: Unit,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    agenda: str = "",
    publish: bool = True,
    materials: Sequence[UploadedFile] = (),
) -> Meeting:
    """A meeting of `cell`, published to its members now or kept as a draft."""
    _require(actor, cell)
    fields = _clean(cell=cell, kind=kind, title=title, starts_at=starts_at, ends_at=ends_at, place=place, agenda=agenda)
    with transaction.atomic(), acting_as(actor):
        meeting = Meeting.objects.create(
            cell=cell, created_by=actor, published_at=timezone.now() if publish else None, **fields
        )
        _attach(meeting, materials)
    return meeting


def meeting_edit(
    *,
    actor,
    meeting: Meeting,
    kind: str | None = None,
    title: str | None = None,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    place: str | None = None,
    agenda: str | None = None,
    materials: Sequence[UploadedFile] = (),
) -> Meeting:
    """Change the schedule, agenda or place (None keeps a value); materials are added."""
    _require(actor, meeting.cell)
    fields = _clean(
        cell=meeting.cell,
        kind=meeting.kind if kind is None else kind,
        title=meeting.title if title is None else title,
        starts_at=starts_at or meeting.starts_at,
        ends_at=ends_at or meeting.ends_at,
        place=meeting.place if place is None else place,
        agenda=meeting.agenda if agenda is None else agenda,
    )
    with transaction.atomic(), acting_as(actor):
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.save()
        _attach(meeting, materials)
    return meeting


def meeting_publish(*, actor, meeting: Meeting) -> Meeting:
    """Show a draft meeting to the cell's members (again is harmless)."""
    _require(actor, meeting.cell)
    if meeting.published_at is None:
        with acting_as(actor):
            meeting.published_at = timezone.now()
            meeting.save(update_fields=["published_at", "updated_at"])
    return meeting


def meeting_minutes(*, actor, meeting: Meeting, minutes: str) -> Meeting:
    """Record the minutes, once the meeting has started."""
    _require(actor, meeting.cell)
    errors: dict[str, str] = {}
    minutes = _text(errors, "minutes", minutes, MINUTES_LENGTH, required=_("Write the minutes."))
    if meeting.starts_at > timezone.now():
        errors["minutes"] = _("Minutes are written once the meeting has started.")
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        meeting.minutes = minutes
        meeting.save(update_fields=["minutes", "updated_at"])
    return meeting


# --- Attendance -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    member_id: int
    status: str
    reason: str = ""


def roll_members(meeting: Meeting):
    """The members the roll is called for: the cell's, in name order."""
    return Member.objects.filter(unit_id=meeting.cell_id, status__in=ON_ROLL).order_by("name_sort", "id")


def attendance_record(*, actor, meeting: Meeting, marks: Sequence[Mark]) -> list[Attendance]:
    """The secretary's roll: each member present, excused (with a reason) or absent. Members not in
    `marks` keep what they had; a member of another cell is refused."""
    _require(actor, meeting.cell)
    errors: dict[str, str] = {}
    if meeting.published_at is None:
        errors["marks"] = _("Publish the meeting before recording its attendance.")
    elif checkin_window(meeting).opens > timezone.now():
        errors["marks"] = _("Attendance is recorded once the meeting has begun.")
    on_roll = set(roll_members(meeting).filter(pk__in=[m.member_id for m in marks]).values_list("pk", flat=True))
    cleaned: dict[int, Mark] = {}
    for index, mark in enumerate(marks):
        if mark.member_id not in on_roll:
            errors[f"marks.{index}"] = _("This member is not on %(unit)s's roll.") % {"unit": meeting.cell.name}
            continue
        if mark.status not in AttendanceStatus.values:
            errors[f"marks.{index}"] = _("Choose present, excused or absent.")
            continue
        reason = _text(errors, f"marks.{index}", mark.reason, REASON_LENGTH)
        if mark.status == AttendanceStatus.EXCUSED and not reason:
            errors[f"marks.{index}"] = _("Give the reason an excused member gave.")
        cleaned[mark.member_id] = Mark(mark.member_id, mark.status, reason if mark.status == "excused" else "")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        existing = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting, member_id__in=list(cleaned))}
        changed, new = [], []
        for member_id, mark in cleaned.items():
            row = existing.get(member_id)
            if row is None:
                new.append(
                    Attendance(
                        meeting=meeting,
                        member_id=member_id,
                        status=mark.status,
                        reason=mark.reason,
                        source=AttendanceSource.SECRETARY,
                        recorded_by=actor,
                        recorded_at=now,
                    )
                )
            elif (row.status, row.reason) != (mark.status, mark.reason):
                row.status, row.reason, row.source, row.recorded_by, row.recorded_at = (
                    mark.status,
                    mark.reason,
                    AttendanceSource.SECRETARY,
                    actor,
                    now,
                )
                changed.append(row)
        Attendance.objects.bulk_create(new)
        Attendance.objects.bulk_update(changed, ["status", "reason", "source", "recorded_by", "recorded_at"])
    return new + changed


def check_in(*, actor, meeting: Meeting, code: str, now: datetime.datetime | None = None) -> Attendance:
    """The member scanning the meeting's QR code at the venue: present, if the code is this
    meeting's, the meeting is their cell's and the window is open. Otherwise a ValidationError that
    says which."""
    now = now or timezone.now()
    who = reader(actor)
    if who is None:
        raise ValidationError({"code": _("This account is not linked to a member record.")})
    if not code_matches(meeting, code):
        raise ValidationError({"code": _("This code is not this meeting's: scan the code shown at the meeting.")})
    if meeting.cell_id != who.cell.pk or meeting.published_at is None:
        raise ValidationError({"code": _("This meeting is not one of your cell's.")})
    window = checkin_window(meeting)
    if now < window.opens:
        raise ValidationError(
            {
                "code": _("Check-in opens at %(time)s.")
                % {"time": date_format(timezone.localtime(window.opens), "SHORT_DATETIME_FORMAT")}
            }
        )
    if now > window.closes:
        raise ValidationError({"code": _("Check-in for this meeting has closed.")})
    with transaction.atomic(), acting_as(actor):
        row, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            member_id=who.member_id,
            defaults={
                "status": AttendanceStatus.PRESENT,
                "reason": "",
                "source": AttendanceSource.QR,
                "recorded_by": actor,
                "recorded_at": now,
            },
        )
    return row


# --- Contributions ----------------------------------------------------------------------------------


def contribution_send(*, actor, meeting: Meeting, text: str) -> Contribution:
    """A member's written contribution (for when they cannot attend), until the meeting ends; sending
    again replaces it."""
    who = reader(actor)
    errors: dict[str, str] = {}
    text = _text(errors, "text", text, CONTRIBUTION_LENGTH, required=_("Write your contribution."))
    if who is None or who.cell.pk != meeting.cell_id or meeting.published_at is None:
        raise PermissionDenied(_("Only the cell's members send contributions to its meetings."))
    if meeting.ends_at < timezone.now():
        errors["text"] = _("This meeting is over; contributions are sent before it ends.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        row, _created = Contribution.objects.update_or_create(
            meeting=meeting, member_id=who.member_id, defaults={"text": text}
        )
    return row
