"""The official forms of an admission case: which can be printed now, and each as PDF."""

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from sotay.core.api_responses import READ_ERRORS, responses
from sotay.core.schemas import Id
from sotay.recruitment import documents
from sotay.recruitment.access import access_case

router = Router()  # tagged by the recruitment router it is mounted on


class FormOut(Schema):
    kind: documents.FormKind
    title: str
    form_number: str
    step: str
    url: str


PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The form as PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get("/cases/{case_id}/forms", response=responses({200: list[FormOut]}, READ_ERRORS))
def list_case_forms(request: HttpRequest, case_id: Id):
    """The forms the case's record can print now, in the procedure's order; `url` downloads one."""
    case = access_case(request.user, case_id)
    return [
        {
            "kind": form.kind,
            "title": str(form.kind.label),
            "form_number": form.form_number,
            "step": form.step,
            "url": reverse("api:get_case_form", kwargs={"case_id": case.pk, "kind": form.kind.value}),
        }
        for form in documents.available_forms(case)
    ]


@router.get("/cases/{case_id}/forms/{kind}", response=responses({}, READ_ERRORS), openapi_extra=PDF_RESPONSE)
def get_case_form(request: HttpRequest, case_id: Id, kind: documents.FormKind):
    """One form as PDF, in Vietnamese as the Party issues it; 404 until the case records its step."""
    case = access_case(request.user, case_id)
    try:
        return documents.pdf_response(case, kind)
    except documents.FormNotReadyError as error:
        raise Http404(_("The case has not recorded the step this form prints yet.")) from error
