"""The account menu: a password change for everyone, API tokens for the staff who use the API."""

import pytest
from django.urls import reverse

from sotay.accounts.models import ApiToken

PASSWORD_CHANGE = reverse("password-change")
TOKENS = reverse("tokens")
NEW = "a-long-new-passphrase-42"


def menu(client) -> str:
    return client.get(PASSWORD_CHANGE).content.decode().split("</header>")[0]


@pytest.mark.parametrize("who", ["district_officer", "secretary", "member_user"])
def test_everyone_changes_their_password_and_stays_signed_in(tree, client_for, who):
    user = getattr(tree, who)
    client = client_for(user)
    assert f'href="{PASSWORD_CHANGE}"' in menu(client)
    assert client.get(PASSWORD_CHANGE).status_code == 200
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": "pw-for-tests", "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert response.status_code == 200
    assert "Your password was changed." in response.content.decode()
    assert response.wsgi_request.user == user  # the session was kept
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_the_old_password_is_checked_and_every_error_shown(tree, client_for):
    response = client_for(tree.secretary).post(
        PASSWORD_CHANGE, {"old_password": "wrong", "new_password1": "short", "new_password2": "other"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"old_password", "new_password2"}
    tree.secretary.refresh_from_db()
    assert tree.secretary.check_password("pw-for-tests")


def test_signed_out_visitors_are_sent_to_sign_in(db, client):
    response = client.get(PASSWORD_CHANGE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["province_officer", "district_viewer", "secretary"])
def test_staff_find_their_api_tokens_in_the_menu(tree, client_for, who):
    client = client_for(getattr(tree, who))
    assert f'href="{TOKENS}"' in menu(client)
    assert client.get(TOKENS).status_code == 200


def test_an_ordinary_member_has_no_api_tokens(tree, client_for):
    client = client_for(tree.member_user)
    assert f'href="{TOKENS}"' not in menu(client)
    assert client.get(TOKENS).status_code == 404
    assert client.post(TOKENS, {"name": "mine"}).status_code == 404
    assert not ApiToken.objects.filter(user=tree.member_user).exists()


def test_an_ordinary_member_cannot_reach_a_token_through_the_page(tree, client_for):
    token = ApiToken.objects.create(user=tree.member_user, name="from an old role", digest="0" * 64, prefix="0")
    response = client_for(tree.member_user).post(reverse("token-revoke", args=[token.pk]))
    assert response.status_code == 404


def test_wrong_old_passwords_lock_the_password_change_out(tree, client_for, settings):
    """Guesses at a signed-in PC count like sign-in attempts: after the limit even the right
    old password is refused, and the page says why."""
    client = client_for(tree.secretary)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(PASSWORD_CHANGE, {"old_password": "guess", "new_password1": NEW, "new_password2": NEW})
        assert response.status_code == 200 and "old_password" in response.context["form"].errors
    response = client.post(PASSWORD_CHANGE, {"old_password": "guess", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 429
    response = client.post(
        PASSWORD_CHANGE, {"old_password": "pw-for-tests", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    tree.secretary.refresh_from_db()
    assert tree.secretary.check_password("pw-for-tests")
