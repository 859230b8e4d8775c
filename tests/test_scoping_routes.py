"""Every page and API route, walked for the actor scoped to one district asking about the other.

A new URL or API operation is picked up automatically: if it takes an id this file does not know
how to fill, the test fails until someone says which object of the other subtree to try.
"""

import ast
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from sotay.accounts.models import ApiToken
from sotay.accounts.services import token_issue
from sotay.api.api import api

SKIPPED_PREFIXES = ("admin/", "api/", "i18n/", "static/")
OTHER_SUBTREE_NAMES = ("Phạm Đức Dũng", "Huyện Yên Mô", "Xã Yên Thắng", "Chi bộ thôn Ba")


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def page_routes():
    return [
        (route, entry) for route, entry in walk(get_resolver().url_patterns) if not route.startswith(SKIPPED_PREFIXES)
    ]


def other_subtree_ids(tree) -> dict[str, int]:
    """For each URL parameter, an object the district-A officer must not reach."""
    token, _raw = token_issue(actor=tree.outsider, name="other person's token")
    return {"unit_id": tree.commune_b.pk, "member_id": tree.dung.pk, "token_id": token.pk}


def fill(route: str, values: dict[str, int]) -> str:
    def replace(match):
        name = match.group(1)
        if name not in values:
            raise AssertionError(f"{route}: add an out-of-scope sample for <{name}> in other_subtree_ids()")
        return str(values[name])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", replace, route)


def test_every_page_declares_what_it_needs():
    undeclared = []
    for route, entry in page_routes():
        callback = entry.callback
        need = getattr(callback, "sotay_access", None) or getattr(
            getattr(callback, "view_class", None), "sotay_access", None
        )
        if need is None:
            undeclared.append(route)
    assert undeclared == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_page_shows_another_subtree(tree, client_for, method):
    client = client_for(tree.district_officer)
    values = other_subtree_ids(tree)
    for route, _entry in page_routes():
        url = fill(route, values)
        if url in ("/logout/",):
            continue
        response = getattr(client, method)(url, follow=False)
        body = response.content.decode()
        if "<" in route:
            allowed = (404, 405) if method == "get" else (404,)  # 405: a POST-only page refuses GET first
            assert response.status_code in allowed, f"{method.upper()} {url} answered {response.status_code}"
        else:
            assert response.status_code in (200, 302, 404, 405), f"{url}: {response.status_code}"
        for name in OTHER_SUBTREE_NAMES:
            assert name not in body, f"{url} shows {name}"
    assert ApiToken.objects.filter(user=tree.outsider).count() == 1


def test_lists_filtered_to_another_subtree_are_404(tree, client_for):
    client = client_for(tree.district_officer)
    assert client.get(f"/members/?unit={tree.commune_b.pk}").status_code == 404
    assert client.get(f"/units/{tree.commune_b.pk}/children/").status_code == 404


def api_operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_api_operation_requires_authentication():
    open_operations = [f"{m.upper()} {p}" for p, m, op in api_operations() if not op.get("security")]
    assert open_operations == []


def test_anonymous_gets_401_everywhere(tree, client):
    for path, method, _op in api_operations():
        url = re.sub(r"\{(\w+)\}", "1", path)
        response = getattr(client, method)(url, content_type="application/json", data={} if method != "get" else None)
        assert response.status_code == 401, f"{method.upper()} {url}: {response.status_code}"


def test_no_api_route_shows_another_subtree(tree, client_for):
    client = client_for(tree.district_officer)
    values = other_subtree_ids(tree)
    for path, method, _op in api_operations():
        if "{" in path:
            url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)
            response = getattr(client, method)(
                url, content_type="application/json", data={} if method != "get" else None
            )
            assert response.status_code in (404, 422), f"{method.upper()} {url}: {response.status_code}"
            if response.status_code == 422:  # the body was checked first; the object must still be hidden
                assert method != "get"
        elif method == "get":
            for query in ("", f"?unit={tree.commune_b.pk}", f"?parent={tree.commune_b.pk}", "?q=pham"):
                response = client.get(path + query)
                assert response.status_code in (200, 404, 422)
                for name in OTHER_SUBTREE_NAMES:
                    assert name not in response.content.decode(), f"GET {path}{query} shows {name}"


VIEW_AND_API_FILES = sorted(Path("sotay").glob("*/views.py")) + sorted(Path("sotay").glob("*/api.py"))
SCOPED_MODELS = {"Unit", "Member", "MemberStatusEvent", "MemberUnitEvent", "UnitEvent", "RoleAssignment"}


@pytest.mark.parametrize("path", VIEW_AND_API_FILES, ids=str)
def test_views_and_api_handlers_never_query_scoped_models_directly(path):
    """Reads start from visible_to()/access_*; a bare Model.objects in a view is the bug to catch."""
    offenders = [
        f"{path}:{node.lineno}"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute)
        and node.attr == "objects"
        and isinstance(node.value, ast.Name)
        and node.value.id in SCOPED_MODELS
    ]
    assert offenders == []


def test_ids_beyond_the_database_range_are_404_not_500(tree, client_for):
    client = client_for(tree.province_officer)
    huge = 10**25
    for route, _entry in page_routes():
        if "<" in route:
            url = fill(route, {"unit_id": huge, "member_id": huge, "token_id": huge})
            assert client.get(url).status_code in (404, 405), url
