"""Calls the API as a script would: with a fresh bearer token for the given user."""

from sotay.accounts.services import token_issue


def refused_field_message(client, user, path: str, body: dict, field: str) -> str:
    """POST `body` to `path` as `user`; it must be refused (422), and the messages on `field` are returned."""
    _token, raw = token_issue(actor=user, name="script")
    response = client.post(path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 422, response.content
    return " ".join(error["msg"] for error in response.json()["detail"] if field in error["loc"])
