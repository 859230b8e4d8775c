"""Every page and API route, walked for the actor scoped to one district asking about the other.

A new URL or API operation is picked up automatically: if it takes an id this file does not know
how to fill, or writes without a valid sample body in tests/write_samples.py, the test fails until
someone says which object of the other subtree to try and what a valid body is.
"""

import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sotay.accounts.models import ApiToken, SignIn
from sotay.accounts.services import token_issue
from sotay.api.api import api
from sotay.recruitment.documents import FormKind
from sotay.recruitment.models import CaseAttachment
from tests.factories import (
    make_candidate,
    make_comment,
    make_course,
    make_document,
    make_document_file,
    make_draft,
    make_meeting,
    make_notice,
    make_session,
)
from tests.write_samples import (
    API_WRITES,
    OWN_ACCOUNT_PAGES,
    OWN_API_WRITES,
    PAGE_WRITES,
    PUBLIC_API_WRITES,
    PUBLIC_PAGES,
    READ_ONLY_PAGES,
    their_case,
)

SKIPPED_PREFIXES = ("admin/", "api/", "i18n/", "static/")
WRITTEN_APPS = {"core", "organizations", "accounts", "members", "recruitment", "handbook", "auditlog"}
OTHER_SUBTREE_NAMES = ("Phạm Đức Dũng", "Huyện Yên Mô", "Xã Yên Thắng", "Chi bộ thôn Ba", "Vũ Thị Hạnh")


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            entry.qualified_name = f"{namespace}{entry.name}" if entry.name else None
            yield prefix + str(entry.pattern), entry


def page_routes():
    return [
        (route, entry) for route, entry in walk(get_resolver().url_patterns) if not route.startswith(SKIPPED_PREFIXES)
    ]


def page_names(patterns=None, prefix="", namespace="") -> set[str]:
    """The names of the pages, with their namespace ("recruitment:case-detail"), as `reverse` takes them."""
    names: set[str] = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= page_names(entry.url_patterns, route, inner)
        elif entry.name and not route.startswith(SKIPPED_PREFIXES):
            names.add(namespace + entry.name)
    return names


def other_subtree_ids(tree) -> dict[str, int]:
    """For each URL parameter, an object the district-A officer must not reach."""
    token, _raw = token_issue(actor=tree.outsider, name="other person's token")
    sign_in = SignIn.objects.create(user=tree.outsider, session_key="x" * 32, device="Chrome on Android")
    case = their_case(tree)
    attachment = CaseAttachment.objects.create(
        event=case.events.get(), file=SimpleUploadedFile("bien-ban.pdf", b"%PDF"), name="bien-ban.pdf"
    )
    source = make_candidate(tree.cell_b1, "Vũ Thị Hạnh")
    # Named after their commune, so a page or answer that shows them is caught by OTHER_SUBTREE_NAMES.
    course = make_course(tree.commune_b, "Lớp cảm tình Đảng Xã Yên Thắng")
    session = make_session(course, topic="Xã Yên Thắng")
    notice = make_notice(tree.commune_b, "Thông báo Xã Yên Thắng", body="Chi bộ thôn Ba")
    document = make_document(tree.commune_b, "Nghị quyết Xã Yên Thắng", summary="Chi bộ thôn Ba")
    document_file = make_document_file(document, "xa-yen-thang.pdf")
    draft = make_draft(tree.cell_b1, "Dự thảo Xã Yên Thắng")
    comment = make_comment(draft, tree.dung, "Phạm Đức Dũng góp ý")
    meeting = make_meeting(tree.cell_b1, "Họp Chi bộ thôn Ba", agenda="Xã Yên Thắng")
    material = meeting.materials.create(
        file=SimpleUploadedFile("tai-lieu.pdf", b"%PDF"), name="tai-lieu.pdf", size=4, content_type="application/pdf"
    )
    return {
        "unit_id": tree.commune_b.pk,
        "member_id": tree.dung.pk,
        "token_id": token.pk,
        "sign_in_id": sign_in.pk,
        "case_id": case.pk,
        "candidate_id": case.candidate_id,
        "attachment_id": attachment.pk,
        "event_id": attachment.event_id,
        "kind": FormKind.APPLICATION,
        "course_id": course.pk,
        "session_id": session.pk,
        "source_id": source.pk,
        "notice_id": notice.pk,
        "document_id": document.pk,
        "file_id": document_file.pk,
        "draft_id": draft.pk,
        "comment_id": comment.pk,
        "meeting_id": meeting.pk,
        "material_id": material.pk,
    }


def readable_text(response) -> str:
    """The body as text; a download (xlsx, PDF) is compressed, so its own tests read what it shows."""
    if response.get("Content-Disposition", "").startswith("attachment"):
        return ""
    return response.content.decode()


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
        body = readable_text(response)
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
    """But activation and sign-in, which are how one gets credentials (tested in tests/accounts)."""
    open_operations = [f"{m.upper()} {p}" for p, m, op in api_operations() if not op.get("security")]
    assert open_operations == sorted(PUBLIC_API_WRITES)


