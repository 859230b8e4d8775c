"""The official forms of an admission case, downloaded as PDF."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from sotay.core.access import requires
from sotay.core.permissions import RECRUITMENT_VIEW
from sotay.recruitment import documents
from sotay.recruitment.access import access_case


@requires(RECRUITMENT_VIEW)
def case_form(request, case_id: int, kind: str):
    case = access_case(request.user, case_id)
    if kind not in documents.FormKind.values:
        raise Http404(_("There is no such form."))
    form_kind = documents.FormKind(kind)
    try:
        return documents.pdf_response(case, form_kind)
    except documents.FormNotReadyError:
        form = documents.FORMS[form_kind]
        return render(
            request,
            "recruitment/documents/not_ready.html",
            {"case": case, "form_kind": form_kind, "step": form.step, "available": documents.available_forms(case)},
            status=404,
        )
