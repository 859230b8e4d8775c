"""The bulk path: load a generated tree and its members in one transaction.

Units get their materialized paths computed here and go in with bulk_create. Members go in with
COPY on PostgreSQL (bulk_create batches on SQLite); their first history rows (admitted →
probationary, recognized → full) are then derived inside the database with INSERT … SELECT, and
the subtree counts rebuilt once at the end. Audit entries are not written for bulk loads: the
history rows name the system actor instead.
"""

from collections.abc import Iterable
from dataclasses import astuple, fields

from django.db import connection, transaction
from django.utils import timezone

from sotay.core.seed.province import MemberRow, UnitSpec
from sotay.core.text import fold
from sotay.members.choices import Status
from sotay.members.models import Member, MemberStatusEvent, MemberUnitEvent
from sotay.organizations.models import Unit, UnitEvent, UnitEventKind
from sotay.organizations.rollups import rebuild_member_counts

BATCH = 5000
MEMBER_COLUMNS = [f.name for f in fields(MemberRow) if f.name not in ("unit_key", "status_since")]


def load_units(specs: list[UnitSpec], *, parent: Unit | None, actor) -> dict[int, Unit]:
    """Insert a tree whose specs list parents before children; returns spec key → Unit."""
    children_so_far: dict[int | None, int] = {
        None: Unit.objects.get_children(parent).count() if parent else Unit.objects.get_root_nodes().count()
    }
    built: dict[int, Unit] = {}
    for spec in specs:
        parent_unit = built[spec.parent] if spec.parent is not None else parent
        position = children_so_far.get(spec.parent, 0) + 1
        children_so_far[spec.parent] = position
        depth = parent_unit.depth + 1 if parent_unit else 1
        built[spec.key] = Unit(
            code=spec.code,
            name=spec.name,
            name_key=fold(spec.name),
            kind=spec.kind,
            sector=spec.sector,
            founded_on=spec.founded_on,
            depth=depth,
            numchild=0,
            path=Unit._get_path(parent_unit.path if parent_unit else None, depth, position),
        )
        if spec.parent is not None:
            built[spec.parent].numchild += 1
    rows = list(built.values())
    Unit.objects.bulk_create(rows, batch_size=BATCH)  # sets each pk (RETURNING on both databases)
    if parent is not None:
        Unit.objects.filter(pk=parent.pk).update(numchild=Unit.objects.get_children(parent).count())
        parent.refresh_from_db()
    UnitEvent.objects.bulk_create(
        [
            UnitEvent(
                unit=u,
                kind=UnitEventKind.CREATED,
                occurred_on=u.founded_on or timezone.localdate(),
                actor=actor,
                details={"name": u.name},
            )
            for u in rows
        ],
        batch_size=BATCH,
    )
    return built


def _member_values(row: MemberRow, unit_id: int, now) -> tuple:
    values = dict(zip([f.name for f in fields(MemberRow)], astuple(row), strict=True))
    return (*(values[c] for c in MEMBER_COLUMNS), fold(row.full_name), unit_id, now, now)


def load_members(rows: Iterable[MemberRow], units: dict[int, Unit], *, actor) -> int:
    """Insert members and their first history rows; returns how many were loaded."""
    now = timezone.now()
    first_new_id = (Member.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    later_statuses: list[tuple[str, object, str]] = []
    columns = [*MEMBER_COLUMNS, "name_key", "unit_id", "created_at", "updated_at"]
    count = 0
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY members_member ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(_member_values(row, units[row.unit_key].pk, now))
                if row.status_since:
                    later_statuses.append((row.card_number, row.status_since, row.status))
                count += 1
    else:
        batch: list[Member] = []
        for row in rows:
            batch.append(Member(**dict(zip(columns, _member_values(row, units[row.unit_key].pk, now), strict=True))))
            if row.status_since:
                later_statuses.append((row.card_number, row.status_since, row.status))
            count += 1
            if len(batch) == BATCH:
                Member.objects.bulk_create(batch)
                batch.clear()
        Member.objects.bulk_create(batch)
    _derive_history(first_new_id, actor, now, later_statuses)
    return count


def _derive_history(first_new_id: int, actor, now, later_statuses) -> None:
    status_table = MemberStatusEvent._meta.db_table
    unit_table = MemberUnitEvent._meta.db_table
    member_table = Member._meta.db_table
    common = "reason, document_ref, actor_id, recorded_at"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {unit_table} (member_id, unit_id, valid_from, {common}) "
            f"SELECT id, unit_id, admitted_on, '', '', %s, %s FROM {member_table} WHERE id >= %s",
            [actor.pk, now, first_new_id],
        )
        cursor.execute(
            f"INSERT INTO {status_table} (member_id, status, valid_from, {common}) "
            f"SELECT id, %s, admitted_on, '', '', %s, %s FROM {member_table} WHERE id >= %s",
            [Status.PROBATIONARY, actor.pk, now, first_new_id],
        )
        cursor.execute(
            f"INSERT INTO {status_table} (member_id, status, valid_from, {common}) "
            f"SELECT id, %s, recognized_on, '', '', %s, %s FROM {member_table} "
            f"WHERE id >= %s AND recognized_on IS NOT NULL",
            [Status.FULL, actor.pk, now, first_new_id],
        )
    if later_statuses:
        later = Member.objects.filter(id__gte=first_new_id).exclude(status__in=[Status.PROBATIONARY, Status.FULL])
        ids = dict(later.values_list("card_number", "id"))
        MemberStatusEvent.objects.bulk_create(
            [
                MemberStatusEvent(member_id=ids[card], status=status, valid_from=since, actor=actor)
                for card, since, status in later_statuses
            ],
            batch_size=BATCH,
        )


@transaction.atomic
def load_tree(specs: list[UnitSpec], rows: Iterable[MemberRow], *, parent: Unit | None, actor) -> int:
    units = load_units(specs, parent=parent, actor=actor)
    count = load_members(rows, units, actor=actor)
    rebuild_member_counts()
    return count
