import datetime

import pytest
from django.urls import reverse

from sotay.members.choices import Status
from sotay.members.models import Member, MemberStatusEvent, MemberUnitEvent
from sotay.members.selectors import PAGE_SIZE
from tests.factories import make_member

VALID = {
    "full_name": "Vũ Thị Lan",
    "gender": "female",
    "birth_date": "1992-08-19",
    "general_education": "12/12",
    "professional_level": "bachelor",
    "political_theory": "elementary",
    "category": "public_employee",
    "admitted_on": "2025-05-19",
    "status": "probationary",
}


def test_list_searches_without_diacritics(tree, client_for):
    response = client_for(tree.province_officer).get("/members/?q=nguyen+van+an")
    assert "Nguyễn Văn An" in response.content.decode()
    assert "Trần Thị Bình" not in response.content.decode()
    response = client_for(tree.province_officer).get("/members/?q=Nguyễn")
    assert "Nguyễn Văn An" in response.content.decode()


def test_list_filters(tree, client_for):
    client = client_for(tree.province_officer)
    body = client.get(f"/members/?unit={tree.cell_a1.pk}&gender=female&status=full").content.decode()
    assert "Nguyễn Văn An" in body and "Lê Minh Chí" not in body
    body = client.get("/members/?status=probationary").content.decode()
    assert "Lê Minh Chí" in body and "Nguyễn Văn An" not in body
    body = client.get("/members/?age_band=-30").content.decode()
    assert "Lê Minh Chí" in body and "Nguyễn Văn An" not in body
    body = client.get("/members/?category=student").content.decode()
    assert "Lê Minh Chí" in body and "Phạm Đức Dũng" not in body
    body = client.get("/members/?religion=buddhism").content.decode()
    assert "Phạm Đức Dũng" in body and "Nguyễn Văn An" not in body


