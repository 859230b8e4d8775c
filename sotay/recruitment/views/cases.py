"""Pages of the admission cases: the committee's board, a secretary's "my candidates", a case with its
history and the forms that move it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sotay.core.access import requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import MEMBERS_VIEW, RECRUITMENT_CHANGE, RECRUITMENT_DECIDE, RECRUITMENT_VIEW, can
from sotay.organizations.access import access_unit_by_code
from sotay.recruitment import documents, transitions
from sotay.recruitment.access import access_case, access_case_attachment, access_source
from sotay.recruitment.choices import CLOSED_STEPS, CaseAction, Step
from sotay.recruitment.forms_cases import (
    SERVICE_FIELDS,
    AdvanceForm,
    BoardFilterForm,
    CaseOpenForm,
    CaseResponsibleForm,
    MoveForm,
)
from sotay.recruitment.selectors import cases as selectors
from sotay.recruitment.services import cases as services

BOARD_PAGE_SIZE = 50


def _rows(cases) -> list[dict]:
    return [{"case": case, "next_action": transitions.NEXT_ACTION.get(Step(case.step), "")} for case in cases]


@requires(RECRUITMENT_VIEW)
def board(request):
    """The committee's board: open cases across the actor's subtree, overdue first."""
    today = timezone.localdate()
    form = BoardFilterForm(request.GET or None)
    page = None
    if form.is_valid() or not form.is_bound:
        data = form.cleaned_data if form.is_bound else {}
        unit = None
        if data.get("unit_code"):
            unit = access_unit_by_code(request.user, data["unit_code"])
            if unit is None:
                form.add_error("unit_code", _("No unit you can see has this code."))
        if not form.errors:
            filters = selectors.BoardFilters(unit=unit, step=data.get("step") or "", overdue=bool(data.get("overdue")))
            cases = selectors.committee_board(request.user, filters, today=today)
            page = Paginator(cases, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recruitment/cases/board.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(page.object_list) if page else [],
            "query": query.urlencode(),
            "today": today,
        },
    )


@requires(RECRUITMENT_VIEW)
def mine(request):
    """A secretary's candidates: the cases of their own cell and those they are responsible for."""
    today = timezone.localdate()
    cases = selectors.my_cases(request.user, today=today)
    page = Paginator(cases, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/cases/mine.html",
        {"page": page, "rows": _rows(page.object_list), "query": "", "today": today},
    )


def _advance_form(request, case, data=None, files=None) -> AdvanceForm | None:
    if case.step in CLOSED_STEPS:
        return None
    return AdvanceForm(
        data,
        files,
        case=case,
        introducers=selectors.possible_introducers(request.user, case.unit),
        guides=selectors.full_members_of(request.user, case.unit),
        voters=selectors.full_members_of(request.user, case.unit).count(),
        initial={"occurred_on": timezone.localdate()},
    )


def _move_form(case, data=None, files=None) -> MoveForm | None:
    if case.step in CLOSED_STEPS:
        return None
    # Its own ids: beside the advance form (both have a date, a reason at the decision), ids stay unique.
    return MoveForm(data, files, case=case, auto_id="id_move_%s", initial={"occurred_on": timezone.localdate()})


def _responsible_form(case, data=None) -> CaseResponsibleForm | None:
    if case.step in CLOSED_STEPS:
        return None
    return CaseResponsibleForm(data, case=case, auto_id="id_responsible_%s")


def _case_page(request, case, *, advance_form=None, move_form=None, responsible_form=None):
    user = request.user
    may_change = can(user, RECRUITMENT_CHANGE, case.unit)
    next_step = transitions.next_step(case.step)
    next_move = transitions.find(CaseAction.ADVANCE, case.step, next_step) if next_step else None
    may_advance = next_move is not None and can(user, next_move.permission, case.unit)
    moves = [m for m in transitions.allowed_moves(case.step) if m.action != CaseAction.ADVANCE]
    history = selectors.case_history(request.user, case)
    return render(
        request,
        "recruitment/cases/detail.html",
        {
            "case": case,
            "history": history,
            "forms": documents.available_forms(case, history),
            "introductions": case.introductions.select_related("introducer").order_by("id"),
            "next_step": next_step,
            "next_action": transitions.NEXT_ACTION.get(Step(case.step), ""),
            "committee_step": next_move is not None and next_move.permission == RECRUITMENT_DECIDE,
            # A form sent back with its messages is shown even when the step was not the sender's to record.
            "advance_form": advance_form or (_advance_form(request, case) if may_advance else None),
            "move_form": move_form or (_move_form(case) if may_change and moves else None),
            "responsible_form": responsible_form or (_responsible_form(case) if may_change else None),
            "may_change": may_change,
            "link_member": case.member_id is not None and can(user, MEMBERS_VIEW, case.unit),
            "today": timezone.localdate(),
        },
    )


