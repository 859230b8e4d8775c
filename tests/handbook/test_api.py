"""The handbook API: a member's feed with CSRF enforced, officers publishing with bearer tokens."""

import base64

from django.test import Client

from sotay.accounts.services import token_issue
from sotay.handbook.models import Notice, NoticeRead
from tests.factories import make_notice

PDF = b"%PDF-1.7\n" + b"x" * 100


def test_a_member_reads_the_feed_and_marks_read_with_the_csrf_token(tree):
    notice = make_notice(tree.province, "Nghị quyết tỉnh")
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.member_user)
    feed = client.get("/api/handbook/feed").json()
    assert (feed["unread"], feed["cell_name"], [i["is_read"] for i in feed["items"]]) == (1, "Chi bộ thôn Một", [False])
    assert (
        client.post(f"/api/handbook/notices/{notice.pk}/read", {}, content_type="application/json").status_code == 403
    )  # no CSRF token
    client.get("/handbook/")
    token = client.cookies["csrftoken"].value
    answer = client.post(
        f"/api/handbook/notices/{notice.pk}/read", {}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    ).json()
    assert answer == {"notice_id": notice.pk, "is_read": True, "unread": 0}
    assert client.get(f"/api/handbook/notices/{notice.pk}").json()["is_read"] is True
    assert NoticeRead.objects.count() == 1


def test_reading_a_notice_by_id_marks_it_read(tree, client_for):
    notice = make_notice(tree.cell_a1, "Họp chi bộ")
    client = client_for(tree.member_user)
    assert client.get(f"/api/handbook/notices/{notice.pk}").json()["title"] == "Họp chi bộ"
    assert client.get("/api/handbook/feed").json()["unread"] == 0


def test_an_account_without_a_record_has_no_feed(tree, client_for):
    assert client_for(tree.district_officer).get("/api/handbook/feed").status_code == 404


def test_an_officer_publishes_with_a_token_and_a_member_downloads(tree, client, client_for):
    _token, raw = token_issue(actor=tree.district_officer, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = {
        "unit_id": tree.commune_a.pk,
        "title": "Tài liệu sinh hoạt tháng 12",
        "body": "Các đồng chí đọc trước.",
        "kinds": ["cell"],
        "attachments": [{"name": "tai-lieu.pdf", "content_base64": base64.b64encode(PDF).decode()}],
    }
    response = client.post("/api/handbook/notices", body, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["kinds"] == ["cell"] and created["attachments"][0]["content_type"] == "application/pdf"
    listed = client.get("/api/handbook/notices", **auth).json()
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    member = client_for(tree.member_user)
    download = member.get(created["attachments"][0]["url"])
    assert b"".join(download.streaming_content) == PDF


def test_wrong_files_and_other_units_are_refused(tree, client):
    _token, raw = token_issue(actor=tree.district_officer, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    exe = {"name": "x.pdf", "content_base64": base64.b64encode(b"MZ....").decode()}
    body = {"unit_id": tree.commune_a.pk, "title": "T", "body": "B", "attachments": [exe]}
    refused = client.post("/api/handbook/notices", body, content_type="application/json", **auth)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "attachments"]
    elsewhere = client.post("/api/handbook/notices", {**body, "unit_id": tree.commune_b.pk, "attachments": []},
                            content_type="application/json", **auth)  # fmt: skip
    assert elsewhere.status_code == 404
    assert not Notice.objects.exists()


def test_patch_and_withdraw(tree, client_for):
    notice = make_notice(tree.commune_a, "Sắp đăng", days_ago=-1)
    client = client_for(tree.district_officer)
    patched = client.patch(f"/api/handbook/notices/{notice.pk}", {"title": "Đổi"}, content_type="application/json")
    assert patched.json()["title"] == "Đổi"
    withdrawn = client.post(f"/api/handbook/notices/{notice.pk}/withdraw", {}, content_type="application/json")
    assert withdrawn.json()["withdrawn_at"] is not None
    assert (
        client.post(f"/api/handbook/notices/{notice.pk}/withdraw", {}, content_type="application/json").status_code
        == 422
    )
