"""Figure 3, member development: the progress report for a province and for the nation, and the
committee's board of open admission cases for a province, through the app (selector and whole
page) and as hand-written SQL doing the same reads.

The national set gains two years of admissions (last year whole, this year up to the report's
day), kept as the decisions keep them (`AdmissionTally`, one row per unit, day and category for
the cell and each ancestor), yearly targets for the units down to districts, a few party
organizations in non-state enterprises founded this year, and a year's pipeline of sources with
an open case each, at every step, some overdue.
"""

from __future__ import annotations

import datetime
import re
import time

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from bench.queries import sql
from sotay.accounts.services import system_actor
from sotay.organizations.models import Sector, Unit, UnitKind
from sotay.recruitment.choices import CLOSED_STEPS, SourceCategory, SourceStatus, Step, TallyCategory, TargetKind
from sotay.recruitment.models import AdmissionCase, AdmissionTally, Candidate
from sotay.recruitment.selectors.progress import progress_report

# The share of a cell's members admitted in a year, and of the admitted in each category.
YEARLY_SHARE = 0.032
CATEGORY_SHARES = {
    TallyCategory.UNDER_30: 0.55,
    TallyCategory.WORKERS: 0.2,
    TallyCategory.RELIGIOUS: 0.05,
    TallyCategory.STUDENTS: 0.03,
    TallyCategory.ENTERPRISE_OWNERS: 0.005,
}
# The share of a cell's members that are sources with an open case, and how long ago each case's
# last step was taken (a step is due within DUE_DAYS, so about three in ten are overdue).
OPEN_CASE_SHARE = 0.03
STEP_AGE_DAYS = 120
DUE_DAYS = 60
# Every this many non-state-enterprise cells, one was founded this year.
NEW_ORGANIZATION_EVERY = 40
TARGET_DEPTH = 3  # central, provinces, districts


def report_day() -> datetime.date:
    """The day the reports are as of: today, while the year is running and has two months behind
    it (the forecast needs some of the year); otherwise 30 June."""
    today = timezone.localdate()
    if datetime.date(today.year, 3, 1) <= today <= datetime.date(today.year, 12, 30):
        return today
    return datetime.date(today.year if today.month == 12 else today.year - 1, 6, 30)


