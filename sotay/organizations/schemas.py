import datetime

from ninja import Schema

from sotay.api.schemas import Id, Text
from sotay.organizations.models import Sector, UnitKind


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
    member_count: int


class UnitPage(Schema):
    items: list[UnitOut]
    next: str | None


class UnitCreateIn(Schema):
    parent_id: Id
    code: Text(32, 1)
    name: Text(200, 1)
    kind: UnitKind
    sector: Sector = Sector.OTHER
    founded_on: datetime.date | None = None
    document_ref: Text(100) = ""


class UnitUpdateIn(Schema):
    name: Text(200, 1)
    occurred_on: datetime.date
    document_ref: Text(100) = ""
