"""The meeting pages: a member's meetings, a meeting (agenda, materials, minutes, contribution), QR
check-in; the secretary's schedule, edit, roll, minutes and QR; the committee's report. Thin."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sotay.core.access import SIGNED_IN, requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.core.scoping import scope_paths
from sotay.handbook import selectors_meetings as selectors
from sotay.handbook import services_meetings as services
from sotay.handbook.access_meetings import access_material, access_meeting, access_meeting_cell, access_report_unit
from sotay.handbook.forms_meetings import ContributionForm, MeetingForm, MinutesForm, PeriodForm
from sotay.handbook.models import AttendanceStatus, reader
from sotay.organizations.models import Unit


@requires(SIGNED_IN)
def meeting_list(request):
    """The member's next and past meetings; for a secretary or committee, the meetings they manage."""
    mine = selectors.my_meetings(request.user)
    manages = bool(scope_paths(request.user, HANDBOOK_PUBLISH))
    context = {
        "mine": mine,
        "manages": manages,
        "managed": selectors.officer_meetings(request.user) if manages else [],
        "cells": list(selectors.meeting_cells(request.user).order_by("code")[:20]) if manages else [],
        "now": timezone.now(),
    }
    return render(request, "handbook/meetings/list.html", context)


@requires(SIGNED_IN)
def meeting_detail(request, meeting_id: int):
    meeting = access_meeting(request.user, meeting_id)
    manages = can(request.user, HANDBOOK_PUBLISH, meeting.cell)
    mine = selectors.my_contribution(request.user, meeting)
    context = {
        "meeting": meeting,
        "materials": list(meeting.materials.all()),
        "manages": manages,
        "contributions": selectors.contributions(meeting) if manages else [],
        "contribution_form": ContributionForm(initial={"text": mine.text} if mine else None),
        "may_contribute": _is_member_of(request.user, meeting),
        "now": timezone.now(),
        "window": services.checkin_window(meeting),
    }
    return render(request, "handbook/meetings/detail.html", context)


def _is_member_of(user, meeting) -> bool:
    """Whether the user is a member of the meeting's cell and it has not ended (they may contribute)."""
    who = reader(user)
    return who is not None and who.cell.pk == meeting.cell_id and meeting.ends_at >= timezone.now()


@requires(SIGNED_IN)
def material(request, meeting_id: int, material_id: int):
    found = access_material(request.user, meeting_id, material_id)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type)


@requires(SIGNED_IN)
def check_in(request, meeting_id: int):
    """What the meeting's QR code opens: one tap records the member present, or says why not."""
    meeting = access_meeting(request.user, meeting_id)
    code = request.POST.get("code") or request.GET.get("code", "")
    error = ""
    if request.method == "POST":
        try:
            services.check_in(actor=request.user, meeting=meeting, code=code)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("You are checked in: present at %(title)s.") % {"title": meeting.title})
            return redirect("handbook:meeting-detail", meeting_id=meeting.pk)
    return render(request, "handbook/meetings/check_in.html", {"meeting": meeting, "code": code, "error": error})


