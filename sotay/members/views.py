from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sotay.core.access import SIGNED_IN, requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import MEMBERS_CHANGE, MEMBERS_VIEW, MEMBERS_VIEW_SENSITIVE, UNITS_VIEW, can
from sotay.core.scoping import scope_paths
from sotay.members import selectors, services
from sotay.members.access import access_member, may_see_sensitive
from sotay.members.forms import MemberCreateForm, MemberEditForm, MemberFilterForm, StatusChangeForm, TransferForm
from sotay.members.selectors import MemberFilters
from sotay.organizations.access import access_unit, access_unit_by_code


@requires(MEMBERS_VIEW)
def member_list(request):
    form = MemberFilterForm(request.GET or None, show_sensitive=bool(scope_paths(request.user, MEMBERS_VIEW_SENSITIVE)))
    page = None
    unit = None
    if form.is_valid() or not form.is_bound:
        data = form.cleaned_data if form.is_bound else {}
        unit = _unit_filter(request, form, data)
        filters = MemberFilters(
            unit=unit,
            **{key: data.get(key) or "" for key in ("status", "category", "religion", "age_band", "education", "q")},
        )
        with apply_service_errors(form):
            page = selectors.member_page(request.user, filters, after=data.get("after") or "")
    template = "members/_results.html" if request.htmx else "members/list.html"
    return render(request, template, {"form": form, "page": page, "unit": unit})


def _unit_filter(request, form: MemberFilterForm, data: dict):
    """The unit named by code (typed) or by id (a link from its page), shown as its code either way."""
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


@requires(SIGNED_IN)
def detail(request, member_id: int):
    member = access_member(request.user, member_id)
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "history": selectors.member_history(member),
            "show_sensitive": may_see_sensitive(request.user, member),
            "can_change": can(request.user, MEMBERS_CHANGE, member.unit),
            "link_unit": can(request.user, UNITS_VIEW, member.unit),
        },
    )


@requires(MEMBERS_CHANGE)
def create(request, unit_id: int):
    unit = access_unit(request.user, unit_id)
    show_sensitive = can(request.user, MEMBERS_VIEW_SENSITIVE, unit)
    form = MemberCreateForm(request.POST or None, actor=request.user, show_sensitive=show_sensitive)
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            member = services.member_create(
                actor=request.user, unit=unit, profile=form.profile(), status=form.cleaned_data["status"]
            )
            messages.success(request, _("%(name)s was added to %(unit)s.") % {"name": member, "unit": unit})
            return redirect("member-detail", member_id=member.pk)
    return render(
        request,
        "members/form.html",
        {"form": form, "unit": unit, "title": _("New member in %(unit)s") % {"unit": unit.name}},
    )


@requires(MEMBERS_CHANGE)
def edit(request, member_id: int):
    member = access_member(request.user, member_id, for_write=True)
    form = MemberEditForm(
        request.POST or None,
        instance=member,
        actor=request.user,
        show_sensitive=can(request.user, MEMBERS_VIEW_SENSITIVE, member.unit),
    )
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services.member_update(actor=request.user, member=member, profile=form.profile())
            messages.success(request, _("The record of %(name)s was saved.") % {"name": member})
            return redirect("member-detail", member_id=member.pk)
        member.refresh_from_db()
    return render(
        request, "members/form.html", {"form": form, "member": member, "title": _("Edit %(name)s") % {"name": member}}
    )


@requires(MEMBERS_CHANGE)
def change_status(request, member_id: int):
    member = access_member(request.user, member_id, for_write=True)
    form = StatusChangeForm(request.POST or None, initial={"status": member.status})
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services.member_change_status(actor=request.user, member=member, **form.cleaned_data)
            messages.success(request, _("The status of %(name)s was recorded.") % {"name": member})
            return redirect("member-detail", member_id=member.pk)
    return render(
        request,
        "members/form.html",
        {"form": form, "member": member, "title": _("Change the status of %(name)s") % {"name": member}},
    )


@requires(MEMBERS_CHANGE)
def transfer(request, member_id: int):
    member = access_member(request.user, member_id, for_write=True)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with apply_service_errors(form, fields={"unit": "unit_code"}):
            unit = access_unit_by_code(request.user, data["unit_code"])
            if unit is None:
                raise ValidationError({"unit_code": _("No unit you can see has this code.")})
            services.member_transfer(
                actor=request.user,
                member=member,
                unit=unit,
                valid_from=data["valid_from"],
                reason=data["reason"],
                document_ref=data["document_ref"],
            )
            messages.success(request, _("%(name)s now belongs to %(unit)s.") % {"name": member, "unit": unit})
            return redirect("member-detail", member_id=member.pk)
    return render(
        request,
        "members/form.html",
        {"form": form, "member": member, "title": _("Move %(name)s to another cell") % {"name": member}},
    )
