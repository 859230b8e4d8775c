import pytest
from django.conf import settings
from django.test import Client

from sotay.accounts.services import token_issue


@pytest.fixture
def client():
    """Unlike Django's default test client, this one checks CSRF as production does."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def client_for():
    """A browser signed in as the given user, sending the CSRF token on writes as the pages' htmx does."""

    def sign_in(user):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        browser.get("/", follow=True)  # the first page sets the CSRF cookie, as in a browser
        browser.defaults["HTTP_X_CSRFTOKEN"] = browser.cookies[settings.CSRF_COOKIE_NAME].value
        return browser

    return sign_in


@pytest.fixture
def bearer_for():
    """Headers for a request authenticated by a fresh API token of the given user."""

    def headers(user):
        _token, raw = token_issue(actor=user, name="script")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return headers
