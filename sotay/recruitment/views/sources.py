"""The sources' pages: list with search and counts, detail with the eligibility explained,
create, edit and drop. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.access import requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import MEMBERS_VIEW, MEMBERS_VIEW_SENSITIVE, RECRUITMENT_CHANGE, RECRUITMENT_VIEW, can
from sotay.core.scoping import EVERYTHING, scope_paths
from sotay.organizations.access import access_unit, access_unit_by_code
from sotay.organizations.models import Unit
from sotay.recruitment.access import access_source, may_see_source_sensitive
from sotay.recruitment.choices import SourceStatus
from sotay.recruitment.forms_sources import EligibilityDateForm, SourceDropForm, SourceFilterForm, SourceForm
from sotay.recruitment.selectors import sources as selectors
from sotay.recruitment.selectors.cases import source_cases
from sotay.recruitment.selectors.classes import candidate_enrollments
from sotay.recruitment.services import sources as services
from sotay.recruitment.services.sources import EDITABLE_STATUSES, source_unit_error


@requires(RECRUITMENT_VIEW)
def source_list(request):
    form = SourceFilterForm(request.GET or None)
    page = counts = unit = None
    if form.is_valid() or not form.is_bound:
        data = form.cleaned_data if form.is_bound else {}
        unit = _unit_filter(request, form, data)
        if not form.errors:
            filters = selectors.SourceFilters(
                unit=unit, **{key: data.get(key) or "" for key in ("category", "status", "mass_organization", "q")}
            )
            with apply_service_errors(form):
                page = selectors.source_page(request.user, filters, after=data.get("after") or "")
                counts = selectors.source_counts(request.user, filters)
    add_to = _unit_to_add_to(request.user, unit)
    template = "recruitment/sources/_results.html" if request.htmx else "recruitment/sources/list.html"
    return render(request, template, {"form": form, "page": page, "counts": counts, "unit": unit, "add_to": add_to})


def _unit_to_add_to(actor, unit):
    """Where "Add a source" adds one: the unit viewed, or a secretary's own cell when the list is
    not narrowed to a unit; None where the actor may not add one."""
    if unit is None:
        paths = scope_paths(actor, RECRUITMENT_CHANGE)
        if len(paths) != 1 or paths[0] == EVERYTHING:
            return None
        unit = Unit.objects.visible_to(actor, RECRUITMENT_CHANGE).filter(path=paths[0]).first()
    if unit is None or not can(actor, RECRUITMENT_CHANGE, unit) or source_unit_error(unit) is not None:
        return None
    return unit


def _unit_filter(request, form: SourceFilterForm, data: dict):
    """The unit named by code (typed) or by id (a link), shown as its code either way."""
    if data.get("unit_code"):
        unit = access_unit_by_code(request.user, data["unit_code"])
        if unit is None:
            form.add_error("unit_code", _("No unit you can see has this code."))
        return unit
    if not data.get("unit"):
        return None
    unit = access_unit(request.user, data["unit"])
    shown = request.GET.copy()
    shown["unit_code"] = unit.code
    shown.pop("unit")
    form.data = shown
    return unit


@requires(RECRUITMENT_VIEW)
def source_detail(request, source_id: int):
    candidate = access_source(request.user, source_id)
    on = timezone.localdate()
    form = EligibilityDateForm(request.GET or None, initial={"on": on})
    if form.is_valid() and form.cleaned_data["on"]:
        on = form.cleaned_data["on"]
    show_sensitive = may_see_source_sensitive(request.user, candidate)
    may_change = can(request.user, RECRUITMENT_CHANGE, candidate.unit)
    return render(
        request,
        "recruitment/sources/detail.html",
        {
            "source": candidate,
            "form": form,
            "eligibility": selectors.source_eligibility(request.user, candidate, on),
            "show_sensitive": show_sensitive,
            "can_change": may_change and candidate.status in EDITABLE_STATUSES,
            "can_open_case": may_change and candidate.status == SourceStatus.ACTIVE,
            "cases": source_cases(request.user, candidate),
            "enrollments": candidate_enrollments(candidate),
            "link_helper": candidate.helper is not None and can(request.user, MEMBERS_VIEW, candidate.helper.unit),
        },
    )


@requires(RECRUITMENT_CHANGE)
def source_create(request, unit_id: int):
    unit = access_unit(request.user, unit_id)
    form = SourceForm(request.POST or None, unit=unit, show_sensitive=can(request.user, MEMBERS_VIEW_SENSITIVE, unit))
    blocked = source_unit_error(unit)
    if not blocked and request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            candidate = services.source_create(actor=request.user, unit=unit, profile=form.profile())
            messages.success(request, _("%(name)s is now a source of %(unit)s.") % {"name": candidate, "unit": unit})
            return redirect("recruitment:source-detail", source_id=candidate.pk)
    title = _("New source in %(unit)s") % {"unit": unit.name}
    return render(
        request, "recruitment/sources/form.html", {"form": form, "unit": unit, "title": title, "blocked": blocked}
    )


@requires(RECRUITMENT_CHANGE)
def source_edit(request, source_id: int):
    candidate = access_source(request.user, source_id, for_write=True)
    form = SourceForm(
        request.POST or None,
        instance=candidate,
        unit=candidate.unit,
        show_sensitive=may_see_source_sensitive(request.user, candidate),
    )
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services.source_update(actor=request.user, candidate=candidate, profile=form.profile())
            messages.success(request, _("The record of %(name)s was saved.") % {"name": candidate})
            return redirect("recruitment:source-detail", source_id=candidate.pk)
        candidate.refresh_from_db()
    title = _("Edit %(name)s") % {"name": candidate}
    return render(request, "recruitment/sources/form.html", {"form": form, "source": candidate, "title": title})


@requires(RECRUITMENT_CHANGE)
def source_drop(request, source_id: int):
    candidate = access_source(request.user, source_id, for_write=True)
    form = SourceDropForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services.source_drop(actor=request.user, candidate=candidate, **form.cleaned_data)
            messages.success(request, _("%(name)s is no longer a source.") % {"name": candidate})
            return redirect("recruitment:source-detail", source_id=candidate.pk)
    title = _("%(name)s is no longer a source") % {"name": candidate}
    return render(
        request,
        "recruitment/sources/form.html",
        {"form": form, "source": candidate, "title": title, "submit_label": _("Record")},
    )
