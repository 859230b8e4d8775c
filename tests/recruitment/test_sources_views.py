import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sotay.members.choices import Education, Religion
from sotay.organizations.models import SpecialArea
from sotay.recruitment.choices import MassOrganization, SourceCategory, SourceStatus
from sotay.recruitment.models import Candidate
from tests.factories import make_candidate, make_unit, open_case, pass_awareness

LIST = reverse("recruitment:source-list")


def detail(source) -> str:
    return reverse("recruitment:source-detail", args=[source.pk])


@pytest.fixture
def sources(tree):
    return {
        "nguyen": make_candidate(tree.cell_a1, "Nguyễn Thị Lan", category=SourceCategory.STUDENT),
        "dang": make_candidate(tree.cell_a1, "Đặng Văn Nam", category=SourceCategory.WORKER),
        "dinh": make_candidate(
            tree.cell_a2, "Đinh Quang Nguyên", category=SourceCategory.WORKER, mass_organization=MassOrganization.NONE
        ),
        "other": make_candidate(tree.cell_b1, "Nguyễn Văn Xa", category=SourceCategory.STUDENT),
    }


def names(response) -> list[str]:
    return [source.full_name for source in response.context["page"].sources]


def test_the_list_is_scoped_and_in_vietnamese_order(tree, sources, client_for):
    response = client_for(tree.district_officer).get(LIST)
    # D before Đ; the district-B source is not there.
    assert names(response) == ["Đặng Văn Nam", "Đinh Quang Nguyên", "Nguyễn Thị Lan"]
    assert "Nguyễn Văn Xa" not in response.content.decode()
    assert response.context["page"].total == 3


def test_search_ignores_diacritics_and_finds_any_word(tree, sources, client_for):
    client = client_for(tree.district_officer)
    assert names(client.get(LIST, {"q": "nguyen"})) == ["Đinh Quang Nguyên", "Nguyễn Thị Lan"]
    assert names(client.get(LIST, {"q": "lan NGUY"})) == ["Nguyễn Thị Lan"]
    assert names(client.get(LIST, {"q": "dang"})) == ["Đặng Văn Nam"]
    empty = client.get(LIST, {"q": "zzz"})
    assert names(empty) == [] and "No source's name has a word starting with" in empty.content.decode()


def test_filters_by_unit_category_status_and_mass_organization(tree, sources, client_for):
    client = client_for(tree.district_officer)
    assert names(client.get(LIST, {"unit": tree.cell_a2.pk})) == ["Đinh Quang Nguyên"]
    assert names(client.get(LIST, {"unit_code": "ca1", "category": "worker"})) == ["Đặng Văn Nam"]
    assert names(client.get(LIST, {"mass_organization": "youth_union"})) == ["Đặng Văn Nam", "Nguyễn Thị Lan"]
    sources["dang"].status = SourceStatus.DROPPED
    sources["dang"].save()
    assert names(client.get(LIST, {"status": "active"})) == ["Đinh Quang Nguyên", "Nguyễn Thị Lan"]


def test_a_unit_code_outside_the_scope_is_an_error_next_to_the_field(tree, sources, client_for):
    response = client_for(tree.district_officer).get(LIST, {"unit_code": "CB1"})
    assert response.context["form"].errors == {"unit_code": ["No unit you can see has this code."]}
    assert "Nguyễn Văn Xa" not in response.content.decode()


def test_counts_per_unit_and_category(tree, sources, client_for, django_assert_num_queries):
    client = client_for(tree.province_officer)
    # Session, user, roles, the unit; the count, the page, the counts and their units: the same
    # eight whatever the number of sources.
    with django_assert_num_queries(8):
        response = client.get(LIST, {"unit": tree.commune_a.pk})
    counts = response.context["counts"]
    assert counts.categories == [SourceCategory.WORKER, SourceCategory.STUDENT]
    assert [(row.unit.name, row.values) for row in counts.rows] == [
        ("Chi bộ thôn Một", [1, 1]),
        ("Chi bộ thôn Hai", [1, 0]),
    ]
    assert (counts.totals, counts.total) == ([2, 1], 3)
    whole = client.get(LIST).context["counts"]  # one level below the province: its districts
    assert [(row.unit.name, row.total) for row in whole.rows] == [("Huyện Kim Sơn", 3), ("Huyện Yên Mô", 1)]


