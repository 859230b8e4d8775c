"""The member's home and a notice; the officers' pages; attachments served only in scope."""

from django.core.files.uploadedfile import SimpleUploadedFile

from sotay.handbook import services
from sotay.handbook.models import Notice, NoticeAttachment
from tests.factories import make_notice

PDF = b"%PDF-1.7\n" + b"x" * 100


def test_the_home_marks_unread_and_opening_a_notice_reads_it(tree, client_for):
    notice = make_notice(tree.district_a, "Lịch tiếp xúc cử tri", body="Dòng một\n<b>Dòng hai</b>")
    make_notice(tree.cell_b1, "Thông báo Chi bộ thôn Ba")
    client = client_for(tree.member_user)
    home = client.get("/handbook/").content.decode()
    assert 'class="unread"' in home and "Lịch tiếp xúc cử tri" in home and "thôn Ba" not in home
    assert '<span class="unread-count"' in home
    detail = client.get(f"/handbook/notices/{notice.pk}/").content.decode()
    assert "Dòng một\n&lt;b&gt;Dòng hai&lt;/b&gt;" in detail  # plain text, line breaks kept by CSS
    home = client.get("/handbook/").content.decode()
    assert 'class="read"' in home and '<span class="unread-count"' not in home


def test_an_account_without_a_record_is_told_why(tree, client_for):
    body = client_for(tree.district_officer).get("/handbook/").content.decode()
    assert "not linked to a member record" in body and "/handbook/manage/" in body


def test_the_home_reads_the_same_queries_for_3_and_30_notices(tree, client_for, django_assert_num_queries):
    client = client_for(tree.member_user)
    client.get("/handbook/")
    counts = []
    for count in (3, 30):
        for index in range(count):
            make_notice(tree.province, f"Thông báo {index}")
        with django_assert_num_queries(
            9
        ) as captured:  # session, user, reader ×2, page, marks, unread, next meeting, nav
            assert client.get("/handbook/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_an_attachment_of_another_subtree_is_404(tree, client_for):
    theirs = services.notice_publish(
        actor=tree.outsider, unit=tree.commune_b, title="Của huyện B", body="...",
        attachments=[SimpleUploadedFile("b.pdf", PDF)],
    )  # fmt: skip
    ours = services.notice_publish(
        actor=tree.district_officer, unit=tree.commune_a, title="Của huyện A", body="...",
        attachments=[SimpleUploadedFile("a.pdf", PDF)],
    )  # fmt: skip
    their_file, our_file = theirs.attachments.get(), ours.attachments.get()
    member = client_for(tree.member_user)
    response = member.get(f"/handbook/notices/{ours.pk}/files/{our_file.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert member.get(f"/handbook/notices/{theirs.pk}/files/{their_file.pk}/").status_code == 404
    # Another notice's file through a notice one may read: 404 too.
    assert member.get(f"/handbook/notices/{ours.pk}/files/{their_file.pk}/").status_code == 404


def test_an_officer_publishes_schedules_edits_and_withdraws(tree, client_for):
    client = client_for(tree.district_officer)
    assert client.get("/handbook/manage/new/").status_code == 200
    assert client.get("/handbook/manage/new/?unit_code=ga").url == f"/handbook/manage/new/{tree.commune_a.pk}/"
    response = client.post(
        f"/handbook/manage/new/{tree.commune_a.pk}/",
        {"title": "Họp", "body": "Kính mời", "publish_at": "2099-01-01T08:00", "kinds": ["cell"],
         "attachments": [SimpleUploadedFile("a.pdf", PDF)]},
    )  # fmt: skip
    notice = Notice.objects.get()
    assert response.url == f"/handbook/notices/{notice.pk}/"
    assert (notice.kinds, notice.publish_at.year, NoticeAttachment.objects.count()) == (["cell"], 2099, 1)
    response = client.post(f"/handbook/manage/{notice.pk}/edit/", {"title": "Họp (đổi)", "body": "Kính mời",
                                                                    "publish_at": "2099-01-02T08:00"})  # fmt: skip
    assert response.status_code == 302
    assert "Họp (đổi)" in client.get("/handbook/manage/").content.decode()
    client.post(f"/handbook/manage/{notice.pk}/withdraw/")
    notice.refresh_from_db()
    assert notice.withdrawn_at is not None


def test_a_refused_upload_is_shown_on_the_form(tree, client_for):
    response = client_for(tree.secretary).post(
        f"/handbook/manage/new/{tree.cell_a1.pk}/",
        {"title": "Họp", "body": "Kính mời", "attachments": [SimpleUploadedFile("x.exe", b"MZ...")]},
    )
    assert response.status_code == 200
    assert "cannot be attached here" in response.content.decode()
    assert not Notice.objects.exists()


def test_a_secretary_goes_straight_to_their_cell(tree, client_for):
    assert client_for(tree.secretary).get("/handbook/manage/new/").url == f"/handbook/manage/new/{tree.cell_a1.pk}/"


def test_a_member_cannot_reach_the_officer_pages(tree, client_for):
    client = client_for(tree.member_user)
    for url in ("/handbook/manage/", "/handbook/manage/new/", f"/handbook/manage/new/{tree.cell_a1.pk}/"):
        assert client.get(url).status_code == 404
