"""Pages of handbook access: activating an account, one's signed-in browsers, the rollout switch,
and the activation codes of a cell."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sotay.accounts import selectors, sheets
from sotay.accounts.access import access_own_sign_in
from sotay.accounts.forms import ActivateForm, IssueForm, RolloutForm
from sotay.accounts.services import activation, rollout, sessions
from sotay.accounts.views import landing_url
from sotay.core.access import PUBLIC, SIGNED_IN, requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import MEMBERS_CHANGE, UNITS_CHANGE, can, require
from sotay.organizations.access import access_unit
from sotay.organizations.models import UnitKind

BACKEND = "sotay.accounts.backends.PhoneOrCardBackend"
ISSUED_KEY = "sotay_issued_codes"  # the codes just issued, for the sheet: shown only to who issued them


@requires(PUBLIC)
def activate(request):
    """The page the QR code opens: code (filled in from the link), phone or card number, password."""
    if request.user.is_authenticated and request.method == "GET":
        return redirect(landing_url(request.user))
    form = ActivateForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            with apply_service_errors(form):
                user = activation.account_activate(
                    code=form.cleaned_data["code"],
                    identifier=form.cleaned_data["identifier"],
                    password=form.cleaned_data["password"],
                    address=sessions.client_address(request),
                )
                login(request, user, backend=BACKEND)
                messages.success(
                    request, _("Your account is ready. From now on, sign in with your phone or card number.")
                )
                return redirect(landing_url(user))
        except activation.TooManyAttemptsError as error:
            form.add_error(None, error.message)
            status = 429
    return render(request, "accounts/activate.html", {"form": form}, status=status)


@requires(SIGNED_IN)
def sign_ins(request):
    """Where you are signed in: browsers and the member app; end any of them."""
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": selectors.active_sign_ins(request.user),
            "tokens": selectors.sign_in_tokens(request.user),
            "current_key": request.session.session_key,
        },
    )


@requires(SIGNED_IN)
@require_POST
def sign_in_end(request, sign_in_id: int):
    row = access_own_sign_in(request.user, sign_in_id)
    if row.session_key == request.session.session_key:
        raise Http404(_("To end this session, sign out."))
    sessions.sign_in_end(actor=request.user, sign_in=row)
    messages.success(request, _("That browser is signed out."))
    return redirect("sessions")


@requires(SIGNED_IN)
@require_POST
def sign_ins_end_others(request):
    ended = sessions.sign_ins_end_others(actor=request.user, current_key=request.session.session_key)
    messages.success(
        request,
        ngettext("%(count)d other browser signed out.", "%(count)d other browsers signed out.", ended)
        % {"count": ended},
    )
    return redirect("sessions")


@requires(UNITS_CHANGE)
def rollout_list(request):
    return render(request, "accounts/rollout.html", {"switches": selectors.rollout(request.user)})


@requires(UNITS_CHANGE)
def rollout_unit(request, unit_id: int):
    """A unit's switch: its effective state and why, its own history, and the buttons."""
    unit = access_unit(request.user, unit_id)
    form = RolloutForm(request.POST or None)
    if request.method == "POST":
        require(request.user, UNITS_CHANGE, unit)
        if form.is_valid():
            with apply_service_errors(form):
                rollout.handbook_switch_set(actor=request.user, unit=unit, on=form.cleaned_data["on"])
                messages.success(request, _("The handbook switch was saved."))
                return redirect("rollout-unit", unit_id=unit.pk)
    return render(
        request,
        "accounts/rollout_unit.html",
        {
            "unit": unit,
            "form": form,
            "on": selectors.handbook_on(unit),
            "why_off": rollout.why_off(unit),
            "decided_by": selectors.handbook_switch(unit),
            "history": selectors.switch_history(request.user, unit),
            "may_change": can(request.user, UNITS_CHANGE, unit),
        },
    )


@requires(MEMBERS_CHANGE)
def activation_codes(request, unit_id: int):
    """A cell's members with their account state; issue codes for one or all of them."""
    unit = access_unit(request.user, unit_id)
    require(request.user, MEMBERS_CHANGE, unit)
    if unit.kind != UnitKind.CELL:
        raise Http404(_("Activation codes are issued by cell."))
    form = IssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            issue = activation.codes_issue(actor=request.user, unit=unit, member_id=form.cleaned_data.get("member"))
            request.session[ISSUED_KEY] = sheets.keep(unit, issue)
            messages.success(
                request,
                ngettext("%(count)d code issued.", "%(count)d codes issued.", len(issue.issued))
                % {"count": len(issue.issued)},
            )
            if issue.skipped:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d member already has an account and got no code.",
                        "%(count)d members already have an account and got no code.",
                        len(issue.skipped),
                    )
                    % {"count": len(issue.skipped)},
                )
            return redirect("activation-codes", unit_id=unit.pk)
    kept = sheets.kept_for(request.session.get(ISSUED_KEY), unit)
    return render(
        request,
        "accounts/activation_codes.html",
        {
            "unit": unit,
            "form": form,
            "members": selectors.cell_members(unit),
            "why_off": rollout.why_off(unit),
            "kept": kept,
        },
    )


@requires(MEMBERS_CHANGE)
def activation_sheet(request, unit_id: int):
    """The printable sheet of the codes just issued for this cell (kept in the issuer's session only)."""
    unit = access_unit(request.user, unit_id)
    require(request.user, MEMBERS_CHANGE, unit)
    kept = sheets.kept_for(request.session.get(ISSUED_KEY), unit)
    if not kept:
        raise Http404(_("No codes were just issued for this cell: issue them first, then print the sheet."))
    pdf = sheets.render_sheet(unit, kept, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="activation-codes-{unit.pk}.pdf"'
    return response
