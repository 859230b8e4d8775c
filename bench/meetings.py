"""Figure 3 (h), meetings: a province committee's report of which cells held their monthly and
quarterly thematic meetings, with attendance rates, through the app's selector and the whole page,
against hand-written SQL (one correlated probe of the cell-and-start index per cell).

The national set gains a year of meetings for every cell, generated in SQL: a regular meeting on
the 5th of each of the last twelve months (about 6 % not held), a thematic one mid-quarter (about
10 % not held), and the roll of each held meeting for the cell's members (present about 87 %).
"""

from __future__ import annotations

import datetime
import re
import time

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from bench.queries import sql
from sotay.accounts.services import system_actor
from sotay.handbook.models import Attendance, Contribution, Meeting
from sotay.handbook.selectors_meetings import Period, meeting_report
from sotay.handbook.services_meetings import ON_ROLL

MONTHS = 12


def load_meetings() -> dict:
    """A year of meetings of every cell and their rolls, in three statements."""
    started = time.perf_counter()
    meetings, attendance, units = Meeting._meta.db_table, Attendance._meta.db_table, "organizations_unit"
    zone = settings.TIME_ZONE
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Contribution._meta.db_table}")
        cursor.execute(f"DELETE FROM {attendance}")
        cursor.execute(f"DELETE FROM {meetings}")
        cursor.execute("SELECT setseed(0.42)")
        # Each of the last twelve months' first day (local), then the regular and thematic meetings.
        cursor.execute(
            f"INSERT INTO {meetings} (cell_id, kind, title, starts_at, ends_at, place, agenda, minutes, "
            "published_at, created_by_id, created_at, updated_at) "
            "SELECT u.id, k.kind, k.title || to_char(mo.first, 'MM/YYYY'), t.at, t.at + interval '2 hours', "
            "'Nhà văn hoá', '1. Kiểm điểm tháng.\n2. Nhiệm vụ tháng tới.', 'Biên bản.', t.at - interval '7 days', "
            "%s, t.at, t.at "
            f"FROM {units} u "
            "CROSS JOIN generate_series(1, %s) AS g(back) "
            "CROSS JOIN LATERAL (SELECT date_trunc('month', (now() AT TIME ZONE %s)) "
            "  - g.back * interval '1 month' AS first) AS mo "
            "CROSS JOIN LATERAL (VALUES ('regular', 'Sinh hoạt chi bộ tháng ', 4, 0.06), "
            "  ('thematic', 'Sinh hoạt chuyên đề tháng ', 19, 0.10)) AS k(kind, title, day, missed) "
            "CROSS JOIN LATERAL (SELECT (mo.first + k.day * interval '1 day' + interval '19 hours 30 minutes') "
            "  AT TIME ZONE %s AS at) AS t "
            "WHERE (u.kind = 'cell' OR (u.kind = 'grassroots' AND u.numchild = 0)) AND u.dissolved_on IS NULL "
            "AND (k.kind = 'regular' OR extract(month FROM mo.first)::int %% 3 = 2) AND random() >= k.missed",
            [system_actor().pk, MONTHS, zone, zone],
        )
        created = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {attendance} (meeting_id, member_id, status, reason, source, recorded_by_id, recorded_at) "
            "SELECT mt.id, m.id, s.status, CASE WHEN s.status = 'excused' THEN 'Đi công tác' ELSE '' END, "
            "'secretary', NULL, mt.ends_at "
            f"FROM {meetings} mt JOIN members_member m ON m.unit_id = mt.cell_id "
            "CROSS JOIN LATERAL (SELECT random() AS r) AS d "
            "CROSS JOIN LATERAL (SELECT CASE WHEN d.r < 0.87 THEN 'present' WHEN d.r < 0.96 THEN 'excused' "
            "  ELSE 'absent' END AS status) AS s "
            "WHERE m.status = ANY(%s) AND mt.ends_at < now()",
            [[str(s) for s in ON_ROLL]],
        )
        rolls = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {meetings}")
        cursor.execute(f"ANALYZE {attendance}")
    return {"meetings": created, "attendance": rolls, "seconds": round(time.perf_counter() - started, 2)}


