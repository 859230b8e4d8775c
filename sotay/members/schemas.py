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
    Text20,
    Text50,
    Text120,
    Text200,
    Text254,
    Text255,
    Text2000,
)
from sotay.members.choices import AgeBand, Category, Education, Gender, PoliticalTheory, Professional, Religion, Status
from sotay.members.selectors import CURSOR_LENGTH
from sotay.members.services import STATUSES_AT_ADMISSION

# A page cursor is URL-safe base64 (selectors.encode_cursor).
Cursor = Annotated[str, Field(max_length=CURSOR_LENGTH, pattern=r"^[A-Za-z0-9_=-]*$")]


class MemberListQuery(Schema):
    unit: Id | None = None
    status: Status | None = None
    category: Category | None = None
    religion: Religion | None = None
    age_band: AgeBand | None = None
    education: Education | None = None
    q: Text120 = ""
    after: Cursor = ""
    limit: Limit = 50


class MemberSummary(Schema):
    id: int
    full_name: str
    gender: Gender
    birth_date: datetime.date
    status: Status
    category: Category
    unit_id: int
    unit_name: str


class MemberPageOut(Schema):
    items: list[MemberSummary]
    next: str | None
    total: int | None = Field(description="How many members match, when there are no more than `more_than`.")
    more_than: int | None = Field(description="Set instead of `total` when more members than this match.")


class HistoryOut(Schema):
    valid_from: datetime.date
    value: str
    reason: str
    document_ref: str


class MemberOut(MemberSummary):
    """Sensitive fields (ethnicity, religion, family background) are null unless you may see them."""

    other_names: str
    birthplace: str
    home_town: str
    ethnicity: str | None
    religion: Religion | None
    family_background: str | None
    id_number: str
    phone: str
    email: str
    address: str
    general_education: Education
    professional_level: Professional
    political_theory: PoliticalTheory
    foreign_languages: str
    occupation: str
    admitted_on: datetime.date
    recognized_on: datetime.date | None
    card_number: str | None
    status_history: list[HistoryOut]
    unit_history: list[HistoryOut]


class ProfileIn(Schema):
    full_name: RequiredText120
    other_names: Text120 = ""
    gender: Gender
    birth_date: Day
    birthplace: Text200 = ""
    home_town: Text200 = ""
    ethnicity: Text50 = ""
    religion: Religion = Religion.NONE
    family_background: Text2000 = ""
    id_number: Text12 = ""
    phone: PhoneInput = ""
    email: Text254 = ""
    address: Text255 = ""
    general_education: Education = Education.UPPER_SECONDARY
    professional_level: Professional = Professional.NONE
    political_theory: PoliticalTheory = PoliticalTheory.NONE
    foreign_languages: Text120 = ""
    occupation: Text200 = ""
    category: Category
    admitted_on: Day
    recognized_on: Day | None = None
    card_number: Text20 | None = None


def _admission_statuses(schema: dict) -> None:
    """The schema offers the statuses `member_create` accepts, not all nine."""
    schema.pop("allOf", None)
    schema.update(type="string", enum=[status.value for status in STATUSES_AT_ADMISSION])


class MemberCreateIn(ProfileIn):
    unit_id: BodyId
    status: Status = Field(Status.PROBATIONARY, json_schema_extra=_admission_statuses)


def _no_defaults(schema: dict) -> None:
    """A field left out of a PATCH stays as it is: the schema states no default for any."""
    for prop in schema["properties"].values():
        prop.pop("default", None)


# An optional field that may not be null (the `None` default is never seen: the handler reads only
# the fields that were sent).
KEEP: Any = None


class MemberPatchIn(Schema):
    """Only the fields sent change. Null empties a field the record may leave empty; required and
    choice fields cannot be emptied, so they are not nullable."""

    model_config = ConfigDict(json_schema_extra=_no_defaults)

    full_name: RequiredText120 = KEEP
    other_names: Text120 | None = None
    gender: Gender = KEEP
    birth_date: Day = KEEP
    birthplace: Text200 | None = None
    home_town: Text200 | None = None
    ethnicity: Text50 | None = None
    religion: Religion = KEEP
    family_background: Text2000 | None = None
    id_number: Text12 | None = None
    phone: PhoneInput | None = None
    email: Text254 | None = None
    address: Text255 | None = None
    general_education: Education = KEEP
    professional_level: Professional = KEEP
    political_theory: PoliticalTheory = KEEP
    foreign_languages: Text120 | None = None
    occupation: Text200 | None = None
    category: Category = KEEP
    card_number: Text20 | None = None