def test_the_list_links_to_a_new_source_where_one_can_be_added(tree, sources, client_for):
    client = client_for(tree.secretary)
    assert client.get(LIST, {"unit": tree.cell_a1.pk}).context["add_to"] == tree.cell_a1
    # Their own cell, when the list is not narrowed to a unit.
    response = client.get(LIST)
    assert response.context["add_to"] == tree.cell_a1
    assert "Add a source to Chi bộ thôn Một" in response.content.decode()
    officer = client_for(tree.district_officer)
    assert officer.get(LIST).context["add_to"] is None  # a district holds no sources
    viewer = client_for(tree.district_viewer)
    assert viewer.get(LIST, {"unit": tree.cell_a1.pk}).context["add_to"] is None


def test_create_shows_each_mistake_next_to_its_field(tree, client_for):
    url = reverse("recruitment:source-create", args=[tree.cell_a1.pk])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_for(tree.secretary).post(
        url,
        {
            "full_name": "",
            "gender": "female",
            "birth_date": tomorrow,
            "general_education": "12/12",
            "category": "worker",
            "identified_on": tomorrow,
            "phone": "09x",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"full_name", "birth_date", "identified_on", "phone"}
    assert errors["birth_date"] == ["The birth date cannot be in the future."]
    assert not Candidate.objects.exists()
    # A secretary does not see the sensitive fields.
    assert "religion" not in response.context["form"].fields


def test_create_then_detail(tree, client_for):
    client = client_for(tree.district_officer)
    url = reverse("recruitment:source-create", args=[tree.cell_a1.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "full_name": "Lò Văn Páo",
            "gender": "male",
            "birth_date": "2001-10-10",
            "vietnamese_citizen": "on",
            "ethnicity": "Thái",
            "ethnic_minority": "on",
            "religion": "none",
            "general_education": "5/12",
            "category": "village_head",
            "mass_organization": "farmers",
            "helper": tree.an.pk,
            "identified_on": "2026-03-01",
        },
    )
    source = Candidate.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(source)
    assert (source.ethnic_minority, source.helper, source.general_education) == (True, tree.an, Education.PRIMARY)


def test_a_unit_that_cannot_hold_sources_says_so(tree, client_for):
    url = reverse("recruitment:source-create", args=[tree.district_a.pk])
    client = client_for(tree.district_officer)
    assert "Huyện Kim Sơn is neither" in client.get(url).content.decode()
    response = client.post(url, {"full_name": "Lò Văn Páo"})
    assert response.status_code == 200 and not Candidate.objects.exists()


def test_the_detail_explains_each_rule_with_its_source(tree, client_for):
    source = make_candidate(tree.cell_a1, "Lò Văn Páo", general_education=Education.PRIMARY)
    response = client_for(tree.district_officer).get(detail(source))
    body = response.content.decode()
    eligibility = response.context["eligibility"]
    assert eligibility.verdict == "not_eligible"
    assert [(c.rule, c.outcome) for c in eligibility.checks] == [
        ("citizenship", "pass"),
        ("age", "pass"),
        ("education", "fail"),
        ("religion", "pass"),
    ]
    assert "Does not meet one rule on" in body
    assert "Needs general education to grade 9/12" in body
    assert "Điều lệ Đảng, Điều 1" in body


def test_the_area_exception_is_explained_and_named(tree, client_for):
    tree.district_a.special_area = SpecialArea.HIGHLAND
    tree.district_a.save()
    source = make_candidate(tree.cell_a1, general_education=Education.PRIMARY, ethnic_minority=True)
    officer = client_for(tree.district_officer).get(detail(source))
    assert officer.context["eligibility"].verdict == "eligible"
    assert "Huyện Kim Sơn is flagged as: Highland." in officer.content.decode()
    assert "enough for an ethnic-minority candidate" in officer.content.decode()


def test_a_reader_without_the_sensitive_permission_sees_outcomes_not_sensitive_reasons(tree, client):
    tree.district_a.special_area = SpecialArea.HIGHLAND
    tree.district_a.save()
    source = make_candidate(
        tree.cell_a1, general_education=Education.PRIMARY, ethnic_minority=True, religion=Religion.CATHOLICISM
    )
    client.force_login(tree.secretary)
    response = client.get(detail(source))
    body = response.content.decode()
    assert "ethnic-minority" not in body and "religious believer" not in body
    assert 'id="sensitive"' not in body
    checks = {c.rule: c for c in response.context["eligibility"].checks}
    assert checks["education"].outcome == "pass" and checks["education"].value == ""
    assert "sensitive personal data you may not see" in checks["religion"].message


def test_the_day_of_the_vote_can_be_chosen(tree, client_for):
    source = make_candidate(tree.cell_a1, birth_date=datetime.date(2008, 6, 15))
    client = client_for(tree.district_officer)
    before = client.get(detail(source), {"on": "2026-06-14"}).context["eligibility"]
    on_the_day = client.get(detail(source), {"on": "2026-06-15"}).context["eligibility"]
    assert (before.verdict, on_the_day.verdict) == ("not_eligible", "eligible")
    assert before.on == datetime.date(2026, 6, 14)
    bad = client.get(detail(source), {"on": "15-06"})
    assert bad.context["eligibility"].on == timezone.localdate()
    assert bad.context["form"].errors["on"]


def test_edit_and_drop_pages(tree, client_for):
    source = make_candidate(tree.cell_a1, "Ngô Văn Tâm")
    client = client_for(tree.secretary)
    edit = reverse("recruitment:source-edit", args=[source.pk])
    form = client.get(edit).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["vietnamese_citizen"] = "on"
    data["occupation"] = "Công nhân may"
    assert client.post(edit, data).status_code == 302
    source.refresh_from_db()
    assert source.occupation == "Công nhân may"
    drop = reverse("recruitment:source-drop", args=[source.pk])
    refused = client.post(drop, {"on": timezone.localdate().isoformat(), "reason": ""})
    assert refused.context["form"].errors == {"reason": ["This field is required."]}
    assert client.post(drop, {"on": timezone.localdate().isoformat(), "reason": "Đi học xa"}).status_code == 302
    page = client.get(detail(source)).content.decode()
    assert "Đi học xa" in page
    assert client.get(edit).status_code == 200  # shown, but the service refuses the change
    refused = client.post(edit, data)
    assert "no longer a source being developed" in " ".join(refused.context["form"].non_field_errors())


def test_a_viewer_reads_but_does_not_change(tree, client_for):
    source = make_candidate(tree.cell_a1)
    client = client_for(tree.district_viewer)
    assert client.get(detail(source)).status_code == 200
    assert client.get(reverse("recruitment:source-edit", args=[source.pk])).status_code == 404


def test_sources_of_a_new_cell_count_under_it(tree, client_for):
    cell = make_unit(tree.commune_a, "Chi bộ thôn Năm", code="CA5")
    make_candidate(cell, "Hà Thị Mai")
    counts = client_for(tree.district_officer).get(LIST, {"unit": tree.commune_a.pk}).context["counts"]
    assert [(row.unit.code, row.total) for row in counts.rows] == [("CA5", 1)]


def test_the_detail_opens_a_case_and_lists_the_source_s_cases_and_classes(tree, client_for):
    source = make_candidate(tree.cell_a1, "Lê Thị Mở", identified_on=datetime.date(2024, 1, 8))
    open_url = reverse("recruitment:case-open", args=[source.pk])
    body = client_for(tree.secretary).get(detail(source)).content.decode()
    assert f'href="{open_url}"' in body
    assert "Not enrolled in any class yet." in body
    assert f'href="{open_url}"' not in client_for(tree.district_viewer).get(detail(source)).content.decode()

    enrollment = pass_awareness(source, number="NT-042")
    case = open_case(source, tree.district_officer)
    body = client_for(tree.secretary).get(detail(source)).content.decode()
    assert f'href="{open_url}"' not in body  # the source is in a case now
    assert f'href="{reverse("recruitment:case-detail", args=[case.pk])}"' in body
    assert f'href="{reverse("recruitment:course-detail", args=[enrollment.course_id])}"' in body
    assert "NT-042" in body