# Per cell of the subtree: the local months of its regular meetings in the period, its thematic
# meetings in the quarter (up to now), and its roll in the period; each a probe of the cell's
# (cell, starts_at) index range.
SQL_REPORT = (
    "SELECT c.id, c.code, "
    "  ARRAY(SELECT DISTINCT extract(month FROM mt.starts_at AT TIME ZONE %(zone)s)::int FROM handbook_meeting mt "
    "    WHERE mt.cell_id = c.id AND mt.starts_at >= %(start)s AND mt.starts_at < %(end)s "
    "    AND mt.kind = 'regular' AND mt.published_at IS NOT NULL), "
    "  (SELECT count(*) FROM handbook_meeting mt WHERE mt.cell_id = c.id AND mt.starts_at >= %(q_start)s "
    "    AND mt.starts_at < %(q_end)s AND mt.kind = 'thematic' AND mt.published_at IS NOT NULL), "
    "  r.present, r.recorded "
    "FROM organizations_unit c CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE a.status = 'present') AS present, "
    "  count(*) AS recorded FROM handbook_meeting mt JOIN handbook_attendance a ON a.meeting_id = mt.id "
    "  WHERE mt.cell_id = c.id AND mt.starts_at >= %(start)s AND mt.starts_at < %(end)s) AS r "
    "WHERE c.path LIKE %(prefix)s AND (c.kind = 'cell' OR (c.kind = 'grassroots' AND c.numchild = 0)) "
    "AND c.dissolved_on IS NULL"
)


def last_month() -> Period:
    today = timezone.localdate()
    first = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return Period(first.year, first.month, 1)


def sql_report(unit, period: Period, now: datetime.datetime) -> list[tuple]:
    quarter = period.quarter
    params = {
        "zone": settings.TIME_ZONE,
        "start": period.start,
        "end": min(now, period.end),
        "q_start": quarter.start,
        "q_end": min(now, quarter.end),
        "prefix": unit.path + "%",
    }
    due = [m for m in period.month_numbers if period.start.replace(month=m) < now and period.end <= now]
    rows = []
    for cell_id, _code, months, thematic, present, recorded in sql(SQL_REPORT, params):
        missed = [m for m in due if m not in months]
        rows.append((cell_id, missed, thematic, present, recorded))
    return sorted(rows)


def app_report(unit, period: Period, now: datetime.datetime) -> list[tuple]:
    report = meeting_report(unit, period, now)
    return sorted((r.cell_id, r.missed_months, r.thematic, r.present, r.recorded) for r in report.rows)


def meeting_reports(bench) -> None:
    """Figure 3 (h): a province's report of meetings not held, last month, selector and page."""
    if not Meeting.objects.exists():
        print("  loading meetings…", flush=True)
        bench.meetings_data = load_meetings()
    period = last_month()
    now = timezone.now()
    inputs = bench.inputs(bench.provinces)
    bench.measure(
        "(h) province meeting report, last month (selector)",
        lambda unit: app_report(unit, period, now),
        lambda unit: sql_report(unit, period, now),
        inputs,
        target_ms=150,
    )
    clients = {}
    for province in bench.provinces:
        client = Client(HTTP_HOST="localhost")
        client.force_login(bench.officers[province.pk])
        clients[province.pk] = client
    row = re.compile(rb'<tr data-cell="(\d+)"')

    def page(unit) -> list[int]:
        response = clients[unit.pk].get(f"/handbook/meetings/report/{unit.pk}/?period={period.key}")
        if response.status_code != 200:
            raise AssertionError(f"the report of {unit.code} answered {response.status_code}")
        return sorted(int(match.group(1)) for match in row.finditer(response.content))

    bench.measure(
        "(h) GET /handbook/meetings/report/, province",
        page,
        lambda unit: [r[0] for r in sql_report(unit, period, timezone.now())],
        inputs,
        target_ms=150,
    )
