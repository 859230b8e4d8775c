"""Rebuilding the maintained subtree counts (`sotay.organizations.rollups`) from the members table.

The members app owns the counts' meaning (who is where with which status), so the rebuild that
reads its table lives here; bulk loads and checks call it.
"""

from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count

from sotay.members.models import Member
from sotay.organizations.models import Unit, UnitMemberCount
from sotay.organizations.rollups import ancestor_paths


@transaction.atomic
def rebuild_member_counts() -> None:
    """Recompute every unit's subtree counts from the members table."""
    if connection.vendor == "postgresql":
        _rebuild_in_postgresql()
    else:
        _rebuild_in_python()


def _rebuild_in_postgresql() -> None:
    """One statement: each (cell, status) count added to the cell and every ancestor path."""
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
