"""Member counts per unit subtree and status, maintained incrementally.

Every change to where a member is or what status they hold adds or subtracts one at the unit and
each of its ancestors (a handful of rows), so pages never count a subtree on request.
`sotay.members.rollups.rebuild_member_counts()` recomputes them from the members table.
"""

from collections import Counter
from collections.abc import Iterable, Mapping

from django.db.models import F

from sotay.organizations.models import Unit, UnitMemberCount


def ancestor_paths(path: str, *, include_self: bool = True) -> list[str]:
    step = Unit.steplen
    last = len(path) if include_self else len(path) - step
    return [path[:end] for end in range(step, last + 1, step)]


def adjust_counts(unit_id: int, deltas: Mapping[str, int], *, include_self: bool = True) -> None:
    """Add `deltas` (status → change) to the unit and every ancestor.

    The path is read here, under a row lock, so a unit moved since the caller loaded it is
    counted where it is now. Call inside the transaction that makes the change.
    """
    deltas = {status: delta for status, delta in deltas.items() if delta}
    path = Unit.objects.select_for_update().values_list("path", flat=True).get(pk=unit_id)
    paths = ancestor_paths(path, include_self=include_self)
    if not deltas or not paths:
        return
    unit_ids = list(Unit.objects.filter(path__in=paths).values_list("id", flat=True))
    UnitMemberCount.objects.bulk_create(
        [UnitMemberCount(unit_id=unit_id, status=status) for unit_id in unit_ids for status in deltas],
        ignore_conflicts=True,
    )
    for status, delta in deltas.items():
        UnitMemberCount.objects.filter(unit_id__in=unit_ids, status=status).update(
            subtree_count=F("subtree_count") + delta
        )


def subtree_counts(unit: Unit) -> dict[str, int]:
    return dict(UnitMemberCount.objects.filter(unit=unit).values_list("status", "subtree_count"))


def counts_for(units: Iterable[Unit], statuses: Iterable[str]) -> dict[int, int]:
    """Unit id → members of its subtree holding any of `statuses`, in one query."""
    ids = [unit.pk for unit in units]
    totals: Counter[int] = Counter()
    rows = UnitMemberCount.objects.filter(unit_id__in=ids, status__in=list(statuses))
    for unit_id, count in rows.values_list("unit_id", "subtree_count"):
        totals[unit_id] += count
    return {unit_id: totals[unit_id] for unit_id in ids}
