"""The progress report (page, xlsx, PDF) and the targets page of a unit."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sotay.core.access import requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import RECRUITMENT_VIEW, TARGETS_SET, can
from sotay.organizations.models import Unit
from sotay.recruitment.access import access_report_unit, own_report_unit, report_unit_by_code
from sotay.recruitment.choices import TargetKind
from sotay.recruitment.forms_progress import ProgressForm, TargetForm, report_year_range
from sotay.recruitment.progress_exports import chart_data, progress_pdf, progress_xlsx, report_filename
from sotay.recruitment.selectors.progress import (
    ProgressReport,
    default_targets,
    progress_report,
    report_children,
    stored_targets,
)
from sotay.recruitment.services.targets import target_set

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request) -> tuple[ProgressForm, ProgressReport | None]:
    """The report the query asks for; a bad choice leaves the form with its message and no report."""
    form = ProgressForm(request.GET)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    if data.get("unit_code"):
        unit = report_unit_by_code(request.user, data["unit_code"])
        if unit is None:
            form.add_error("unit_code", _("No unit you can see has this code."))
            return form, None
    elif data.get("unit"):
        unit = access_report_unit(request.user, data["unit"])
    else:
        unit = own_report_unit(request.user)
        if unit is None:
            raise Http404(_("No such unit."))
    report = progress_report(unit, data["year"], form.as_of_day())
    # The form shows what is reported: the year and the day, filled in where the query left them out.
    shown = request.GET.copy()
    shown["year"], shown["as_of"] = str(report.year), report.as_of.isoformat()
    form.data = shown
    return form, report


def _query(report: ProgressReport, **extra) -> str:
    return urlencode({"unit": report.unit.pk, "year": report.year, "as_of": report.as_of.isoformat()} | extra)


@requires(RECRUITMENT_VIEW)
def progress(request):
    form, report = _report(request)
    context: dict = {"form": form, "report": report}
    if report is not None:
        parent = (
            Unit.objects.visible_to(request.user, RECRUITMENT_VIEW).filter(path=report.unit.parent_path).first()
            if report.unit.depth > 1
            else None
        )
        context.update(
            chart=chart_data(report),
            query=_query(report),
            # Each row with the query of its own report, built once here rather than per cell.
            table=[(row, _query(report, unit=row.unit.pk) if row.unit else "") for row in report.rows],
            at_risk=[(row, _query(report, unit=row.unit.pk)) for row in report.at_risk],
            can_set_targets=can(request.user, TARGETS_SET, report.unit),
            parent=parent if parent is not None and can(request.user, RECRUITMENT_VIEW, parent) else None,
            parent_query=_query(report, unit=parent.pk) if parent is not None else "",
        )
    return render(request, "recruitment/progress/report.html", context)


def _download(request, render_file, extension: str, content_type: str) -> HttpResponse:
    form, report = _report(request)
    if report is None:
        return render(request, "recruitment/progress/report.html", {"form": form, "report": None})
    response = HttpResponse(render_file(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{report_filename(report, extension)}"'
    return response


@requires(RECRUITMENT_VIEW)
def progress_xlsx_download(request):
    return _download(request, progress_xlsx, "xlsx", XLSX)


@requires(RECRUITMENT_VIEW)
def progress_pdf_download(request):
    return _download(request, progress_pdf, "pdf", "application/pdf")


@requires(TARGETS_SET)
def targets(request, unit_id: int):
    """The unit's and its children's targets for a year, with their defaults; sets one at a time."""
    unit = access_report_unit(request.user, unit_id)
    if not can(request.user, TARGETS_SET, unit):
        raise Http404(_("No such unit."))
    first, last = report_year_range()
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, first), last)
    units = [unit, *report_children(unit, year)]
    form = TargetForm(request.POST or None, units=units, initial={"unit": unit.pk, "kind": TargetKind.ADMISSIONS})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with apply_service_errors(form):
            target = target_set(
                actor=request.user,
                unit=form.chosen_unit(),
                year=year,
                kind=data["kind"],
                value=data["value"],
                reason=data["reason"],
            )
            messages.success(
                request,
                _("The target of %(unit)s for %(year)s is now %(value)s.")
                % {"unit": target.unit.name, "year": year, "value": target.value},
            )
            return redirect(reverse("recruitment:targets", args=[unit.pk]) + "?" + urlencode({"year": year}))
    stored = stored_targets([u.pk for u in units], year)
    defaults = default_targets(units, year)
    rows = [
        {
            "unit": u,
            "default": defaults[u.pk],
            "targets": [(kind, stored.get((u.pk, kind))) for kind in TargetKind.values],
        }
        for u in units
    ]
    return render(
        request,
        "recruitment/progress/targets.html",
        {
            "unit": unit,
            "year": year,
            "form": form,
            "rows": rows,
            "kinds": TargetKind.choices,
            "years": range(first, last + 1),
            "report_query": urlencode({"unit": unit.pk, "year": year}),
        },
    )
