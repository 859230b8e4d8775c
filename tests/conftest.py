import datetime
import os

import pytest

from sotay.core.models import Policy, PolicyParameter
from tests.factories import build_org_tree

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def charter(db):
    """The Charter's parameters, as the migration loads them (a live-server test's flush removes them)."""
    PolicyParameter.objects.get_or_create(
        key=Policy.MIN_ADMISSION_AGE,
        effective_from=datetime.date(2011, 1, 19),
        defaults={"value": 18, "source": "Điều lệ Đảng 2011, Điều 1"},
    )


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
