"""Bodies are JSON objects: other media types are a 415, other JSON values a 400, never a 500."""

import pytest
from django.test.client import MULTIPART_CONTENT, encode_multipart
from ninja import Schema

from sotay.api.api import api
from sotay.members.models import Member
from sotay.organizations.models import Unit
from tests.write_samples import PUBLIC_API_WRITES

FIELDS = {"code": "CA9", "name": "Chi bộ thôn Chín", "kind": "cell", "full_name": "Hoàng Văn Một"}
ENCODINGS = {
    "multipart": (
        MULTIPART_CONTENT,
        lambda data: encode_multipart("BoUnDaRy", data),
        "multipart/form-data; boundary=BoUnDaRy",
    ),
    "form": (None, lambda data: "&".join(f"{k}={v}" for k, v in data.items()), "application/x-www-form-urlencoded"),
    "text": (None, lambda data: str(data), "text/plain"),
}


@pytest.fixture(params=["session", "bearer"])
def caller(request, tree, client_for, client, bearer_for):
    """A client and extra headers for the district officer, by session (with CSRF) or by token."""
    if request.param == "session":
        return client_for(tree.district_officer), {}
    return client, bearer_for(tree.district_officer)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("path", ["/api/units", "/api/members"])
def test_a_body_that_is_not_json_is_415(tree, caller, encoding, path):
    client, headers = caller
    _unused, encode, content_type = ENCODINGS[encoding]
    data = {**FIELDS, "parent_id": tree.commune_a.pk, "unit_id": tree.cell_a1.pk}
    counts = (Unit.objects.count(), Member.objects.count())
    response = client.generic("POST", path, encode(data), content_type=content_type, **headers)
    assert response.status_code == 415, response.content
    assert response.json()["detail"]
    response = client.generic("PATCH", f"/api/members/{tree.an.pk}", encode(data), content_type=content_type, **headers)
    assert response.status_code == 415, response.content
    assert (Unit.objects.count(), Member.objects.count()) == counts


@pytest.mark.parametrize("body", ["null", "[null,null]", '"x"', "1", "[]"])
def test_a_json_body_that_is_not_an_object_is_400(tree, caller, body):
    client, headers = caller
    name = tree.an.full_name
    response = client.generic("PATCH", f"/api/members/{tree.an.pk}", body, content_type="application/json", **headers)
    assert response.status_code == 400, response.content
    response = client.generic("POST", "/api/units", body, content_type="application/json", **headers)
    assert response.status_code == 400, response.content
    assert Member.objects.get(pk=tree.an.pk).full_name == name


def test_json_with_a_charset_is_json(tree, caller):
    client, headers = caller
    response = client.generic(
        "PATCH",
        f"/api/members/{tree.an.pk}",
        '{"phone": "0900000001"}',
        content_type="application/json; charset=utf-8",
        **headers,
    )
    assert response.status_code == 200, response.content


def test_every_write_declares_its_error_answers():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in ("post", "patch"):
                # A write open to anyone names no object to miss (no 404), and is limited (429).
                public = f"{method.upper()} {path}" in PUBLIC_API_WRITES
                expected = {"400", "401", "403", "415", "422"} | ({"429"} if public else {"404"})
                assert expected <= {str(code) for code in operation["responses"]}, (method, path)


def test_no_two_input_or_output_shapes_share_a_name():
    # The schema names each shape by its class name: two classes of one name become one component,
    # and an operation would be documented with the other's fields.
    def shapes(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from shapes(sub)

    api.get_openapi_schema()  # imports every router's shapes
    names: dict[str, set[str]] = {}
    for shape in shapes(Schema):
        if shape.__module__.startswith("sotay."):
            names.setdefault(shape.__name__, set()).add(shape.__module__)
    assert {name: modules for name, modules in names.items() if len(modules) > 1} == {}
