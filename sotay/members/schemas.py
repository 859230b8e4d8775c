import datetime
from typing import Annotated

from ninja import Field, Schema

from sotay.api.schemas import (
    Clean,
    Id,
    Limit,
    RequiredText120,
    Text12,
    Text15,
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

Cursor = Annotated[str, Field(max_length=CURSOR_LENGTH), Clean]


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
    birth_date: datetime.date
    birthplace: Text200 = ""
    home_town: Text200 = ""
    ethnicity: Text50 = ""
    religion: Religion = Religion.NONE
    family_background: Text2000 = ""
    id_number: Text12 = ""
    phone: Text15 = ""
    email: Text254 = ""
    address: Text255 = ""
    general_education: Education = Education.UPPER_SECONDARY
    professional_level: Professional = Professional.NONE
    political_theory: PoliticalTheory = PoliticalTheory.NONE
    foreign_languages: Text120 = ""
    occupation: Text200 = ""
    category: Category
    admitted_on: datetime.date
    recognized_on: datetime.date | None = None
    card_number: Text20 | None = None


class MemberCreateIn(ProfileIn):
    unit_id: Id
    status: Status = Status.PROBATIONARY


class MemberPatchIn(Schema):
    full_name: RequiredText120 | None = None
    other_names: Text120 | None = None
    gender: Gender | None = None
    birth_date: datetime.date | None = None
    birthplace: Text200 | None = None
    home_town: Text200 | None = None
    ethnicity: Text50 | None = None
    religion: Religion | None = None
    family_background: Text2000 | None = None
    id_number: Text12 | None = None
    phone: Text15 | None = None
    email: Text254 | None = None
    address: Text255 | None = None
    general_education: Education | None = None
    professional_level: Professional | None = None
    political_theory: PoliticalTheory | None = None
    foreign_languages: Text120 | None = None
    occupation: Text200 | None = None
    category: Category | None = None
    card_number: Text20 | None = None
