"""Property-based API testing: generated requests, as two roles, never get a 5xx."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from sotay.accounts.services import token_issue
from sotay.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go through the WSGI app, which would close the test's connection at each request's end;
    Django's own test client disconnects these signals the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["province_officer", "member_user"])
def role_token(request, tree):
    _token, raw = token_issue(actor=getattr(tree, request.param), name="schemathesis")
    return raw


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_answers_5xx(case, role_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {role_token}"}, checks=[not_a_server_error])
