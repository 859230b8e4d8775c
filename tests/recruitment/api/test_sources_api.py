import datetime

import pytest

from sotay.members.choices import Education, Religion
from sotay.organizations.models import SpecialArea
from sotay.recruitment.choices import SourceCategory, SourceStatus
from sotay.recruitment.models import Candidate
from tests.factories import make_candidate

API = "/api/recruitment/sources"
NEW_SOURCE = {
    "full_name": "Đỗ Thị Hương",
    "gender": "female",
    "birth_date": "1999-03-08",
    "category": "worker",
    "mass_organization": "youth_union",
    "identified_on": "2026-02-01",
}


@pytest.fixture
def officer(tree, bearer_for):
    return bearer_for(tree.district_officer)


def test_list_is_scoped_searchable_and_paged(tree, client, officer):
    make_candidate(tree.cell_a1, "Nguyễn Thị Lan")
    make_candidate(tree.cell_a2, "Đinh Quang Nguyên")
    make_candidate(tree.cell_a1, "Đặng Văn Nam")
    make_candidate(tree.cell_b1, "Nguyễn Văn Xa")
    body = client.get(API, {"q": "nguyen"}, **officer).json()
    assert [s["full_name"] for s in body["items"]] == ["Đinh Quang Nguyên", "Nguyễn Thị Lan"]
    assert body["total"] == 2
    first = client.get(API, {"limit": 2}, **officer).json()
    second = client.get(API, {"limit": 2, "after": first["next"]}, **officer).json()
    assert [s["full_name"] for s in first["items"] + second["items"]] == [
        "Đặng Văn Nam",
        "Đinh Quang Nguyên",
        "Nguyễn Thị Lan",
    ]
    assert second["next"] is None
    assert client.get(API, {"unit": tree.commune_b.pk}, **officer).status_code == 404


def test_counts_by_unit_and_category(tree, client, officer):
    make_candidate(tree.cell_a1, "A", category=SourceCategory.STUDENT)
    make_candidate(tree.cell_a1, "B", category=SourceCategory.STUDENT)
    make_candidate(tree.cell_a2, "C", category=SourceCategory.WORKER)
    body = client.get(f"{API}/counts", {"unit": tree.commune_a.pk}, **officer).json()
    assert body == {
        "rows": [
            {"unit_id": tree.cell_a1.pk, "unit_name": "Chi bộ thôn Một", "by_category": {"student": 2}, "total": 2},
            {"unit_id": tree.cell_a2.pk, "unit_name": "Chi bộ thôn Hai", "by_category": {"worker": 1}, "total": 1},
        ],
        "totals": {"worker": 1, "student": 2},
        "total": 3,
    }


def test_create_answers_201_with_the_record(tree, client, officer):
    response = client.post(
        API,
        {**NEW_SOURCE, "unit_id": tree.cell_a1.pk, "helper_id": tree.an.pk, "responsible_id": tree.district_officer.pk},
        content_type="application/json",
        **officer,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["full_name"], body["status"], body["helper_name"], body["religion"]) == (
        "Đỗ Thị Hương",
        "active",
        "Nguyễn Văn An",
        "none",
    )
    assert Candidate.objects.get().responsible == tree.district_officer


def test_create_refusals_name_the_field(tree, client, officer):
    response = client.post(
        API,
        {**NEW_SOURCE, "unit_id": tree.cell_a1.pk, "birth_date": "2999-01-01", "helper_id": tree.dung.pk},
        content_type="application/json",
        **officer,
    )
    assert response.status_code == 422
    # A member of another district is answered as an unknown id: nothing about them shows. The
    # other mistakes come in the same answer.
    detail = response.json()["detail"]
    assert detail == [
        {"loc": ["body", "birth_date"], "msg": "The birth date cannot be in the future.", "type": "rule"},
        {"loc": ["body", "helper_id"], "msg": "Choose a full member of Chi bộ thôn Một.", "type": "rule"},
    ]
    response = client.post(
        API,
        {**NEW_SOURCE, "unit_id": tree.cell_a1.pk, "birth_date": "2999-01-01"},
        content_type="application/json",
        **officer,
    )
    assert response.json()["detail"] == [
        {"loc": ["body", "birth_date"], "msg": "The birth date cannot be in the future.", "type": "rule"}
    ]
    assert not Candidate.objects.exists()


