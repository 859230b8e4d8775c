"""The sources' API: list with counts, detail, create, patch, drop, and the eligibility explained."""

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from sotay.core.api_responses import READ_ERRORS, WRITE_ERRORS, links_to_created, responses
from sotay.core.permissions import RECRUITMENT_CHANGE, require
from sotay.core.schemas import Id
from sotay.organizations.access import access_unit
from sotay.organizations.models import Unit
from sotay.recruitment.access import access_source, may_see_source_sensitive
from sotay.recruitment.models import Candidate
from sotay.recruitment.schemas_sources import (
    EligibilityOut,
    EligibilityQuery,
    SourceCountsOut,
    SourceCountsQuery,
    SourceDropIn,
    SourceIn,
    SourceListQuery,
    SourceOut,
    SourcePageOut,
    SourcePatchIn,
)
from sotay.recruitment.selectors import sources as selectors
from sotay.recruitment.services import sources as services

router = Router(tags=["recruitment"])

# The service names the related records; the API names their ids.
API_FIELDS = {"helper": "helper_id", "responsible": "responsible_id", "unit": "unit_id"}


@contextmanager
def _api_field_names() -> Iterator[None]:
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {API_FIELDS.get(name, name): errors for name, errors in error.error_dict.items()}
        ) from None


def _summary(candidate: Candidate) -> dict:
    return {
        "id": candidate.pk,
        "full_name": candidate.full_name,
        "gender": candidate.gender,
        "birth_date": candidate.birth_date,
        "category": candidate.category,
        "mass_organization": candidate.mass_organization,
        "status": candidate.status,
        "unit_id": candidate.unit_id,
        "unit_name": candidate.unit.name,
    }


def _detail(actor, candidate: Candidate) -> dict:
    out = _summary(candidate)
    for field in services.SOURCE_FIELDS:
        if field not in ("helper", "responsible"):
            out[field] = getattr(candidate, field)
    if not may_see_source_sensitive(actor, candidate):
        out.update(dict.fromkeys(services.SENSITIVE_SOURCE_FIELDS))
    out["helper_id"] = candidate.helper_id
    out["helper_name"] = candidate.helper.full_name if candidate.helper else None
    out["responsible_id"] = candidate.responsible_id
    out["responsible_name"] = str(candidate.responsible) if candidate.responsible else None
    out["dropped_on"] = candidate.dropped_on
    out["drop_reason"] = candidate.drop_reason
    return out