def test_anonymous_gets_401_everywhere(tree, client):
    for path, method, _op in api_operations():
        if f"{method.upper()} {path}" in PUBLIC_API_WRITES:
            continue
        url = re.sub(r"\{(\w+)\}", "1", path)
        response = getattr(client, method)(url, content_type="application/json", data={} if method != "get" else None)
        assert response.status_code == 401, f"{method.upper()} {url}: {response.status_code}"


def test_no_api_read_shows_another_subtree(tree, client_for):
    """Reads here; every write is walked with a valid body below."""
    client = client_for(tree.district_officer)
    values = other_subtree_ids(tree)
    for path, method, _op in api_operations():
        if method != "get":
            continue
        if "{" in path:
            url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)
            response = client.get(url)
            assert response.status_code == 404, f"GET {url}: {response.status_code}"
        else:
            for query in ("", f"?unit={tree.commune_b.pk}", f"?parent={tree.commune_b.pk}", "?q=pham"):
                response = client.get(path + query)
                assert response.status_code in (200, 404, 422)
                for name in OTHER_SUBTREE_NAMES:
                    assert name not in response.content.decode(), f"GET {path}{query} shows {name}"


def test_ids_beyond_the_database_range_are_404_not_500(tree, client_for):
    client = client_for(tree.province_officer)
    huge = 10**25
    for route, _entry in page_routes():
        if "<" in route:
            ids = (
                "unit_id",
                "member_id",
                "token_id",
                "sign_in_id",
                "case_id",
                "candidate_id",
                "attachment_id",
                "course_id",
                "session_id",
                "source_id",
                "notice_id",
                "document_id",
                "file_id",
                "draft_id",
                "comment_id",
                "meeting_id",
                "material_id",
            )
            url = fill(route, {**dict.fromkeys(ids, huge), "kind": FormKind.APPLICATION})
            assert client.get(url).status_code in (404, 405), url


def snapshot() -> dict[str, list]:
    """Every row of every table the app and its audit log write, to prove a request wrote nothing."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in WRITTEN_APPS
    }


def test_every_write_has_a_valid_sample():
    """Fail closed: a new page or API write is walked only once it has a body here."""
    names = page_names()
    assert names - (PAGE_WRITES.keys() | READ_ONLY_PAGES | OWN_ACCOUNT_PAGES | PUBLIC_PAGES) == set(), (
        "add it to tests/write_samples.py"
    )
    writes = {f"{method.upper()} {path}" for path, method, op in api_operations() if "requestBody" in op}
    assert writes - API_WRITES.keys() - PUBLIC_API_WRITES - OWN_API_WRITES == set(), "add it to tests/write_samples.py"
    assert set(PAGE_WRITES) <= names and set(API_WRITES) <= writes, "a sample for a route that no longer exists"


def page_url(name: str, values: dict[str, int]) -> str:
    return reverse(name, kwargs=values)


def api_url(operation: str, values: dict[str, int]) -> tuple[str, str]:
    method, path = operation.split(" ")
    return method.lower(), path.format(**values)


def assert_hidden(response, url):
    body = response.content.decode()
    for name in OTHER_SUBTREE_NAMES:
        assert name not in body, f"{url} shows {name}"


@pytest.mark.parametrize("name", sorted(PAGE_WRITES))
def test_a_valid_page_write_aimed_at_another_subtree_is_404_and_writes_nothing(tree, client_for, name):
    sample = PAGE_WRITES[name](tree)
    client = client_for(tree.district_officer)
    before = snapshot()
    url = page_url(name, sample.theirs.url)
    response = client.post(url, sample.theirs.data)
    assert response.status_code == 404, f"POST {url}: {response.status_code}"
    assert_hidden(response, url)
    if sample.their_code:
        url = page_url(name, sample.ours.url)
        theirs = client.post(url, {**sample.ours.data, sample.code_field: sample.their_code})
        unknown = client.post(url, {**sample.ours.data, sample.code_field: "NO-SUCH-CODE"})
        assert (theirs.status_code, theirs.context["form"].errors) == (
            unknown.status_code,
            unknown.context["form"].errors,
        )
        assert_hidden(theirs, url)
    assert snapshot() == before
    response = client.post(page_url(name, sample.ours.url), sample.ours.data)
    assert response.status_code == 302, f"the sample for {name} is not valid: {response.status_code}"


@pytest.mark.parametrize("operation", sorted(API_WRITES))
def test_a_valid_api_write_aimed_at_another_subtree_is_404_and_writes_nothing(tree, client_for, operation):
    sample = API_WRITES[operation](tree)
    client = client_for(tree.district_officer)
    before = snapshot()
    method, url = api_url(operation, sample.theirs.url)
    response = getattr(client, method)(url, sample.theirs.data, content_type="application/json")
    assert response.status_code == 404, f"{operation}: {response.status_code} {response.content[:300]}"
    assert_hidden(response, url)
    assert snapshot() == before
    method, url = api_url(operation, sample.ours.url)
    response = getattr(client, method)(url, sample.ours.data, content_type="application/json")
    assert response.status_code in (200, 201), f"the sample for {operation} is not valid: {response.content[:300]}"
