"""The progress report and targets in the API."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator

from sotay.core.schemas import BodyId, Id, Text255
from sotay.recruitment.choices import TargetKind
from sotay.recruitment.services.targets import FIRST_YEAR, MAX_TARGET

LAST_YEAR = 2100


def _json_integer(value: object) -> object:
    """A JSON integer (5 or 5.0), not "5" or true as lax mode takes."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not float(value).is_integer():
        raise ValueError("must be an integer")
    return value


Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
BodyYear = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR), BeforeValidator(_json_integer)]
BodyTarget = Annotated[int, Field(ge=0, le=MAX_TARGET), BeforeValidator(_json_integer)]


class ProgressQuery(Schema):
    unit: Id | None = Field(None, description="The unit; your own highest unit when left out.")
    year: Year | None = Field(None, description="The year; this year when left out.")
    as_of: datetime.date | None = Field(None, description="Count admissions decided up to this day (in `year`).")


class UnitRef(Schema):
    id: int
    code: str
    name: str


class RowOut(Schema):
    """One unit's figures; `unit` is null for what the parent holds outside its listed children.
    `percent` values are rounded once, to two places, from the exact fraction."""

    unit: UnitRef | None
    target: int | None
    target_is_default: bool
    default_target: int | None
    admitted: int
    percent: str | None = Field(..., examples=["104.75"])
    exceeded_by_percent: str | None
    short_by: int | None
    categories: dict[str, int]
    category_targets: dict[str, int | None]
    new_organizations: int
    new_organizations_target: int | None
    new_organizations_percent: str | None
    expected_by_year_end: int | None
    on_track_percent: str | None
    at_risk: bool


class ProgressOut(Schema):
    unit: UnitRef
    year: int
    as_of: datetime.date
    forecast: bool
    total: RowOut
    rows: list[RowOut]
    children_target_sum: int | None
    ratio_source: str | None


class TargetsQuery(Schema):
    unit: Id | None = None
    year: Year | None = None


class TargetOut(Schema):
    kind: TargetKind
    value: int
    default_value: int | None
    reason: str
    set_at: datetime.datetime


class UnitTargetsOut(Schema):
    unit: UnitRef
    year: int
    members_on_1_january: int | None
    default_target: int | None
    targets: list[TargetOut]


class TargetIn(Schema):
    unit_id: BodyId
    year: BodyYear
    kind: TargetKind
    value: BodyTarget
    reason: Text255 = ""
