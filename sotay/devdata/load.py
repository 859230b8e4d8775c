"""The bulk path: load a generated tree and its members in one transaction.

Units get their materialized paths computed here and go in with bulk_create. Members go in with
COPY on PostgreSQL (bulk_create batches on SQLite); their first history rows (admitted →
probationary, recognized → full) are then derived inside the database with INSERT … SELECT, and
the subtree counts rebuilt once at the end. Audit entries are not written for bulk loads: the
history rows name the system actor instead.

On PostgreSQL a load into a (nearly) empty members table is a bulk build: inside the load's
transaction the tables' secondary indexes and foreign keys are dropped, the rows copied in, and
the indexes rebuilt and the foreign keys re-added (and so checked, in one pass each) before the
commit. Maintaining eight indexes row by row and checking 20 M deferred foreign keys one at a
time costs several times more than building them once. The rebuild holds an exclusive lock on
those tables until the commit, which is why it is done only when they are nearly empty.
"""

import datetime
import json
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from functools import lru_cache
from operator import attrgetter
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from sotay.core.text import fold, sort_key
from sotay.devdata.province import MemberRow, UnitSpec
from sotay.members import words
from sotay.members.choices import Status
from sotay.members.models import Member, MemberStatusEvent, MemberUnitEvent
from sotay.members.rollups import rebuild_member_counts
from sotay.organizations.models import SpecialArea, Unit, UnitEvent, UnitEventKind

logger = logging.getLogger(__name__)

BATCH = 5000
MEMBER_COLUMNS = [f.name for f in fields(MemberRow) if f.name not in ("unit_key", "status_since")]
# A table with fewer rows than this gets its secondary indexes rebuilt rather than maintained.
REBUILD_BELOW = 10_000
# Memory for the load's sorts and index builds (PostgreSQL's defaults are 4 MB and 64 MB).
LOAD_SETTINGS = {"work_mem": "256MB", "maintenance_work_mem": "1GB", "synchronous_commit": "off"}

_row_values = attrgetter(*MEMBER_COLUMNS)
# Generated and real names repeat a great deal.
_folded = lru_cache(maxsize=65_536)(fold)
_sorted = lru_cache(maxsize=65_536)(sort_key)


@contextmanager
def _phase(name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    logger.info("%s: %.2f s", name, time.perf_counter() - started)


def _children(parent: Unit | None):
    """Counted from the paths: treebeard's get_children() trusts `numchild`, which is what we fix."""
    if parent is None:
        return Unit.objects.filter(depth=1)
    return Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)


# A unit row as laid out here and copied in: the table's columns but the id, in this order.
UNIT_COLUMNS = ["path", "depth", "numchild", "code", "name", "name_key", "kind", "sector", "founded_on", "special_area"]
PATH, DEPTH, NUMCHILD, NAME, FOUNDED_ON = map(UNIT_COLUMNS.index, ["path", "depth", "numchild", "name", "founded_on"])


def load_units(specs: list[UnitSpec], *, parent: Unit | None, actor) -> dict[int, int]:
    """Insert a tree whose specs list parents before children; returns spec key → unit id."""
    rows = _unit_rows(specs, parent)
    ids = _copy_units(rows, actor) if connection.vendor == "postgresql" else _create_units(rows, actor)
    if parent is not None:
        Unit.objects.filter(pk=parent.pk).update(numchild=_children(parent).count())
        parent.refresh_from_db()
    return dict(zip((spec.key for spec in specs), ids, strict=True))


def _unit_rows(specs: list[UnitSpec], parent: Unit | None) -> list[list]:
    """Each spec's column values, with its materialized path under `parent` and its child count.

    Plain lists rather than model instances: at 358,000 units, building Units costs seconds.
    """
    children_so_far: dict[int | None, int] = {None: _children(parent).count()}
    top_path, top_depth = (parent.path, parent.depth + 1) if parent else (None, 1)
    laid_out: dict[int, list] = {}
    for spec in specs:
        position = children_so_far.get(spec.parent, 0) + 1
        children_so_far[spec.parent] = position
        above = laid_out[spec.parent] if spec.parent is not None else None
        parent_path, depth = (above[PATH], above[DEPTH] + 1) if above else (top_path, top_depth)
        path = Unit._get_path(parent_path, depth, position)
        name, kind, sector = spec.name, spec.kind, spec.sector
        # COPY does not apply the model's defaults: no generated unit lies in a special area.
        laid_out[spec.key] = [
            path,
            depth,
            0,
            spec.code,
            name,
            fold(name),
            kind,
            sector,
            spec.founded_on,
            SpecialArea.NONE,
        ]
        if above:
            above[NUMCHILD] += 1
    return list(laid_out.values())


