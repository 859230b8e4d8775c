"""Progress of member development and the targets it is measured against."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from sotay.core.api_responses import READ_ERRORS, WRITE_ERRORS, responses
from sotay.core.permissions import TARGETS_SET, require
from sotay.organizations.models import Unit
from sotay.recruitment.access import access_report_unit, own_report_unit
from sotay.recruitment.models import AdmissionTarget
from sotay.recruitment.schemas_progress import (
    ProgressOut,
    ProgressQuery,
    TargetIn,
    TargetOut,
    TargetsQuery,
    UnitTargetsOut,
)
from sotay.recruitment.selectors.progress import (
    Row,
    default_targets,
    percent,
    progress_report,
    report_children,
    report_day,
    stored_targets,
)
from sotay.recruitment.services.targets import target_set

router = Router(tags=["recruitment"])


def _unit(request: HttpRequest, unit_id: int | None) -> Unit:
    unit = access_report_unit(request.user, unit_id) if unit_id else own_report_unit(request.user)
    if unit is None:
        raise Http404(_("No such unit."))
    return unit


def _ref(unit: Unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def _percent(ratio) -> str | None:
    return None if ratio is None else str(percent(ratio))


def _row(row: Row) -> dict:
    return {
        "unit": _ref(row.unit) if row.unit else None,
        "target": row.target,
        "target_is_default": row.target_is_default,
        "default_target": row.default_target,
        "admitted": row.admitted,
        "percent": _percent(row.ratio),
        "exceeded_by_percent": _percent(row.exceeded_by),
        "short_by": row.short_by,
        "categories": dict(row.by_category),
        "category_targets": row.category_targets,
        "new_organizations": row.new_organizations,
        "new_organizations_target": row.new_organizations_target,
        "new_organizations_percent": _percent(row.new_organizations_ratio),
        "expected_by_year_end": row.projected_count,
        "on_track_percent": _percent(row.on_track_ratio),
        "at_risk": row.at_risk,
    }


@router.get("/progress", response=responses({200: ProgressOut}, READ_ERRORS))
def get_progress(request: HttpRequest, query: Query[ProgressQuery]):
    """A unit's admissions against its targets in a year, as of a day, with each child's figures
    (a parent's are the sums of its children's) and, while the year runs, the forecast for
    31 December from this year's pace and last year's monthly pattern."""
    unit = _unit(request, query.unit)
    today = timezone.localdate()
    year = query.year or today.year
    if query.as_of is not None and query.as_of.year != year:
        raise ValidationError({"as_of": _("Choose a day in %(year)s.") % {"year": year}})
    report = progress_report(unit, year, report_day(year, query.as_of))
    return {
        "unit": _ref(unit),
        "year": report.year,
        "as_of": report.as_of,
        "forecast": report.forecast,
        "total": _row(report.total),
        "rows": [_row(row) for row in report.rows],
        "children_target_sum": report.children_target_sum,
        "ratio_source": report.ratio_rule.source if report.ratio_rule else None,
    }


def _targets_out(units: list[Unit], year: int) -> list[dict]:
    stored = stored_targets([u.pk for u in units], year)
    defaults = default_targets(units, year)
    out = []
    for unit in units:
        default = defaults[unit.pk]
        out.append(
            {
                "unit": _ref(unit),
                "year": year,
                "members_on_1_january": default.members if default else None,
                "default_target": default.value if default else None,
                "targets": [_target(t) for (unit_id, _kind), t in stored.items() if unit_id == unit.pk],
            }
        )
    return out


def _target(target: AdmissionTarget) -> dict:
    return {
        "kind": target.kind,
        "value": target.value,
        "default_value": target.default_value,
        "reason": target.reason,
        "set_at": target.set_at,
    }


@router.get("/targets", response=responses({200: list[UnitTargetsOut]}, READ_ERRORS))
def list_targets(request: HttpRequest, query: Query[TargetsQuery]):
    """The unit's and its children's targets for a year, with the default each admissions target
    starts from: the policy ratio of the members on the rolls on 1 January, rounded up."""
    unit = _unit(request, query.unit)
    year = query.year or timezone.localdate().year
    return _targets_out([unit, *report_children(unit, year)], year)


@router.post("/targets", response=responses({200: TargetOut}, WRITE_ERRORS))
def set_target(request: HttpRequest, payload: TargetIn):
    """Set a unit's target of a kind for a year (an officer over the unit). An admissions target
    other than the default needs a `reason`; every change is audited."""
    unit = access_report_unit(request.user, payload.unit_id)
    require(request.user, TARGETS_SET, unit)
    target = target_set(
        actor=request.user,
        unit=unit,
        year=payload.year,
        kind=payload.kind,
        value=payload.value,
        reason=payload.reason,
    )
    return _target(target)
