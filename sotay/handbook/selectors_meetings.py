"""Reads of meetings: a member's next and past meetings, an officer's list, a meeting's roll, and
the committee's report of which cells held their meetings in a month or quarter."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.permissions import HANDBOOK_PUBLISH
from sotay.handbook.models import (
    Attendance,
    AttendanceStatus,
    Contribution,
    Meeting,
    MeetingKind,
    holds_meetings_q,
    reader,
)
from sotay.handbook.services_meetings import roll_members
from sotay.organizations.models import Unit

PERIOD = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")
OFFICER_LIST = 50


@dataclass
class MyMeetings:
    upcoming: list[Meeting]
    past: list[Meeting]


def my_meetings(user, *, upcoming: int = 3, past: int = 12) -> MyMeetings | None:
    """A member's meetings: the next ones (soonest first) and the past ones with their minutes and
    the member's own attendance (`my_status`); None for an account without a member record."""
    who = reader(user)
    if who is None:
        return None
    now = timezone.now()
    mine = Meeting.objects.filter(cell_id=who.cell.pk, published_at__isnull=False)
    coming = list(mine.filter(ends_at__gte=now).prefetch_related("materials").order_by("starts_at", "id")[:upcoming])
    gone = list(mine.filter(ends_at__lt=now).order_by("-starts_at", "-id")[:past]) if past else []
    if not gone:
        return MyMeetings(coming, gone)
    marks = dict(
        Attendance.objects.filter(member_id=who.member_id, meeting__in=[m.pk for m in gone]).values_list(
            "meeting_id", "status"
        )
    )
    for meeting in gone:
        meeting.my_status = marks.get(meeting.pk)  # type: ignore[attr-defined]
    return MyMeetings(coming, gone)


def officer_meetings(user, *, cell: Unit | None = None, limit: int = OFFICER_LIST) -> list[Meeting]:
    """The newest meetings of the cells where the user manages meetings (drafts too)."""
    rows = Meeting.objects.visible_to(user, HANDBOOK_PUBLISH).select_related("cell")
    if cell is not None:
        rows = rows.filter(cell=cell)
    return list(rows.order_by("-starts_at", "-id")[:limit])


def meeting_cells(user):
    """The cells where the user may schedule meetings, by code."""
    return Unit.objects.visible_to(user, HANDBOOK_PUBLISH).filter(holds_meetings_q(), dissolved_on__isnull=True)


@dataclass
class RollRow:
    member_id: int
    name: str
    status: str
    reason: str
    source: str


def roll(meeting: Meeting) -> list[RollRow]:
    """Every member on the cell's roll with their attendance (absent when nothing is recorded yet)."""
    recorded = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    rows = []
    for member_id, name in roll_members(meeting).values_list("pk", "full_name"):
        mark = recorded.get(member_id)
        rows.append(
            RollRow(
                member_id,
                name,
                mark.status if mark else "",
                mark.reason if mark else "",
                mark.source if mark else "",
            )
        )
    return rows


def contributions(meeting: Meeting) -> list[Contribution]:
    return list(Contribution.objects.filter(meeting=meeting).select_related("member"))


def my_status(user, meeting: Meeting) -> str | None:
    """The member's attendance at a meeting; None when nothing is recorded or they are no member."""
    who = reader(user)
    if who is None:
        return None
    return Attendance.objects.filter(meeting=meeting, member_id=who.member_id).values_list("status", flat=True).first()


def my_contribution(user, meeting: Meeting) -> Contribution | None:
    who = reader(user)
    if who is None:
        return None
    return Contribution.objects.filter(meeting=meeting, member_id=who.member_id).first()


