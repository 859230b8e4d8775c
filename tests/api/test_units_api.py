import pytest

from sotay.organizations.models import Unit, UnitEventKind


def test_list_starts_at_the_top_of_the_scope(tree, client_for):
    items = client_for(tree.district_officer).get("/api/units").json()["items"]
    assert [(u["name"], u["member_count"], u["parent_id"]) for u in items] == [
        ("Huyện Kim Sơn", 3, None)
    ]  # the province is out of scope


def test_children_and_search(tree, client_for):
    client = client_for(tree.province_officer)
    names = [u["name"] for u in client.get(f"/api/units?parent={tree.province.pk}").json()["items"]]
    assert names == ["Huyện Kim Sơn", "Huyện Yên Mô"]
    names = [u["name"] for u in client.get("/api/units?q=thon").json()["items"]]
    assert names == ["Chi bộ thôn Một", "Chi bộ thôn Hai", "Chi bộ thôn Ba"]


def test_paging_through_children(tree, client_for):
    client = client_for(tree.province_officer)
    first = client.get(f"/api/units?parent={tree.commune_a.pk}&limit=1").json()
    second = client.get(f"/api/units?parent={tree.commune_a.pk}&limit=1&after={first['next']}").json()
    assert [u["code"] for u in first["items"] + second["items"]] == ["CA1", "CA2"]
    assert second["next"] is None


def test_create_and_rename(tree, client_for):
    client = client_for(tree.district_officer)
    response = client.post(
        "/api/units",
        {
            "parent_id": tree.commune_a.pk,
            "code": "CA3",
            "name": "Chi bộ thôn Ba Mới",
            "kind": "cell",
            "sector": "commune",
            "founded_on": "2025-06-01",  # the rename below is dated after it
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    unit_id = response.json()["id"]
    response = client.patch(
        f"/api/units/{unit_id}",
        {"name": "Chi bộ thôn Bốn", "occurred_on": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Unit.objects.get(pk=unit_id).events.filter(kind=UnitEventKind.RENAMED).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": ""}, "code"),
        ({"code": "CA1"}, "code"),
        ({"name": "x" * 201}, "name"),
        ({"kind": "x"}, "kind"),
        ({"founded_on": "2999-01-01"}, "founded_on"),
        ({"name": "a\u0000b"}, "name"),
        ({"parent_id": -1}, "parent_id"),
    ],
)
def test_create_bad_input(tree, client_for, change, field):
    before = Unit.objects.count()
    payload = {"parent_id": tree.commune_a.pk, "code": "CA3", "name": "Chi bộ mới", "kind": "cell", **change}
    response = client_for(tree.district_officer).post("/api/units", payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert any(field in error["loc"] for error in response.json()["detail"]), response.json()
    assert Unit.objects.count() == before


def test_create_in_a_unit_one_may_only_read_is_403(tree, client_for):
    response = client_for(tree.district_viewer).post(
        "/api/units",
        {"parent_id": tree.commune_a.pk, "code": "V1", "name": "X", "kind": "cell"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_renaming_ones_own_unit_is_403(tree, client_for):
    response = client_for(tree.district_officer).patch(
        f"/api/units/{tree.district_a.pk}",
        {"name": "Khác", "occurred_on": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 403
