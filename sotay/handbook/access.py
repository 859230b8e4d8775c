"""id → notice for an actor, or 404: "missing", "not yours" and "not out yet" are the same answer."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.handbook.models import Notice, NoticeAttachment
from sotay.organizations.models import Unit


def access_notice(actor, notice_id: int, *, for_write: bool = False) -> Notice:
    """A notice of the actor's feed (a member), or of a unit where they publish (an officer);
    PermissionDenied if `for_write` and they may read it but not change it."""
    notice = Notice.objects.visible_to(actor).select_related("unit", "created_by").filter(pk=notice_id).first()
    if notice is None:
        raise Http404(_("No such notice."))
    if for_write and not can(actor, HANDBOOK_PUBLISH, notice.unit):
        raise PermissionDenied(_("You may read this notice but not change it."))
    return notice


def access_notice_attachment(actor, notice_id: int, attachment_id: int) -> NoticeAttachment:
    """A file of a notice the actor may read; 404 otherwise."""
    notice = access_notice(actor, notice_id)
    attachment = NoticeAttachment.objects.filter(notice=notice, pk=attachment_id).first()
    if attachment is None:
        raise Http404(_("No such attachment."))
    return attachment


def access_publish_unit(actor, unit_id: int) -> Unit:
    """A unit the actor may publish for, or 404."""
    unit = Unit.objects.visible_to(actor, HANDBOOK_PUBLISH).filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("No such unit."))
    return unit