def _create_units(rows: list[list], actor) -> list[int]:
    units = [Unit(**dict(zip(UNIT_COLUMNS, row, strict=True))) for row in rows]
    Unit.objects.bulk_create(units, batch_size=BATCH)  # sets each pk (RETURNING)
    today = timezone.localdate()
    UnitEvent.objects.bulk_create(
        [
            UnitEvent(
                unit=unit,
                kind=UnitEventKind.CREATED,
                occurred_on=unit.founded_on or today,
                actor=actor,
                details={"name": unit.name},
            )
            for unit in units
        ],
        batch_size=BATCH,
    )
    return [unit.pk for unit in units]


def _copy_units(rows: list[list], actor) -> list[int]:
    """COPY the units and their "created" events; ids are drawn from the sequence first."""
    unit_table, event_table = Unit._meta.db_table, UnitEvent._meta.db_table
    now, today = timezone.now(), timezone.localdate()
    with connection.cursor() as cursor:
        for name, value in LOAD_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [unit_table, len(rows)]
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        connection.check_constraints()  # fire pending deferred checks: tables with them cannot be altered
        dropped = [_drop_secondary(cursor, table) for table in (unit_table, event_table)]
        copy_units = f"COPY {unit_table} (id, {', '.join(UNIT_COLUMNS)}) FROM STDIN"
        with _phase("copy units"), cursor.cursor.copy(copy_units) as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk, *row])
        columns = "unit_id, kind, occurred_on, details, document_ref, actor_id, recorded_at"
        with _phase("copy unit events"), cursor.cursor.copy(f"COPY {event_table} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                details = json.dumps({"name": row[NAME]})
                copy.write_row((pk, UnitEventKind.CREATED, row[FOUNDED_ON] or today, details, "", actor.pk, now))
        with _phase("rebuild unit indexes"):
            for statements in dropped:
                for statement in statements:
                    cursor.execute(statement)
            cursor.execute(f"ANALYZE {unit_table}")
    return ids


# Member columns that MemberRow does not carry, with their model defaults (blank text, mostly):
# COPY does not apply Django's defaults, and the columns are NOT NULL.
_GIVEN = {*MEMBER_COLUMNS, "id", "name_key", "name_sort", "unit", "created_at", "updated_at"}
_DEFAULTED = [f for f in Member._meta.concrete_fields if f.name not in _GIVEN]
COPY_COLUMNS = [
    *MEMBER_COLUMNS,
    *(str(f.column) for f in _DEFAULTED),
    "name_key",
    "name_sort",
    "unit_id",
    "created_at",
    "updated_at",
]


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)  # numbers, dates and aware datetimes print as PostgreSQL reads them


def _member_values(row: MemberRow, unit_id: int, now) -> tuple:
    return (*_row_values(row), _folded(row.full_name), _sorted(row.full_name), unit_id, now, now)


