"""The handbook's document library and draft resolutions: the member's pages (library, document,
drafts, a draft with my comments, comment and edit) and the managers' (publish, all comments with
their outcome, final text). Thin: parse, call one service or selector, render."""

import contextlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sotay.core.access import SIGNED_IN, requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.core.scoping import scope_paths
from sotay.handbook import selectors, services_documents, services_drafts
from sotay.handbook import selectors_library as library
from sotay.handbook.access import access_publish_unit
from sotay.handbook.access_library import (
    access_comment,
    access_document,
    access_document_file,
    access_draft,
)
from sotay.handbook.forms import UnitChoiceForm
from sotay.handbook.forms_library import (
    CommentForm,
    DocumentForm,
    DraftForm,
    FinalTextForm,
    LibraryFilterForm,
    OutcomeForm,
)
from sotay.handbook.models import Comment, Draft, reader
from sotay.organizations.models import Unit


def _filter_unit(actor, unit_id: int | None) -> Unit | None:
    """The unit a library is filtered to: one the member reads or one where the actor publishes."""
    if unit_id is None:
        return None
    who = reader(actor)
    if who is not None and unit_id in who.unit_ids:
        return next(unit for unit in who.units if unit.pk == unit_id)
    unit = Unit.objects.visible_to(actor, HANDBOOK_PUBLISH).filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("No such unit."))
    return unit


@requires(SIGNED_IN)
def document_list(request):
    """The library: documents of the member's cell and the units above it (and of the units where
    the user publishes), by unit, type and year, searched without diacritics."""
    units = library.library_units(request.user)
    form = LibraryFilterForm(request.GET or None, units=units, years=library.library_years(request.user))
    if request.GET.get("unit"):
        # A unit not offered (another subtree's) is a 404, not a form error that names it.
        with contextlib.suppress(ValueError):
            _filter_unit(request.user, int(request.GET["unit"]))
    filters: dict = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"unit": _filter_unit(request.user, data["unit"]), "kind": data["kind"] or "",
                   "year": data["year"], "query": data["q"] or "", "page": data["page"] or 1}  # fmt: skip
    page = library.library_page(request.user, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "handbook/library/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "publishes": bool(scope_paths(request.user, HANDBOOK_PUBLISH)),
        },
    )


@requires(SIGNED_IN)
def document_detail(request, document_id: int):
    document = access_document(request.user, document_id)
    return render(request, "handbook/library/detail.html", {"document": document, "files": list(document.files.all())})


@requires(SIGNED_IN)
def document_file(request, document_id: int, file_id: int):
    found = access_document_file(request.user, document_id, file_id)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type)


def _choose(request, *, create: str, title: str):
    top = list(selectors.top_publish_units(request.user))
    if not request.GET and len(top) == 1 and not top[0].numchild:
        return redirect(create, unit_id=top[0].pk)
    form = UnitChoiceForm(request.GET or None)
    if form.is_valid():
        unit = selectors.publish_units(request.user).filter(code=form.cleaned_data["unit_code"].strip().upper()).first()
        if unit is not None:
            return redirect(create, unit_id=unit.pk)
        form.add_error("unit_code", _("No unit where you publish has this code."))
    return render(request, "handbook/library/choose.html", {"form": form, "top": top, "create": create, "title": title})


@requires(HANDBOOK_PUBLISH)
def document_choose_unit(request):
    return _choose(request, create="handbook:document-create", title=_("New document"))


