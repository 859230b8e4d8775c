"""Property-based API testing with every schemathesis check, as two roles: the schema is the truth.

Generated requests, valid and invalid, go through the WSGI app with a province officer's token and
a cell secretary's (staff with a narrower scope and fewer rights). Every check runs; one is adapted:
a schema-valid request may still break a rule the schema cannot state (a date against today, a code
already taken), which the API answers with 422 entries of type `rule`. Any other refusal of
schema-valid data, or acceptance of invalid data, fails.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

from sotay.accounts.services import token_issue
from sotay.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
EXAMPLES = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def schema_valid_data_is_accepted_or_breaks_a_rule(ctx, response, case):
    """`positive_data_acceptance`, letting through a 422 whose every entry is a domain rule."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if response.status_code == 422 and all(error["type"] == "rule" for error in response.json()["detail"]):
            return None
        raise


ALL_CHECKS = {
    "excluded_checks": [positive_data_acceptance],
    "additional_checks": [schema_valid_data_is_accepted_or_breaks_a_rule],
}


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go through the WSGI app, which would close the test's connection at each request's end;
    Django's own test client disconnects these signals the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["province_officer", "secretary"])
def role(request, tree):
    """The role's name and a bearer token for it."""
    _token, raw = token_issue(actor=getattr(tree, request.param), name="schemathesis")
    return request.param, raw


@schema.parametrize()
@EXAMPLES
def test_every_operation_keeps_to_the_schema(case, role):
    _name, token = role
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, **ALL_CHECKS)


def test_workflows_across_operations(role):
    """Stateful phase: sequences that follow the schema's links (create a unit or member, then read
    and change it), every step checked as above."""
    _name, token = role

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # `headers` marks the token as given, not generated, for the checks that resend without it.
            case.validate_response(
                response, **ALL_CHECKS, headers=kwargs["headers"], transport_kwargs=kwargs, recorder=self.recorder
            )

    Workflow.run(settings=settings(EXAMPLES, max_examples=10, stateful_step_count=4))
