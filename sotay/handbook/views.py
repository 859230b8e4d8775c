"""The handbook's pages: the member's home (the feed) and a notice; the officers' notices, the
publish form, edit and withdraw. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sotay.core.access import SIGNED_IN, requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.core.scoping import scope_paths
from sotay.handbook import selectors, selectors_meetings, services
from sotay.handbook.access import access_notice, access_notice_attachment, access_publish_unit
from sotay.handbook.forms import NoticeForm, UnitChoiceForm
from sotay.organizations.models import Unit


@requires(SIGNED_IN)
def home(request):
    """The member's feed, newest first, unread marked; an account without a record is told why."""
    after = request.GET.get("after", "")
    try:
        page = selectors.feed_page(request.user, after=after)
    except ValidationError:  # a cursor this page did not give: start again
        return redirect("handbook:home")
    publishes = bool(scope_paths(request.user, HANDBOOK_PUBLISH))
    meetings = selectors_meetings.my_meetings(request.user, upcoming=1, past=0)
    next_meeting = meetings.upcoming[0] if meetings and meetings.upcoming else None
    return render(
        request,
        "handbook/home.html",
        {"page": page, "after": after, "publishes": publishes, "next_meeting": next_meeting},
    )


@requires(SIGNED_IN)
def notice_detail(request, notice_id: int):
    """A notice of the member's feed (read from now on), or one an officer published."""
    notice = access_notice(request.user, notice_id)
    services.notice_mark_read(actor=request.user, notice=notice)
    may_change = can(request.user, HANDBOOK_PUBLISH, notice.unit)
    return render(
        request,
        "handbook/detail.html",
        {
            "notice": notice,
            "attachments": list(notice.attachments.all()),
            "may_change": may_change,
            "pending": notice.publish_at > timezone.now(),
        },
    )


@requires(SIGNED_IN)
def attachment(request, notice_id: int, attachment_id: int):
    found = access_notice_attachment(request.user, notice_id, attachment_id)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type)


@requires(HANDBOOK_PUBLISH)
def manage(request):
    """The notices of the units where the user publishes, newest first (scheduled and withdrawn too)."""
    after = request.GET.get("after", "")
    try:
        page = selectors.published_page(request.user, after=after)
    except ValidationError:
        return redirect("handbook:manage")
    return render(request, "handbook/manage/list.html", {"page": page, "now": timezone.now()})


@requires(HANDBOOK_PUBLISH)
def choose_unit(request):
    """Which unit publishes: straight to the form for a secretary's cell, else by code or a top unit."""
    top = list(selectors.top_publish_units(request.user))
    if not request.GET and len(top) == 1 and not services.kinds_below(top[0]):
        return redirect("handbook:notice-create", unit_id=top[0].pk)
    form = UnitChoiceForm(request.GET or None)
    if form.is_valid():
        unit = selectors.publish_units(request.user).filter(code=form.cleaned_data["unit_code"].strip().upper()).first()
        if unit is not None:
            return redirect("handbook:notice-create", unit_id=unit.pk)
        form.add_error("unit_code", _("No unit where you publish has this code."))
    return render(request, "handbook/manage/choose.html", {"form": form, "top": top})


def _form_kinds(unit: Unit) -> list[str]:
    return services.kinds_below(unit)


@requires(HANDBOOK_PUBLISH)
def notice_create(request, unit_id: int):
    unit = access_publish_unit(request.user, unit_id)
    form = NoticeForm(request.POST or None, request.FILES or None, kinds=_form_kinds(unit))
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            notice = services.notice_publish(actor=request.user, unit=unit, **form.service_arguments())
            if notice.publish_at > timezone.now():
                messages.success(request, _("The notice is scheduled."))
            else:
                messages.success(request, _("The notice is published."))
            return redirect("handbook:notice-detail", notice_id=notice.pk)
    title = _("New notice from %(unit)s") % {"unit": unit.name}
    return render(request, "handbook/manage/form.html", {"form": form, "unit": unit, "title": title})


@requires(HANDBOOK_PUBLISH)
def notice_edit(request, notice_id: int):
    """Change a notice that is not out yet."""
    notice = access_notice(request.user, notice_id, for_write=True)
    initial = {
        "title": notice.title,
        "body": notice.body,
        "publish_at": timezone.localtime(notice.publish_at),
        "kinds": notice.kinds,
    }
    form = NoticeForm(request.POST or None, request.FILES or None, kinds=_form_kinds(notice.unit), initial=initial)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        arguments["publish_at"] = arguments["publish_at"] or timezone.now()
        with apply_service_errors(form):
            services.notice_edit(actor=request.user, notice=notice, **arguments)
            messages.success(request, _("The notice was changed."))
            return redirect("handbook:notice-detail", notice_id=notice.pk)
    title = _("Change the notice “%(title)s”") % {"title": notice.title}
    return render(
        request, "handbook/manage/form.html", {"form": form, "unit": notice.unit, "notice": notice, "title": title}
    )


@requires(HANDBOOK_PUBLISH)
@require_POST
def notice_withdraw(request, notice_id: int):
    notice = access_notice(request.user, notice_id, for_write=True)
    try:
        services.notice_withdraw(actor=request.user, notice=notice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The notice was withdrawn; members no longer see it."))
    return redirect("handbook:notice-detail", notice_id=notice.pk)
