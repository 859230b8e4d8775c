"""The library and drafts API: a member comments with the CSRF token and reads the outcome; a
secretary decides with a bearer token; another subtree's file is a 404."""

import base64
import datetime

from django.test import Client
from django.utils import timezone

from sotay.accounts.services import token_issue
from tests.factories import make_comment, make_document, make_document_file, make_draft


def test_a_member_comments_with_the_csrf_token_and_sees_the_outcome(tree, client):
    draft = make_draft(tree.cell_a1, "Dự thảo nghị quyết tháng 12")
    make_comment(draft, tree.an, "Góp ý riêng của đồng chí An")
    member = Client(enforce_csrf_checks=True)
    member.force_login(tree.member_user)
    url = f"/api/handbook/drafts/{draft.pk}/comments"
    assert member.post(url, {"text": "Góp ý."}, content_type="application/json").status_code == 403
    member.get("/handbook/")
    csrf = {"HTTP_X_CSRFTOKEN": member.cookies["csrftoken"].value}
    created = member.post(url, {"text": "Đề nghị sửa Điều 1."}, content_type="application/json", **csrf)
    assert created.status_code == 201, created.content
    comment_id = created.json()["id"]
    edited = member.patch(f"{url}/{comment_id}", {"text": "Đề nghị sửa Điều 1, 2."}, content_type="application/json",
                          **csrf).json()  # fmt: skip
    assert edited["versions"] == ["Đề nghị sửa Điều 1.", "Đề nghị sửa Điều 1, 2."]

    _token, raw = token_issue(actor=tree.secretary, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    seen = client.get(f"/api/handbook/drafts/{draft.pk}", **auth).json()
    assert len(seen["comments"]) == 2 and seen["manages"] is True
    decided = client.post(f"{url}/{comment_id}/outcome", {"outcome": "not_adopted", "reply": "Giữ nguyên."},
                          content_type="application/json", **auth)  # fmt: skip
    assert decided.status_code == 200, decided.content

    mine = member.get(f"/api/handbook/drafts/{draft.pk}").json()
    assert [(c["text"], c["outcome"], c["reply"]) for c in mine["comments"]] == [
        ("Đề nghị sửa Điều 1, 2.", "not_adopted", "Giữ nguyên.")
    ]
    assert mine["may_comment"] is True and mine["manages"] is False


def test_no_comment_after_the_deadline(tree, client_for):
    draft = make_draft(tree.cell_a1, days_left=-1)
    answer = client_for(tree.member_user).post(
        f"/api/handbook/drafts/{draft.pk}/comments", {"text": "Muộn."}, content_type="application/json"
    )
    assert answer.status_code == 422 and "Comments closed" in answer.content.decode()


def test_documents_with_a_token_and_another_subtree_is_404(tree, client, client_for):
    _token, raw = token_issue(actor=tree.district_officer, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = {"unit_id": tree.commune_a.pk, "kind": "directive", "title": "Chỉ thị về sinh hoạt chi bộ",
            "issued_on": timezone.localdate().isoformat(),
            "attachments": [{"name": "ct.exe", "content_base64": base64.b64encode(b"MZ" * 10).decode()}]}  # fmt: skip
    assert client.post("/api/handbook/documents", body, content_type="application/json", **auth).status_code == 422
    body["attachments"] = [{"name": "ct.pdf", "content_base64": base64.b64encode(b"%PDF-1.4").decode()}]
    created = client.post("/api/handbook/documents", body, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    member = client_for(tree.member_user)
    listed = member.get("/api/handbook/documents?q=chi+thi+sinh+hoat").json()
    assert [d["title"] for d in listed["items"]] == ["Chỉ thị về sinh hoạt chi bộ"]
    download = member.get(listed["items"][0]["files"][0]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    theirs = make_document(tree.commune_b, "Nghị quyết Xã Yên Thắng", issued_on=datetime.date(2026, 1, 2))
    file = make_document_file(theirs)
    assert member.get(f"/api/handbook/documents/{theirs.pk}/files/{file.pk}").status_code == 404
    assert member.get(f"/api/handbook/documents?unit={tree.commune_b.pk}").status_code == 404
