import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.accounts.roles import Role
from sotay.members.models import Member
from sotay.members.rollups import rebuild_member_counts
from sotay.organizations import services
from sotay.organizations.models import Unit, UnitKind
from tests.factories import grant, make_member, make_unit

TODAY = datetime.date.today().isoformat()


def test_tree_shows_the_top_of_the_scope_with_counts(tree, client_for):
    body = client_for(tree.district_officer).get("/units/").content.decode()
    assert "Huyện Kim Sơn" in body and "Tỉnh Thử" not in body and "Huyện Yên Mô" not in body
    assert ">3</span>" in body


def test_children_expand_one_level(tree, client_for):
    body = client_for(tree.province_officer).get(reverse("unit-children", args=[tree.province.pk])).content.decode()
    assert "Huyện Kim Sơn" in body and "Huyện Yên Mô" in body and "Xã Kim Đông" not in body


# session, user, scope, the unit, its count, ancestors, children, their counts, history, and
# whether members may be added (a grassroots organization: whether it has open cells)
UNIT_PAGE_QUERIES = 10
# session, user, scope, the top units, their counts
TREE_QUERIES = 5


def test_unit_page_query_count_does_not_grow_with_children(tree, client_for, django_assert_num_queries):
    client = client_for(tree.province_officer)
    url = reverse("unit-detail", args=[tree.commune_a.pk])
    with django_assert_num_queries(UNIT_PAGE_QUERIES):
        client.get(url)
    for index in range(10):
        make_member(make_unit(tree.commune_a, f"Chi bộ mới {index}", code=f"NEW{index}"), f"Mai Văn {index}")
    with django_assert_num_queries(UNIT_PAGE_QUERIES):
        client.get(url)


def test_tree_query_count_does_not_grow_with_units(tree, client_for, django_assert_num_queries):
    client = client_for(tree.outsider)  # one top unit, Yên Mô
    with django_assert_num_queries(TREE_QUERIES):
        client.get("/units/")
    grant(tree.outsider, tree.district_a, Role.OFFICER)  # two
    for index in range(10):
        make_unit(tree.district_b, f"Xã mới {index}", UnitKind.GRASSROOTS, code=f"NEW{index}")
    with django_assert_num_queries(TREE_QUERIES):
        body = client.get("/units/").content.decode()
    assert "Huyện Kim Sơn" in body and "Huyện Yên Mô" in body


def test_detail_offers_only_allowed_actions(tree, client_for):
    body = client_for(tree.district_officer).get(reverse("unit-detail", args=[tree.district_a.pk])).content.decode()
    assert reverse("unit-create", args=[tree.district_a.pk]) in body
    assert reverse("unit-move", args=[tree.district_a.pk]) not in body  # their own unit
    body = client_for(tree.district_viewer).get(reverse("unit-detail", args=[tree.commune_a.pk])).content.decode()
    assert reverse("unit-rename", args=[tree.commune_a.pk]) not in body


