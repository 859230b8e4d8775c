import datetime

import pytest

from sotay.recruitment.choices import TargetKind
from sotay.recruitment.models import AdmissionTarget
from sotay.recruitment.services.targets import target_set
from sotay.recruitment.tallies import count_admission
from tests.api_calls import refused_field_message

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_report_of_a_past_year(tree, client, bearer_for):
    target_set(
        actor=tree.province_officer, unit=tree.province, year=2023, kind=TargetKind.ADMISSIONS, value=2253, reason="KH"
    )
    count_admission(unit_id=tree.cell_a1.pk, day=D(2023, 5, 19), categories=["all", "students"], delta=2000)
    count_admission(unit_id=tree.cell_b1.pk, day=D(2023, 9, 2), categories=["all"], delta=360)
    response = client.get(
        f"/api/recruitment/progress?unit={tree.province.pk}&year=2023", **bearer_for(tree.province_officer)
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["as_of"], data["forecast"]) == ("2023-12-31", False)
    total = data["total"]
    assert (total["admitted"], total["target"], total["percent"], total["exceeded_by_percent"]) == (
        2360,
        2253,
        "104.75",
        "4.75",
    )
    assert [(row["unit"]["code"], row["admitted"], row["categories"].get("students", 0)) for row in data["rows"]] == [
        ("DA", 2000, 2000),
        ("DB", 360, 0),
    ]


def test_the_report_as_of_a_day_with_its_forecast(tree, client, bearer_for):
    count_admission(unit_id=tree.cell_a1.pk, day=D(2026, 3, 1), categories=["all"], delta=5)
    response = client.get(
        f"/api/recruitment/progress?unit={tree.district_a.pk}&year=2026&as_of=2026-06-30",
        **bearer_for(tree.district_officer),
    )
    data = response.json()
    assert data["forecast"] is True
    # No pattern last year: the pace of the days, 5 in 181 of 365 days.
    assert data["rows"][0]["expected_by_year_end"] == 10


def test_another_district_is_404_and_a_day_outside_the_year_is_422(tree, client, bearer_for):
    headers = bearer_for(tree.district_officer)
    assert client.get(f"/api/recruitment/progress?unit={tree.district_b.pk}", **headers).status_code == 404
    assert client.get(f"/api/recruitment/targets?unit={tree.district_b.pk}", **headers).status_code == 404
    response = client.get("/api/recruitment/progress?year=2026&as_of=2025-01-01", **headers)
    assert response.status_code == 422


def test_targets_are_listed_with_their_defaults(tree, client, bearer_for):
    target_set(actor=tree.district_officer, unit=tree.commune_a, year=2026, kind=TargetKind.STUDENTS, value=2)
    response = client.get(
        f"/api/recruitment/targets?unit={tree.district_a.pk}&year=2026", **bearer_for(tree.district_officer)
    )
    data = response.json()
    assert [(item["unit"]["code"], item["members_on_1_january"], item["default_target"]) for item in data] == [
        ("DA", 2, 1),
        ("GA", 2, 1),
    ]
    assert data[1]["targets"][0]["kind"] == "students" and data[1]["targets"][0]["value"] == 2


def test_an_officer_sets_a_target(tree, client, bearer_for):
    response = client.post(
        "/api/recruitment/targets",
        {"unit_id": tree.commune_a.pk, "year": 2026, "kind": "admissions", "value": 3, "reason": "Nhiều nguồn"},
        content_type="application/json",
        **bearer_for(tree.district_officer),
    )
    assert response.status_code == 200, response.content
    assert response.json()["default_value"] == 1
    assert AdmissionTarget.objects.get().reason == "Nhiều nguồn"


def test_an_override_without_a_reason_is_refused_on_the_reason(tree, client):
    message = refused_field_message(
        client,
        tree.district_officer,
        "/api/recruitment/targets",
        {"unit_id": tree.commune_a.pk, "year": 2026, "kind": "admissions", "value": 3},
        "reason",
    )
    assert "default target is 1" in message
    assert not AdmissionTarget.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": -1}, "value"),
        ({"value": "3"}, "value"),
        ({"year": 1990}, "year"),
        ({"kind": "weather"}, "kind"),
    ],
)
def test_bad_bodies_are_refused_on_the_field(tree, client, body, field):
    full = {"unit_id": tree.commune_a.pk, "year": 2026, "kind": "students", "value": 3, **body}
    assert refused_field_message(client, tree.district_officer, "/api/recruitment/targets", full, field)
    assert not AdmissionTarget.objects.exists()


def test_a_viewer_may_read_but_not_set(tree, client, bearer_for):
    headers = bearer_for(tree.district_viewer)
    assert client.get("/api/recruitment/progress", **headers).status_code == 200
    response = client.post(
        "/api/recruitment/targets",
        {"unit_id": tree.commune_a.pk, "year": 2026, "kind": "students", "value": 3},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert not AdmissionTarget.objects.exists()


def test_a_year_still_to_come_is_read_as_of_its_first_day_with_nothing_admitted(tree, client, bearer_for):
    next_year = datetime.date.today().year + 1
    response = client.get(
        f"/api/recruitment/progress?unit={tree.province.pk}&year={next_year}", **bearer_for(tree.province_officer)
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["as_of"], data["total"]["admitted"]) == (f"{next_year}-01-01", 0)


def test_the_page_reads_a_year_still_to_come_too(tree, client_for):
    next_year = datetime.date.today().year + 1
    response = client_for(tree.province_officer).get(f"/recruitment/progress/?unit={tree.province.pk}&year={next_year}")
    assert response.status_code == 200
