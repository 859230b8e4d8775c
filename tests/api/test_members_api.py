import pytest

from sotay.accounts.services import token_issue
from sotay.members.models import Member

NEW_MEMBER = {
    "full_name": "Hoàng Thị Yến",
    "gender": "female",
    "birth_date": "1990-02-14",
    "category": "worker",
    "admitted_on": "2025-06-01",
}


@pytest.fixture
def bearer(tree):
    _token, raw = token_issue(actor=tree.district_officer, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_list_is_scoped_and_searchable_without_diacritics(tree, client, bearer):
    response = client.get("/api/members?q=nguyen van an", **bearer)
    assert response.status_code == 200
    assert [m["full_name"] for m in response.json()["items"]] == ["Nguyễn Văn An"]
    everyone = client.get("/api/members", **bearer).json()["items"]
    assert {m["full_name"] for m in everyone} == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Chí"}


def test_list_pages_with_a_cursor(tree, client, bearer):
    first = client.get("/api/members?limit=2", **bearer).json()
    second = client.get(f"/api/members?limit=2&after={first['next']}", **bearer).json()
    names = [m["full_name"] for m in first["items"] + second["items"]]
    assert names == ["Lê Minh Chí", "Nguyễn Văn An", "Trần Thị Bình"]
    assert second["next"] is None


def test_total_comes_from_the_maintained_counts(tree, client, bearer):
    body = client.get(f"/api/members?unit={tree.commune_a.pk}", **bearer).json()
    assert body["total"] == 3


def test_wrong_token_is_401(tree, client):
    assert client.get("/api/members", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_detail_hides_sensitive_fields_from_those_without_the_permission(tree, client_for):
    body = client_for(tree.secretary).get(f"/api/members/{tree.an.pk}").json()
    assert body["religion"] is None and body["ethnicity"] is None
    body = client_for(tree.district_officer).get(f"/api/members/{tree.an.pk}").json()
    assert body["religion"] == "catholicism"
    assert [row["value"] for row in body["status_history"]] == ["full", "probationary"]


def test_member_sees_own_record_only(tree, client_for):
    client = client_for(tree.member_user)
    assert client.get(f"/api/members/{tree.binh.pk}").status_code == 200
    assert client.get(f"/api/members/{tree.an.pk}").status_code == 404
    assert [m["id"] for m in client.get("/api/members").json()["items"]] == [tree.binh.pk]


def test_create_and_update(tree, client, bearer):
    response = client.post(
        "/api/members", {**NEW_MEMBER, "unit_id": tree.cell_a2.pk}, content_type="application/json", **bearer
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "probationary"
    response = client.patch(
        f"/api/members/{created['id']}",
        {"phone": "0912345678", "other_names": None},
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 200, response.content
    assert Member.objects.get(pk=created["id"]).phone == "0912345678"


def test_a_phone_number_typed_with_grouping_is_kept_compact(tree, client, bearer):
    url = f"/api/members/{tree.an.pk}"
    response = client.patch(url, {"phone": "+84 (912) 345-678"}, content_type="application/json", **bearer)
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "+84912345678"
    response = client.patch(url, {"phone": "+84 (912) 345-678 9012"}, content_type="application/json", **bearer)
    assert response.status_code == 422, response.content
    assert Member.objects.get(pk=tree.an.pk).phone == "+84912345678"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "x" * 121}, "full_name"),
        ({"full_name": "Nguyễn\u0000An"}, "full_name"),
        ({"birth_date": "1990-02-30"}, "birth_date"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"gender": "x"}, "gender"),
        ({"unit_id": 0}, "unit_id"),
        ({"unit_id": 2**70}, "unit_id"),
        ({"email": "not-an-email"}, "email"),
        ({"admitted_on": "1970-01-01"}, "admitted_on"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_writes_nothing(tree, client, bearer, change, field):
    before = Member.objects.count()
    payload = {**NEW_MEMBER, "unit_id": tree.cell_a2.pk, **change}
    response = client.post("/api/members", payload, content_type="application/json", **bearer)
    assert response.status_code == 422, response.content
    assert any(field in error["loc"] for error in response.json()["detail"]), response.json()
    assert Member.objects.count() == before


def test_patch_cannot_blank_a_required_field(tree, client, bearer):
    response = client.patch(
        f"/api/members/{tree.an.pk}", {"full_name": None}, content_type="application/json", **bearer
    )
    assert response.status_code == 422
    assert Member.objects.get(pk=tree.an.pk).full_name == "Nguyễn Văn An"


def test_read_only_role_gets_403_on_write(tree, client_for):
    response = client_for(tree.district_viewer).patch(
        f"/api/members/{tree.an.pk}", {"phone": "0900000000"}, content_type="application/json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=a%00b",
        "after=%00",
        "unit=99999999999999999999",
        "limit=0",
        "limit=100000",
        "status=nonsense",
        "after=bm90LWEtY3Vyc29y",
        "after=YQBiHzU=",  # decodes to a key with a NUL in it
        "after=YR8w",
        "after=YR8tMQ==",
    ],
)
def test_bad_query_strings_are_422_not_500(tree, client, bearer, query):
    assert client.get(f"/api/members?{query}", **bearer).status_code == 422


def test_religion_filter_needs_the_permission(tree, client_for):
    assert client_for(tree.secretary).get("/api/members?religion=catholicism").status_code == 422
    items = client_for(tree.district_officer).get("/api/members?religion=catholicism").json()["items"]
    assert [m["full_name"] for m in items] == ["Nguyễn Văn An"]


def test_blank_card_numbers_are_stored_as_none(tree, client, bearer):
    for name in ("Hoàng Văn Một", "Hoàng Văn Hai"):
        payload = {**NEW_MEMBER, "full_name": name, "card_number": " ", "unit_id": tree.cell_a2.pk}
        assert client.post("/api/members", payload, content_type="application/json", **bearer).status_code == 201
    assert Member.objects.filter(full_name__startswith="Hoàng Văn", card_number__isnull=True).count() == 2


def test_filtered_lists_are_counted_up_to_a_cap(tree, client, bearer, monkeypatch):
    body = client.get("/api/members?q=nguyen", **bearer).json()
    assert (body["total"], body["more_than"]) == (1, None)
    monkeypatch.setattr("sotay.members.selectors.COUNT_CAP", 1)
    body = client.get("/api/members?category=farmer&limit=1", **bearer).json()
    assert (body["total"], body["more_than"]) == (None, 1)


def test_large_scopes_are_counted_only_when_searched_by_name(tree, client, bearer, monkeypatch):
    monkeypatch.setattr("sotay.members.selectors.COUNTED_SCOPE_LIMIT", 2)
    body = client.get("/api/members?category=farmer&limit=1", **bearer).json()
    assert (body["total"], body["more_than"]) == (None, None)
    body = client.get("/api/members?q=tran&limit=1", **bearer).json()
    assert body["total"] == 1
    body = client.get("/api/members?category=farmer", **bearer).json()  # all on one page: counted anyway
    assert body["total"] == 2
