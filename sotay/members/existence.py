"""A card number already recorded: the error tells the officer what they may know about the holder."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.members.models import Member, MemberQuerySet
from sotay.organizations.existence import taken_error


def card_number_taken(actor, member: Member) -> ValidationError | None:
    """The error for `member`'s card number when another member holds it, or None."""
    if not member.card_number:
        return None
    holder = Member.objects.filter(card_number=member.card_number).exclude(pk=member.pk).select_related("unit").first()
    if holder is None:
        return None
    seen = None
    if Member.objects.visible_to(actor).filter(pk=holder.pk).exists():
        seen = (f"{holder.full_name} ({holder.unit.name})", reverse("member-detail", args=[holder.pk]))
    return taken_error(
        actor, field="card_number", path=holder.unit.path, permission=MemberQuerySet.view_permission, seen=seen
    )
