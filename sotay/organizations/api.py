from django.http import HttpRequest
from ninja import Query, Router, Status

from sotay.core.api_responses import READ_ERRORS, WRITE_ERRORS, links_to_created, responses
from sotay.core.schemas import Id
from sotay.organizations import selectors, services
from sotay.organizations.access import access_unit
from sotay.organizations.schemas import (
    UnitCreateIn,
    UnitListQuery,
    UnitOut,
    UnitPage,
    UnitSpecialAreaIn,
    UnitUpdateIn,
)

router = Router(tags=["units"])


def _detail(actor, unit) -> UnitOut:
    return selectors.with_counts_and_parents(actor, [unit])[0]


@router.get("", response=responses({200: UnitPage}, READ_ERRORS))
def list_units(request: HttpRequest, filters: Query[UnitListQuery]):
    """Children of `parent` (or the top of your scope), or units whose name matches `q`."""
    parent = access_unit(request.user, filters.parent) if filters.parent else None
    items, next_cursor = selectors.unit_page(
        request.user, parent=parent, q=filters.q, after=filters.after, limit=filters.limit
    )
    return {"items": items, "next": next_cursor}


@router.get("/{unit_id}", response=responses({200: UnitOut}, READ_ERRORS))
def get_unit(request: HttpRequest, unit_id: Id):
    return _detail(request.user, access_unit(request.user, unit_id))


@router.post(
    "",
    response=responses({201: UnitOut}, WRITE_ERRORS),
    openapi_extra=links_to_created(
        "unit_id", read="sotay_organizations_api_get_unit", change="sotay_organizations_api_rename_unit"
    ),
)
def create_unit(request: HttpRequest, payload: UnitCreateIn):
    parent = access_unit(request.user, payload.parent_id, for_write=True)
    unit = services.unit_create(
        actor=request.user,
        parent=parent,
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        sector=payload.sector,
        founded_on=payload.founded_on,
        document_ref=payload.document_ref,
        special_area=payload.special_area,
    )
    return Status(201, _detail(request.user, unit))


@router.patch("/{unit_id}", response=responses({200: UnitOut}, WRITE_ERRORS))
def rename_unit(request: HttpRequest, unit_id: Id, payload: UnitUpdateIn):
    unit = access_unit(request.user, unit_id, for_write=True)
    services.unit_rename(
        actor=request.user,
        unit=unit,
        name=payload.name,
        occurred_on=payload.occurred_on,
        document_ref=payload.document_ref,
    )
    return _detail(request.user, unit)


@router.put("/{unit_id}/special-area", response=responses({200: UnitOut}, WRITE_ERRORS))
def set_special_area(request: HttpRequest, unit_id: Id, payload: UnitSpecialAreaIn):
    """Flag the unit (and so the units under it) as a remote, highland, border or island area, or clear it."""
    unit = access_unit(request.user, unit_id, for_write=True)
    services.unit_set_special_area(actor=request.user, unit=unit, special_area=payload.special_area)
    return _detail(request.user, unit)
