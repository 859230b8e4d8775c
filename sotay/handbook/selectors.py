"""Reads of notices: a member's feed with its unread count, an officer's notices, who a notice
reaches, and the units an officer may publish for.

The feed is the notices of a handful of units (the member's cell and those above it), read newest
first by keyset through the index on (unit, publish_at, id); see docs/decisions/0010-notice-feed.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.permissions import HANDBOOK_PUBLISH
from sotay.core.scoping import paths_q, scope_paths
from sotay.handbook.models import Notice, NoticeRead, Reader, kinds_q, reader
from sotay.members.choices import ON_ROLLS
from sotay.members.models import Member
from sotay.organizations.models import Unit

PAGE_SIZE = 20
# Unread is counted, and marked, over the last year only: a member who joins (or activates) today is
# not told of 300 unread notices from years past, and the count reads a bounded number of rows.
UNREAD_WINDOW = datetime.timedelta(days=365)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def cursor_of(notice: Notice) -> str:
    """A page's `next`: the last notice's time (microseconds) and id."""
    micros = (notice.publish_at - EPOCH) // datetime.timedelta(microseconds=1)
    return f"{micros}-{notice.pk}"


def _after_q(after: str) -> Q:
    invalid = ValidationError({"after": _("This page link is not valid; start again from the first page.")})
    try:
        micros, pk = (int(part) for part in after.split("-"))
        at = EPOCH + datetime.timedelta(microseconds=micros)
    except (ValueError, OverflowError) as error:
        raise invalid from error
    if not 1 <= pk < 2**63 or not 1 <= at.year <= 9998:
        raise invalid
    return Q(publish_at__lt=at) | Q(publish_at=at, pk__lt=pk)


@dataclass
class FeedPage:
    notices: list[Notice]
    next: str
    unread: int
    cell: Unit


def _feed_rows(who: Reader, now: datetime.datetime, after: str, size: int) -> list[Notice]:
    def newest(unit_ids) -> QuerySet[Notice]:
        rows = Notice.objects.filter(unit_id__in=unit_ids, publish_at__lte=now, withdrawn_at__isnull=True)
        rows = rows.filter(kinds_q(who.cell.kind))
        if after:
            rows = rows.filter(_after_q(after))
        return rows.order_by("-publish_at", "-pk")

    if len(who.unit_ids) > 1 and connection.features.supports_slicing_ordering_in_compound:
        # The newest `size` of each unit, merged: each part walks its unit's index for a few rows,
        # where one `unit_id IN (...)` would read every notice of every ancestor and sort them.
        parts = [newest([unit_id])[: size + 1] for unit_id in who.unit_ids]
        query = parts[0].union(*parts[1:], all=True).order_by("-publish_at", "-pk")
    else:
        query = newest(who.unit_ids)
    notices = list(query[: size + 1])
    # The read marks of this page only, through the (member, notice) index: an EXISTS in each part
    # would read all the member's read rows once per ancestor.
    read = set(
        NoticeRead.objects.filter(member_id=who.member_id, notice__in=[n.pk for n in notices]).values_list(
            "notice_id", flat=True
        )
    )
    units = {unit.pk: unit for unit in who.units}
    recent = now - UNREAD_WINDOW
    for notice in notices:
        notice.unit = units[notice.unit_id]
        notice.is_read = notice.pk in read or notice.publish_at < recent  # type: ignore[attr-defined]
    return notices


def feed_page(actor, *, after: str = "", size: int = PAGE_SIZE, now=None) -> FeedPage | None:
    """The signed-in member's feed, newest first, `size` at a time after the cursor `after`, with
    each notice's `is_read` and the unread count; None for an account without a member record.
    Raises ValidationError on `after` for a cursor this module did not give."""
    who = reader(actor)
    if who is None:
        return None
    now = now or timezone.now()
    rows = _feed_rows(who, now, after, size)
    more = len(rows) > size
    rows = rows[:size]
    return FeedPage(rows, cursor_of(rows[-1]) if more else "", unread_count(actor, now=now), who.cell)


def unread_count(actor, *, now=None) -> int:
    """How many notices of the member's feed from the last year they have not read (0 without a record)."""
    who = reader(actor)
    if who is None:
        return 0
    now = now or timezone.now()
    read = NoticeRead.objects.filter(notice=OuterRef("pk"), member_id=who.member_id)
    return (
        Notice.objects.filter(
            unit_id__in=who.unit_ids, publish_at__lte=now, publish_at__gte=now - UNREAD_WINDOW, withdrawn_at=None
        )
        .filter(kinds_q(who.cell.kind))
        .exclude(Exists(read))
        .count()
    )


def notice_audience(notice: Notice) -> QuerySet[Member]:
    """The members a notice reaches: on the rolls of a unit of its subtree, of a target kind if it
    has any. For push delivery and usage analytics (the caller resolved the notice in scope)."""
    members = Member.objects.filter(unit__path__startswith=notice.unit.path, status__in=ON_ROLLS)
    if notice.kinds:
        members = members.filter(unit__kind__in=notice.kinds)
    return members


@dataclass
class NoticePage:
    notices: list[Notice]
    next: str


def published_page(actor, *, unit: Unit | None = None, after: str = "", size: int = PAGE_SIZE) -> NoticePage:
    """The notices of the units where the actor publishes (scheduled and withdrawn too), newest
    first; only `unit`'s subtree when given (resolved in scope by the caller)."""
    rows = Notice.objects.visible_to(actor, HANDBOOK_PUBLISH).select_related("unit", "created_by")
    # Not the notices a publishing secretary reads as a member: only those of their own units.
    rows = rows.filter(paths_q("unit__path", scope_paths(actor, HANDBOOK_PUBLISH)))
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if after:
        rows = rows.filter(_after_q(after))
    notices = list(rows.order_by("-publish_at", "-pk")[: size + 1])
    more = len(notices) > size
    notices = notices[:size]
    return NoticePage(notices, cursor_of(notices[-1]) if more else "")


def publish_units(actor) -> QuerySet[Unit]:
    """The units the actor may publish for, top down (the form's chooser)."""
    return Unit.objects.visible_to(actor, HANDBOOK_PUBLISH).active().order_by("path")


def top_publish_units(actor) -> QuerySet[Unit]:
    """The units where the actor was given the right to publish (the top of each subtree)."""
    paths = [path for path in scope_paths(actor, HANDBOOK_PUBLISH) if path]
    return Unit.objects.visible_to(actor, HANDBOOK_PUBLISH).active().filter(path__in=paths).order_by("path")
