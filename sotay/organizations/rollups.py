"""Member counts per unit subtree and status, maintained incrementally.

Every change to where a member is or what status they hold adds or subtracts one at the unit and
each of its ancestors (a handful of rows), so pages never count a subtree on request.
`rebuild_member_counts()` recomputes everything from the members table, for bulk loads and checks.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from django.db import connection, transaction
from django.db.models import Count, F

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


@transaction.atomic
def rebuild_member_counts() -> None:
    """Recompute every unit's subtree counts from the members table."""
    if connection.vendor == "postgresql":
        _rebuild_in_postgresql()
    else:
        _rebuild_in_python()


def _rebuild_in_postgresql() -> None:
    """One statement: each (cell, status) count added to the cell and every ancestor path."""
    from sotay.members.models import Member

    counts, units = UnitMemberCount._meta.db_table, Unit._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {counts}")
        cursor.execute(
            f"INSERT INTO {counts} (unit_id, status, subtree_count) "
            "SELECT a.id, d.status, sum(d.n) FROM ("
            f"  SELECT unit_id, status, count(*) AS n FROM {Member._meta.db_table} GROUP BY unit_id, status"
            f") AS d JOIN {units} AS u ON u.id = d.unit_id "
            "CROSS JOIN LATERAL generate_series(%s, length(u.path), %s) AS g(len) "
            f"JOIN {units} AS a ON a.path = substr(u.path, 1, g.len) "
            "GROUP BY a.id, d.status",
            [Unit.steplen, Unit.steplen],
        )
        cursor.execute(f"ANALYZE {counts}")


def _rebuild_in_python() -> None:
    from sotay.members.models import Member

    direct = Member.objects.values("unit__path", "status").annotate(n=Count("id")).order_by()
    totals: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for row in direct.iterator():
        for path in ancestor_paths(row["unit__path"]):
            totals[path][row["status"]] += row["n"]
    ids = dict(Unit.objects.values_list("path", "id").iterator())
    UnitMemberCount.objects.all().delete()
    counts = (
        UnitMemberCount(unit_id=ids[path], status=status, subtree_count=n)
        for path, by_status in totals.items()
        for status, n in by_status.items()
    )
    batch: list[UnitMemberCount] = []
    for count in counts:
        batch.append(count)
        if len(batch) == 5000:
            UnitMemberCount.objects.bulk_create(batch)
            batch.clear()
    UnitMemberCount.objects.bulk_create(batch)
