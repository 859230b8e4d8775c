"""What every error answer looks like, and the responses each kind of operation declares."""

from typing import Any

from ninja import Schema


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    """`detail` is a sentence, or for 422 one entry per field in error."""

    detail: str | list[FieldError]


# 401 without credentials, 404 for what is missing or outside your scope, 422 for bad parameters.
READ_ERRORS = (401, 404, 422)
# Writes add 400 (the body is not a JSON object), 403 (you may see but not change it, or a session
# write without its CSRF token) and 415 (the body is not JSON).
WRITE_ERRORS = (400, 401, 403, 404, 415, 422)


def responses(ok: dict[int, Any], errors: tuple[int, ...]) -> dict[int, Any]:
    """The success responses of an operation, with every error it can give declared."""
    return {**ok, **dict.fromkeys(errors, ErrorOut)}


def links_to_created(parameter: str, **operation_ids: str) -> dict:
    """OpenAPI links from a 201 to the operations on what it created (its `id` fills `parameter`);
    schemathesis's stateful phase follows them."""
    return {
        "responses": {
            201: {
                "links": {
                    name: {"operationId": operation_id, "parameters": {parameter: "$response.body#/id"}}
                    for name, operation_id in operation_ids.items()
                }
            }
        }
    }
