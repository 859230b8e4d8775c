"""A card number already recorded: named when the officer may see its holder, otherwise the committee to ask."""

import pytest
from django.urls import reverse

from sotay.accounts.services import token_issue
from sotay.members.models import Member
from sotay.organizations.models import UnitKind
from tests.api_calls import refused_field_message
from tests.factories import make_member, make_unit
from tests.members.test_views import VALID

API_MEMBER = {key: value for key, value in VALID.items() if key != "status"}
EDIT = {**VALID, "full_name": "Nguyễn Văn An", "religion": "catholicism"}


def _page_error(client, unit, card_number: str) -> str:
    response = client.post(reverse("member-create", args=[unit.pk]), {**VALID, "card_number": card_number})
    assert response.status_code == 200
    assert not response.context["form"].non_field_errors()
    return " ".join(response.context["form"].errors["card_number"])


def _api_error(user, unit, card_number: str, client) -> str:
    body = {**API_MEMBER, "unit_id": unit.pk, "card_number": card_number}
    return refused_field_message(client, user, "/api/members", body, "card_number")


def test_inside_the_scope_the_holder_is_named_and_linked(tree, client_for):
    client = client_for(tree.district_officer)
    response = client.post(
        reverse("member-create", args=[tree.cell_a2.pk]), {**VALID, "card_number": tree.an.card_number}
    )
    body = response.content.decode()
    assert "This card number is already recorded for Nguyễn Văn An (Chi bộ thôn Một)." in body
    assert f'<a href="{reverse("member-detail", args=[tree.an.pk])}">' in body
    assert not Member.objects.filter(full_name=VALID["full_name"]).exists()


def test_inside_the_scope_through_the_api(tree, client):
    message = _api_error(tree.district_officer, tree.cell_a2, tree.an.card_number, client)
    assert message == "This card number is already recorded for Nguyễn Văn An (Chi bộ thôn Một)."


def test_outside_the_scope_the_committee_above_both_is_named_not_the_holder(tree, client_for, client):
    """Kim Sơn's officer learns only that the number is somewhere under the province, not whose it is."""
    page = client_for(tree.district_officer).post(
        reverse("member-create", args=[tree.cell_a2.pk]), {**VALID, "card_number": tree.dung.card_number}
    )
    body = page.content.decode()
    expected = "ask the organizing committee of Tỉnh Thử to check it."
    assert expected in " ".join(page.context["form"].errors["card_number"])
    assert not page.context["form"].non_field_errors()
    assert "Phạm Đức Dũng" not in body and "Chi bộ thôn Ba" not in body and "Huyện Yên Mô" not in body
    assert expected in _api_error(tree.district_officer, tree.cell_a2, tree.dung.card_number, client)


def test_a_holder_under_another_top_unit_sends_the_officer_to_the_central_committee(tree, client_for, client):
    other_root = make_unit(None, "Đảng bộ Khối Thử", UnitKind.CENTRAL, code="K")
    holder = make_member(make_unit(other_root, "Chi bộ Khối", code="K1"), "Đỗ Văn Khối")
    message = _page_error(client_for(tree.secretary), tree.cell_a1, holder.card_number)
    assert message.endswith("ask the central organizing committee to check it.")
    assert "Khối" not in message
    assert "central organizing committee" in _api_error(tree.secretary, tree.cell_a1, holder.card_number, client)


def test_an_edit_is_told_the_same(tree, client_for):
    response = client_for(tree.secretary).post(
        reverse("member-edit", args=[tree.an.pk]),
        {**EDIT, "card_number": tree.dung.card_number},
    )
    assert "ask the organizing committee of Tỉnh Thử" in " ".join(response.context["form"].errors["card_number"])
    assert Member.objects.get(pk=tree.an.pk).card_number != tree.dung.card_number


def test_the_api_edit_is_told_the_same(tree, client):
    _token, raw = token_issue(actor=tree.district_officer, name="script")
    response = client.patch(
        f"/api/members/{tree.an.pk}",
        {"card_number": tree.dung.card_number},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 422
    assert "organizing committee of Tỉnh Thử" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize("user", ["province_officer", "district_officer"])
def test_the_records_own_number_is_not_taken(tree, client_for, user):
    response = client_for(getattr(tree, user)).post(
        reverse("member-edit", args=[tree.an.pk]),
        {**EDIT, "card_number": tree.an.card_number, "phone": "0912 345 678"},
    )
    assert response.status_code == 302
