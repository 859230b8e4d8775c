"""The handbook API: a member's feed and notices (read marks), and the officers' publishing.

A member signs in with their session (tokens are for staff, see the accounts app); everything is
scoped as the pages are: a notice outside the feed and the publishing scope is a 404.
"""

import base64
import binascii
import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from sotay.core.api_responses import READ_ERRORS, WRITE_ERRORS, links_to_created, responses
from sotay.core.schemas import Id
from sotay.handbook import selectors, services
from sotay.handbook.access import access_notice, access_notice_attachment, access_publish_unit
from sotay.handbook.attachments import MAX_BYTES
from sotay.handbook.models import Notice
from sotay.handbook.schemas import (
    FeedOut,
    FeedQuery,
    FileIn,
    NoFieldsIn,
    NoticeIn,
    NoticeOut,
    NoticePageOut,
    NoticePatchIn,
    PageQuery,
    ReadOut,
)

router = Router(tags=["handbook"])

FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file, with its content type",
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def _files(attachments: list[FileIn]) -> list[SimpleUploadedFile]:
    files = []
    for index, item in enumerate(attachments):
        try:
            content = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValidationError({f"attachments.{index}": _("This is not base64.")}) from error
        if len(content) > MAX_BYTES:
            raise ValidationError({f"attachments.{index}": _("Each attachment may be at most 10 MB.")})
        files.append(SimpleUploadedFile(item.name, content))
    return files


def _notice(actor, notice: Notice, *, is_read: bool | None = None) -> dict:
    return {
        "id": notice.pk,
        "unit_id": notice.unit_id,
        "unit_name": notice.unit.name,
        "title": notice.title,
        "body": notice.body,
        "publish_at": notice.publish_at,
        "kinds": notice.kinds,
        "withdrawn_at": notice.withdrawn_at,
        "is_read": is_read,
        "attachments": [
            {
                "id": file.pk,
                "name": file.name,
                "size": file.size,
                "content_type": file.content_type,
                "url": reverse("api:get_notice_attachment", kwargs={"notice_id": notice.pk, "attachment_id": file.pk}),
            }
            for file in notice.attachments.all()
        ],
    }


def _read_state(actor, notice: Notice) -> bool | None:
    """Mark a notice of the member's feed read; None for someone who does not read it as a member."""
    return True if services.notice_mark_read(actor=actor, notice=notice) else None


@router.get("/feed", response=responses({200: FeedOut}, READ_ERRORS))
def get_feed(request: HttpRequest, query: Query[FeedQuery]):
    """Your notices (a member's): those of your cell and every unit above it, newest first, with
    each one's read mark and the number unread. 404 for an account without a member record."""
    page = selectors.feed_page(request.user, after=query.after, size=query.limit)
    if page is None:
        raise Http404(_("This account is not linked to a member record."))
    return {
        "items": [
            {
                "id": n.pk,
                "unit_id": n.unit_id,
                "unit_name": n.unit.name,
                "title": n.title,
                "excerpt": n.body[:200],
                "publish_at": n.publish_at,
                "is_read": n.is_read,  # type: ignore[attr-defined]  # annotated by the selector
            }
            for n in page.notices
        ],
        "next": page.next,
        "unread": page.unread,
        "cell_id": page.cell.pk,
        "cell_name": page.cell.name,
    }


@router.get("/notices", response=responses({200: NoticePageOut}, READ_ERRORS))
def list_notices(request: HttpRequest, query: Query[PageQuery]):
    """The notices of the units where you publish, newest first, scheduled and withdrawn ones too."""
    page = selectors.published_page(request.user, after=query.after, size=query.limit)
    return {"items": [_notice(request.user, n) for n in page.notices], "next": page.next}


@router.get("/notices/{notice_id}", response=responses({200: NoticeOut}, READ_ERRORS))
def get_notice(request: HttpRequest, notice_id: Id):
    """One notice; reading one of your feed marks it read, as opening it in the handbook does."""
    notice = access_notice(request.user, notice_id)
    return _notice(request.user, notice, is_read=_read_state(request.user, notice))


@router.post("/notices/{notice_id}/read", response=responses({200: ReadOut}, WRITE_ERRORS))
def mark_notice_read(request: HttpRequest, notice_id: Id, payload: NoFieldsIn):
    """Mark a notice of your feed read (again is harmless)."""
    notice = access_notice(request.user, notice_id)
    is_read = services.notice_mark_read(actor=request.user, notice=notice)
    return {"notice_id": notice.pk, "is_read": is_read, "unread": selectors.unread_count(request.user)}


@router.get(
    "/notices/{notice_id}/attachments/{attachment_id}", response=responses({}, READ_ERRORS), openapi_extra=FILE_RESPONSE
)
def get_notice_attachment(request: HttpRequest, notice_id: Id, attachment_id: Id):
    found = access_notice_attachment(request.user, notice_id, attachment_id)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type)


@router.post(
    "/notices",
    response=responses({201: NoticeOut}, WRITE_ERRORS),
    openapi_extra=links_to_created(
        "notice_id",
        read="sotay_handbook_api_get_notice",
        change="sotay_handbook_api_update_notice",
        withdraw="sotay_handbook_api_withdraw_notice",
    ),
)
def publish_notice(request: HttpRequest, payload: NoticeIn):
    """Publish to a unit's subtree, now or at `publish_at`, to every unit below or only some kinds;
    attachments as base64 (PDF, JPEG, PNG, office documents; 10 MB each)."""
    unit = access_publish_unit(request.user, payload.unit_id)
    notice = services.notice_publish(
        actor=request.user,
        unit=unit,
        title=payload.title,
        body=payload.body,
        publish_at=_aware(payload.publish_at),
        kinds=[str(kind) for kind in payload.kinds],
        attachments=_files(payload.attachments),
    )
    return Status(201, _notice(request.user, notice))


@router.patch("/notices/{notice_id}", response=responses({200: NoticeOut}, WRITE_ERRORS))
def update_notice(request: HttpRequest, notice_id: Id, payload: NoticePatchIn):
    """Change a notice that is not out yet; omitted fields keep their value, attachments are added."""
    notice = access_notice(request.user, notice_id, for_write=True)
    notice = services.notice_edit(
        actor=request.user,
        notice=notice,
        title=payload.title,
        body=payload.body,
        publish_at=_aware(payload.publish_at),
        kinds=None if payload.kinds is None else [str(kind) for kind in payload.kinds],
        attachments=_files(payload.attachments),
    )
    return _notice(request.user, notice)


@router.post("/notices/{notice_id}/withdraw", response=responses({200: NoticeOut}, WRITE_ERRORS))
def withdraw_notice(request: HttpRequest, notice_id: Id, payload: NoFieldsIn):
    """Take a notice back: it leaves every member's feed."""
    notice = access_notice(request.user, notice_id, for_write=True)
    return _notice(request.user, services.notice_withdraw(actor=request.user, notice=notice))
