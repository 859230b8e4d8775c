"""The document library and draft resolutions: publishing, search, comments and their versions,
the deadline, outcomes, and who sees what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sotay.handbook import selectors_library as selectors
from sotay.handbook import services_documents, services_drafts
from sotay.handbook.attachments import MAX_BYTES
from sotay.handbook.models import Comment, Document, Draft, DraftStatus, Outcome
from tests.factories import make_comment, make_document, make_draft

PDF = b"%PDF-1.7\n" + b"x" * 100


def publish_document(tree, actor=None, unit=None, **fields):
    arguments = {"kind": "resolution", "title": "Nghị quyết về phát triển đảng viên",
                 "issued_on": datetime.date(2026, 1, 5), "number": "05-NQ/ĐU"} | fields  # fmt: skip
    return services_documents.document_publish(
        actor=actor or tree.district_officer, unit=unit or tree.commune_a, **arguments
    )


def test_a_document_is_stored_with_its_files_year_and_search_key(tree):
    document = publish_document(tree, attachments=[SimpleUploadedFile("nq.pdf", PDF)])
    assert (document.year, document.title_key) == (2026, "05-nq/du nghi quyet ve phat trien dang vien")
    assert [(f.name, f.content_type, f.size) for f in document.files.all()] == [("nq.pdf", "application/pdf", len(PDF))]
    with document.files.get().file.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ" + b"x" * 50, "cannot be attached here"),
        ("renamed.pdf", b"MZ" + b"x" * 50, "cannot be attached here"),
        ("lon.pdf", b"%PDF-" + b"x" * MAX_BYTES, "larger than 10 MB"),
    ],
)
def test_oversize_and_wrong_types_are_refused(tree, name, content, message):
    with pytest.raises(ValidationError) as refused:
        publish_document(tree, attachments=[SimpleUploadedFile(name, content)])
    assert message in " ".join(refused.value.message_dict["attachments"])
    assert Document.objects.count() == 0


def test_publishing_needs_the_right_on_the_unit(tree):
    with pytest.raises(PermissionDenied):
        publish_document(tree, actor=tree.secretary, unit=tree.commune_a)
    with pytest.raises(ValidationError) as refused:
        publish_document(tree, title=" ", kind="memo", issued_on=datetime.date(2100, 1, 1))
    assert set(refused.value.message_dict) == {"title", "kind", "issued_on"}


def test_a_member_sees_their_cell_and_above_and_searches_without_diacritics(tree):
    ours = [
        make_document(tree.cell_a1, "Tài liệu sinh hoạt chi bộ tháng 1", kind="meeting_material"),
        make_document(tree.commune_a, "Nghị quyết Đảng bộ xã", number="12-NQ/ĐU"),
        make_document(tree.province, "Chỉ thị của Tỉnh ủy", kind="directive", issued_on=datetime.date(2025, 3, 1)),
    ]
    make_document(tree.cell_a2, "Tài liệu chi bộ thôn Hai")
    make_document(tree.commune_b, "Nghị quyết Xã Yên Thắng")
    member = tree.member_user
    assert {d.pk for d in selectors.library_page(member).documents} == {d.pk for d in ours}
    assert [d.title for d in selectors.library_page(member, query="nghi quyet").documents] == ["Nghị quyết Đảng bộ xã"]
    assert [d.title for d in selectors.library_page(member, query="12-nq").documents] == ["Nghị quyết Đảng bộ xã"]
    assert [d.title for d in selectors.library_page(member, year=2025).documents] == ["Chỉ thị của Tỉnh ủy"]
    assert [d.title for d in selectors.library_page(member, kind="meeting_material").documents] == [
        "Tài liệu sinh hoạt chi bộ tháng 1"
    ]
    assert selectors.library_years(member) == [2026, 2025]
    officer = selectors.library_page(tree.district_officer)
    assert "Nghị quyết Xã Yên Thắng" not in [d.title for d in officer.documents]
    assert "Tài liệu chi bộ thôn Hai" in [d.title for d in officer.documents]


def test_the_library_page_reads_in_pinned_queries(tree, django_assert_num_queries):
    for day in range(1, 26):
        make_document(tree.cell_a1, f"Tài liệu {day}", issued_on=datetime.date(2026, 1, day))
    member = tree.member_user
    selectors.library_page(member)  # the reader, once per user object
    with django_assert_num_queries(3):  # count, page, files
        page = selectors.library_page(member, page=2)
    assert (len(page.documents), page.has_next, page.count) == (5, False, 25)


# Drafts ---------------------------------------------------------------------------------------


def test_a_secretary_publishes_a_draft_for_the_cell(tree):
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    draft = services_drafts.draft_publish(
        actor=tree.secretary, unit=tree.cell_a1, title="Dự thảo", text="Điều 1.", comment_deadline=later
    )
    assert draft.takes_comments() and draft.state() == DraftStatus.OPEN
    with pytest.raises(PermissionDenied):
        services_drafts.draft_publish(
            actor=tree.secretary, unit=tree.cell_a2, title="Dự thảo", text="Điều 1.", comment_deadline=later
        )
    with pytest.raises(ValidationError) as refused:
        services_drafts.draft_publish(
            actor=tree.secretary, unit=tree.cell_a1, title="Dự thảo", text="Điều 1.",
            comment_deadline=later - datetime.timedelta(days=4),
        )  # fmt: skip
    assert list(refused.value.message_dict) == ["comment_deadline"]


def test_comments_and_follow_ups_keep_every_version(tree):
    draft = make_draft(tree.cell_a1)
    member = tree.member_user
    comment = services_drafts.comment_add(actor=member, draft=draft, text="Đề nghị sửa Điều 1.")
    services_drafts.comment_edit(actor=member, comment=comment, text="Đề nghị sửa Điều 1 và Điều 2.")
    follow = services_drafts.comment_add(actor=member, draft=draft, text="Bổ sung thêm.", parent=comment)
    comment.refresh_from_db()
    assert comment.text == "Đề nghị sửa Điều 1 và Điều 2."
    assert [v.text for v in comment.versions.all()] == ["Đề nghị sửa Điều 1.", "Đề nghị sửa Điều 1 và Điều 2."]
    assert follow.parent_id == comment.pk
    comments = selectors.draft_comments(member, draft)
    assert [(top.pk, [r.pk for r in rest]) for top, rest in selectors.threads(comments)] == [(comment.pk, [follow.pk])]


def test_no_comment_after_the_deadline(tree):
    draft = make_draft(tree.cell_a1, days_left=1)
    comment = services_drafts.comment_add(actor=tree.member_user, draft=draft, text="Góp ý.")
    Draft.objects.filter(pk=draft.pk).update(comment_deadline=draft.comment_deadline - datetime.timedelta(days=2))
    draft.refresh_from_db()
    assert draft.state() == DraftStatus.CLOSED
    with pytest.raises(ValidationError, match="Comments closed at the deadline"):
        services_drafts.comment_add(actor=tree.member_user, draft=draft, text="Góp ý muộn.")
    with pytest.raises(ValidationError, match="Comments closed at the deadline"):
        services_drafts.comment_edit(actor=tree.member_user, comment=comment, text="Sửa muộn.")
    assert [c.text for c in Comment.objects.all()] == ["Góp ý."]
    assert [v.text for v in comment.versions.all()] == ["Góp ý."]


def test_only_members_below_comment_and_only_on_their_own_threads(tree):
    draft = make_draft(tree.cell_a2)
    with pytest.raises(PermissionDenied):
        services_drafts.comment_add(actor=tree.member_user, draft=draft, text="Góp ý.")
    with pytest.raises(PermissionDenied):
        services_drafts.comment_add(actor=tree.district_officer, draft=draft, text="Góp ý.")
    ours = make_draft(tree.commune_a)
    other = make_comment(ours, tree.an)
    with pytest.raises(ValidationError):
        services_drafts.comment_add(actor=tree.member_user, draft=ours, text="Tôi đồng ý.", parent=other)
    with pytest.raises(PermissionDenied):
        services_drafts.comment_edit(actor=tree.member_user, comment=other, text="Đổi lời.")


def test_outcome_visible_to_the_commenter_and_the_secretary_only(tree):
    from tests.factories import UserFactory

    draft = make_draft(tree.cell_a1)
    mine = services_drafts.comment_add(actor=tree.member_user, draft=draft, text="Đề nghị bổ sung chỉ tiêu.")
    theirs = make_comment(draft, tree.an, "Góp ý của đồng chí An.")
    services_drafts.comment_decide(actor=tree.secretary, comment=mine, outcome=Outcome.ADOPTED, reply="Đã tiếp thu.")
    an_user = UserFactory(username="an", member=tree.an)
    assert [(c.text, c.outcome, c.reply) for c in selectors.draft_comments(tree.member_user, draft)] == [
        ("Đề nghị bổ sung chỉ tiêu.", "adopted", "Đã tiếp thu.")
    ]
    assert [c.pk for c in selectors.draft_comments(an_user, draft)] == [theirs.pk]
    assert [c.pk for c in selectors.draft_comments(tree.secretary, draft)] == [mine.pk, theirs.pk]
    assert selectors.draft_comments(tree.outsider, draft) == []
    with pytest.raises(PermissionDenied):
        services_drafts.comment_decide(actor=tree.member_user, comment=theirs, outcome=Outcome.NOT_ADOPTED)


def test_the_final_text_closes_comments(tree):
    draft = make_draft(tree.cell_a1)
    final = services_drafts.draft_finalize(actor=tree.secretary, draft=draft, final_text="Nghị quyết chính thức.")
    assert (final.state(), final.final_text) == (DraftStatus.FINAL, "Nghị quyết chính thức.")
    with pytest.raises(ValidationError, match="final text is out"):
        services_drafts.comment_add(actor=tree.member_user, draft=final, text="Góp ý.")
