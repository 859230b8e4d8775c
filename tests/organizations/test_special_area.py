"""A unit's special-area flag (remote, highland, border, island): the admission rules' exceptions read it."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sotay.accounts.services import token_issue
from sotay.organizations.models import SpecialArea, Unit
from sotay.organizations.services import unit_create, unit_set_special_area


def test_an_officer_flags_a_unit_below_their_own(tree):
    unit_set_special_area(actor=tree.district_officer, unit=tree.commune_a, special_area=SpecialArea.HIGHLAND)
    tree.commune_a.refresh_from_db()
    assert tree.commune_a.special_area == SpecialArea.HIGHLAND
    updates = LogEntry.objects.get_for_object(tree.commune_a).filter(action=LogEntry.Action.UPDATE)
    [change] = [entry for entry in updates if "special_area" in entry.changes_dict]
    assert change.actor == tree.district_officer
    assert change.changes_dict["special_area"] == ["", "highland"]


def test_not_their_own_unit_nor_outside_it(tree):
    with pytest.raises(PermissionDenied):
        unit_set_special_area(actor=tree.district_officer, unit=tree.district_a, special_area=SpecialArea.BORDER)
    with pytest.raises(PermissionDenied):
        unit_set_special_area(actor=tree.secretary, unit=tree.cell_a1, special_area=SpecialArea.BORDER)


def test_the_same_value_or_an_unknown_one_is_refused(tree):
    with pytest.raises(ValidationError) as raised:
        unit_set_special_area(actor=tree.district_officer, unit=tree.cell_a1, special_area=SpecialArea.NONE)
    assert raised.value.message_dict == {"special_area": ["The unit is already recorded so."]}
    with pytest.raises(ValidationError):
        unit_set_special_area(actor=tree.district_officer, unit=tree.cell_a1, special_area="desert")


def test_a_new_unit_can_be_flagged_when_created(tree):
    unit = unit_create(
        actor=tree.district_officer,
        parent=tree.commune_a,
        code="CA9",
        name="Chi bộ bản Chín",
        kind="cell",
        sector="commune",
        special_area=SpecialArea.REMOTE,
    )
    assert Unit.objects.get(pk=unit.pk).special_area == SpecialArea.REMOTE


def test_the_page_sets_and_clears_the_flag(tree, client_for):
    client = client_for(tree.district_officer)
    url = reverse("unit-special-area", args=[tree.cell_a1.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"special_area": "island"}).status_code == 302
    detail = client.get(reverse("unit-detail", args=[tree.cell_a1.pk])).content.decode()
    assert "Island" in detail
    again = client.post(url, {"special_area": "island"})
    assert again.context["form"].errors == {"special_area": ["The unit is already recorded so."]}
    assert client.post(url, {"special_area": ""}).status_code == 302
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.special_area == SpecialArea.NONE


def test_the_api_sets_the_flag_and_shows_it(tree, client):
    _token, raw = token_issue(actor=tree.district_officer, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    url = f"/api/units/{tree.commune_a.pk}/special-area"
    response = client.put(url, {"special_area": "border"}, content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["special_area"] == "border"
    assert client.get(f"/api/units/{tree.cell_a1.pk}", **auth).json()["special_area"] == ""
    refused = client.put(url, {"special_area": "desert"}, content_type="application/json", **auth)
    assert refused.status_code == 422
    other = client.put(
        f"/api/units/{tree.commune_b.pk}/special-area",
        {"special_area": "border"},
        content_type="application/json",
        **auth,
    )
    assert other.status_code == 404


def test_the_new_unit_form_takes_the_flag(tree, client_for):
    client = client_for(tree.district_officer)
    url = reverse("unit-create", args=[tree.commune_a.pk])
    data = {"code": "CA8", "name": "Chi bộ bản Tám", "kind": "cell", "sector": "commune", "founded_on": "2020-01-01"}
    refused = client.post(url, {**data, "special_area": "desert"})
    assert set(refused.context["form"].errors) == {"special_area"}
    assert client.post(url, {**data, "special_area": "border"}).status_code == 302
    assert Unit.objects.get(code="CA8").special_area == SpecialArea.BORDER
