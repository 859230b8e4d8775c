import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings

from tests.factories import UserFactory


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def officer(tree):
    return tree.district_officer


def test_sign_in_lands_staff_on_the_tree_and_members_on_the_handbook(tree, client):
    """In one redirect: each is a round trip, 0.4 s or more on a slow line."""
    assert sign_in(client, "district_officer", "pw-for-tests").url == "/units/"
    assert client.get("/").url == "/units/"
    client.logout()
    assert sign_in(client, "member_user", "pw-for-tests").url == "/handbook/"
    assert client.get("/").url == "/handbook/"
    assert client.get("/me/").url == f"/members/{tree.binh.pk}/"


def test_an_account_with_neither_role_nor_record_is_told_so(db, client_for):
    response = client_for(UserFactory(username="nobody")).get("/", follow=True)
    assert response.status_code == 404
    assert response.redirect_chain == [("/me/", 302)]


def test_wrong_password_is_explained(officer, client):
    response = sign_in(client, "district_officer", "wrong")
    assert response.status_code == 200
    assert "The username, phone or card number, or the password is wrong" in response.content.decode()


def test_lockout_is_per_username_and_address(officer, client):
    UserFactory(username="colleague")
    for _ in range(5):
        sign_in(client, "district_officer", "wrong")
    response = sign_in(client, "district_officer", "pw-for-tests")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "Try again in 15\xa0minutes" in response.content.decode()
    # A colleague behind the same office address still signs in,
    assert sign_in(client, "colleague", "pw-for-tests").status_code == 302
    client.logout()
    # and so does the same person from another address.
    assert sign_in(client, "district_officer", "pw-for-tests", address="10.0.0.2").status_code == 302


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2(db):
    user = UserFactory(username="hashed")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_pages_need_sign_in(db, client):
    response = client.get("/members/")
    assert response.status_code == 302 and response.url.startswith("/login/")


@override_settings(LANGUAGE_CODE="vi")
def test_vietnamese_by_default_whatever_the_browser_asks(officer, client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()  # the compiled catalogue is in use


@override_settings(LANGUAGE_CODE="vi")
@pytest.mark.parametrize("language", ["en", "ja", "vi"])
def test_the_switcher_changes_the_language(officer, client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/login/"})
    assert f'<html lang="{language}">' in client.get("/login/").content.decode()


def test_tokens_page_shows_a_new_token_once_and_can_revoke(officer, client_for):
    client = client_for(officer)
    response = client.post("/account/tokens/", {"name": "báo cáo"}, follow=True)
    raw = response.context["raw"]
    assert raw and raw in response.content.decode()
    assert response.redirect_chain == [("/account/tokens/", 302)]  # a reload issues no second token
    assert raw not in client.get("/account/tokens/").content.decode()
    assert officer.api_tokens.count() == 1
    program = Client()  # no session: the token alone
    assert program.get("/api/members", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token = officer.api_tokens.get()
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert program.get("/api/members", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_token_name_is_required(officer, client_for):
    response = client_for(officer).post("/account/tokens/", {"name": ""})
    assert "name" in response.context["form"].errors
    assert not officer.api_tokens.exists()
