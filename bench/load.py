"""Figure 2: the national data set through the app's bulk path, and a plain COPY baseline.

Run inside a process whose Django settings point at the benchmark database (see bench.run).
"""

import logging
import os
import tempfile
import time
from collections.abc import Iterator

from django.db import connection

from sotay.accounts.services import system_actor
from sotay.devdata.load import load_tree
from sotay.devdata.national import national_members, national_tree
from sotay.devdata.province import MemberRow
from sotay.organizations.models import Sector, Unit, UnitKind


class PhaseLog(logging.Handler):
    """Collects the bulk path's phase timings (sotay.devdata.load logs them)."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.phases: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.phases.append(record.getMessage())


class TimedRows:
    """Wraps the member stream and counts the seconds spent waiting for the next row."""

    def __init__(self, rows: Iterator[MemberRow]) -> None:
        self.rows = rows
        self.seconds = 0.0

    def __iter__(self) -> Iterator[MemberRow]:
        clock = time.perf_counter
        rows = iter(self.rows)
        while True:
            started = clock()
            try:
                row = next(rows)
            except StopIteration:
                self.seconds += clock() - started
                return
            self.seconds += clock() - started
            yield row


def load_national(total: int, workers: int) -> dict:
    """Load the national set under a central root through `load_tree`; end-to-end seconds and phases."""
    handler = PhaseLog()
    logger = logging.getLogger("sotay.devdata.load")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    started = time.perf_counter()
    specs, offsets = national_tree(total)
    tree_seconds = time.perf_counter() - started
    actor = system_actor()
    central = Unit.objects.filter(depth=1, kind=UnitKind.CENTRAL).first() or Unit.objects.add_root(
        instance=Unit(code="TW", name="Đảng Cộng sản Việt Nam", kind=UnitKind.CENTRAL, sector=Sector.OTHER)
    )
    rows = TimedRows(national_members(total, offsets, workers=workers))
    loaded = load_tree(specs, rows, parent=central, actor=actor)
    seconds = time.perf_counter() - started
    logger.removeHandler(handler)
    return {
        "units": len(specs) + 1,
        "members": loaded,
        "seconds": round(seconds, 2),
        "tree_layout_seconds": round(tree_seconds, 2),
        "waiting_for_generator_seconds": round(rows.seconds, 2),
        "generator_workers": workers,
        "phases": handler.phases,
        "members_per_second": round(loaded / seconds),
    }


def copy_baseline() -> dict:
    """Plain COPY of the members just loaded into a bare copy of the table with the same indexes.

    The rows are first dumped to a file (not timed); the timed part is one `COPY … FROM STDIN`
    streaming that file, then the same rows again into a bare table whose indexes are built after.
    """
    results: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        dump = os.path.join(folder, "members.copy")
        with connection.cursor() as cursor, open(dump, "wb") as out:
            with cursor.cursor.copy("COPY members_member TO STDOUT") as copy:
                for block in copy:
                    out.write(block)
            cursor.execute("SELECT count(*) FROM members_member")
            results["rows"] = cursor.fetchone()[0]
        for variant, indexes_first in (("indexed_table", True), ("index_after", False)):
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS bench_member_copy")
                including = "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS"
                cursor.execute(f"CREATE TABLE bench_member_copy (LIKE members_member {including})")
                index_sql = _index_statements("members_member", "bench_member_copy")
                started = time.perf_counter()
                if indexes_first:
                    for statement in index_sql:
                        cursor.execute(statement)
                with cursor.cursor.copy("COPY bench_member_copy FROM STDIN") as copy, open(dump, "rb") as source:
                    while block := source.read(1 << 20):
                        copy.write(block)
                if not indexes_first:
                    cursor.execute("SET maintenance_work_mem = '1GB'")
                    for statement in index_sql:
                        cursor.execute(statement)
                    cursor.execute("RESET maintenance_work_mem")
                results[f"{variant}_seconds"] = round(time.perf_counter() - started, 2)
                cursor.execute("DROP TABLE bench_member_copy")
    results["indexes"] = len(_index_statements("members_member", "bench_member_copy"))
    return results


def _index_statements(source: str, target: str) -> list[str]:
    """Every index of `source` (primary key and unique ones included), re-pointed at `target`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass ORDER BY i.relname",
            [source],
        )
        rows = cursor.fetchall()
    statements = []
    for name, definition in rows:
        head, _on, tail = definition.partition(f" ON public.{source} ")
        statements.append(head.replace(f"INDEX {name}", f"INDEX bench_{name}") + f" ON public.{target} " + tail)
    return statements