@requires(RECRUITMENT_VIEW)
def detail(request, case_id: int):
    return _case_page(request, access_case(request.user, case_id))


@requires(RECRUITMENT_CHANGE)
def advance(request, case_id: int):
    """Record the next step; on a refusal the case page shows the form with each message by its field."""
    case = access_case(request.user, case_id, for_write=True)
    if request.method != "POST":
        return redirect("recruitment:case-detail", case_id=case.pk)
    form = _advance_form(request, case, request.POST, request.FILES)
    if form is not None and form.is_valid():
        with apply_service_errors(form, fields=SERVICE_FIELDS):
            services.case_advance(actor=request.user, case=case, **form.service_arguments())
            messages.success(request, _("“%(step)s” was recorded.") % {"step": case.get_step_display()})
            return redirect("recruitment:case-detail", case_id=case.pk)
    if form is None:
        messages.error(request, _("This case is closed; nothing more can be recorded."))
        return redirect("recruitment:case-detail", case_id=case.pk)
    return _case_page(request, case, advance_form=form)


@requires(RECRUITMENT_CHANGE)
@require_POST
def move(request, case_id: int):
    """Send back, reject or withdraw, with a reason."""
    case = access_case(request.user, case_id, for_write=True)
    form = _move_form(case, request.POST, request.FILES)
    if form is None:
        messages.error(request, _("This case is closed; nothing more can be recorded."))
        return redirect("recruitment:case-detail", case_id=case.pk)
    if form.is_valid():
        data = form.cleaned_data
        with apply_service_errors(form, fields={"to_step": "action"}):
            event = services.case_move(
                actor=request.user,
                case=case,
                action=data["action"],
                from_step=data["from_step"],
                occurred_on=data["occurred_on"],
                reason=data["reason"],
                document_ref=data["document_ref"],
                attachments=data["attachments"],
            )
            messages.success(request, _("Recorded: %(action)s.") % {"action": event.get_action_display()})
            return redirect("recruitment:case-detail", case_id=case.pk)
    return _case_page(request, case, move_form=form)


@requires(RECRUITMENT_CHANGE)
@require_POST
def change_responsible(request, case_id: int):
    """Who follows an open case: someone holding a role on its cell or a unit above it, or nobody."""
    case = access_case(request.user, case_id, for_write=True)
    form = _responsible_form(case, request.POST)
    if form is None:
        messages.error(request, _("This case is closed; nothing more can be recorded."))
        return redirect("recruitment:case-detail", case_id=case.pk)
    if form.is_valid():
        with apply_service_errors(form):
            services.case_set_responsible(actor=request.user, case=case, responsible=form.cleaned_data["responsible"])
            messages.success(request, _("The responsible person was changed."))
            return redirect("recruitment:case-detail", case_id=case.pk)
    return _case_page(request, case, responsible_form=form)


@requires(RECRUITMENT_CHANGE)
def open_case(request, candidate_id: int):
    candidate = access_source(request.user, candidate_id, for_write=True)
    form = CaseOpenForm(request.POST or None, candidate=candidate, initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            case = services.case_open(actor=request.user, candidate=candidate, **form.cleaned_data)
            messages.success(request, _("An admission case was opened for %(name)s.") % {"name": candidate})
            return redirect("recruitment:case-detail", case_id=case.pk)
    return render(
        request,
        "recruitment/cases/open.html",
        {"form": form, "candidate": candidate, "title": _("Open an admission case for %(name)s") % {"name": candidate}},
    )


@requires(RECRUITMENT_VIEW)
def attachment(request, case_id: int, attachment_id: int):
    found = access_case_attachment(request.user, case_id, attachment_id)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
