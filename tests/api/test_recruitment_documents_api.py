"""The official forms through the API: which can be printed, each as PDF, scoped like the case."""

import datetime

import pytest

from sotay.recruitment.choices import Step
from tests.factories import make_candidate, make_case, make_walked_case
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

NAME = "Đỗ Thị Ngọc Diễm"


@pytest.fixture
def case(tree):
    return make_walked_case(tree, NAME)


def test_the_api_lists_the_forms_and_downloads_one(tree, case, client, bearer_for):
    headers = bearer_for(tree.district_officer)
    listed = client.get(f"/api/recruitment/cases/{case.pk}/forms", **headers)
    assert listed.status_code == 200
    assert [(f["kind"], f["form_number"]) for f in listed.json()] == [
        ("application", ""),
        ("cell-resolution", "6-KNĐ"),
        ("committee-resolution", "8-KNĐ"),
        ("admission-decision", "9-KNĐ"),
        ("recognition-decision", "16-KNĐ"),
    ]
    url = listed.json()[3]["url"]
    assert url == f"/api/recruitment/cases/{case.pk}/forms/admission-decision"
    response = client.get(url, **headers)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Số 345-QĐ/HU" in pdf_text(response.content)


def test_the_api_is_404_outside_the_scope_and_before_the_step(tree, client, bearer_for):
    case = make_case(
        make_candidate(tree.cell_a1, NAME), until=Step.CELL_VOTED, start=datetime.date(2026, 5, 4), actor=tree.secretary
    )
    outsider = bearer_for(tree.outsider)
    assert client.get(f"/api/recruitment/cases/{case.pk}/forms", **outsider).status_code == 404
    assert client.get(f"/api/recruitment/cases/{case.pk}/forms/application", **outsider).status_code == 404
    ours = bearer_for(tree.secretary)
    early = client.get(f"/api/recruitment/cases/{case.pk}/forms/admission-decision", **ours)
    assert early.status_code == 404
    assert early.json() == {"detail": "The case has not recorded the step this form prints yet."}
    assert client.get(f"/api/recruitment/cases/{case.pk}/forms/passport", **ours).status_code == 422