def test_create_child_form(tree, client_for):
    client = client_for(tree.district_officer)
    url = reverse("unit-create", args=[tree.commune_a.pk])
    data = {"code": "CA9", "name": "Chi bộ thôn Chín", "kind": "cell", "sector": "commune", "founded_on": TODAY}
    response = client.post(url, data)
    unit = Unit.objects.get(code="CA9")
    assert response.url == reverse("unit-detail", args=[unit.pk])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": ""}, "code"),
        ({"code": "CA1"}, "code"),
        ({"code": "bad code!!"}, "code"),
        ({"founded_on": "1800-01-01"}, "founded_on"),
        ({"name": "x" * 201}, "name"),
        ({"kind": "galaxy"}, "kind"),
        ({"founded_on": "2999-01-01"}, "founded_on"),
        ({"founded_on": "hôm qua"}, "founded_on"),
        ({"document_ref": "x" * 101}, "document_ref"),
    ],
)
def test_create_child_bad_input(tree, client_for, change, field):
    before = Unit.objects.count()
    data = {"code": "CA9", "name": "Chi bộ thôn Chín", "kind": "cell", "sector": "commune", "founded_on": TODAY}
    response = client_for(tree.district_officer).post(
        reverse("unit-create", args=[tree.commune_a.pk]), {**data, **change}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Unit.objects.count() == before


def test_create_child_shows_every_error_in_one_round(tree, client_for):
    data = {"code": "bad code!!", "name": "", "kind": "cell", "sector": "commune", "founded_on": "1800-01-01"}
    response = client_for(tree.district_officer).post(reverse("unit-create", args=[tree.commune_a.pk]), data)
    assert set(response.context["form"].errors) == {"code", "name", "founded_on"}


@pytest.mark.parametrize(
    "change",
    [
        {"code": "ca1 "},  # taken once in capitals
        {"code": "bad code!!", "founded_on": "1800-01-01"},
        {"founded_on": "2999-01-01"},
        {"name": "x" * 201, "code": " ca1"},
    ],
)
def test_the_page_and_the_service_give_the_same_errors_for_a_new_unit(tree, client_for, change):
    """One rule, one place: the form asks the service's own check."""
    data = {"code": "CA9", "name": "Chi bộ thôn Chín", "kind": "cell", "sector": "commune", "founded_on": TODAY}
    data.update(change)
    page = client_for(tree.district_officer).post(reverse("unit-create", args=[tree.commune_a.pk]), data)
    with pytest.raises(ValidationError) as refused:
        services.unit_create(
            actor=tree.district_officer,
            parent=tree.commune_a,
            **{**data, "founded_on": datetime.date.fromisoformat(data["founded_on"])},
        )
    assert page.context["form"].errors == refused.value.message_dict


def test_rename_form(tree, client_for):
    client = client_for(tree.district_officer)
    url = reverse("unit-rename", args=[tree.commune_a.pk])
    response = client.post(url, {"name": "Xã Kim Đông", "occurred_on": TODAY})
    assert "name" in response.context["form"].errors  # unchanged name
    response = client.post(url, {"name": "Xã Kim Đông Mới", "occurred_on": TODAY, "document_ref": "QĐ 1"})
    assert response.status_code == 302
    assert Unit.objects.get(pk=tree.commune_a.pk).name == "Xã Kim Đông Mới"


def test_move_asks_for_confirmation_saying_what_moves(tree, client_for):
    client = client_for(tree.province_officer)
    url = reverse("unit-move", args=[tree.commune_a.pk])
    response = client.post(url, {"target_code": "P", "occurred_on": TODAY})
    body = response.content.decode()
    assert response.status_code == 200 and "Tỉnh Thử" in body and "<strong>3</strong>" in body
    assert Unit.objects.get_parent(Unit.objects.get(pk=tree.commune_a.pk)) == tree.district_a  # not yet
    response = client.post(url, {"target_code": "P", "occurred_on": TODAY, "confirm": "True"})
    assert response.status_code == 302
    assert Unit.objects.get_parent(Unit.objects.get(pk=tree.commune_a.pk)) == tree.province


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("NOPE", "No unit you can see has this code."),
        ("CA1", "cannot be moved under itself"),
        ("DA", "already directly under"),
        ("CB1", "A cell cannot have units under it."),
    ],
)
def test_move_refusals_are_explained(tree, client_for, target, message):
    response = client_for(tree.province_officer).post(
        reverse("unit-move", args=[tree.commune_a.pk]), {"target_code": target, "occurred_on": TODAY}
    )
    assert message in " ".join(response.context["form"].errors["target_code"])


def test_move_under_a_unit_of_the_same_level_is_refused_before_confirming(tree, client_for):
    response = client_for(tree.province_officer).post(
        reverse("unit-move", args=[tree.district_a.pk]), {"target_code": "GB", "occurred_on": TODAY}
    )
    assert "a unit goes under one of a higher level" in " ".join(response.context["form"].errors["target_code"])


@pytest.mark.parametrize("operation", ["unit-move", "unit-merge"])
def test_a_date_before_founding_is_refused_before_confirming(tree, client_for, operation):
    tree.commune_a.founded_on = datetime.date(1960, 1, 1)
    tree.commune_a.save()
    response = client_for(tree.province_officer).post(
        reverse(operation, args=[tree.commune_a.pk]), {"target_code": "DB", "occurred_on": "1950-01-01"}
    )
    assert response.templates[0].name == "organizations/target_form.html"
    assert "(1 Jan 1960)" in " ".join(response.context["form"].errors["occurred_on"])


def test_move_to_a_code_outside_scope_reads_as_unknown(tree, client_for):
    response = client_for(tree.district_officer).post(
        reverse("unit-move", args=[tree.cell_a2.pk]), {"target_code": "GB", "occurred_on": TODAY}
    )
    assert "No unit you can see has this code." in " ".join(response.context["form"].errors["target_code"])


def test_merge_confirmation_counts_members_and_units(tree, client_for):
    client = client_for(tree.province_officer)
    url = reverse("unit-merge", args=[tree.cell_a2.pk])
    body = client.post(url, {"target_code": "CA1", "occurred_on": TODAY}).content.decode()
    assert "Its own members moving: <strong>1</strong>" in body
    assert "Units directly under it moving: <strong>0</strong>" in body
    response = client.post(url, {"target_code": "CA1", "occurred_on": TODAY, "confirm": "True"})
    assert response.url == reverse("unit-detail", args=[tree.cell_a1.pk])
    assert Unit.objects.get(pk=tree.cell_a2.pk).is_dissolved