@requires(SIGNED_IN)
@require_POST
def contribute(request, meeting_id: int):
    meeting = access_meeting(request.user, meeting_id)
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            services.contribution_send(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your contribution was sent to the cell."))
    else:
        messages.error(request, _("Write your contribution."))
    return redirect("handbook:meeting-detail", meeting_id=meeting.pk)


@requires(HANDBOOK_PUBLISH)
def meeting_create(request, unit_id: int):
    cell = access_meeting_cell(request.user, unit_id)
    form = MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            meeting = services.meeting_schedule(actor=request.user, cell=cell, **form.service_arguments())
            messages.success(request, _("The meeting is scheduled."))
            return redirect("handbook:meeting-detail", meeting_id=meeting.pk)
    title = _("New meeting of %(unit)s") % {"unit": cell.name}
    return render(request, "handbook/meetings/form.html", {"form": form, "title": title})


@requires(HANDBOOK_PUBLISH)
def meeting_edit(request, meeting_id: int):
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    initial = {
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "place": meeting.place,
        "agenda": meeting.agenda,
    }
    form = MeetingForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services.meeting_edit(actor=request.user, meeting=meeting, **form.service_arguments())
            messages.success(request, _("The meeting was changed."))
            return redirect("handbook:meeting-detail", meeting_id=meeting.pk)
    title = _("Change the meeting “%(title)s”") % {"title": meeting.title}
    return render(request, "handbook/meetings/form.html", {"form": form, "title": title, "meeting": meeting})


@requires(HANDBOOK_PUBLISH)
@require_POST
def meeting_publish(request, meeting_id: int):
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    services.meeting_publish(actor=request.user, meeting=meeting)
    messages.success(request, _("The meeting is published to the cell's members."))
    return redirect("handbook:meeting-detail", meeting_id=meeting.pk)


@requires(HANDBOOK_PUBLISH)
def attendance(request, meeting_id: int):
    """The roll in one form: each member present, excused (with the reason) or absent."""
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    rows = selectors.roll(meeting)
    errors: list[str] = []
    if request.method == "POST":
        marks = []
        for row in rows:
            status = request.POST.get(f"status-{row.member_id}", "")
            if status:
                marks.append(services.Mark(row.member_id, status, request.POST.get(f"reason-{row.member_id}", "")))
                row.status, row.reason = status, request.POST.get(f"reason-{row.member_id}", "")
        try:
            services.attendance_record(actor=request.user, meeting=meeting, marks=marks)
        except ValidationError as error:
            names = {index: marks[index].member_id for index in range(len(marks))}
            by_id = {row.member_id: row.name for row in rows}
            for key, texts in error.message_dict.items():
                index = key.partition(".")[2]
                who = by_id.get(names.get(int(index), 0), "") if index.isdigit() else ""
                errors.extend(f"{who}: {text}" if who else text for text in texts)
        else:
            messages.success(request, _("The attendance is recorded."))
            return redirect("handbook:meeting-detail", meeting_id=meeting.pk)
    return render(
        request,
        "handbook/meetings/attendance.html",
        {"meeting": meeting, "rows": rows, "errors": errors, "statuses": AttendanceStatus.choices},
    )


@requires(HANDBOOK_PUBLISH)
def minutes(request, meeting_id: int):
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services.meeting_minutes(actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"])
            messages.success(request, _("The minutes are recorded."))
            return redirect("handbook:meeting-detail", meeting_id=meeting.pk)
    title = _("Minutes of “%(title)s”") % {"title": meeting.title}
    return render(request, "handbook/meetings/form.html", {"form": form, "title": title, "meeting": meeting})


@requires(HANDBOOK_PUBLISH)
def qr(request, meeting_id: int):
    """The QR code the secretary shows at the venue; it opens the check-in page with the code."""
    meeting = access_meeting(request.user, meeting_id, for_write=True)
    path = reverse("handbook:meeting-check-in", kwargs={"meeting_id": meeting.pk})
    url = request.build_absolute_uri(f"{path}?code={services.checkin_code(meeting)}")
    svg = segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff")
    context = {"meeting": meeting, "svg": svg, "url": url, "window": services.checkin_window(meeting)}
    return render(request, "handbook/meetings/qr.html", context)


@requires(HANDBOOK_PUBLISH)
def report(request, unit_id: int):
    """For a unit and a month or quarter: its cells, whether each held its meetings, attendance rates."""
    unit = access_report_unit(request.user, unit_id)
    form = PeriodForm(request.GET or None)
    try:
        period = selectors.parse_period(request.GET.get("period", ""))
    except ValidationError as error:
        form.add_error("period", error.message_dict["period"])
        period = selectors.parse_period("")
    found = selectors.meeting_report(unit, period)
    return render(request, "handbook/meetings/report.html", {"report": found, "form": form, "unit": unit})


@requires(HANDBOOK_PUBLISH)
def report_start(request):
    """The report of the user's top unit."""
    top = Unit.objects.visible_to(request.user, HANDBOOK_PUBLISH).order_by("depth", "path").first()
    if top is None:
        return redirect("handbook:meetings")
    return redirect("handbook:meeting-report", unit_id=top.pk)