def load_recruitment(as_of: datetime.date) -> dict:
    """A year and a part of admissions and this year's targets, in a handful of statements."""
    started = time.perf_counter()
    year = as_of.year
    units, tallies, targets = Unit._meta.db_table, AdmissionTally._meta.db_table, "recruitment_admissiontarget"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {tallies}")
        cursor.execute(f"DELETE FROM {targets} WHERE year = %s", [year])
        cursor.execute("SELECT setseed(0.42)")
        # One row per admission at its cell: the count from the cell's members on the rolls, the
        # day skewed to the end of the year as committees' admissions are (sqrt of a uniform draw).
        cursor.execute(
            "CREATE TEMP TABLE bench_admission ON COMMIT DROP AS "
            "SELECT u.path, y.first + (sqrt(random()) * (y.last - y.first))::int AS day, random() AS draw "
            f"FROM {units} u JOIN organizations_unitmembercount c ON c.unit_id = u.id AND c.status = 'full' "
            "CROSS JOIN (VALUES (make_date(%s, 1, 1), make_date(%s, 12, 31)), (make_date(%s, 1, 1), %s::date)) "
            "  AS y(first, last) "
            "CROSS JOIN LATERAL generate_series(1, floor(c.subtree_count * %s * (0.5 + random()) + random())::int) "
            "WHERE u.numchild = 0",
            [year - 1, year - 1, year, as_of, YEARLY_SHARE],
        )
        category_rows = " UNION ALL ".join(
            f"SELECT path, day, '{category}' FROM bench_admission WHERE draw < {share}"
            for category, share in CATEGORY_SHARES.items()
        )
        cursor.execute(
            f"INSERT INTO {tallies} (unit_id, day, category, subtree_count) "
            "SELECT a.id, t.day, t.category, count(*) FROM ("
            f"  SELECT path, day, '{TallyCategory.ALL}' AS category FROM bench_admission UNION ALL {category_rows}"
            ") AS t CROSS JOIN LATERAL generate_series(%s, length(t.path), %s) AS g(len) "
            f"JOIN {units} AS a ON a.path = substr(t.path, 1, g.len) GROUP BY a.id, t.day, t.category",
            [Unit.steplen, Unit.steplen],
        )
        admitted = cursor.rowcount
        cursor.execute("SELECT count(*) FROM bench_admission")
        (admissions,) = cursor.fetchone()
        # Targets down to districts: 3 % of the members on the rolls, rounded up.
        cursor.execute(
            f"INSERT INTO {targets} (unit_id, year, kind, value, default_value, reason, set_by_id, set_at) "
            "SELECT u.id, %s, %s, ceil(sum(c.subtree_count) * 0.03), ceil(sum(c.subtree_count) * 0.03), '', %s, now() "
            f"FROM {units} u JOIN organizations_unitmembercount c ON c.unit_id = u.id "
            "WHERE u.depth <= %s AND c.status IN ('probationary', 'full', 'exempt', 'away') GROUP BY u.id",
            [year, TargetKind.ADMISSIONS, system_actor().pk, TARGET_DEPTH],
        )
        cursor.execute(
            f"INSERT INTO {targets} (unit_id, year, kind, value, reason, set_by_id, set_at) "
            f"SELECT id, %s, %s, greatest(1, numchild / 20), '', %s, now() FROM {units} WHERE depth <= %s",
            [year, TargetKind.NEW_ORGANIZATIONS, system_actor().pk, TARGET_DEPTH],
        )
        cursor.execute(
            f"UPDATE {units} SET founded_on = make_date(%s, (1 + id %% 12)::int, (1 + id %% 28)::int) "
            "WHERE sector = %s AND numchild = 0 AND id %% %s = 0",
            [year, Sector.NON_STATE_ENTERPRISE, NEW_ORGANIZATION_EVERY],
        )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {tallies}")
        cursor.execute(f"VACUUM ANALYZE {targets}")
    return {
        "admissions": admissions,
        "tally_rows": admitted,
        "seconds": round(time.perf_counter() - started, 2),
        "as_of": as_of.isoformat(),
    }


# The report by hand: the children, then the four grouped reads the app makes.
SQL_CHILDREN = (
    "SELECT id, path FROM organizations_unit WHERE path LIKE %s AND depth = %s "
    "AND (dissolved_on IS NULL OR dissolved_on >= %s) ORDER BY path"
)
SQL_TALLIES = (
    "SELECT unit_id, category, sum(subtree_count) FROM recruitment_admissiontally "
    "WHERE unit_id = ANY(%s) AND day BETWEEN %s AND %s GROUP BY unit_id, category"
)
SQL_LAST_YEAR = (
    "SELECT unit_id, extract(month FROM day)::int, sum(subtree_count) FROM recruitment_admissiontally "
    "WHERE unit_id = ANY(%s) AND category = 'all' AND day BETWEEN %s AND %s GROUP BY 1, 2"
)
SQL_TARGETS = "SELECT unit_id, kind, value FROM recruitment_admissiontarget WHERE unit_id = ANY(%s) AND year = %s"
SQL_NEW_ORGANIZATIONS = (
    "SELECT substr(path, 1, %s), count(*) FROM organizations_unit WHERE path LIKE %s AND sector = %s "
    "AND founded_on BETWEEN %s AND %s GROUP BY 1"
)


def sql_report(unit: Unit, as_of: datetime.date) -> list[tuple]:
    """(child id, admitted, admissions target, new organizations) for each child, by hand."""
    start = datetime.date(as_of.year, 1, 1)
    children = sql(SQL_CHILDREN, [unit.path + "%", unit.depth + 1, start])
    ids = [unit.pk] + [child_id for child_id, _path in children]
    admitted: dict[int, int] = {}
    for unit_id, category, n in sql(SQL_TALLIES, [ids, start, as_of]):
        if category == TallyCategory.ALL:
            admitted[unit_id] = n
    sql(SQL_LAST_YEAR, [ids, datetime.date(as_of.year - 1, 1, 1), datetime.date(as_of.year - 1, 12, 31)])
    targets = {
        unit_id: value for unit_id, kind, value in sql(SQL_TARGETS, [ids, as_of.year]) if kind == TargetKind.ADMISSIONS
    }
    width = len(unit.path) + Unit.steplen
    founded = dict(sql(SQL_NEW_ORGANIZATIONS, [width, unit.path + "%", Sector.NON_STATE_ENTERPRISE, start, as_of]))
    return [
        (child_id, admitted.get(child_id, 0), targets.get(child_id), founded.get(path[:width], 0))
        for child_id, path in children
    ]


