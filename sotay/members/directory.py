"""The members the accounts app asks about (registered as its `MemberDirectory`)."""

from django.db.models import Q

from sotay.accounts.directory import MemberCard
from sotay.members.access import access_member
from sotay.members.choices import ON_ROLLS
from sotay.members.models import Member
from sotay.organizations.models import Unit


def _card(member: Member) -> MemberCard:
    return MemberCard(
        id=member.pk,
        full_name=member.full_name,
        unit=member.unit,
        phone=member.phone,
        card_number=member.card_number or "",
        on_rolls=member.status in ON_ROLLS,
    )


def card(member_id: int) -> MemberCard | None:
    member = Member.objects.select_related("unit").filter(pk=member_id).first()
    return _card(member) if member else None


def matching(identifier: str) -> list[int]:
    """Members on the rolls with this phone or card number; a phone may be shared (spouses, a
    family's one phone), a card number may not."""
    if not identifier:
        return []
    rows = Member.objects.filter(Q(phone=identifier) | Q(card_number=identifier), status__in=ON_ROLLS)
    return list(rows.order_by("pk").values_list("pk", flat=True)[:10])


def in_cell(unit: Unit) -> list[MemberCard]:
    members = Member.objects.filter(unit=unit, status__in=ON_ROLLS).select_related("unit")
    return [_card(member) for member in members.order_by("name_sort", "pk")]


def access(actor, member_id: int) -> MemberCard:
    return _card(access_member(actor, member_id, for_write=True))