@requires(HANDBOOK_PUBLISH)
def document_create(request, unit_id: int):
    unit = access_publish_unit(request.user, unit_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            document = services_documents.document_publish(actor=request.user, unit=unit, **form.cleaned_data)
            messages.success(request, _("The document is in the library."))
            return redirect("handbook:document-detail", document_id=document.pk)
    title = _("New document of %(unit)s") % {"unit": unit.name}
    return render(
        request, "handbook/library/form.html", {"form": form, "title": title, "cancel": "handbook:document-list"}
    )


# Drafts ---------------------------------------------------------------------------------------


@requires(SIGNED_IN)
def draft_list(request):
    """The drafts of the member's cell and above (with how many comments they made), and the drafts
    of the units where the user publishes."""
    managed = list(library.managed_drafts(request.user)) if scope_paths(request.user, HANDBOOK_PUBLISH) else []
    managed_ids = {draft.pk for draft in managed}
    drafts = [draft for draft in library.drafts_for(request.user)[:50] if draft.pk not in managed_ids]
    publishes = bool(scope_paths(request.user, HANDBOOK_PUBLISH))
    return render(request, "handbook/drafts/list.html", {"drafts": drafts, "managed": managed, "publishes": publishes})


def _may_comment(user, draft: Draft) -> bool:
    who = reader(user)
    return who is not None and draft.unit_id in who.unit_ids


@requires(SIGNED_IN)
def draft_detail(request, draft_id: int, form: CommentForm | None = None):
    """The draft, its state, the final text when out, and my comments with their outcome."""
    draft = access_draft(request.user, draft_id)
    mine = library.draft_comments(request.user, draft, mine_only=True)
    may_comment = _may_comment(request.user, draft)
    return render(
        request,
        "handbook/drafts/detail.html",
        {
            "draft": draft,
            "threads": library.threads(mine),
            "may_comment": may_comment and draft.takes_comments(),
            "is_member": may_comment,
            "form": form or CommentForm(),
            "manages": can(request.user, HANDBOOK_PUBLISH, draft.unit),
        },
    )


@requires(SIGNED_IN)
@require_POST
def draft_comment(request, draft_id: int):
    """A new comment, or a follow-up under one of mine."""
    draft = access_draft(request.user, draft_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent: Comment | None = None
        if form.cleaned_data["parent"]:
            parent = access_comment(request.user, draft, form.cleaned_data["parent"])
        with apply_service_errors(form):
            services_drafts.comment_add(actor=request.user, draft=draft, text=form.cleaned_data["text"], parent=parent)
            messages.success(request, _("Your comment was sent to the secretary."))
            return redirect("handbook:draft-detail", draft_id=draft.pk)
    return draft_detail(request, draft.pk, form=form)


@requires(SIGNED_IN)
def comment_edit(request, draft_id: int, comment_id: int):
    """Change my comment before the deadline; the earlier text is kept."""
    draft = access_draft(request.user, draft_id)
    comment = access_comment(request.user, draft, comment_id)
    if comment.member_id != getattr(request.user, "member_id", None):
        raise PermissionDenied(_("You can change only your own comments."))
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            services_drafts.comment_edit(actor=request.user, comment=comment, text=form.cleaned_data["text"])
            messages.success(request, _("Your comment was changed; the earlier text is kept."))
            return redirect("handbook:draft-detail", draft_id=draft.pk)
    return render(request, "handbook/drafts/comment_edit.html", {"draft": draft, "comment": comment, "form": form})


@requires(HANDBOOK_PUBLISH)
def draft_choose_unit(request):
    return _choose(request, create="handbook:draft-create", title=_("New draft resolution"))


@requires(HANDBOOK_PUBLISH)
def draft_create(request, unit_id: int):
    unit = access_publish_unit(request.user, unit_id)
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            draft = services_drafts.draft_publish(actor=request.user, unit=unit, **form.cleaned_data)
            messages.success(request, _("The draft is open for comments."))
            return redirect("handbook:draft-manage", draft_id=draft.pk)
    title = _("New draft resolution of %(unit)s") % {"unit": unit.name}
    return render(
        request, "handbook/library/form.html", {"form": form, "title": title, "cancel": "handbook:draft-list"}
    )


@requires(HANDBOOK_PUBLISH)
def draft_manage(request, draft_id: int, final_form: FinalTextForm | None = None):
    """Every comment on the draft with its versions and an outcome form; the final text."""
    draft = access_draft(request.user, draft_id, for_write=True)
    comments = library.draft_comments(request.user, draft)
    for comment in comments:
        initial = {"outcome": comment.outcome, "reply": comment.reply}
        comment.form = OutcomeForm(initial=initial, prefix=f"c{comment.pk}")  # type: ignore[attr-defined]
    final_form = final_form or FinalTextForm(initial={"final_text": draft.final_text or draft.text})
    return render(
        request,
        "handbook/drafts/manage.html",
        {"draft": draft, "threads": library.threads(comments), "final_form": final_form, "count": len(comments)},
    )


@requires(HANDBOOK_PUBLISH)
@require_POST
def comment_outcome(request, draft_id: int, comment_id: int):
    draft = access_draft(request.user, draft_id, for_write=True)
    comment = access_comment(request.user, draft, comment_id)
    form = OutcomeForm(request.POST, prefix=f"c{comment.pk}")
    if not form.is_valid():
        form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services_drafts.comment_decide(actor=request.user, comment=comment, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The outcome was saved; the member sees it with your reply."))
    else:
        messages.error(request, _("Choose an outcome."))
    return redirect("handbook:draft-manage", draft_id=draft.pk)


@requires(HANDBOOK_PUBLISH)
@require_POST
def draft_finalize(request, draft_id: int):
    draft = access_draft(request.user, draft_id, for_write=True)
    form = FinalTextForm(request.POST)
    if form.is_valid():
        with apply_service_errors(form):
            services_drafts.draft_finalize(actor=request.user, draft=draft, final_text=form.cleaned_data["final_text"])
            messages.success(request, _("The final text is published; comments are closed."))
            return redirect("handbook:draft-manage", draft_id=draft.pk)
    return draft_manage(request, draft.pk, final_form=form)
