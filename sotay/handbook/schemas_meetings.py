"""The meetings API's shapes."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from sotay.core.schemas import BodyId
from sotay.core.text import TEXT_PATTERN
from sotay.handbook.models import (
    AGENDA_LENGTH,
    CONTRIBUTION_LENGTH,
    MINUTES_LENGTH,
    REASON_LENGTH,
    TITLE_LENGTH,
    AttendanceSource,
    AttendanceStatus,
    MeetingKind,
)
from sotay.handbook.schemas import Cursor, FileIn, FileOut, Moment, _clean

MINUTES_API_LENGTH = min(MINUTES_LENGTH, 20_000)
PERIOD_PATTERN = r"^(20[0-9]{2}-(0[1-9]|1[0-2]|Q[1-4]))?$"


MeetingTitle = Annotated[
    str,
    Field(min_length=1, max_length=TITLE_LENGTH, json_schema_extra={"pattern": TEXT_PATTERN}),
    AfterValidator(_clean),
]
Place = Annotated[
    str,
    Field(min_length=0, max_length=200, json_schema_extra={"pattern": TEXT_PATTERN}),
    AfterValidator(_clean),
]
Agenda = Annotated[
    str,
    Field(min_length=0, max_length=AGENDA_LENGTH, json_schema_extra={"pattern": TEXT_PATTERN}),
    AfterValidator(_clean),
]
# The API takes minutes of up to 20,000 characters, as a notice's text (the pages take longer ones).
Minutes = Annotated[
    str,
    Field(min_length=1, max_length=MINUTES_API_LENGTH, json_schema_extra={"pattern": TEXT_PATTERN}),
    AfterValidator(_clean),
]
Reason = Annotated[
    str,
    Field(min_length=0, max_length=REASON_LENGTH, json_schema_extra={"pattern": TEXT_PATTERN}),
    AfterValidator(_clean),
]
ContributionText = Annotated[
    str,
    Field(min_length=1, max_length=CONTRIBUTION_LENGTH, json_schema_extra={"pattern": TEXT_PATTERN}),
    AfterValidator(_clean),
]
CheckinCode = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_\-]+$")]


class MeetingListQuery(Schema):
    after: Cursor = ""
    limit: Annotated[int, Field(ge=1, le=200)] = 20
    cell_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = Field(None, description="Only this cell's meetings.")


class ReportQuery(Schema):
    period: Annotated[str, Field(max_length=7, pattern=PERIOD_PATTERN)] = Field(
        "", description="A month (2026-11) or a quarter (2026-Q4); this month when empty."
    )


class MeetingSummaryOut(Schema):
    id: int
    cell_id: int
    kind: MeetingKind
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    published_at: datetime.datetime | None = Field(description="Null for a draft only officers see.")


class MyPastMeetingOut(MeetingSummaryOut):
    has_minutes: bool
    my_status: AttendanceStatus | None = Field(description="Your attendance; null when none was recorded.")


class MyMeetingsOut(Schema):
    upcoming: list[MeetingSummaryOut] = Field(description="The next meetings of your cell, soonest first.")
    past: list[MyPastMeetingOut] = Field(description="The last twelve, newest first.")


class MeetingPageOut(Schema):
    items: list[MeetingSummaryOut]
    next: str = Field(description="Pass as `after` for older meetings; empty on the last page.")


class MeetingOut(MeetingSummaryOut):
    cell_name: str
    agenda: str = Field(description="Plain text; show its line breaks, never read it as HTML.")
    minutes: str = Field(description="Plain text, written after the meeting; empty until then.")
    materials: list[FileOut]
    check_in_opens: datetime.datetime
    check_in_closes: datetime.datetime
    my_status: AttendanceStatus | None = Field(description="Your attendance, for a member of the cell.")
    my_contribution: str | None = Field(description="What you sent, for a member of the cell.")
    manages: bool = Field(description="Whether you may change it and record its roll.")


class MeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    cell_id: BodyId
    kind: MeetingKind = MeetingKind.REGULAR
    title: MeetingTitle
    starts_at: Moment
    ends_at: Moment
    place: Place = ""
    agenda: Agenda = ""
    publish: bool = Field(True, description="False keeps it a draft only officers see.")
    materials: list[FileIn] = Field([], max_length=10)


class MeetingPatchIn(Schema):
    """Omitted fields keep their value; materials are added."""

    model_config = ConfigDict(extra="forbid")

    kind: MeetingKind | None = None
    title: MeetingTitle | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    place: Place | None = None
    agenda: Agenda | None = None
    materials: list[FileIn] = Field([], max_length=10, description="Files to add.")


class CheckInIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: CheckinCode = Field(description="The `code` of the check-in link the meeting's QR code carries.")


class MeetingAttendanceOut(Schema):
    meeting_id: int
    member_id: int
    status: AttendanceStatus
    source: AttendanceSource
    recorded_at: datetime.datetime


class ContributionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: ContributionText


class ContributionOut(Schema):
    meeting_id: int
    member_id: int
    member_name: str
    text: str
    updated_at: datetime.datetime


class MarkIn(Schema):
    model_config = ConfigDict(extra="forbid")

    member_id: BodyId
    status: AttendanceStatus
    reason: Reason = Field("", description="Required for an excused member; ignored otherwise.")


class RollIn(Schema):
    """Members not listed keep what they had."""

    model_config = ConfigDict(extra="forbid")

    marks: list[MarkIn] = Field(min_length=1, max_length=500)


class RollRowOut(Schema):
    member_id: int
    name: str
    status: AttendanceStatus | None = Field(description="Null while nothing is recorded.")
    reason: str
    source: AttendanceSource | None


class RollOut(Schema):
    meeting_id: int
    rows: list[RollRowOut]
    contributions: list[ContributionOut]


class MinutesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    minutes: Minutes


class CheckInCodeOut(Schema):
    code: str
    url: str = Field(description="What the QR code shown at the venue carries.")
    opens: datetime.datetime
    closes: datetime.datetime


class ReportRowOut(Schema):
    cell_id: int
    code: str
    name: str
    missed_months: list[int] = Field(description="Months of the period (past ones) without a regular meeting.")
    thematic: int = Field(description="Thematic meetings held in the period's quarter.")
    missed_thematic: bool = Field(description="The quarter is over and no thematic meeting was held.")
    present: int
    recorded: int
    rate: float | None = Field(description="Present of recorded, in the period; null when none was recorded.")


class ReportOut(Schema):
    unit_id: int
    unit_name: str
    period: str
    missing: int = Field(description="Cells that missed a meeting; they come first in `rows`.")
    rows: list[ReportRowOut]
