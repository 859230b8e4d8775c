"""id → Member for an actor, or 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sotay.core.permissions import MEMBERS_CHANGE, MEMBERS_VIEW_SENSITIVE, can
from sotay.members.models import Member


def access_member(actor, member_id: int, *, for_write: bool = False) -> Member:
    """A member the actor may see (their subtree, or their own record); 403 only for a read-only actor."""
    member = Member.objects.visible_to(actor).select_related("unit").filter(pk=member_id).first()
    if member is None:
        raise Http404(_("No such member."))
    if for_write and not can(actor, MEMBERS_CHANGE, member.unit):
        raise PermissionDenied(_("You may view this member but not change the record."))
    return member


def may_see_sensitive(actor, member: Member) -> bool:
    """Officers with the sensitive-data permission, and the member themself."""
    return member.pk == getattr(actor, "member_id", None) or can(actor, MEMBERS_VIEW_SENSITIVE, member.unit)
