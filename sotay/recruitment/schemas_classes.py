"""API bodies and answers for classes."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

from sotay.core.schemas import BodyId, Day, Id, Limit, RequiredText200, Text40, Text200
from sotay.members.choices import Education
from sotay.recruitment.choices import CourseKind, CourseResult


class CourseListQuery(Schema):
    unit: Id | None = None
    kind: CourseKind | None = None
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    limit: Limit = 100


class CourseSummary(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: CourseKind
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    grants_education: Education | None = Field(
        description="What a pass in a supplementary class gives; null otherwise."
    )
    enrolled: int
    passed: int
    sessions: int


class EnrollmentOut(Schema):
    id: int
    candidate_id: int
    candidate_name: str
    enrolled_on: datetime.date
    attended: int = Field(description="Sessions the source was present at.")
    result: CourseResult
    result_on: datetime.date | None
    certificate_number: str


class AttendanceOut(Schema):
    enrollment_id: int
    present: bool


class ClassSessionOut(Schema):
    id: int
    held_on: datetime.date
    topic: str
    attendance: list[AttendanceOut]


class CourseOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: CourseKind
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    grants_education: Education | None
    enrollments: list[EnrollmentOut]
    sessions: list[ClassSessionOut]


class CourseCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    unit_id: BodyId
    kind: CourseKind
    title: RequiredText200
    starts_on: Day
    ends_on: Day
    place: Text200 = ""
    grants_education: Education | None = Field(
        None, description="Required for a supplementary class (lower or upper secondary); null for an awareness class."
    )


class CoursePatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: CourseKind | None = None
    title: RequiredText200 | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None
    place: Text200 | None = None
    grants_education: Education | None = None


class EnrollIn(Schema):
    model_config = ConfigDict(extra="forbid")

    candidate_ids: Annotated[list[BodyId], Field(min_length=1, max_length=500)]
    enrolled_on: Day


class SessionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    held_on: Day
    topic: Text200 = ""
    present: Annotated[list[BodyId], Field(max_length=500, description="Enrolment ids of those present.")] = []


class ResultIn(Schema):
    model_config = ConfigDict(extra="forbid")

    enrollment_id: BodyId
    result: CourseResult
    certificate_number: Text40 = ""


class ResultsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    result_on: Day
    results: Annotated[list[ResultIn], Field(min_length=1, max_length=500)]