def test_sensitive_fields_are_null_and_refused_without_the_permission(tree, client, bearer_for):
    source = make_candidate(tree.cell_a1, religion=Religion.BUDDHISM, ethnicity="Mường")
    secretary = bearer_for(tree.secretary)
    body = client.get(f"{API}/{source.pk}", **secretary).json()
    assert (body["religion"], body["ethnicity"], body["ethnic_minority"]) == (None, None, None)
    response = client.patch(f"{API}/{source.pk}", {"religion": "none"}, content_type="application/json", **secretary)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "religion"]


def test_patch_changes_only_what_is_sent(tree, client, officer):
    source = make_candidate(tree.cell_a1, occupation="Nông dân")
    response = client.patch(
        f"{API}/{source.pk}", {"phone": "0912 345 678", "address": None}, content_type="application/json", **officer
    )
    assert response.status_code == 200, response.content
    source.refresh_from_db()
    assert (source.phone, source.address, source.occupation) == ("0912345678", "", "Nông dân")


def test_drop_then_no_more_edits(tree, client, officer):
    source = make_candidate(tree.cell_a1)
    today = datetime.date.today().isoformat()
    refused = client.post(
        f"{API}/{source.pk}/drop", {"on": today, "reason": ""}, content_type="application/json", **officer
    )
    assert refused.status_code == 422
    response = client.post(
        f"{API}/{source.pk}/drop", {"on": today, "reason": "Chuyển đi"}, content_type="application/json", **officer
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["drop_reason"]) == ("dropped", "Chuyển đi")
    assert Candidate.objects.get().status == SourceStatus.DROPPED
    again = client.patch(f"{API}/{source.pk}", {"notes": "x"}, content_type="application/json", **officer)
    assert again.status_code == 422


def test_eligibility_on_a_chosen_day(tree, client, officer):
    source = make_candidate(tree.cell_a1, birth_date=datetime.date(2008, 6, 15), general_education=Education.PRIMARY)
    body = client.get(f"{API}/{source.pk}/eligibility", {"on": "2026-06-14"}, **officer).json()
    assert (body["on"], body["eligible"], body["verdict"]) == ("2026-06-14", False, "not_eligible")
    checks = {check["rule"]: check for check in body["checks"]}
    assert checks["age"]["outcome"] == "fail" and checks["age"]["value"] == "18–60"
    assert checks["age"]["source"] == "Điều lệ Đảng 2011, Điều 1"
    assert checks["education"]["outcome"] == "fail" and checks["education"]["value"] == "9/12"
    tree.district_a.special_area = SpecialArea.BORDER
    tree.district_a.save()
    source.ethnic_minority = True
    source.save()
    body = client.get(f"{API}/{source.pk}/eligibility", {"on": "2026-06-15"}, **officer).json()
    assert (body["verdict"], body["special_area_unit_id"]) == ("eligible", tree.district_a.pk)


def test_eligibility_today_by_default_and_404_outside_the_scope(tree, client, officer):
    ours, theirs = make_candidate(tree.cell_a1), make_candidate(tree.cell_b1)
    body = client.get(f"{API}/{ours.pk}/eligibility", **officer).json()
    assert body["on"] == datetime.date.today().isoformat() and body["verdict"] == "eligible"
    assert client.get(f"{API}/{theirs.pk}/eligibility", **officer).status_code == 404
    assert client.get(f"{API}/{theirs.pk}", **officer).status_code == 404


def test_a_session_write_needs_its_csrf_token(tree, client):
    client.force_login(tree.district_officer)
    response = client.post(API, {**NEW_SOURCE, "unit_id": tree.cell_a1.pk}, content_type="application/json")
    assert response.status_code == 403
    assert not Candidate.objects.exists()


def test_a_patch_naming_someone_without_a_role_here_is_refused_and_nothing_changes(tree, client, officer):
    source = make_candidate(tree.cell_a1, occupation="Nông dân")
    response = client.patch(
        f"{API}/{source.pk}",
        {"responsible_id": tree.outsider.pk, "occupation": "Thợ may", "phone": "12ab"},
        content_type="application/json",
        **officer,
    )
    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["detail"]} == {("body", "responsible_id"), ("body", "phone")}
    source.refresh_from_db()
    assert (source.occupation, source.responsible) == ("Nông dân", None)
    response = client.patch(
        f"{API}/{source.pk}", {"responsible_id": tree.province_officer.pk}, content_type="application/json", **officer
    )
    assert response.json()["responsible_id"] == tree.province_officer.pk
    cleared = client.patch(f"{API}/{source.pk}", {"responsible_id": None}, content_type="application/json", **officer)
    assert cleared.json()["responsible_id"] is None
