"""The handbook API's shapes."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict

from sotay.core.schemas import BodyId, Limit
from sotay.core.text import TEXT_PATTERN, has_control_characters
from sotay.handbook.models import BODY_LENGTH, TITLE_LENGTH
from sotay.organizations.models import UnitKind

Cursor = Annotated[str, Field(max_length=40, pattern=r"^([0-9]{1,19}-[0-9]{1,19})?$")]


def _clean(value: str) -> str:
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


def _iso_text(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("must be a date and time written as ISO 8601")
    return value


Title = Annotated[
    str,
    Field(min_length=1, max_length=TITLE_LENGTH, json_schema_extra={"pattern": TEXT_PATTERN}),
    AfterValidator(_clean),
]
Body = Annotated[
    str,
    Field(min_length=1, max_length=BODY_LENGTH, json_schema_extra={"pattern": TEXT_PATTERN}),
    AfterValidator(_clean),
]
# An ISO 8601 string (not a number of seconds, as lax mode would take); without an offset it is read
# in the site's time zone (Vietnam).
Moment = Annotated[datetime.datetime, BeforeValidator(_iso_text)]
# A file as JSON: its name (the extension says its type) and its bytes in base64; 10 MB at most.
Base64 = Annotated[str, Field(max_length=14_000_000, pattern=r"^[A-Za-z0-9+/]*={0,2}$")]


class FeedQuery(Schema):
    after: Cursor = ""
    limit: Limit = 20


class PageQuery(Schema):
    after: Cursor = ""
    limit: Limit = 20


class FileOut(Schema):
    """A file of a notice, a document or a meeting (OpenAPI names components by class: no other
    shape may take this name, tests/api/test_media_types.py)."""

    id: int
    name: str
    size: int
    content_type: str
    url: str


class NoticeOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    title: str
    body: str = Field(description="Plain text; show its line breaks, never read it as HTML.")
    publish_at: datetime.datetime
    kinds: list[UnitKind] = Field(description="Only members of these kinds of unit see it; empty for all.")
    withdrawn_at: datetime.datetime | None
    is_read: bool | None = Field(description="For a member reading their feed; null for an officer.")
    attachments: list[FileOut]


class FeedItemOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    title: str
    excerpt: str
    publish_at: datetime.datetime
    is_read: bool


class FeedOut(Schema):
    items: list[FeedItemOut]
    next: str = Field(description="Pass as `after` for older notices; empty on the last page.")
    unread: int = Field(description="Unread notices of the last year.")
    cell_id: int
    cell_name: str


class NoticePageOut(Schema):
    items: list[NoticeOut]
    next: str


class ReadOut(Schema):
    notice_id: int
    is_read: bool
    unread: int


class FileIn(Schema):
    """A file sent as JSON, its content in base64."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=200, json_schema_extra={"pattern": TEXT_PATTERN})]
    content_base64: Base64


class NoticeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    unit_id: BodyId
    title: Title
    body: Body
    publish_at: Moment | None = Field(None, description="Omit (or null) to publish now.")
    kinds: list[UnitKind] = Field([], max_length=6, description="Only for these kinds of unit below; empty for all.")
    attachments: list[FileIn] = Field([], max_length=10)


class NoticePatchIn(Schema):
    """Only a notice not yet out (scheduled) can change; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    body: Body | None = None
    publish_at: Moment | None = None
    kinds: list[UnitKind] | None = Field(None, max_length=6)
    attachments: list[FileIn] = Field([], max_length=10, description="Files to add.")


class NoFieldsIn(Schema):
    """An action with nothing to say: send `{}` (every write takes a JSON object)."""

    model_config = ConfigDict(extra="forbid")
