"""The sources' API shapes."""

import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict

from sotay.core.schemas import (
    BodyId,
    Day,
    Id,
    Limit,
    PhoneInput,
    RequiredText120,
    Text12,
    Text50,
    Text120,
    Text200,
    Text255,
    Text2000,
)
from sotay.members.choices import Education, Gender, Religion
from sotay.members.selectors import CURSOR_LENGTH
from sotay.recruitment.choices import MassOrganization, SourceCategory, SourceStatus
from sotay.recruitment.eligibility import Outcome

Cursor = Annotated[str, Field(max_length=CURSOR_LENGTH, pattern=r"^[A-Za-z0-9_=-]*$")]


class SourceListQuery(Schema):
    unit: Id | None = None
    category: SourceCategory | None = None
    status: SourceStatus | None = None
    mass_organization: MassOrganization | None = None
    q: Text120 = ""
    after: Cursor = ""
    limit: Limit = 50


class SourceCountsQuery(Schema):
    unit: Id | None = None
    category: SourceCategory | None = None
    status: SourceStatus | None = None
    mass_organization: MassOrganization | None = None
    q: Text120 = ""


class SourceSummary(Schema):
    id: int
    full_name: str
    gender: Gender
    birth_date: datetime.date
    category: SourceCategory
    mass_organization: MassOrganization
    status: SourceStatus
    unit_id: int
    unit_name: str


class SourcePageOut(Schema):
    items: list[SourceSummary]
    next: str | None
    total: int = Field(description="How many sources match the filters.")


class SourceOut(SourceSummary):
    """Sensitive fields (ethnicity, ethnic minority, religion, family background) are null unless
    you may see them."""

    vietnamese_citizen: bool
    ethnicity: str | None
    ethnic_minority: bool | None
    religion: Religion | None
    family_background: str | None
    id_number: str
    phone: str
    address: str
    general_education: Education
    occupation: str
    helper_id: int | None
    helper_name: str | None
    responsible_id: int | None
    responsible_name: str | None
    identified_on: datetime.date
    notes: str
    dropped_on: datetime.date | None
    drop_reason: str


class SourceIn(Schema):
    unit_id: BodyId
    full_name: RequiredText120
    gender: Gender
    birth_date: Day
    vietnamese_citizen: bool = True
    ethnicity: Text50 = ""
    ethnic_minority: bool = False
    religion: Religion = Religion.NONE
    family_background: Text2000 = ""
    id_number: Text12 = ""
    phone: PhoneInput = ""
    address: Text255 = ""
    general_education: Education = Education.UPPER_SECONDARY
    occupation: Text200 = ""
    category: SourceCategory
    mass_organization: MassOrganization = MassOrganization.NONE
    helper_id: BodyId | None = None
    responsible_id: BodyId | None = None
    identified_on: Day
    notes: Text2000 = ""


def _no_defaults(schema: dict) -> None:
    """A field left out of a PATCH stays as it is: the schema states no default for any."""
    for prop in schema["properties"].values():
        prop.pop("default", None)


KEEP: Any = None  # never seen: the handler reads only the fields that were sent


class SourcePatchIn(Schema):
    """Only the fields sent change. Null empties a field the record may leave empty."""

    model_config = ConfigDict(json_schema_extra=_no_defaults)

    full_name: RequiredText120 = KEEP
    gender: Gender = KEEP
    birth_date: Day = KEEP
    vietnamese_citizen: bool = KEEP
    ethnicity: Text50 | None = None
    ethnic_minority: bool = KEEP
    religion: Religion = KEEP
    family_background: Text2000 | None = None
    id_number: Text12 | None = None
    phone: PhoneInput | None = None
    address: Text255 | None = None
    general_education: Education = KEEP
    occupation: Text200 | None = None
    category: SourceCategory = KEEP
    mass_organization: MassOrganization | None = None
    helper_id: BodyId | None = None
    responsible_id: BodyId | None = None
    identified_on: Day = KEEP
    notes: Text2000 | None = None


class SourceDropIn(Schema):
    on: Day
    reason: Annotated[Text255, Field(min_length=1)]


class EligibilityCheckOut(Schema):
    rule: str = Field(description="citizenship, age, education or religion")
    label: str
    outcome: Outcome
    outcome_label: str
    message: str
    value: str = Field(description="What the rule requires (18–60, 9/12), empty for a rule without a number.")
    source: str = Field(description="The regulation the rule comes from.")


class EligibilityOut(Schema):
    on: datetime.date
    eligible: bool = Field(description="Every rule met outright.")
    verdict: str = Field(description="eligible, approval (only with a higher committee's approval) or not_eligible")
    special_area_unit_id: int | None
    checks: list[EligibilityCheckOut]


class EligibilityQuery(Schema):
    on: datetime.date | None = Field(None, description="The day of the cell's vote; today if left out.")


class CountRowOut(Schema):
    unit_id: int
    unit_name: str
    by_category: dict[str, int]
    total: int


class SourceCountsOut(Schema):
    rows: list[CountRowOut]
    totals: dict[str, int]
    total: int