def app_report(unit: Unit, as_of: datetime.date) -> list[tuple]:
    report = progress_report(unit, as_of.year, as_of)
    return [(row.unit.pk, row.admitted, row.target, row.new_organizations) for row in report.rows if row.unit]


def progress_reports(bench) -> None:
    """Figure 3 (e): the progress report, province and nation, selector and page."""
    as_of = report_day()
    if not AdmissionTally.objects.filter(day__year=as_of.year).exists():
        print("  loading a year of admissions and targets…", flush=True)
        bench.recruitment_data = load_recruitment(as_of)
    provinces = bench.inputs(bench.provinces)
    nation = Unit.objects.filter(depth=1, kind=UnitKind.CENTRAL).first()
    if nation is None:
        return
    bench.measure(
        "(e) progress report, province (selector)",
        lambda unit: app_report(unit, as_of),
        lambda unit: sql_report(unit, as_of),
        provinces,
    )
    runs = [nation] * (bench.runs + 2)
    bench.measure(
        "(e) progress report, nation (selector)",
        lambda unit: app_report(unit, as_of),
        lambda unit: sql_report(unit, as_of),
        runs,
    )

    def client_for(user) -> Client:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        return client

    clients = {user.pk: client_for(user) for user in [bench.superuser, *bench.officers.values()]}
    row = re.compile(rb'<a href="\?unit=(\d+)&amp;year=')

    def page(client: Client, unit: Unit) -> list[int]:
        """The units the page links to (the at-risk list first, then the table), once each, sorted."""
        response = client.get("/recruitment/progress/", {"unit": unit.pk, "year": as_of.year, "as_of": as_of})
        if response.status_code != 200:
            raise AssertionError(f"/recruitment/progress/?unit={unit.pk} answered {response.status_code}")
        return sorted({int(match.group(1)) for match in row.finditer(response.content)})

    def children_ids(unit: Unit) -> list[int]:
        return sorted(child_id for child_id, *_rest in sql_report(unit, as_of))

    bench.measure(
        "(e) GET /recruitment/progress/, province officer",
        lambda unit: [pk for pk in page(clients[bench.officers[unit.pk].pk], unit) if pk != unit.pk],
        children_ids,
        provinces,
        target_ms=100,
    )
    bench.measure(
        "(e) GET /recruitment/progress/, nation (superuser)",
        lambda unit: page(clients[bench.superuser.pk], unit),
        children_ids,
        runs,
        target_ms=100,
    )


