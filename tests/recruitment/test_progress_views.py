import datetime
import io
import json
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sotay.recruitment.choices import TargetKind
from sotay.recruitment.models import AdmissionTarget
from sotay.recruitment.services.targets import target_set
from sotay.recruitment.tallies import count_admission

pytestmark = pytest.mark.django_db

D = datetime.date
PROGRESS = reverse("recruitment:progress")


@pytest.fixture
def plan_2023(tree):
    """The province's 2023: 2,360 admitted against a plan of 2,253."""
    target_set(
        actor=tree.province_officer, unit=tree.province, year=2023, kind=TargetKind.ADMISSIONS, value=2253, reason="KH"
    )
    target_set(
        actor=tree.province_officer,
        unit=tree.district_a,
        year=2023,
        kind=TargetKind.ADMISSIONS,
        value=1000,
        reason="KH",
    )
    count_admission(unit_id=tree.cell_a1.pk, day=D(2023, 5, 19), categories=["all"], delta=2000)
    count_admission(unit_id=tree.cell_b1.pk, day=D(2023, 9, 2), categories=["all", "religious"], delta=360)
    return tree


def test_the_page_shows_each_child_and_the_total_in_the_users_language(plan_2023, client_for):
    client = client_for(plan_2023.province_officer)
    body = client.get(f"{PROGRESS}?unit={plan_2023.province.pk}&year=2023").content.decode()
    assert "104.75 %" in body and "exceeded by 4.75 %" in body
    assert "Huyện Kim Sơn" in body and "Huyện Yên Mô" in body
    chart = json.loads(re.search(r'<script id="progress-data" type="application/json">(.*?)</script>', body).group(1))
    assert chart["labels"] == ["Huyện Kim Sơn", "Huyện Yên Mô"]
    assert chart["admitted"] == [2000, 360]
    assert chart["percent"][0] == 200.0
    assert "vendor/chart.umd.min.js" in body and "recruitment/progress.js" in body
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    body = client.get(f"{PROGRESS}?unit={plan_2023.province.pk}&year=2023").content.decode()
    assert "104,75 %" in body and "2.360" in body
    # Years and ids in links and headings are not numbers to group: 2023, not 2.023.
    assert f"?unit={plan_2023.district_a.pk}&amp;year=2023&amp;as_of=2023-12-31" in body
    assert "2.023" not in body


def test_the_page_opens_on_the_users_own_unit_and_this_year(tree, client_for):
    response = client_for(tree.district_officer).get(PROGRESS)
    assert response.status_code == 200
    report = response.context["report"]
    today = timezone.localdate()
    assert (report.unit, report.year, report.as_of) == (tree.district_a, today.year, today)
    assert "Huyện Yên Mô" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year=1999", "year"),
        ("year=abc", "year"),
        ("year=2025&as_of=2024-05-01", "as_of"),
        ("unit_code=DB", "unit_code"),
    ],
)
def test_bad_choices_get_a_message_next_to_the_field(tree, client_for, query, field):
    response = client_for(tree.district_officer).get(f"{PROGRESS}?{query}")
    assert response.status_code == 200
    assert response.context["report"] is None
    assert field in response.context["form"].errors


def test_a_unit_of_another_district_is_404(tree, client_for):
    client = client_for(tree.district_officer)
    for name in ("recruitment:progress", "recruitment:progress-xlsx", "recruitment:progress-pdf"):
        assert client.get(f"{reverse(name)}?unit={tree.district_b.pk}").status_code == 404
    assert client.get(reverse("recruitment:targets", args=[tree.district_b.pk])).status_code == 404


def test_a_member_without_a_role_gets_404(tree, client_for):
    assert client_for(tree.member_user).get(PROGRESS).status_code == 404


def test_the_xlsx_has_every_row_and_the_exact_ratio(plan_2023, client_for):
    response = client_for(plan_2023.province_officer).get(
        reverse("recruitment:progress-xlsx") + f"?unit={plan_2023.province.pk}&year=2023"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="progress-P-2023-2023-12-31.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [row[:3] for row in rows] == [("Huyện Kim Sơn", 1000, 2000), ("Huyện Yên Mô", 1, 360), ("Total", 2253, 2360)]
    assert rows[-1][3] == pytest.approx(2360 / 2253)
    assert sheet.cell(row=4 + 2, column=4).number_format == "0.00%"


def pdf_text(content: bytes) -> str:
    """The text of a PDF, as poppler's pdftotext (on the machine with WeasyPrint's fonts) reads it."""
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S607
    return done.stdout.decode()


def test_the_pdf_has_the_figures(plan_2023, client_for):
    response = client_for(plan_2023.province_officer).get(
        reverse("recruitment:progress-pdf") + f"?unit={plan_2023.province.pk}&year=2023"
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Huyện Kim Sơn" in text and "104.75 %" in text


def test_an_officer_sets_a_target_on_the_page(tree, client_for):
    client = client_for(tree.district_officer)
    url = reverse("recruitment:targets", args=[tree.district_a.pk])
    page = client.get(f"{url}?year=2026")
    assert page.status_code == 200 and "Xã Kim Đông" in page.content.decode()
    response = client.post(url, {"year": 2026, "unit": tree.commune_a.pk, "kind": "students", "value": 4})
    assert response.status_code == 302
    target = AdmissionTarget.objects.get()
    assert (target.unit, target.year, target.kind, target.value) == (tree.commune_a, 2026, "students", 4)


def test_an_override_without_a_reason_is_refused_next_to_the_reason(tree, client_for):
    client = client_for(tree.district_officer)
    url = reverse("recruitment:targets", args=[tree.district_a.pk])
    response = client.post(url, {"year": 2026, "unit": tree.commune_a.pk, "kind": "admissions", "value": 40})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not AdmissionTarget.objects.exists()
    response = client.post(url, {"year": 2026, "unit": tree.commune_b.pk, "kind": "admissions", "value": 4})
    assert "unit" in response.context["form"].errors
    assert not AdmissionTarget.objects.exists()


def test_a_viewer_cannot_open_the_targets_page(tree, client_for):
    url = reverse("recruitment:targets", args=[tree.district_a.pk])
    assert client_for(tree.district_viewer).get(url).status_code == 404


def test_the_form_shows_the_year_and_the_day_reported(tree, client_for):
    client = client_for(tree.district_officer)
    today = timezone.localdate()
    form = client.get(PROGRESS).context["form"]
    assert (form["year"].value(), form["as_of"].value()) == (str(today.year), today.isoformat())
    body = client.get(PROGRESS).content.decode()
    assert f'name="year" value="{today.year}"' in body and f'name="as_of" value="{today.isoformat()}"' in body
    # A past year without a day is reported as of its last day, and says so.
    form = client.get(f"{PROGRESS}?year=2024").context["form"]
    assert (form["year"].value(), form["as_of"].value()) == ("2024", "2024-12-31")
