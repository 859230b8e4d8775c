"""The OpenAPI schema says what the API accepts: nullable only where null works, the real enums."""

import pytest

from sotay.api.api import api
from sotay.members.models import Member
from sotay.members.services import STATUSES_AT_ADMISSION, UPDATABLE_FIELDS

SCHEMA = api.get_openapi_schema()
COMPONENTS = SCHEMA["components"]["schemas"]


def nullable(prop: dict) -> bool:
    return any(option.get("type") == "null" for option in prop.get("anyOf", []))


def test_patch_offers_null_exactly_where_the_record_may_be_empty():
    props = COMPONENTS["MemberPatchIn"]["properties"]
    assert set(props) == set(UPDATABLE_FIELDS)
    for name, prop in props.items():
        field = Member._meta.get_field(name)
        assert nullable(prop) == (field.null or (field.blank and not field.choices)), name
        assert "default" not in prop, name


@pytest.mark.parametrize("field", ["gender", "full_name", "category", "religion", "birth_date"])
def test_null_for_a_field_that_cannot_be_empty_is_a_422_naming_it(tree, client, bearer_for, field):
    response = client.patch(
        f"/api/members/{tree.an.pk}",
        {field: None},
        content_type="application/json",
        **bearer_for(tree.district_officer),
    )
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]


def test_patch_null_empties_a_field_that_may_be_empty(tree, client, bearer_for):
    bearer = bearer_for(tree.district_officer)
    response = client.patch(
        f"/api/members/{tree.an.pk}", {"phone": None, "card_number": None}, content_type="application/json", **bearer
    )
    assert response.status_code == 200, response.content
    tree.an.refresh_from_db()
    assert (tree.an.phone, tree.an.card_number) == ("", None)


def test_create_offers_only_the_statuses_a_new_member_can_have():
    assert COMPONENTS["MemberCreateIn"]["properties"]["status"]["enum"] == [s.value for s in STATUSES_AT_ADMISSION]


def test_every_text_field_states_the_control_character_rule():
    def strings(schema):
        if schema.get("type") == "string" and "format" not in schema and "enum" not in schema:
            yield schema
        for option in schema.get("anyOf", []):
            yield from strings(option)

    for name in ("MemberCreateIn", "MemberPatchIn", "UnitCreateIn", "UnitUpdateIn"):
        for prop_name, prop in COMPONENTS[name]["properties"].items():
            for string in strings(prop):
                assert "pattern" in string, (name, prop_name)


def test_creations_link_to_reading_and_changing_what_they_created():
    """The stateful phase of tests/api/test_schemathesis.py follows these links."""
    operations = {op["operationId"] for methods in SCHEMA["paths"].values() for op in methods.values()}
    for path in ("/api/units", "/api/members"):
        links = SCHEMA["paths"][path]["post"]["responses"][201]["links"]
        assert set(links) == {"read", "change"}
        assert {link["operationId"] for link in links.values()} <= operations
