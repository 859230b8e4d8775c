"""Publishing, editing, withdrawing and reading notices; attachments checked by size and type."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.handbook import selectors, services
from sotay.handbook.attachments import MAX_BYTES
from sotay.handbook.models import NoticeRead
from sotay.handbook.signals import notice_published
from tests.factories import make_notice

PDF = b"%PDF-1.7\n" + b"x" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"x" * 100


def publish(tree, actor=None, unit=None, **fields):
    arguments = {"title": "Họp chi bộ", "body": "Kính mời.\nĐúng giờ."} | fields
    return services.notice_publish(actor=actor or tree.district_officer, unit=unit or tree.commune_a, **arguments)


def test_publish_with_attachments_reaches_the_subtree(tree, django_capture_on_commit_callbacks):
    received = []
    notice_published.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            notice = publish(
                tree, attachments=[SimpleUploadedFile("bien-ban.pdf", PDF), SimpleUploadedFile("anh.PNG", PNG)]
            )
    finally:
        notice_published.disconnect(dispatch_uid="t")
    assert [(a.name, a.content_type, a.size) for a in notice.attachments.all()] == [
        ("bien-ban.pdf", "application/pdf", len(PDF)),
        ("anh.PNG", "image/png", len(PNG)),
    ]
    assert received == [{"signal": notice_published, "sender": type(notice), "notice": notice,
                         "visible_from": notice.publish_at}]  # fmt: skip
    assert set(selectors.notice_audience(notice)) == {tree.an, tree.binh, tree.chi}


def test_the_audience_respects_the_kinds(tree):
    notice = publish(tree, actor=tree.province_officer, unit=tree.province, kinds=["sub_committee"])
    assert list(selectors.notice_audience(notice)) == []
    assert set(selectors.notice_audience(publish(tree, unit=tree.province, actor=tree.province_officer))) == {
        tree.an, tree.binh, tree.chi, tree.dung
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ" + b"x" * 50, "cannot be attached here"),
        ("renamed.pdf", b"MZ" + b"x" * 50, "cannot be attached here"),
        ("anh.png", PDF, "cannot be attached here"),
        ("trang.html", b"<html>", "cannot be attached here"),
        ("lon.pdf", b"%PDF-" + b"x" * MAX_BYTES, "larger than 10 MB"),
    ],
)
def test_oversize_and_wrong_types_are_refused(tree, name, content, message):
    with pytest.raises(ValidationError) as refused:
        publish(tree, attachments=[SimpleUploadedFile(name, content)])
    assert message in " ".join(refused.value.message_dict["attachments"])


def test_office_documents_are_accepted(tree):
    notice = publish(tree, attachments=[SimpleUploadedFile("nghi-quyet.docx", b"PK\x03\x04rest"),
                                        SimpleUploadedFile("so-lieu.xls", b"\xd0\xcf\x11\xe0rest")])  # fmt: skip
    assert notice.attachments.count() == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"body": ""}, "body"),
        ({"body": "a\x00b"}, "body"),
        ({"publish_at": timezone.now() - datetime.timedelta(minutes=5)}, "publish_at"),
        ({"kinds": ["province"]}, "kinds"),
    ],
)
def test_bad_values_are_refused_by_field(tree, fields, field):
    with pytest.raises(ValidationError) as refused:
        publish(tree, **fields)
    assert field in refused.value.message_dict


def test_only_publishers_of_the_unit_may_publish(tree):
    with pytest.raises(PermissionDenied):
        publish(tree, actor=tree.district_viewer)
    with pytest.raises(PermissionDenied):
        publish(tree, actor=tree.outsider)
    with pytest.raises(PermissionDenied):
        publish(tree, actor=tree.secretary, unit=tree.commune_a)
    assert publish(tree, actor=tree.secretary, unit=tree.cell_a1).unit == tree.cell_a1


def test_edit_only_before_it_is_out_and_withdraw_once(tree):
    out = make_notice(tree.commune_a, "Đã đăng")
    with pytest.raises(ValidationError, match="already out"):
        services.notice_edit(actor=tree.district_officer, notice=out, title="Khác")
    scheduled = publish(tree, publish_at=timezone.now() + datetime.timedelta(days=1))
    later = timezone.now() + datetime.timedelta(days=2)
    changed = services.notice_edit(actor=tree.district_officer, notice=scheduled, title="Đổi giờ", publish_at=later)
    assert (changed.title, changed.publish_at, changed.body) == ("Đổi giờ", later, "Kính mời.\nĐúng giờ.")
    services.notice_withdraw(actor=tree.district_officer, notice=out)
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.notice_withdraw(actor=tree.district_officer, notice=out)
    assert selectors.feed_page(tree.member_user).notices == []


def test_mark_read_is_idempotent_and_only_for_the_feed(tree):
    mine = make_notice(tree.cell_a1, "Của chi bộ tôi")
    other_cell = make_notice(tree.cell_a2, "Của chi bộ khác")
    assert selectors.unread_count(tree.member_user) == 1
    assert services.notice_mark_read(actor=tree.member_user, notice=mine) is True
    assert services.notice_mark_read(actor=tree.member_user, notice=mine) is True
    assert services.notice_mark_read(actor=tree.member_user, notice=other_cell) is False
    assert services.notice_mark_read(actor=tree.district_officer, notice=mine) is False
    assert NoticeRead.objects.filter(notice=mine).count() == 1
    assert selectors.unread_count(tree.member_user) == 0
    assert [n.is_read for n in selectors.feed_page(tree.member_user).notices] == [True]