def test_htmx_request_gets_only_the_results(tree, client_for):
    response = client_for(tree.province_officer).get("/members/?q=tran", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Trần Thị Bình" in body and "<html" not in body


def test_religion_filter_is_not_offered_without_the_permission(tree, client_for):
    body = client_for(tree.secretary).get("/members/").content.decode()
    assert 'name="religion"' not in body
    body = client_for(tree.secretary).get("/members/?religion=catholicism").content.decode()
    assert "Nguyễn Văn An" in body  # the unknown parameter is ignored, not applied


@pytest.mark.parametrize(
    "query", ["q=%00", "status=nonsense", "unit=abc", "unit=0", "after=%%%", "after=YQBiHzU=", "q=" + "a" * 200]
)
def test_bad_filters_get_a_message_not_an_error(tree, client_for, query):
    response = client_for(tree.province_officer).get(f"/members/?{query}")
    assert response.status_code == 200
    assert 'class="message error"' in response.content.decode()


# session, user, scope, members, their cells' parents, the counted tops of the scope and their counts
LIST_QUERIES = 7


def test_list_query_count_does_not_grow_with_rows(tree, client_for, django_assert_num_queries):
    client = client_for(tree.province_officer)
    with django_assert_num_queries(LIST_QUERIES):
        client.get("/members/")
    for index in range(20):
        make_member(tree.cell_b1, f"Đinh Văn {index}")
    with django_assert_num_queries(LIST_QUERIES):
        client.get("/members/")


def test_detail_shows_sensitive_data_only_to_those_allowed(tree, client_for):
    url = reverse("member-detail", args=[tree.an.pk])
    assert "Catholicism" in client_for(tree.district_officer).get(url).content.decode()
    body = client_for(tree.secretary).get(url).content.decode()
    assert "Nguyễn Văn An" in body and "Catholicism" not in body and 'id="sensitive"' not in body


def test_member_sees_their_own_sensitive_data(tree, client_for):
    body = client_for(tree.member_user).get(reverse("member-detail", args=[tree.binh.pk])).content.decode()
    assert 'id="sensitive"' in body


def test_member_list_is_not_for_ordinary_members(tree, client_for):
    assert client_for(tree.member_user).get("/members/").status_code == 404


def test_create_through_the_form(tree, client_for):
    client = client_for(tree.secretary)
    response = client.post(reverse("member-create", args=[tree.cell_a1.pk]), VALID)
    member = Member.objects.get(full_name="Vũ Thị Lan")
    assert response.status_code == 302 and response.url == reverse("member-detail", args=[member.pk])
    assert member.unit == tree.cell_a1 and member.status == Status.PROBATIONARY


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"full_name": "x" * 121}, "full_name", "at most 120 characters"),
        ({"birth_date": "31/02/1990"}, "birth_date", "Enter a valid date."),
        ({"birth_date": "2990-01-01"}, "birth_date", "cannot be in the future"),
        ({"admitted_on": "1980-01-01"}, "admitted_on", "before the birth date"),
        ({"status": "full"}, "recognized_on", "recognized as a full member"),
        ({"gender": "unknown"}, "gender", "Select a valid choice"),
        ({"email": "not-an-email"}, "email", "not an email address"),
        ({"full_name": "An\x00"}, "full_name", "Null characters are not allowed."),
    ],
)
def test_create_form_bad_input_shows_the_message_by_the_field(tree, client_for, change, field, message):
    before = (Member.objects.count(), MemberStatusEvent.objects.count(), MemberUnitEvent.objects.count())
    response = client_for(tree.secretary).post(reverse("member-create", args=[tree.cell_a1.pk]), {**VALID, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert f'aria-describedby="id_{field}_error"' in response.content.decode()
    assert (Member.objects.count(), MemberStatusEvent.objects.count(), MemberUnitEvent.objects.count()) == before


def test_create_in_another_subtree_is_404(tree, client_for):
    response = client_for(tree.secretary).post(reverse("member-create", args=[tree.cell_b1.pk]), VALID)
    assert response.status_code == 404
    assert not Member.objects.filter(full_name="Vũ Thị Lan").exists()


def test_viewer_cannot_open_the_forms(tree, client_for):
    client = client_for(tree.district_viewer)
    assert client.get(reverse("member-edit", args=[tree.an.pk])).status_code == 404  # no write role anywhere


def test_secretary_of_another_cell_gets_403_on_a_visible_member(tree, client_for):
    from sotay.accounts.roles import Role
    from tests.factories import grant

    grant(tree.secretary, tree.commune_a, Role.VIEWER)
    assert client_for(tree.secretary).get(reverse("member-edit", args=[tree.chi.pk])).status_code == 403


def test_edit_keeps_sensitive_fields_of_those_who_cannot_see_them(tree, client_for):
    client = client_for(tree.secretary)
    form = client.get(reverse("member-edit", args=[tree.an.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["phone"] = "0987654321"
    response = client.post(reverse("member-edit", args=[tree.an.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    member = Member.objects.get(pk=tree.an.pk)
    assert (member.phone, member.religion) == ("0987654321", "catholicism")


def test_a_phone_number_typed_with_grouping_is_kept_compact(tree, client_for):
    """17 characters as typed, 12 as kept: the model's 15-character limit is for the stored value."""
    client = client_for(tree.secretary)
    form = client.get(reverse("member-edit", args=[tree.an.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(reverse("member-edit", args=[tree.an.pk]), {**data, "phone": "+84 (912) 345-678"})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert Member.objects.get(pk=tree.an.pk).phone == "+84912345678"
    response = client.post(reverse("member-edit", args=[tree.an.pk]), {**data, "phone": "+84 (912) 345-678 9012"})
    assert "phone" in response.context["form"].errors  # 15 digits, 16 characters even once compact


def test_status_change_form(tree, client_for):
    client = client_for(tree.secretary)
    url = reverse("member-status", args=[tree.an.pk])
    response = client.post(url, {"status": "exempt", "valid_from": "2026-01-02", "reason": ""})
    assert "reason" in response.context["form"].errors
    response = client.post(url, {"status": "exempt", "valid_from": "2026-01-02", "reason": "Sức khỏe yếu"})
    assert response.status_code == 302
    assert Member.objects.get(pk=tree.an.pk).status == Status.EXEMPT


def test_transfer_form_takes_a_cell_code(tree, client_for):
    client = client_for(tree.district_officer)
    url = reverse("member-transfer", args=[tree.an.pk])
    day = datetime.date.today().isoformat()
    response = client.post(url, {"unit_code": "CB1", "valid_from": day, "reason": "Chuyển"})
    assert "unit_code" in response.context["form"].errors  # another district: not a code they can see
    response = client.post(url, {"unit_code": "CA2", "valid_from": day, "reason": "Chuyển"})
    assert response.status_code == 302
    assert Member.objects.get(pk=tree.an.pk).unit == tree.cell_a2


def test_list_says_how_many_members_the_scope_holds(tree, client_for):
    assert "3 members" in client_for(tree.district_officer).get("/members/").content.decode()
    body = client_for(tree.district_officer).get("/members/?status=probationary").content.decode()
    assert "1 member" in body and "1 members" not in body


def test_out_of_scope_pages_explain_themselves_in_the_site_layout(tree, client_for):
    response = client_for(tree.district_officer).get(reverse("member-detail", args=[tree.dung.pk]))
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in body and "outside your responsibility" in body and "Members</a>" in body


def test_a_search_that_finds_nobody_says_how_names_are_searched(tree, client_for):
    body = client_for(tree.province_officer).get("/members/?q=van+binh").content.decode()
    assert "each word of “van binh”" in body and "“an”, “van an” and “an nguyen” all find" in body
    body = client_for(tree.province_officer).get("/members/?q=nguyen").content.decode()
    assert "1 member" in body and "Nguyễn Văn An" in body


def test_units_are_picked_by_code_and_a_link_by_id_shows_the_code(tree, client_for):
    client = client_for(tree.province_officer)
    body = client.get("/members/?unit_code=CA2").content.decode()
    assert "Lê Minh Chí" in body and "Nguyễn Văn An" not in body
    response = client.get(f"/members/?unit={tree.cell_a2.pk}")
    assert response.context["form"]["unit_code"].value() == "CA2"
    assert "Lê Minh Chí" in response.content.decode()
    outsider = client_for(tree.district_officer).get("/members/?unit_code=CB1")
    assert "No unit you can see has this code." in outsider.content.decode()
    assert "Phạm Đức Dũng" not in outsider.content.decode()


def test_each_cell_is_named_with_the_unit_above_it(tree, client_for):
    body = client_for(tree.province_officer).get("/members/?unit_code=CA2").content.decode()
    assert "Chi bộ thôn Hai" in body and "Xã Kim Đông" in body


def test_later_pages_link_back_to_the_first(tree, client_for):
    for index in range(PAGE_SIZE):
        make_member(tree.cell_b1, f"Đinh Văn {index}")
    client = client_for(tree.province_officer)
    first = client.get("/members/?category=farmer")
    assert "First page" not in first.content.decode()
    cursor = first.context["page"].next_cursor
    second = client.get("/members/", {"category": "farmer", "after": cursor}).content.decode()
    assert "First page" in second and 'href="?category=farmer"' in second


def test_parents_outside_the_viewers_scope_are_not_named(tree, client_for):
    body = client_for(tree.secretary).get("/members/").content.decode()
    assert "Chi bộ thôn Một" in body and "Xã Kim Đông" not in body


def test_a_large_filtered_list_says_more_than(tree, client_for, monkeypatch):
    for index in range(PAGE_SIZE):
        make_member(tree.cell_b1, f"Đinh Văn {index}")
    monkeypatch.setattr("sotay.members.selectors.COUNT_CAP", 1)
    body = client_for(tree.province_officer).get("/members/?category=farmer").content.decode()
    assert "More than 1 members" in body


def test_an_edit_that_leaves_the_dates_alone_is_not_judged_on_them(tree, client_for):
    Member.objects.filter(pk=tree.an.pk).update(birth_date=datetime.date(1994, 1, 1))  # 16 at admission
    client = client_for(tree.province_officer)
    form = client.get(reverse("member-edit", args=[tree.an.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(birth_date="1994-01-01", occupation="Giáo viên")
    response = client.post(reverse("member-edit", args=[tree.an.pk]), data)
    assert response.status_code == 302
    assert Member.objects.get(pk=tree.an.pk).occupation == "Giáo viên"


def test_every_field_error_shows_in_one_round_without_a_banner(tree, client_for):
    """The phone is checked by the model's validators, which ran only once the form's own errors were fixed."""
    response = client_for(tree.secretary).post(
        reverse("member-create", args=[tree.cell_a1.pk]),
        {**VALID, "phone": "12", "birth_date": "2990-01-01", "full_name": "x" * 121},
    )
    form = response.context["form"]
    assert set(form.errors) == {"phone", "birth_date", "full_name"}, form.errors  # no admission-date consequence
    assert not form.non_field_errors()
    assert 'class="message error"' not in response.content.decode()


def test_the_service_checks_join_the_forms_in_one_round(tree, client_for):
    response = client_for(tree.secretary).post(
        reverse("member-create", args=[tree.cell_a1.pk]),
        {**VALID, "full_name": "", "status": "full", "id_number": "123", "card_number": tree.binh.card_number},
    )
    assert set(response.context["form"].errors) == {"full_name", "recognized_on", "id_number", "card_number"}


def test_an_edit_that_puts_the_birth_after_the_admission_says_so_by_the_birth_date(tree, client_for):
    response = client_for(tree.secretary).post(
        reverse("member-edit", args=[tree.binh.pk]), {**VALID, "full_name": "Trần Thị Bình", "birth_date": "2015-01-01"}
    )
    form = response.context["form"]
    assert "before the birth date" in " ".join(form.errors["birth_date"])
    assert not form.non_field_errors()


def test_a_transfer_to_a_unit_members_cannot_join_is_told_by_the_code(tree, client_for):
    day = datetime.date.today().isoformat()
    response = client_for(tree.district_officer).post(
        reverse("member-transfer", args=[tree.an.pk]), {"unit_code": "GA", "valid_from": day, "reason": "Chuyển"}
    )
    form = response.context["form"]
    assert "has cells; members belong to one of its cells" in " ".join(form.errors["unit_code"])
    assert not form.non_field_errors()
