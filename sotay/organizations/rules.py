"""Rules about where a unit or a member may be, each in one place for forms, pages and services."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.text import short_date
from sotay.organizations.models import Unit, UnitKind


def member_unit_error(unit: Unit) -> str | None:
    """Why members cannot belong to `unit`, or None: they belong to an open cell, or to an open
    grassroots organization without open cells."""
    if unit.kind not in (UnitKind.CELL, UnitKind.GRASSROOTS):
        return _("Members belong to a cell or a grassroots organization without cells; %(unit)s is neither.") % {
            "unit": unit.name
        }
    if unit.is_dissolved:
        return _("%(unit)s is dissolved.") % {"unit": unit.name}
    if unit.kind == UnitKind.GRASSROOTS and Unit.objects.get_children(unit).active().exists():
        return _("%(unit)s has cells; members belong to one of its cells.") % {"unit": unit.name}
    return None


def child_unit_error(parent: Unit) -> str | None:
    """Why no unit can be placed under `parent` (created or moved there), or None."""
    if parent.is_dissolved:
        return _("A dissolved unit cannot receive units.")
    if parent.kind == UnitKind.CELL:
        return _("A cell cannot have units under it.")
    return None


def founding_date_error(founded_on: datetime.date | None, parent: Unit | None) -> str | None:
    """Why a unit cannot have been founded on `founded_on` under `parent`, or None."""
    if founded_on is None:
        return None
    if founded_on > timezone.localdate():
        return _("The date cannot be in the future.")
    if parent is not None and parent.founded_on and founded_on < parent.founded_on:
        return _("A unit cannot be founded before the unit above it (%(day)s).") % {
            "day": short_date(parent.founded_on)
        }
    return None
