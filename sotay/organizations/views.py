from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sotay.core.access import requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import MEMBERS_CHANGE, UNITS_CHANGE, UNITS_VIEW, can, require
from sotay.organizations import selectors, services
from sotay.organizations.access import access_unit
from sotay.organizations.forms import (
    UnitCreateForm,
    UnitDissolveForm,
    UnitRenameForm,
    UnitSpecialAreaForm,
    UnitTargetForm,
)
from sotay.organizations.membership import members_on_rolls
from sotay.organizations.rules import child_unit_error, member_unit_error


def _unit_to_restructure(request, unit_id: int):
    """A unit below the actor's own that is still open; 404 for a dissolved one."""
    unit = access_unit(request.user, unit_id, for_write=True)
    require(request.user, UNITS_CHANGE, unit, strictly_below=True)
    if unit.is_dissolved:
        raise Http404(_("This unit is dissolved."))
    return unit


@requires(UNITS_VIEW)
def tree(request):
    return render(request, "organizations/tree.html", {"units": selectors.top_units(request.user)})


@requires(UNITS_VIEW)
def children(request, unit_id: int):
    """The rows under one unit, for htmx to expand the tree a level at a time."""
    unit = access_unit(request.user, unit_id)
    return render(
        request, "organizations/_rows.html", {"units": selectors.child_units(request.user, unit), "level": unit.depth}
    )


@requires(UNITS_VIEW)
def detail(request, unit_id: int):
    unit = access_unit(request.user, unit_id)
    unit.member_count = members_on_rolls([unit])[unit.pk]
    return render(
        request,
        "organizations/detail.html",
        {
            "unit": unit,
            "ancestors": selectors.unit_ancestors(request.user, unit),
            "children": selectors.child_units(request.user, unit),
            "events": selectors.unit_history(unit),
            "can_add_unit": can(request.user, UNITS_CHANGE, unit) and child_unit_error(unit) is None,
            "can_restructure": can(request.user, UNITS_CHANGE, unit, strictly_below=True),
            "can_add_member": can(request.user, MEMBERS_CHANGE, unit) and member_unit_error(unit) is None,
        },
    )


@requires(UNITS_CHANGE)
def create_child(request, unit_id: int):
    parent = access_unit(request.user, unit_id, for_write=True)
    blocker = child_unit_error(parent)
    if blocker:
        messages.error(request, blocker)
        return redirect("unit-detail", unit_id=parent.pk)
    form = UnitCreateForm(request.POST or None, actor=request.user, parent=parent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with apply_service_errors(form):
            unit = services.unit_create(
                actor=request.user,
                parent=parent,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                sector=data["sector"],
                founded_on=data["founded_on"],
                document_ref=data["document_ref"],
                special_area=data["special_area"],
            )
            messages.success(request, _("%(unit)s was created.") % {"unit": unit.name})
            return redirect("unit-detail", unit_id=unit.pk)
    return render(
        request,
        "organizations/form.html",
        {"unit": parent, "form": form, "title": _("New unit under %(unit)s") % {"unit": parent.name}},
    )


@requires(UNITS_CHANGE)
def rename(request, unit_id: int):
    unit = _unit_to_restructure(request, unit_id)
    form = UnitRenameForm(request.POST or None, initial={"name": unit.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        old_name = unit.name
        with apply_service_errors(form):
            services.unit_rename(
                actor=request.user,
                unit=unit,
                name=data["name"],
                occurred_on=data["occurred_on"],
                document_ref=data["document_ref"],
            )
            messages.success(request, _("%(old)s was renamed %(new)s.") % {"old": old_name, "new": unit.name})
            return redirect("unit-detail", unit_id=unit.pk)
        unit.refresh_from_db()
    return render(
        request,
        "organizations/form.html",
        {"unit": unit, "form": form, "title": _("Rename %(unit)s") % {"unit": unit.name}},
    )


def _target_change(request, unit_id: int, *, operation: str):
    """Move and merge: pick a target by code, see what will change, confirm, then act."""
    unit = _unit_to_restructure(request, unit_id)
    form = UnitTargetForm(request.POST or None, actor=request.user)
    suggestions = (selectors.move_targets if operation == "move" else selectors.merge_targets)(request.user, unit)
    context = {"unit": unit, "form": form, "operation": operation, "suggestions": suggestions}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = data["target"]
        with apply_service_errors(form):
            if not data["confirm"]:
                services.check_structural_change(
                    actor=request.user, operation=operation, unit=unit, target=target, occurred_on=data["occurred_on"]
                )
                unit.member_count = members_on_rolls([unit])[unit.pk]
                unit_label, target_label = selectors.unit_labels(request.user, unit, target)
                return render(
                    request,
                    "organizations/confirm.html",
                    {
                        **context,
                        "target": target,
                        "unit_label": unit_label,
                        "target_label": target_label,
                        "preview": services.merge_preview(unit),
                    },
                )
            if operation == "move":
                services.unit_move(
                    actor=request.user,
                    unit=unit,
                    new_parent=target,
                    occurred_on=data["occurred_on"],
                    document_ref=data["document_ref"],
                )
                messages.success(request, _("%(unit)s now sits under %(target)s.") % {"unit": unit, "target": target})
                return redirect("unit-detail", unit_id=unit.pk)
            services.unit_merge(
                actor=request.user,
                absorbed=unit,
                survivor=target,
                occurred_on=data["occurred_on"],
                document_ref=data["document_ref"],
            )
            messages.success(request, _("%(unit)s was merged into %(target)s.") % {"unit": unit, "target": target})
            return redirect("unit-detail", unit_id=target.pk)
    return render(request, "organizations/target_form.html", context)


@requires(UNITS_CHANGE)
def move(request, unit_id: int):
    return _target_change(request, unit_id, operation="move")


@requires(UNITS_CHANGE)
def merge(request, unit_id: int):
    return _target_change(request, unit_id, operation="merge")


@requires(UNITS_CHANGE)
def dissolve(request, unit_id: int):
    unit = _unit_to_restructure(request, unit_id)
    form = UnitDissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with apply_service_errors(form):
            services.unit_dissolve(
                actor=request.user, unit=unit, occurred_on=data["occurred_on"], document_ref=data["document_ref"]
            )
            messages.success(request, _("%(unit)s was dissolved.") % {"unit": unit.name})
            return redirect("unit-detail", unit_id=unit.pk)
    return render(
        request,
        "organizations/form.html",
        {
            "unit": unit,
            "form": form,
            "title": _("Dissolve %(unit)s") % {"unit": selectors.unit_labels(request.user, unit)[0]},
            "blocked": services.dissolve_blocker(unit),
            "submit_label": _("Dissolve"),
        },
    )


@requires(UNITS_CHANGE)
def special_area(request, unit_id: int):
    unit = _unit_to_restructure(request, unit_id)
    form = UnitSpecialAreaForm(request.POST or None, initial={"special_area": unit.special_area})
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services.unit_set_special_area(
                actor=request.user, unit=unit, special_area=form.cleaned_data["special_area"]
            )
            messages.success(
                request,
                _("%(unit)s is recorded as: %(area)s.") % {"unit": unit.name, "area": unit.get_special_area_display()},
            )
            return redirect("unit-detail", unit_id=unit.pk)
        unit.refresh_from_db()
    return render(
        request,
        "organizations/form.html",
        {"unit": unit, "form": form, "title": _("Special area of %(unit)s") % {"unit": unit.name}},
    )
