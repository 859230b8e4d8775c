"""Tokens write without CSRF; browser sessions write only with it; anything else is a 401."""

import pytest
from django.core.exceptions import ValidationError

from sotay.accounts.models import ApiToken, hash_token
from sotay.accounts.services import token_issue
from sotay.members.models import Member
from sotay.organizations.models import Unit

NEW_UNIT = {"code": "CA9", "name": "Chi bộ thôn Chín", "kind": "cell"}


@pytest.fixture
def new_unit(tree):
    return {**NEW_UNIT, "parent_id": tree.commune_a.pk}


def test_bearer_post_and_patch_need_no_csrf_token(tree, client, bearer_for, new_unit):
    bearer = bearer_for(tree.district_officer)
    response = client.post("/api/units", new_unit, content_type="application/json", **bearer)
    assert response.status_code == 201, response.content
    response = client.patch(
        f"/api/members/{tree.an.pk}", {"phone": "0912345678"}, content_type="application/json", **bearer
    )
    assert response.status_code == 200, response.content
    assert Member.objects.get(pk=tree.an.pk).phone == "0912345678"


def test_session_post_without_the_csrf_token_is_403_and_writes_nothing(tree, client, new_unit):
    client.force_login(tree.district_officer)
    before = Unit.objects.count()
    response = client.post("/api/units", new_unit, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Unit.objects.count() == before


def test_session_post_with_the_csrf_token_succeeds(tree, client_for, new_unit):
    response = client_for(tree.district_officer).post("/api/units", new_unit, content_type="application/json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("method", ["get", "post", "patch"])
def test_an_invalid_bearer_token_is_401(tree, client, new_unit, method):
    url = "/api/units" if method != "patch" else f"/api/units/{tree.cell_a1.pk}"
    data = new_unit if method != "get" else None
    response = getattr(client, method)(url, data, content_type="application/json", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401


def test_an_invalid_bearer_token_does_not_hide_a_session_without_csrf(tree, client, new_unit):
    """A wrong token falls back to the session, which still needs its CSRF token."""
    client.force_login(tree.district_officer)
    response = client.post("/api/units", new_unit, content_type="application/json", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 403


def test_a_token_stops_working_when_its_user_loses_the_last_staff_role(tree, client, bearer_for):
    """Members do not use the API and cannot reach the token page to revoke an old token: it is refused."""
    bearer = bearer_for(tree.secretary)
    assert client.get("/api/units", **bearer).status_code == 200
    tree.secretary.role_assignments.all().delete()
    assert client.get("/api/units", **bearer).status_code == 401
    assert client.get(f"/api/members/{tree.an.pk}", **bearer).status_code == 401


def test_a_member_token_from_before_tokens_were_staff_only_is_refused(tree, client):
    raw = "an-old-token-of-a-member"
    ApiToken.objects.create(user=tree.member_user, name="old", digest=hash_token(raw), prefix=raw[:8])
    assert client.get(f"/api/members/{tree.binh.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_tokens_are_issued_to_staff_only(tree):
    with pytest.raises(ValidationError):
        token_issue(actor=tree.member_user, name="mine")
    assert not ApiToken.objects.filter(user=tree.member_user).exists()
