"""The API shapes of the document library and draft resolutions."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from sotay.core.schemas import BodyId, Id, Limit
from sotay.core.text import TEXT_PATTERN
from sotay.handbook.models import (
    BODY_LENGTH,
    COMMENT_LENGTH,
    NUMBER_LENGTH,
    SUMMARY_LENGTH,
    DocumentKind,
    DraftStatus,
    Outcome,
)
from sotay.handbook.schemas import Body, FileIn, FileOut, Moment, Title, _clean


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length, json_schema_extra={"pattern": TEXT_PATTERN}),
        AfterValidator(_clean),
    ]


class LibraryQuery(Schema):
    unit: Id | None = Field(None, description="Only this unit's documents (and its subtree's, where you publish).")
    kind: DocumentKind | None = None
    year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    q: _text(100) = Field("", description="Words of the number or title, any case, with or without diacritics.")  # type: ignore[valid-type]
    page: Annotated[int, Field(ge=1, le=10_000)] = 1
    limit: Limit = 20


class DocumentOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: DocumentKind
    number: str
    title: str
    issued_on: datetime.date
    year: int
    summary: str
    files: list[FileOut]


class LibraryOut(Schema):
    items: list[DocumentOut]
    page: int
    has_next: bool
    count: int


class DocumentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    unit_id: BodyId
    kind: DocumentKind
    number: _text(NUMBER_LENGTH) = ""  # type: ignore[valid-type]
    title: Title
    issued_on: datetime.date
    summary: _text(SUMMARY_LENGTH) = ""  # type: ignore[valid-type]
    attachments: list[FileIn] = Field([], max_length=10)


class CommentOut(Schema):
    id: int
    parent_id: int | None
    member_id: int
    member_name: str
    text: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    versions: list[str] = Field(description="Every text the comment has had, oldest first (the current one last).")
    outcome: Outcome
    reply: str


class DraftOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    title: str
    text: str
    comment_deadline: datetime.datetime
    status: DraftStatus = Field(description="`closed` once the deadline has passed.")
    final_text: str
    published_at: datetime.datetime
    may_comment: bool
    manages: bool
    comments: list[CommentOut] = Field(description="Your own comments; every comment for those who manage the draft.")


class DraftItemOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    title: str
    comment_deadline: datetime.datetime
    status: DraftStatus


class DraftPageOut(Schema):
    items: list[DraftItemOut]


class DraftIn(Schema):
    model_config = ConfigDict(extra="forbid")

    unit_id: BodyId
    title: Title
    text: Body
    comment_deadline: Moment


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: _text(COMMENT_LENGTH, 1)  # type: ignore[valid-type]
    parent_id: BodyId | None = Field(None, description="One of your comments on this draft, to follow up on.")


class CommentPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: _text(COMMENT_LENGTH, 1)  # type: ignore[valid-type]


class OutcomeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    reply: _text(COMMENT_LENGTH) = ""  # type: ignore[valid-type]


class FinalTextIn(Schema):
    model_config = ConfigDict(extra="forbid")

    final_text: _text(BODY_LENGTH, 1)  # type: ignore[valid-type]