def load_members(rows: Iterable[MemberRow], unit_ids: dict[int, int], *, actor) -> int:
    """Insert members and their first history rows; returns how many were loaded."""
    now = timezone.now()
    first_new_id = (Member.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    if connection.vendor == "postgresql":
        return _load_members_postgresql(rows, unit_ids, actor=actor, now=now, first_new_id=first_new_id)
    later_statuses: list[tuple[str, datetime.date, str]] = []
    columns = [*MEMBER_COLUMNS, "name_key", "name_sort", "unit_id", "created_at", "updated_at"]
    count = 0
    batch: list[Member] = []
    for row in rows:
        batch.append(Member(**dict(zip(columns, _member_values(row, unit_ids[row.unit_key], now), strict=True))))
        if row.status_since:
            later_statuses.append((row.card_number, row.status_since, row.status))
        count += 1
        if len(batch) == BATCH:
            Member.objects.bulk_create(batch)
            batch.clear()
    Member.objects.bulk_create(batch)
    _derive_history(first_new_id, actor, now)
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
    return count


def _load_members_postgresql(rows: Iterable[MemberRow], unit_ids: dict[int, int], *, actor, now, first_new_id) -> int:
    defaults = tuple(f.get_default() for f in _DEFAULTED)
    later_statuses: list[tuple[str, datetime.date, str]] = []
    count = 0
    tables = [Member._meta.db_table, MemberStatusEvent._meta.db_table, MemberUnitEvent._meta.db_table, words.TABLE]
    with connection.cursor() as cursor:
        for name, value in LOAD_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        with _phase("drop secondary indexes and foreign keys"):
            connection.check_constraints()  # fire pending deferred checks: tables with them cannot be altered
            dropped = [_drop_secondary(cursor, table) for table in tables]
            # The name words are added in one statement after the copy rather than row by row.
            cursor.execute(f"ALTER TABLE {tables[0]} DISABLE TRIGGER {words.INSERT_TRIGGER}")
        with (
            _phase("copy members"),
            cursor.cursor.copy(f"COPY {tables[0]} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy,
        ):
            # Rows are formatted here as COPY text, a chunk at a time: three times cheaper than
            # write_row() per row, which matters at millions of rows.
            defaults_text = "".join(f"\t{_copy_field(value)}" for value in defaults)
            now_text = _copy_field(now)
            tabs = len(COPY_COLUMNS) - 1
            fixed_backslashes = defaults_text.count("\\")  # a NULL default prints as \N
            lines: list[str] = []
            for row in rows:
                values: tuple[Any, ...] = _row_values(row)
                # str subclasses (the choices enums) join as their value; dates print as ISO dates.
                head = "\t".join([v if isinstance(v, str) else "\\N" if v is None else str(v) for v in values])
                unit_id = unit_ids[row.unit_key]
                key, order = _folded(row.full_name), _sorted(row.full_name)
                line = f"{head}{defaults_text}\t{key}\t{order}\t{unit_id}\t{now_text}\t{now_text}"
                # Our own \N for NULL is the only backslash allowed; anything else takes the slow path.
                backslashes = values.count(None) + fixed_backslashes
                if line.count("\\") != backslashes or "\n" in line or "\r" in line or line.count("\t") != tabs:
                    line = "\t".join(map(_copy_field, (*values, *defaults, key, order, unit_id, now, now)))
                lines.append(line)
                if row.status_since:
                    later_statuses.append((row.card_number, row.status_since, row.status))
                count += 1
                if len(lines) == BATCH:
                    copy.write("\n".join(lines) + "\n")
                    lines.clear()
            if lines:
                copy.write("\n".join(lines) + "\n")
        with _phase("name words"):
            words.fill_words(cursor, first_new_id)
            cursor.execute(f"ALTER TABLE {tables[0]} ENABLE TRIGGER {words.INSERT_TRIGGER}")
        with _phase("derive history rows"):
            _derive_history(first_new_id, actor, now)
        if later_statuses:
            with _phase("later statuses"):
                _copy_later_statuses(cursor, later_statuses, first_new_id, actor, now)
        for table, statements in zip(tables, dropped, strict=True):
            with _phase(f"rebuild indexes and foreign keys of {table}"):
                for statement in statements:
                    cursor.execute(statement)
        with _phase("analyze"):
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
    return count


def _drop_secondary(cursor, table: str) -> list[str]:
    """Drop `table`'s non-unique indexes and its foreign keys if it is nearly empty.

    Returns the statements that put them back, exactly as they were.
    """
    cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) AS sample", [REBUILD_BELOW])
    if cursor.fetchone()[0] >= REBUILD_BELOW:
        return []
    cursor.execute(
        "SELECT quote_ident(i.relname), pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass AND NOT x.indisunique AND NOT x.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
        [table],
    )
    foreign_keys = cursor.fetchall()
    for name, _definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    restore = [definition for _name, definition in indexes]
    restore += [f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}" for name, definition in foreign_keys]
    return restore


def _copy_later_statuses(cursor, later_statuses, first_new_id: int, actor, now) -> None:
    """History rows for members whose status changed after admission (exempt, away, …)."""
    cursor.execute(
        "CREATE TEMPORARY TABLE sotay_later_status (card_number varchar(20), status varchar(20), valid_from date) "
        "ON COMMIT DROP"
    )
    with cursor.cursor.copy("COPY sotay_later_status (card_number, valid_from, status) FROM STDIN") as copy:
        for values in later_statuses:
            copy.write_row(values)
    cursor.execute(
        f"INSERT INTO {MemberStatusEvent._meta.db_table} "
        "(member_id, status, valid_from, reason, document_ref, actor_id, recorded_at) "
        f"SELECT m.id, s.status, s.valid_from, '', '', %s, %s FROM sotay_later_status s "
        f"JOIN {Member._meta.db_table} m ON m.card_number = s.card_number WHERE m.id >= %s",
        [actor.pk, now, first_new_id],
    )
    cursor.execute("DROP TABLE sotay_later_status")


def _derive_history(first_new_id: int, actor, now) -> None:
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
        # Both first statuses in one pass over the members: probationary from admission, full
        # from recognition where there is one.
        first_valid_from = "CASE first.status WHEN %s THEN m.admitted_on ELSE m.recognized_on END"
        cursor.execute(
            f"INSERT INTO {status_table} (member_id, status, valid_from, {common}) "
            f"SELECT m.id, first.status, {first_valid_from}, '', '', %s, %s FROM {member_table} AS m "
            "CROSS JOIN (SELECT %s AS status UNION ALL SELECT %s) AS first "
            f"WHERE m.id >= %s AND {first_valid_from} IS NOT NULL",
            [Status.PROBATIONARY, actor.pk, now, Status.PROBATIONARY, Status.FULL, first_new_id, Status.PROBATIONARY],
        )


@transaction.atomic
def load_tree(specs: list[UnitSpec], rows: Iterable[MemberRow], *, parent: Unit | None, actor) -> int:
    with _phase(f"units ({len(specs):,})"):
        unit_ids = load_units(specs, parent=parent, actor=actor)
    with _phase("members and their first history rows"):
        count = load_members(rows, unit_ids, actor=actor)
    with _phase("subtree counts"):
        rebuild_member_counts()
    return count
