"""Reads of the unit tree for an actor."""

from django.utils.translation import gettext as _

from sotay.core.permissions import UNITS_VIEW
from sotay.core.scoping import EVERYTHING, scope_paths
from sotay.core.text import fold
from sotay.organizations.membership import members_on_rolls
from sotay.organizations.models import Unit, UnitEvent, parent_path
from sotay.organizations.rollups import ancestor_paths


def _with_member_counts(units: list[Unit]) -> list[Unit]:
    counts = members_on_rolls(units)
    for unit in units:
        unit.member_count = counts[unit.pk]
    return units


def top_units(actor) -> list[Unit]:
    """The units at the top of the actor's scope, each with its live member count."""
    paths = scope_paths(actor, UNITS_VIEW)
    if EVERYTHING in paths:
        units = list(Unit.objects.get_root_nodes())
    else:
        units = list(Unit.objects.filter(path__in=paths))
    return _with_member_counts(units)


def child_units(actor, parent: Unit) -> list[Unit]:
    """Direct children of a unit the actor may see (already checked by access_unit)."""
    return _with_member_counts(
        list(Unit.objects.visible_to(actor).filter(path__startswith=parent.path, depth=parent.depth + 1))
    )


def unit_ancestors(actor, unit: Unit) -> list[Unit]:
    """The ancestors the actor may see, for breadcrumbs."""
    paths = ancestor_paths(unit.path, include_self=False)
    return list(Unit.objects.visible_to(actor).filter(path__in=paths))


def unit_history(unit: Unit) -> list[UnitEvent]:
    return list(unit.events.select_related("actor")[:50])


def move_targets(actor, unit: Unit) -> list[Unit]:
    """Suggestions for a new parent: open units above cell level near the unit, in the actor's scope."""
    grandparent_path = parent_path(unit.parent_path) if unit.depth > 2 else unit.path[: Unit.steplen]
    return list(
        Unit.objects.visible_to(actor)
        .active()
        .exclude(kind="cell")
        .exclude(path__startswith=unit.path)
        .filter(path__startswith=grandparent_path, depth__lt=unit.depth)[:200]
    )


def merge_targets(actor, unit: Unit) -> list[Unit]:
    """Suggestions for the surviving unit: open units of the same kind under the same parent."""
    parent_path = unit.parent_path
    return list(
        Unit.objects.visible_to(actor)
        .active()
        .filter(path__startswith=parent_path, depth=unit.depth, kind=unit.kind)
        .exclude(pk=unit.pk)[:200]
    )


def unit_page(actor, *, parent: Unit | None, q: str, after: str, limit: int) -> tuple[list[Unit], str | None]:
    """Units in the actor's scope ordered by tree position: children of `parent`, or matching `q`."""
    units = Unit.objects.visible_to(actor)
    if parent is not None:
        units = units.filter(path__startswith=parent.path, depth__gt=parent.depth)
        if not q:
            units = units.filter(depth=parent.depth + 1)
    if q:
        units = units.filter(name_key__contains=fold(q))
    elif parent is None:
        paths = scope_paths(actor, UNITS_VIEW)
        units = units.filter(depth=1) if EVERYTHING in paths else units.filter(path__in=paths)
    if after:
        units = units.filter(path__gt=after)
    rows = list(units.order_by("path")[: limit + 1])
    page = with_counts_and_parents(actor, rows[:limit])
    return page, (page[-1].path if len(rows) > limit else None)


def with_counts_and_parents(actor, units: list[Unit]) -> list[Unit]:
    """Set `member_count` and `parent_id` (None where the actor may not see the parent)."""
    parent_paths = {unit.parent_path for unit in units}
    parents = dict(Unit.objects.visible_to(actor).filter(path__in=parent_paths).values_list("path", "id"))
    for unit in units:
        unit.parent_id = parents.get(unit.parent_path)
    return _with_member_counts(units)


def unit_labels(actor, *units: Unit) -> list[str]:
    """Each unit named with its code and the unit above it, where the actor may see that one.

    Two units in one district can share a name ("Chi bộ thôn Một"): a confirmation page that names
    only the name leaves the officer guessing which of them will change.
    """
    parent_paths = {unit.parent_path for unit in units}
    parents = dict(Unit.objects.visible_to(actor).filter(path__in=parent_paths).values_list("path", "name"))
    labels = []
    for unit in units:
        parent = parents.get(unit.parent_path)
        if parent:
            labels.append(
                _("%(name)s (%(code)s, in %(parent)s)") % {"name": unit.name, "code": unit.code, "parent": parent}
            )
        else:
            labels.append(unit.label)
    return labels
