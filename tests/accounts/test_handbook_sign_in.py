"""Signing in with a phone or card number (page and API), axes's lockout kept, sessions a member
can end, and sign-in tokens a member can revoke."""

import pytest
from django.test import Client

from sotay.accounts.models import ApiToken, SignIn, TokenKind
from sotay.accounts.services import token_issue
from sotay.accounts.services.activation import account_activate
from sotay.members.models import Member
from tests.factories import issue_code, make_member, switch_handbook_on

PASSWORD = "mat-khau-rat-dai-2026"


@pytest.fixture
def an_user(tree):
    switch_handbook_on(tree.province)
    Member.objects.filter(pk=tree.an.pk).update(phone="0912345678")
    return account_activate(code=issue_code(tree.an), identifier="0912345678", password=PASSWORD, address=None)


def test_the_activation_page_signs_the_member_in(tree, client):
    switch_handbook_on(tree.province)
    Member.objects.filter(pk=tree.an.pk).update(phone="0912345678")
    code = issue_code(tree.an)
    page = client.get(f"/activate/?code={code}")
    assert code in page.content.decode()
    form = {"code": code, "identifier": "0912345678", "password": PASSWORD, "password_again": PASSWORD}
    response = client.post("/activate/", form)
    assert response.status_code == 302
    assert client.get("/account/sessions/").status_code == 200
    assert SignIn.objects.filter(user__member_id=tree.an.pk, ended_at=None).count() == 1


def test_the_activation_page_says_why_a_code_is_refused(tree, client):
    form = {"code": "ABCD-EFGH", "identifier": "0912345678", "password": PASSWORD, "password_again": PASSWORD}
    response = client.post("/activate/", form)
    assert response.status_code == 200
    assert "This activation code is not right" in response.content.decode()


@pytest.mark.parametrize("identifier", ["0912345678", "0912 345 678", "card"])
def test_a_member_signs_in_with_phone_or_card_number(tree, client, an_user, identifier):
    typed = tree.an.card_number if identifier == "card" else identifier
    response = client.post("/login/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/sessions/").context["user"].pk == an_user.pk


def test_a_shared_phone_signs_no_one_in_and_says_why(tree, client, an_user):
    make_member(tree.cell_a2, "Nguyễn Thị Hoa", phone="0912345678")
    response = client.post("/login/", {"username": "0912345678", "password": PASSWORD})
    assert response.status_code == 200
    assert "belongs to more than one member" in response.content.decode()
    assert client.post("/login/", {"username": tree.an.card_number, "password": PASSWORD}).status_code == 302


def test_axes_locks_out_a_phone_number_after_five_wrong_passwords(tree, client, an_user):
    for _ in range(5):
        client.post("/login/", {"username": "0912345678", "password": "wrong"})
    response = client.post("/login/", {"username": "0912345678", "password": PASSWORD})
    assert response.status_code == 429
    token = Client().post(
        "/api/auth/token",
        {"identifier": "0912345678", "password": PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 429
    assert "Try again in 15 minutes" in token.json()["detail"]


def test_a_member_ends_another_browser_and_it_is_signed_out(tree, an_user):
    phone, office = Client(), Client()
    for browser in (phone, office):
        assert browser.post("/login/", {"username": "0912345678", "password": PASSWORD}).status_code == 302
    page = office.get("/account/sessions/")
    rows = page.context["sessions"]
    assert len(rows) == 2
    other = next(row for row in rows if row.session_key != office.session.session_key)
    assert office.post(f"/account/sessions/{other.pk}/end/").status_code == 302
    assert phone.get("/account/sessions/").status_code == 302  # back to the sign-in page
    assert office.get("/account/sessions/").status_code == 200


def test_the_api_activates_signs_in_and_revokes_its_token(tree, client):
    switch_handbook_on(tree.province)
    body = {"code": issue_code(tree.chi), "identifier": tree.chi.card_number, "password": PASSWORD}
    body["device"] = "Điện thoại"
    activated = client.post("/api/auth/activate", body, content_type="application/json")
    assert activated.status_code == 201, activated.content
    assert activated.json()["member_id"] == tree.chi.pk
    signed_in = client.post(
        "/api/auth/token", {"identifier": tree.chi.card_number, "password": PASSWORD}, content_type="application/json"
    )
    assert signed_in.status_code == 201
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {signed_in.json()['token']}"}
    tokens = client.get("/api/auth/tokens", **bearer).json()
    assert [(t["name"], t["current"]) for t in tokens][1] == ("Điện thoại", False)
    assert client.get(f"/api/members/{tree.chi.pk}", **bearer).status_code == 200  # their own record
    assert client.get(f"/api/members/{tree.an.pk}", **bearer).status_code == 404  # nobody else's
    assert client.delete(f"/api/auth/tokens/{activated.json()['id']}", **bearer).status_code == 204
    assert client.delete("/api/auth/token", **bearer).status_code == 204
    assert client.get("/api/auth/tokens", **bearer).status_code == 401
    assert not ApiToken.objects.filter(user__member_id=tree.chi.pk, kind=TokenKind.SIGN_IN).exists()


def test_the_api_refuses_a_wrong_password_with_401_and_a_guessed_code_with_422(tree, client, an_user):
    wrong = client.post(
        "/api/auth/token", {"identifier": "0912345678", "password": "nope"}, content_type="application/json"
    )
    assert wrong.status_code == 401
    guessed = client.post(
        "/api/auth/activate",
        {"code": "ZZZZ-ZZZZ", "identifier": "0912345678", "password": PASSWORD},
        content_type="application/json",
    )
    assert guessed.status_code == 422
    assert guessed.json()["detail"][0]["loc"] == ["body", "code"]


def test_a_staff_token_cannot_be_revoked_as_a_sign_in_token(tree, client):
    _token, raw = token_issue(actor=tree.secretary, name="script")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.delete("/api/auth/token", **bearer).status_code == 404
    assert client.get("/api/units", **bearer).status_code == 200


def test_own_sessions_list_has_a_pinned_query_count(tree, an_user, django_assert_num_queries):
    browser = Client()
    for _ in range(3):
        Client().post("/login/", {"username": "0912345678", "password": PASSWORD})
    browser.post("/login/", {"username": "0912345678", "password": PASSWORD})
    browser.get("/account/sessions/")  # "last seen" written now, not in the counted request
    with django_assert_num_queries(6):  # session, user, roles, sign-ins, live sessions, tokens
        response = browser.get("/account/sessions/")
    assert len(response.context["sessions"]) == 4
