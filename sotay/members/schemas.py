import datetime

from ninja import Schema

from sotay.api.schemas import Id, Limit, Text
from sotay.members.choices import AgeBand, Category, Education, Gender, PoliticalTheory, Professional, Religion, Status


class MemberListQuery(Schema):
    unit: Id | None = None
    status: Status | None = None
    category: Category | None = None
    religion: Religion | None = None
    age_band: AgeBand | None = None
    education: Education | None = None
    q: Text(120) = ""
    after: Text(400) = ""
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
    total: int | None


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
    full_name: Text(120, 1)
    other_names: Text(120) = ""
    gender: Gender
    birth_date: datetime.date
    birthplace: Text(200) = ""
    home_town: Text(200) = ""
    ethnicity: Text(50) = ""
    religion: Religion = Religion.NONE
    family_background: Text(2000) = ""
    id_number: Text(12) = ""
    phone: Text(15) = ""
    email: Text(254) = ""
    address: Text(255) = ""
    general_education: Education = Education.UPPER_SECONDARY
    professional_level: Professional = Professional.NONE
    political_theory: PoliticalTheory = PoliticalTheory.NONE
    foreign_languages: Text(120) = ""
    occupation: Text(200) = ""
    category: Category
    admitted_on: datetime.date
    recognized_on: datetime.date | None = None
    card_number: Text(20) | None = None


class MemberCreateIn(ProfileIn):
    unit_id: Id
    status: Status = Status.PROBATIONARY


class MemberPatchIn(Schema):
    full_name: Text(120, 1) | None = None
    other_names: Text(120) | None = None
    gender: Gender | None = None
    birth_date: datetime.date | None = None
    birthplace: Text(200) | None = None
    home_town: Text(200) | None = None
    ethnicity: Text(50) | None = None
    religion: Religion | None = None
    family_background: Text(2000) | None = None
    id_number: Text(12) | None = None
    phone: Text(15) | None = None
    email: Text(254) | None = None
    address: Text(255) | None = None
    general_education: Education | None = None
    professional_level: Professional | None = None
    political_theory: PoliticalTheory | None = None
    foreign_languages: Text(120) | None = None
    occupation: Text(200) | None = None
    category: Category | None = None
    admitted_on: datetime.date | None = None
    recognized_on: datetime.date | None = None
    card_number: Text(20) | None = None
