"""Reads of the member registry for an actor: filtered, searched, keyset-paginated."""

import base64
import binascii
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.accounts.roles import MEMBERS_VIEW, MEMBERS_VIEW_SENSITIVE
from sotay.core.scoping import EVERYTHING, scope_paths
from sotay.core.text import fold
from sotay.members.choices import AGE_BAND_LIMITS, Status
from sotay.members.models import Member, MemberQuerySet, MemberStatusEvent, MemberUnitEvent
from sotay.organizations.models import Unit
from sotay.organizations.rollups import counts_for

PAGE_SIZE = 50


@dataclass(frozen=True)
class MemberFilters:
    unit: Unit | None = None
    status: str = ""
    category: str = ""
    religion: str = ""
    age_band: str = ""
    education: str = ""
    q: str = ""

    @property
    def only_unit_and_status(self) -> bool:
        return not (self.category or self.religion or self.age_band or self.education or self.q)


@dataclass(frozen=True)
class MemberPage:
    members: list[Member]
    next_cursor: str | None
    total: int | None  # known only when it can be read from the maintained counts


def encode_cursor(member: Member) -> str:
    return base64.urlsafe_b64encode(f"{member.name_key}\x1f{member.pk}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[str, int]:
    try:
        name_key, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("\x1f")
        return name_key, int(pk)
    except (ValueError, binascii.Error, UnicodeError) as error:
        raise ValidationError({"after": _("This page link is not valid; start again from the first page.")}) from error


def birth_date_range(band: str, today: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """Birth dates of people whose age today lies in `band` (inclusive ages)."""
    youngest, oldest = AGE_BAND_LIMITS[band]

    def years_ago(years: int) -> datetime.date:
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    born_after = years_ago(oldest + 1) + datetime.timedelta(days=1) if oldest is not None else None
    born_before = years_ago(youngest) if youngest is not None else None
    return born_after, born_before


def filtered_members(actor, filters: MemberFilters) -> MemberQuerySet:
    members = Member.objects.visible_to(actor)
    if filters.unit is not None:
        members = members.in_subtree(filters.unit)
    if filters.status:
        members = members.filter(status=filters.status)
    if filters.category:
        members = members.filter(category=filters.category)
    if filters.education:
        members = members.filter(general_education=filters.education)
    if filters.age_band:
        born_after, born_before = birth_date_range(filters.age_band, timezone.localdate())
        if born_after:
            members = members.filter(birth_date__gte=born_after)
        if born_before:
            members = members.filter(birth_date__lte=born_before)
    if filters.religion:
        if not scope_paths(actor, MEMBERS_VIEW_SENSITIVE):
            raise ValidationError({"religion": _("You may not filter by religion.")})
        # Only within the subtrees where the actor may see religion.
        members = members.visible_to(actor, MEMBERS_VIEW_SENSITIVE).filter(religion=filters.religion)
    if filters.q:
        key = fold(filters.q)
        if key:
            members = members.filter(name_key__contains=key)
    return members


def member_page(actor, filters: MemberFilters, *, after: str = "", limit: int = PAGE_SIZE) -> MemberPage:
    """One page of members ordered by name, continuing after the cursor `after`."""
    members = filtered_members(actor, filters)
    if after:
        name_key, pk = decode_cursor(after)
        members = members.filter(Q(name_key__gt=name_key) | Q(name_key=name_key, pk__gt=pk))
    rows = list(members.select_related("unit").order_by("name_key", "pk")[: limit + 1])
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return MemberPage(members=rows[:limit], next_cursor=next_cursor, total=_cheap_total(actor, filters))


def _cheap_total(actor, filters: MemberFilters) -> int | None:
    """The number of matching members when the maintained subtree counts can give it."""
    if not filters.only_unit_and_status:
        return None
    if filters.unit is not None:
        units = [filters.unit]
    else:
        paths = scope_paths(actor, MEMBERS_VIEW)
        units = list(Unit.objects.filter(depth=1) if EVERYTHING in paths else Unit.objects.filter(path__in=paths))
        if not units:
            return None
    statuses = [filters.status] if filters.status else Status.values
    return sum(counts_for(units, statuses).values())


def member_history(member: Member) -> dict[str, list]:
    return {
        "statuses": list(MemberStatusEvent.objects.filter(member=member).select_related("actor")),
        "units": list(MemberUnitEvent.objects.filter(member=member).select_related("actor", "unit")),
    }
