"""A unit code already in use: named when the officer may see that unit, otherwise the committee to ask."""

from django.urls import reverse

from sotay.organizations.models import Unit, UnitKind
from tests.api_calls import refused_field_message
from tests.factories import make_unit

NEW_CELL = {"name": "Chi bộ thôn Năm", "kind": "cell", "sector": "commune", "founded_on": "2020-01-01"}


def _page_error(client, parent: Unit, code: str) -> tuple[str, str]:
    response = client.post(reverse("unit-create", args=[parent.pk]), {**NEW_CELL, "code": code})
    assert response.status_code == 200
    assert not response.context["form"].non_field_errors()
    return " ".join(response.context["form"].errors["code"]), response.content.decode()


def _api_error(client, user, parent: Unit, code: str) -> str:
    body = {**NEW_CELL, "parent_id": parent.pk, "code": code}
    return refused_field_message(client, user, "/api/units", body, "code")


def test_inside_the_scope_the_unit_is_named_and_linked(tree, client_for, client):
    message, body = _page_error(client_for(tree.district_officer), tree.commune_a, "ca2")
    assert message == "This code is already used by Chi bộ thôn Hai (CA2)."
    assert f'<a href="{reverse("unit-detail", args=[tree.cell_a2.pk])}">' in body
    assert _api_error(client, tree.district_officer, tree.commune_a, "CA2") == message


def test_outside_the_scope_the_committee_above_both_is_named_not_the_unit(tree, client_for, client):
    message, body = _page_error(client_for(tree.district_officer), tree.commune_a, "CB1")
    assert message.endswith("ask the organizing committee of Tỉnh Thử which unit has it.")
    assert "Chi bộ thôn Ba" not in body and "Xã Yên Thắng" not in body
    assert _api_error(client, tree.district_officer, tree.commune_a, "CB1") == message
    assert not Unit.objects.filter(name=NEW_CELL["name"]).exists()


def test_a_code_under_another_top_unit_sends_the_officer_to_the_central_committee(tree, client_for, client):
    make_unit(None, "Đảng bộ Khối Thử", UnitKind.CENTRAL, code="K")
    message, _body = _page_error(client_for(tree.province_officer), tree.commune_a, "K")
    assert message.endswith("ask the central organizing committee which unit has it.")
    assert "Khối" not in message
    assert _api_error(client, tree.province_officer, tree.commune_a, "K") == message


def test_every_field_error_shows_in_one_round_without_a_banner(tree, client_for):
    response = client_for(tree.district_officer).post(
        reverse("unit-create", args=[tree.commune_a.pk]),
        {**NEW_CELL, "code": "CB1", "name": "x" * 201, "founded_on": "2990-01-01"},
    )
    form = response.context["form"]
    assert set(form.errors) == {"code", "name", "founded_on"}, form.errors
    assert not form.non_field_errors()