def load_open_cases(as_of: datetime.date) -> dict:
    """A source and an open case for about 3 % of each cell's members, at a random open step."""
    started = time.perf_counter()
    open_steps = [step.value for step in Step if step not in CLOSED_STEPS]
    categories = [category.value for category in SourceCategory]
    units, candidates, cases = Unit._meta.db_table, Candidate._meta.db_table, AdmissionCase._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.24)")
        cursor.execute(
            "CREATE TEMP TABLE bench_source ON COMMIT DROP AS "
            "SELECT u.id AS unit_id, n, random() AS draw, (random() ^ 2 * %s)::int AS age "
            f"FROM {units} u JOIN organizations_unitmembercount c ON c.unit_id = u.id AND c.status = 'full' "
            "CROSS JOIN LATERAL generate_series(1, floor(c.subtree_count * %s * (0.5 + random()) + random())::int) n "
            "WHERE u.numchild = 0",
            [STEP_AGE_DAYS, OPEN_CASE_SHARE],
        )
        cursor.execute(
            f"INSERT INTO {candidates} (unit_id, full_name, name_key, name_sort, gender, birth_date, "
            "vietnamese_citizen, ethnicity, ethnic_minority, religion, family_background, id_number, phone, "
            "address, general_education, occupation, category, mass_organization, identified_on, status, notes, "
            "drop_reason, created_at, updated_at) "
            "SELECT unit_id, 'Nguyễn Văn Nguồn ' || unit_id || '-' || n, 'nguyen van nguon ' || unit_id || '-' || n, "
            "'nguyen van nguon ' || unit_id || '-' || n, 'male', %s::date - 9000 - (draw * 3000)::int, true, '', "
            "false, 'none', '', '', '', '', '12/12', '', (%s::text[])[1 + (draw * %s)::int %% %s], '', "
            "%s::date - age - 200, %s, '', '', now(), now() FROM bench_source",
            [as_of, categories, len(categories), len(categories), as_of, SourceStatus.IN_CASE],
        )
        cursor.execute(
            f"INSERT INTO {cases} (candidate_id, unit_id, step, step_on, due_on, opened_on, created_at, updated_at) "
            "SELECT s.id, s.unit_id, (%s::text[])[1 + (s.id %% %s)], %s::date - b.age, %s::date - b.age + %s, "
            "s.identified_on, now(), now() "
            f"FROM {candidates} s JOIN bench_source b ON b.unit_id = s.unit_id "
            "AND s.name_key = 'nguyen van nguon ' || b.unit_id || '-' || b.n",
            [open_steps, len(open_steps), as_of, as_of, DUE_DAYS],
        )
        opened = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {candidates}")
        cursor.execute(f"ANALYZE {cases}")
    return {"open_cases": opened, "seconds": round(time.perf_counter() - started, 2)}


BOARD_PAGE = 50
SCOPE_UNITS = "c.unit_id = ANY(ARRAY(SELECT id FROM organizations_unit WHERE path LIKE %s))"
SQL_BOARD = (
    f"SELECT c.id FROM recruitment_admissioncase c WHERE {SCOPE_UNITS} AND c.closed_on IS NULL "
    "AND (NOT %s OR c.due_on < %s) ORDER BY c.due_on < %s DESC, c.due_on ASC NULLS LAST, c.id LIMIT %s"
)
SQL_BOARD_COUNT = (
    f"SELECT count(*) FROM recruitment_admissioncase c WHERE {SCOPE_UNITS} AND c.closed_on IS NULL "
    "AND (NOT %s OR c.due_on < %s)"
)


def case_boards(bench) -> None:
    """Figure 3 (f): a province committee's board of open cases, all of them and overdue only."""
    today = timezone.localdate()
    if not AdmissionCase.objects.filter(closed_on__isnull=True).exists():
        print("  loading sources with open cases…", flush=True)
        bench.recruitment_cases = load_open_cases(today)
    provinces = bench.inputs(bench.provinces)
    clients = {}
    for province in bench.provinces:
        client = Client(HTTP_HOST="localhost")
        client.force_login(bench.officers[province.pk])
        clients[province.pk] = client
    case_link = re.compile(rb'href="/recruitment/cases/(\d+)/"')

    def page(unit: Unit, overdue: bool) -> list[int]:
        """The cases the first page links to, in order (the page also counts them all)."""
        response = clients[unit.pk].get("/recruitment/cases/", {"overdue": "on"} if overdue else {})
        if response.status_code != 200:
            raise AssertionError(f"/recruitment/cases/ for {unit.code} answered {response.status_code}")
        return [int(match.group(1)) for match in case_link.finditer(response.content)]

    def by_hand(unit: Unit, overdue: bool) -> list[int]:
        prefix = unit.path + "%"
        sql(SQL_BOARD_COUNT, [prefix, overdue, today])
        return [row[0] for row in sql(SQL_BOARD, [prefix, overdue, today, today, BOARD_PAGE])]

    for overdue, label in ((False, "open cases"), (True, "overdue only")):
        bench.measure(
            f"(f) GET /recruitment/cases/, province officer, {label}",
            lambda unit, overdue=overdue: page(unit, overdue),
            lambda unit, overdue=overdue: by_hand(unit, overdue),
            provinces,
            target_ms=150,
        )
