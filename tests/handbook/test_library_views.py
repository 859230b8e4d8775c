"""The library and draft pages: a member reads, downloads, comments and sees the outcome; another
subtree's file is a 404."""

import datetime

from sotay.handbook.models import Comment, Draft
from tests.factories import make_comment, make_document, make_document_file, make_draft


def test_a_member_searches_the_library_and_downloads_a_file(tree, client_for):
    document = make_document(tree.commune_a, "Nghị quyết Đảng bộ xã Kim Đông", number="12-NQ/ĐU")
    file = make_document_file(document)
    make_document(tree.cell_a1, "Tài liệu sinh hoạt tháng 1", kind="meeting_material")
    client = client_for(tree.member_user)
    page = client.get("/handbook/documents/?q=nghi+quyet+kim+dong").content.decode()
    assert "Nghị quyết Đảng bộ xã Kim Đông" in page and "Tài liệu sinh hoạt" not in page
    page = client.get(f"/handbook/documents/?kind=meeting_material&unit={tree.cell_a1.pk}").content.decode()
    assert "Tài liệu sinh hoạt tháng 1" in page and "Nghị quyết Đảng bộ" not in page
    response = client.get(f"/handbook/documents/{document.pk}/files/{file.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 scan"


def test_a_file_of_another_subtree_is_a_404(tree, client_for):
    theirs = make_document(tree.commune_b, "Nghị quyết Xã Yên Thắng")
    file = make_document_file(theirs)
    sibling = make_document(tree.cell_a2, "Tài liệu thôn Hai")
    sibling_file = make_document_file(sibling)
    client = client_for(tree.member_user)
    assert client.get(f"/handbook/documents/{theirs.pk}/files/{file.pk}/").status_code == 404
    assert client.get(f"/handbook/documents/{sibling.pk}/files/{sibling_file.pk}/").status_code == 404
    assert client.get(f"/handbook/documents/{theirs.pk}/").status_code == 404
    assert client.get(f"/handbook/documents/?unit={tree.commune_b.pk}").status_code == 404


def test_a_member_comments_edits_and_sees_the_outcome(tree, client, client_for):
    draft = make_draft(tree.cell_a1, "Dự thảo nghị quyết tháng 12")
    other = make_comment(draft, tree.an, "Góp ý riêng của đồng chí An")
    member = client_for(tree.member_user)
    assert member.post(f"/handbook/drafts/{draft.pk}/comments/", {"text": "Đề nghị sửa Điều 1."}).status_code == 302
    mine = Comment.objects.get(member=tree.binh)
    url = f"/handbook/drafts/{draft.pk}/comments/{mine.pk}/edit/"
    assert member.post(url, {"text": "Đề nghị sửa Điều 1 và 2."}).status_code == 302
    page = member.get(f"/handbook/drafts/{draft.pk}/").content.decode()
    assert "Đề nghị sửa Điều 1 và 2." in page and "Góp ý riêng" not in page
    assert member.get(f"/handbook/drafts/{draft.pk}/comments/{other.pk}/edit/").status_code == 404
    assert member.get(f"/handbook/drafts/{draft.pk}/manage/").status_code == 404

    secretary = client_for(tree.secretary)
    manage = secretary.get(f"/handbook/drafts/{draft.pk}/manage/").content.decode()
    assert "Góp ý riêng" in manage and "Đề nghị sửa Điều 1." in manage  # the earlier version too
    outcome = {f"c{mine.pk}-outcome": "adopted", f"c{mine.pk}-reply": "Đã tiếp thu vào Điều 1."}
    assert secretary.post(f"/handbook/drafts/{draft.pk}/comments/{mine.pk}/outcome/", outcome).status_code == 302
    final = {"final_text": "Nghị quyết chính thức."}
    assert secretary.post(f"/handbook/drafts/{draft.pk}/final/", final).status_code == 302

    member = client_for(tree.member_user)
    page = member.get(f"/handbook/drafts/{draft.pk}/").content.decode()
    assert "Đã tiếp thu vào Điều 1." in page and "Nghị quyết chính thức." in page
    assert "final text is out" in page


def test_no_comment_after_the_deadline(tree, client_for):
    draft = make_draft(tree.cell_a1, days_left=1)
    Draft.objects.filter(pk=draft.pk).update(comment_deadline=draft.comment_deadline - datetime.timedelta(days=2))
    client = client_for(tree.member_user)
    response = client.post(f"/handbook/drafts/{draft.pk}/comments/", {"text": "Muộn."})
    assert response.status_code == 200 and "Comments closed at the deadline" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_lists_read_in_pinned_queries(tree, client_for, django_assert_max_num_queries):
    for day in range(1, 15):
        make_draft(tree.cell_a1, f"Dự thảo {day}")
        make_document(tree.province, f"Chỉ thị {day}", issued_on=datetime.date(2026, 1, day))
    client = client_for(tree.member_user)
    client.get("/handbook/")
    with django_assert_max_num_queries(12):
        assert client.get("/handbook/documents/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/handbook/drafts/").status_code == 200
