"""Setting a unit's yearly targets: admissions (default: the policy ratio of its members on
1 January, rounded up; another value needs a reason), new party organizations in non-state
enterprises, and admissions of religious believers, enterprise owners and students.

Each change is in the audit log under the acting user, and the row keeps the default it replaced.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.audit import acting_as
from sotay.core.permissions import TARGETS_SET, require
from sotay.organizations.models import Unit
from sotay.recruitment.choices import TargetKind
from sotay.recruitment.models import AdmissionTarget
from sotay.recruitment.selectors.progress import default_targets

FIRST_YEAR = 2000
MAX_TARGET = 10_000_000
# Targets may be set (or corrected) for past years and planned for the next one.
YEARS_AHEAD = 1


def check_target(*, kind: str, year: int, value: int, reason: str, default: int | None) -> None:
    """The one rule for a target, used by the form, the API and `target_set`."""
    errors: dict[str, str] = {}
    this_year = timezone.localdate().year
    if kind not in TargetKind.values:
        errors["kind"] = _("Choose one of the targets in the list.")
    if not FIRST_YEAR <= year <= this_year + YEARS_AHEAD:
        errors["year"] = _("Targets are set for years from %(first)s to %(last)s.") % {
            "first": FIRST_YEAR,
            "last": this_year + YEARS_AHEAD,
        }
    if not 0 <= value <= MAX_TARGET:
        errors["value"] = _("A target is a whole number from 0 to %(max)s.") % {"max": f"{MAX_TARGET:,}"}
    elif kind == TargetKind.ADMISSIONS and default is not None and value != default and not reason.strip():
        errors["reason"] = _(
            "The default target is %(default)s (the policy ratio of the members on 1 January): "
            "say why this unit's differs."
        ) % {"default": default}
    if errors:
        raise ValidationError(errors)


def target_set(*, actor, unit: Unit, year: int, kind: str, value: int, reason: str = "") -> AdmissionTarget:
    """Set (or change) `unit`'s target of `kind` for `year`."""
    require(actor, TARGETS_SET, unit)
    default = None
    if kind == TargetKind.ADMISSIONS:
        computed = default_targets([unit], year).get(unit.pk)
        default = computed.value if computed is not None else None
    check_target(kind=kind, year=year, value=value, reason=reason, default=default)
    with transaction.atomic(), acting_as(actor):
        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # two officers at once: one row
        target = AdmissionTarget.objects.select_for_update().filter(unit=unit, year=year, kind=kind).first()
        if target is None:
            target = AdmissionTarget(unit=unit, year=year, kind=kind)
        target.value = value
        target.default_value = default
        target.reason = reason.strip() if default is None or value != default else ""
        target.set_by = actor
        target.save()
    return target
