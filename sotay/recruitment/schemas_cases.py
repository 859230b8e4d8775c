"""The admission case API's bodies and answers."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from sotay.core.schemas import BodyId, Day, Id, Limit, Text100, Text200, Text2000, _json_integer
from sotay.members.choices import Category
from sotay.recruitment.choices import CaseAction, Step

Count = Annotated[int, Field(ge=0, le=100_000), BeforeValidator(_json_integer)]
Months = Annotated[int, Field(ge=0, le=1200), BeforeValidator(_json_integer)]


class CaseListQuery(Schema):
    unit: Id | None = Field(None, description="Only cases in this unit's subtree.")
    step: Step | None = None
    overdue: bool = Field(False, description="Only cases whose next step is past its deadline.")
    mine: bool = Field(False, description="Only your cases: your own cell's and those you are responsible for.")
    offset: int = Field(0, ge=0, le=1_000_000)
    limit: Limit = 50


class CaseSummary(Schema):
    id: int
    candidate_id: int
    candidate_name: str
    unit_id: int
    unit_name: str
    step: Step
    step_on: datetime.date
    next_action: str
    due_on: datetime.date | None
    overdue: bool
    opened_on: datetime.date
    closed_on: datetime.date | None
    responsible_id: int | None = Field(description="The user who follows the case and its deadlines.")
    responsible_name: str | None


class CasePageOut(Schema):
    items: list[CaseSummary]
    total: int


class StepCheckOut(Schema):
    rule: str
    outcome: str
    message: str
    value: str
    source: str


class StepAttachmentOut(Schema):
    id: int
    name: str


class EventOut(Schema):
    id: int
    action: CaseAction
    from_step: Step | Literal[""]
    to_step: Step
    occurred_on: datetime.date
    document_ref: str
    reason: str
    votes_for: int | None
    votes_against: int | None
    voters: int | None
    checks: list[StepCheckOut]
    actor: str
    attachments: list[StepAttachmentOut]


class IntroductionOut(Schema):
    member_id: int | None
    member_name: str | None
    organization: str
    shared_months: int | None
    introduced_on: datetime.date


class MoveOut(Schema):
    action: CaseAction
    to_step: Step
    allowed: bool = Field(description="Whether you may record this move.")


class CaseOut(CaseSummary):
    admitted_on: datetime.date | None
    member_id: int | None
    guide_id: int | None
    introductions: list[IntroductionOut]
    events: list[EventOut]
    moves: list[MoveOut] = Field(description="The moves the case can make from its step.")


class CaseOpenIn(Schema):
    candidate_id: BodyId
    opened_on: Day
    document_ref: Text100 = ""
    responsible_id: BodyId | None = Field(
        None,
        description="Who follows the case: a user holding a role on the source's unit or a unit above it. "
        "Without one, the source's responsible person.",
    )


class CasePatchIn(Schema):
    responsible_id: BodyId | None = Field(
        None,
        description="Who follows the open case: a user holding a role on its cell or a unit above it; "
        "null for nobody. Left out, unchanged.",
    )


class IntroducerIn(Schema):
    member_id: BodyId | None = Field(None, description="A full member introducing the candidate.")
    organization: Literal["youth_union", "trade_union"] | None = Field(
        None, description="Or the organization introducing them, alongside one full member."
    )
    shared_months: Months | None = Field(None, description="Months the member worked with the candidate.")


class AdvanceIn(Schema):
    to_step: Step = Field(description="The step recorded: the one after the case's step.")
    occurred_on: Day
    document_ref: Text100 = ""
    reason: Text2000 = ""
    votes_for: Count | None = None
    votes_against: Count | None = None
    voters: Count | None = Field(None, description="The full members entitled to vote.")
    introducers: list[IntroducerIn] = Field(default_factory=list, max_length=3)
    guide_id: BodyId | None = None
    member_category: Category | None = Field(None, description="The new member's category, at the decision.")


class MoveIn(Schema):
    action: Literal["send_back", "reject", "withdraw"]
    occurred_on: Day
    reason: Text2000
    document_ref: Text100 = ""
    from_step: Step | None = Field(None, description="The step you saw; nothing is recorded if the case has moved.")


# Base64 (RFC 4648, with padding) of at most 10 MB.
BASE64_PATTERN = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
BASE64_MAX_LENGTH = -(-10 * 1024 * 1024 // 3) * 4


class StepAttachmentIn(Schema):
    name: Text200 = Field(
        description="The file's name; its extension says what it is: pdf, jpg, jpeg, png, doc, docx, xls, xlsx, "
        "odt or ods."
    )
    content_base64: str = Field(
        max_length=BASE64_MAX_LENGTH,
        pattern=BASE64_PATTERN,
        description="The file, base64-encoded (with padding); at most 10 MB once decoded, and its content what "
        "its name says.",
        json_schema_extra={"contentEncoding": "base64"},
    )