def _related(unit: Unit, profile: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Ids in the body → the records, looked up among those the unit may use, so an id elsewhere
    is answered as an unknown one; the profile with the records, and the ids that named none."""
    errors: dict[str, str] = {}
    if "helper_id" in profile:
        helper_id = profile.pop("helper_id")
        helper = selectors.helper_choices(unit).filter(pk=helper_id).first() if helper_id else None
        if helper_id and helper is None:
            errors["helper_id"] = _("Choose a full member of %(unit)s.") % {"unit": unit.name}
        profile["helper"] = helper
    if "responsible_id" in profile:
        user_id = profile.pop("responsible_id")
        user = selectors.responsible_choices(unit).filter(pk=user_id).first() if user_id else None
        if user_id and user is None:
            errors["responsible_id"] = _("Choose someone who holds a role on %(unit)s or a unit above it.") % {
                "unit": unit.name
            }
        profile["responsible"] = user
    return profile, errors


def _refuse_with_the_rest(errors: dict[str, str], preview: Candidate, changed: list[str]) -> None:
    """Ids that named no usable record are refused together with what the service's own check
    finds in the other fields, so every mistake shows in one answer; nothing is written."""
    if not errors:
        return
    found = services.source_errors(preview, changed=[field for field in changed if field not in API_FIELDS])
    raise ValidationError({**{API_FIELDS.get(f, f): e for f, e in found.items()}, **errors})


def _filters(actor, query) -> selectors.SourceFilters:
    unit = access_unit(actor, query.unit) if query.unit else None
    return selectors.SourceFilters(
        unit=unit,
        category=query.category or "",
        status=query.status or "",
        mass_organization=query.mass_organization or "",
        q=query.q,
    )


@router.get("", response=responses({200: SourcePageOut}, READ_ERRORS))
def list_sources(request: HttpRequest, filters: Query[SourceListQuery]):
    """Sources in your scope in Vietnamese alphabetical order; `q` is the start of any words of the name ("van an")."""
    page = selectors.source_page(
        request.user, _filters(request.user, filters), after=filters.after, limit=filters.limit
    )
    return {"items": [_summary(c) for c in page.sources], "next": page.next_cursor, "total": page.total}


@router.get("/counts", response=responses({200: SourceCountsOut}, READ_ERRORS))
def count_sources(request: HttpRequest, filters: Query[SourceCountsQuery]):
    """Matching sources per unit one level below `unit` (or per top of your scope), by category."""
    counts = selectors.source_counts(request.user, _filters(request.user, filters))
    return {
        "rows": [
            {"unit_id": row.unit.pk, "unit_name": row.unit.name, "by_category": row.by_category, "total": row.total}
            for row in counts.rows
        ],
        "totals": dict(zip(counts.categories, counts.totals, strict=True)),
        "total": counts.total,
    }


@router.get("/{source_id}", response=responses({200: SourceOut}, READ_ERRORS))
def get_source(request: HttpRequest, source_id: Id):
    return _detail(request.user, access_source(request.user, source_id))


@router.get("/{source_id}/eligibility", response=responses({200: EligibilityOut}, READ_ERRORS))
def source_eligibility(request: HttpRequest, source_id: Id, query: Query[EligibilityQuery]):
    """Every admission rule on `on` (the day of the cell's vote), each with its outcome, what it
    requires and the regulation it comes from: the check the admission case runs."""
    candidate = access_source(request.user, source_id)
    result = selectors.source_eligibility(request.user, candidate, query.on or timezone.localdate())
    return {
        "on": result.on,
        "eligible": result.assessment.eligible,
        "verdict": result.verdict,
        "special_area_unit_id": result.special_area_unit.pk if result.special_area_unit else None,
        "checks": [check.__dict__ for check in result.checks],
    }


@router.post(
    "",
    response=responses({201: SourceOut}, WRITE_ERRORS),
    openapi_extra=links_to_created(
        "source_id",
        read="sotay_recruitment_api_sources_get_source",
        change="sotay_recruitment_api_sources_update_source",
        eligibility="sotay_recruitment_api_sources_source_eligibility",
    ),
)
def create_source(request: HttpRequest, payload: SourceIn):
    unit = access_unit(request.user, payload.unit_id)
    require(request.user, RECRUITMENT_CHANGE, unit)
    profile, errors = _related(unit, payload.dict(exclude_unset=True, exclude={"unit_id"}))
    fields = [field for field in profile if field not in API_FIELDS]
    _refuse_with_the_rest(errors, Candidate(unit=unit, **{field: profile[field] for field in fields}), fields)
    with _api_field_names():
        candidate = services.source_create(actor=request.user, unit=unit, profile=profile)
    return Status(201, _detail(request.user, candidate))


@router.patch("/{source_id}", response=responses({200: SourceOut}, WRITE_ERRORS))
def update_source(request: HttpRequest, source_id: Id, payload: SourcePatchIn):
    candidate = access_source(request.user, source_id, for_write=True)
    profile = payload.dict(exclude_unset=True)
    for field, value in profile.items():
        if value is None and field not in ("helper_id", "responsible_id"):
            profile[field] = ""  # text and choice fields hold no null: empty them
    profile, errors = _related(candidate.unit, profile)
    preview = copy.copy(candidate)
    for field, value in profile.items():
        setattr(preview, field, value)
    _refuse_with_the_rest(errors, preview, [f for f in profile if getattr(candidate, f) != getattr(preview, f)])
    with _api_field_names():
        services.source_update(actor=request.user, candidate=candidate, profile=profile)
    return _detail(request.user, candidate)


@router.post("/{source_id}/drop", response=responses({200: SourceOut}, WRITE_ERRORS))
def drop_source(request: HttpRequest, source_id: Id, payload: SourceDropIn):
    """The person is no longer a source, from `on`, for `reason`."""
    candidate = access_source(request.user, source_id, for_write=True)
    services.source_drop(actor=request.user, candidate=candidate, on=payload.on, reason=payload.reason)
    return _detail(request.user, candidate)
