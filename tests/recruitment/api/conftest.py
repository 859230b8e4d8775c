"""The API tests' clients: CSRF enforced as in production, and bearer tokens (tests/api/conftest.py)."""

from tests.api.conftest import bearer_for, client, client_for  # noqa: F401 - fixtures
