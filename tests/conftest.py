import os

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import build_org_tree
from tests.regulation import load_regulation

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def settings_language():
    """Each test starts in the settings' language: a request in Japanese leaves Japanese active in
    its thread (LocaleMiddleware does not put the language back), and a later test in the same
    worker would read its messages in Japanese."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def charter(db):
    """The regulation's parameters, as the migrations load them (a live-server test's flush removes them)."""
    load_regulation()


@pytest.fixture
def tree(db, charter):
    return build_org_tree()


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