def test_confirmations_tell_units_of_the_same_name_apart(tree, client_for):
    make_unit(tree.commune_a, "Chi bộ thôn Hai", code="CA2B")
    client = client_for(tree.district_officer)
    merge = client.post(reverse("unit-merge", args=[tree.cell_a2.pk]), {"target_code": "CA2B", "occurred_on": TODAY})
    body = merge.content.decode()
    assert "Chi bộ thôn Hai (CA2, in Xã Kim Đông) will be merged into Chi bộ thôn Hai (CA2B, in Xã Kim Đông)" in body
    dissolve = client.get(reverse("unit-dissolve", args=[tree.cell_a2.pk])).content.decode()
    assert "<h1>Dissolve Chi bộ thôn Hai (CA2, in Xã Kim Đông)</h1>" in dissolve


def test_confirmations_do_not_name_a_parent_outside_the_scope(tree, client_for):
    response = client_for(tree.district_officer).post(
        reverse("unit-move", args=[tree.cell_a2.pk]), {"target_code": "DA", "occurred_on": TODAY}
    )
    body = response.content.decode()
    assert "will move under Huyện Kim Sơn (DA), with all units" in body
    assert "Tỉnh Thử" not in body


def test_dissolve_refusal_is_shown_before_and_after_submitting(tree, client_for):
    client = client_for(tree.district_officer)
    url = reverse("unit-dissolve", args=[tree.cell_a2.pk])
    body = client.get(url).content.decode()
    assert "still has 1 member;" in body and "<form method" not in body.split("<main")[1]
    response = client.post(url, {"occurred_on": TODAY, "confirm": "on"})
    assert "still has 1 member;" in " ".join(response.context["form"].non_field_errors())
    assert not Unit.objects.get(pk=tree.cell_a2.pk).is_dissolved


def test_dissolve_needs_the_confirmation_box(tree, client_for):
    response = client_for(tree.district_officer).post(
        reverse("unit-dissolve", args=[tree.cell_a2.pk]), {"occurred_on": TODAY}
    )
    assert "confirm" in response.context["form"].errors


@pytest.mark.parametrize("name", ["unit-rename", "unit-move", "unit-merge", "unit-dissolve"])
def test_restructuring_forms_for_ones_own_unit_are_403(tree, client_for, name):
    assert client_for(tree.district_officer).get(reverse(name, args=[tree.district_a.pk])).status_code == 403


def test_dissolved_units_cannot_be_restructured_again(tree, client_for):
    empty = make_unit(tree.commune_a, "Chi bộ trống", code="EMPTY-2")
    client = client_for(tree.district_officer)
    client.post(reverse("unit-dissolve", args=[empty.pk]), {"occurred_on": TODAY, "confirm": "on"})
    assert Unit.objects.get(pk=empty.pk).is_dissolved
    for name in ("unit-rename", "unit-move", "unit-merge", "unit-dissolve"):
        assert client.get(reverse(name, args=[empty.pk])).status_code == 404


def test_new_unit_form_offers_only_lower_levels(tree, client_for):
    form = client_for(tree.district_officer).get(reverse("unit-create", args=[tree.commune_a.pk])).context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == ["sub_committee", "cell"]
    assert form.fields["kind"].initial == "cell"
    assert client_for(tree.district_officer).get(reverse("unit-create", args=[tree.cell_a1.pk])).status_code == 302


def test_the_unit_page_offers_what_the_services_accept(tree, client_for):
    """The page asks the same rules the services apply, rather than repeating them in the template."""
    client = client_for(tree.province_officer)
    add_member = reverse("member-create", args=[tree.commune_b.pk])
    assert add_member not in client.get(reverse("unit-detail", args=[tree.commune_b.pk])).content.decode()
    Member.objects.filter(unit=tree.cell_b1).delete()
    rebuild_member_counts()
    services.unit_dissolve(actor=tree.province_officer, unit=tree.cell_b1, occurred_on=datetime.date(2026, 1, 1))
    # Its only cell is dissolved: members now belong to the grassroots organization itself.
    assert add_member in client.get(reverse("unit-detail", args=[tree.commune_b.pk])).content.decode()
    cell_page = client.get(reverse("unit-detail", args=[tree.cell_a1.pk])).content.decode()
    assert reverse("unit-create", args=[tree.cell_a1.pk]) not in cell_page


def test_detail_links_to_the_unit_s_member_development(tree, client_for):
    unit = tree.commune_a
    body = client_for(tree.district_viewer).get(reverse("unit-detail", args=[unit.pk])).content.decode()
    assert f'href="/recruitment/sources/?unit={unit.pk}"' in body
    assert f'href="/recruitment/cases/?unit_code={unit.code}"' in body
    assert f'href="/recruitment/progress/?unit={unit.pk}"' in body
    board = client_for(tree.district_viewer).get(f"/recruitment/cases/?unit_code={unit.code}")
    assert board.status_code == 200 and not board.context["form"].errors
    progress = client_for(tree.district_viewer).get(f"/recruitment/progress/?unit={unit.pk}")
    assert progress.context["report"].unit == unit
