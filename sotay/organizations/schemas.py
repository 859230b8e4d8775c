import datetime

from ninja import Schema

from sotay.core.schemas import BodyId, Day, Id, Limit, RequiredText32, RequiredText200, Text100, Text255
from sotay.organizations.models import Sector, SpecialArea, UnitKind


class UnitListQuery(Schema):
    parent: Id | None = None
    q: Text100 = ""
    after: Text255 = ""
    limit: Limit = 50


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: UnitKind
    sector: Sector
    depth: int
    parent_id: int | None
    founded_on: datetime.date | None
    dissolved_on: datetime.date | None
    special_area: SpecialArea
    member_count: int


class UnitPage(Schema):
    items: list[UnitOut]
    next: str | None


class UnitCreateIn(Schema):
    parent_id: BodyId
    code: RequiredText32
    name: RequiredText200
    kind: UnitKind
    sector: Sector = Sector.OTHER
    founded_on: Day | None = None
    special_area: SpecialArea = SpecialArea.NONE
    document_ref: Text100 = ""


class UnitUpdateIn(Schema):
    name: RequiredText200
    occurred_on: Day
    document_ref: Text100 = ""


class UnitSpecialAreaIn(Schema):
    """Remote, highland, border or island: ethnic-minority candidates there may be admitted with
    primary education. The empty string clears the flag."""

    special_area: SpecialArea