# --- The committee's report -------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter, written 2026-11 or 2026-Q4."""

    year: int
    first_month: int
    months: int

    @property
    def key(self) -> str:
        if self.months == 1:
            return f"{self.year}-{self.first_month:02d}"
        return f"{self.year}-Q{(self.first_month - 1) // 3 + 1}"

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year, self.first_month, 1))

    @property
    def end(self) -> datetime.datetime:
        last = self.first_month + self.months - 1
        day = calendar.monthrange(self.year, last)[1]
        return timezone.make_aware(datetime.datetime(self.year, last, day)) + datetime.timedelta(days=1)

    @property
    def month_numbers(self) -> list[int]:
        return list(range(self.first_month, self.first_month + self.months))

    @property
    def quarter(self) -> Period:
        return Period(self.year, (self.first_month - 1) // 3 * 3 + 1, 3)


def parse_period(text: str) -> Period:
    """The month or quarter `text` names; this month when empty."""
    if not text:
        today = timezone.localdate()
        return Period(today.year, today.month, 1)
    found = PERIOD.match(text.strip())
    if not found or not 2000 <= int(found.group(1)) <= 2100:
        raise ValidationError({"period": _("Write a month as 2026-11 or a quarter as 2026-Q4.")})
    year = int(found.group(1))
    if found.group(2):
        return Period(year, int(found.group(2)), 1)
    return Period(year, (int(found.group(3)) - 1) * 3 + 1, 3)


@dataclass
class CellRow:
    cell_id: int
    code: str
    name: str
    missed_months: list[int] = field(default_factory=list)
    thematic: int = 0
    # The quarter is over: a thematic meeting not held by now was missed.
    thematic_due: bool = True
    present: int = 0
    recorded: int = 0

    @property
    def missed_thematic(self) -> bool:
        return self.thematic_due and self.thematic == 0

    @property
    def complete(self) -> bool:
        return not self.missed_months and not self.missed_thematic

    @property
    def rate(self) -> float | None:
        return self.present / self.recorded if self.recorded else None


@dataclass
class MeetingReport:
    unit: Unit
    period: Period
    rows: list[CellRow]

    @property
    def missing(self) -> int:
        return sum(1 for row in self.rows if not row.complete)


def meeting_report(unit: Unit, period: Period, now: datetime.datetime | None = None) -> MeetingReport:
    """For every cell of `unit`'s subtree: the months of `period` without a regular meeting held,
    whether it held a thematic meeting in the period's quarter (missed once the quarter is over), and
    its attendance rate (present of recorded) in the period. Cells that missed a meeting come first.
    Three queries, each grouped in the database."""
    now = now or timezone.now()
    # The cells first, then their meetings by the (cell, starts_at) index: a join on the path
    # prefix made PostgreSQL scan every meeting of the period in the country.
    cells = list(
        Unit.objects.filter(holds_meetings_q(), path__startswith=unit.path, dissolved_on__isnull=True).values_list(
            "pk", "code", "name"
        )
    )
    ids = [cell_id for cell_id, _code, _name in cells]
    quarter = period.quarter
    held = Meeting.objects.filter(
        cell_id__in=ids,
        published_at__isnull=False,
        starts_at__lt=min(now, quarter.end),
        starts_at__gte=quarter.start,
    )
    regular: dict[int, set[int]] = {}
    thematic: dict[int, int] = {}
    in_period: dict[int, int] = {}  # meeting → cell
    for meeting_id, cell_id, kind, starts_at in held.values_list("pk", "cell_id", "kind", "starts_at"):
        if period.start <= starts_at < period.end:
            in_period[meeting_id] = cell_id
        if kind == MeetingKind.THEMATIC:
            thematic[cell_id] = thematic.get(cell_id, 0) + 1
        elif period.start <= starts_at < period.end:
            regular.setdefault(cell_id, set()).add(timezone.localtime(starts_at).month)
    # The rolls of those meetings, by the (meeting, member) index.
    rate: dict[int, tuple[int, int]] = {}
    rolls = (
        Attendance.objects.filter(meeting_id__in=list(in_period))
        .values("meeting_id")
        .annotate(present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)), recorded=Count("pk"))
    )
    for roll_row in rolls:
        cell_id = in_period[roll_row["meeting_id"]]
        present, recorded = rate.get(cell_id, (0, 0))
        rate[cell_id] = (present + roll_row["present"], recorded + roll_row["recorded"])
    today = timezone.localtime(now)
    due = [m for m in period.month_numbers if (period.year, m) < (today.year, today.month)]
    rows = []
    for cell_id, code, name in cells:
        months = regular.get(cell_id, set())
        present, recorded = rate.get(cell_id, (0, 0))
        rows.append(
            CellRow(
                cell_id,
                code,
                name,
                missed_months=[m for m in due if m not in months],
                thematic=thematic.get(cell_id, 0),
                thematic_due=quarter.end <= now,
                present=present,
                recorded=recorded,
            )
        )
    rows.sort(key=lambda row: (row.complete, row.code))
    return MeetingReport(unit, period, rows)


# --- An officer's pages of meetings (the API's list) ------------------------------------------------

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MAX_ID = 2**63 - 1


@dataclass
class MeetingPage:
    meetings: list[Meeting]
    next: str


def _cursor(meeting: Meeting) -> str:
    return f"{(meeting.starts_at - EPOCH) // datetime.timedelta(microseconds=1)}-{meeting.pk}"


def officer_meetings_page(user, *, cell: Unit | None = None, after: str = "", size: int = 20) -> MeetingPage:
    """The meetings of the cells where the user manages meetings (drafts too), newest first, by
    keyset pages: `after` is the `next` of the page before."""
    rows = Meeting.objects.visible_to(user, HANDBOOK_PUBLISH)
    if cell is not None:
        rows = rows.filter(cell=cell)
    if after:
        micros, _sep, pk = after.partition("-")
        try:
            moment = EPOCH + datetime.timedelta(microseconds=int(micros))
        except OverflowError:  # beyond the year 9999: every meeting is older
            moment = datetime.datetime.max.replace(tzinfo=datetime.UTC)
        rows = rows.filter(Q(starts_at__lt=moment) | Q(starts_at=moment, pk__lt=min(int(pk), MAX_ID)))
    found = list(rows.order_by("-starts_at", "-id")[: size + 1])
    more = len(found) > size
    found = found[:size]
    return MeetingPage(found, _cursor(found[-1]) if more else "")
