"""Figure 3 (g), the handbook: a member's feed (first page and unread count) through the app's
selector and the whole page, against hand-written SQL (LATERAL top-N per ancestor, merged).

The national set gains 2 million notices across levels (scaled down with a smaller member set):
each unit publishes in proportion to its level (a province far more than a cell), spread over the
last year; a few are scheduled for the coming days, some are for cells only, some withdrawn. A
sample of members get an account and have read most of their feed before the last fortnight.
"""

from __future__ import annotations

import datetime
import re
import time

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from bench.queries import sql
from sotay.accounts.models import User
from sotay.accounts.services import system_actor
from sotay.handbook.models import Notice, NoticeRead, ancestor_paths
from sotay.handbook.selectors import PAGE_SIZE, UNREAD_WINDOW, feed_page
from sotay.members.models import Member

NATIONAL_NOTICES = 2_000_000
NATIONAL_MEMBERS = 5_600_000
# How much a unit publishes by depth (1 central … 5 and below), before scaling to the total.
WEIGHT_BY_DEPTH = {1: 2000, 2: 400, 3: 60, 4: 12}
LEAF_WEIGHT = 4
READERS = 60


def load_notices(members: int) -> dict:
    """Notices in proportion to the member set (2 M for the national 5.6 M), in a few statements."""
    started = time.perf_counter()
    total = max(10_000, round(NATIONAL_NOTICES * members / NATIONAL_MEMBERS))
    notices, units = Notice._meta.db_table, "organizations_unit"
    weight = (
        "CASE WHEN numchild = 0 THEN %s "
        + " ".join(f"WHEN depth = {depth} THEN {w}" for depth, w in WEIGHT_BY_DEPTH.items())
        + f" ELSE {WEIGHT_BY_DEPTH[4]} END"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {NoticeRead._meta.db_table}")
        cursor.execute(f"DELETE FROM {notices}")
        cursor.execute("SELECT setseed(0.77)")
        cursor.execute(f"SELECT sum({weight}) FROM {units} WHERE dissolved_on IS NULL", [LEAF_WEIGHT])
        (weights,) = cursor.fetchone()
        scale = total / float(weights)
        cursor.execute(
            f"INSERT INTO {notices} (unit_id, title, body, publish_at, target_kinds, created_by_id, created_at, "
            "updated_at, withdrawn_at) "
            "SELECT u.id, 'Thông báo số ' || g.n, 'Nội dung thông báo ' || g.n || E'.\\nKính mời các đồng chí.', "
            "t.at, CASE WHEN r < 0.05 THEN ',cell,' ELSE '' END, %s, t.at, t.at, "
            "CASE WHEN r > 0.99 THEN t.at + interval '1 day' END "
            f"FROM {units} u CROSS JOIN LATERAL generate_series(1, floor(({weight}) * %s + random())::int) AS g(n) "
            "CROSS JOIN LATERAL (SELECT random() AS r) AS d "
            # 2 % scheduled in the next fortnight, the rest over the last year.
            "CROSS JOIN LATERAL (SELECT now() - (CASE WHEN random() < 0.02 THEN -14 ELSE 365 END) * random() "
            "  * interval '1 day' AS at) AS t "
            "WHERE u.dissolved_on IS NULL",
            [system_actor().pk, LEAF_WEIGHT, scale],
        )
        created = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {notices}")
    return {"notices": created, "seconds": round(time.perf_counter() - started, 2)}


def readers(count: int) -> list[User]:
    """Members of varied cells with an account each, who have read all but about one in four of
    their feed before the last fortnight and nothing since."""
    users = list(User.objects.filter(username__startswith="bench-reader-").select_related("member"))
    if len(users) >= count:
        return users[:count]
    step = max(1, Member.objects.count() // count)
    members = list(Member.objects.order_by("pk").values_list("pk", flat=True)[::step][:count])
    fortnight = timezone.now() - datetime.timedelta(days=14)
    for index, member_id in enumerate(members):
        user, _created = User.objects.get_or_create(username=f"bench-reader-{index}", defaults={"member_id": member_id})
        cell_path = Member.objects.filter(pk=member_id).values_list("unit__path", flat=True).get()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO handbook_noticeread (notice_id, member_id, read_at) "
                "SELECT n.id, %s, n.publish_at FROM handbook_notice n JOIN organizations_unit u ON u.id = n.unit_id "
                "WHERE u.path = ANY(%s) AND n.publish_at < %s AND n.id %% 4 <> 0 ON CONFLICT DO NOTHING",
                [member_id, ancestor_paths(cell_path), fortnight],
            )
        users.append(user)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE handbook_noticeread")
    return users


SQL_READER = "SELECT u.path, u.kind FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id WHERE m.id = %s"
SQL_ANCESTORS = "SELECT id FROM organizations_unit WHERE path = ANY(%s)"
SQL_FEED = (
    "SELECT n.id FROM unnest(%s::bigint[]) AS a(unit_id) CROSS JOIN LATERAL ("
    "  SELECT id, publish_at FROM handbook_notice WHERE unit_id = a.unit_id AND publish_at <= %s "
    "  AND withdrawn_at IS NULL AND (target_kinds = '' OR target_kinds LIKE %s) "
    "  ORDER BY publish_at DESC, id DESC LIMIT %s) AS n ORDER BY n.publish_at DESC, n.id DESC LIMIT %s"
)
SQL_UNREAD = (
    "SELECT count(*) FROM handbook_notice n WHERE n.unit_id = ANY(%s) AND n.publish_at <= %s "
    "AND n.publish_at >= %s AND n.withdrawn_at IS NULL AND (n.target_kinds = '' OR n.target_kinds LIKE %s) "
    "AND NOT EXISTS (SELECT 1 FROM handbook_noticeread r WHERE r.member_id = %s AND r.notice_id = n.id)"
)


def sql_feed(user: User, now: datetime.datetime) -> tuple[list[int], int]:
    ((path, kind),) = sql(SQL_READER, [user.member_id])
    ids = [row[0] for row in sql(SQL_ANCESTORS, [ancestor_paths(path)])]
    like = f"%,{kind},%"
    page = [row[0] for row in sql(SQL_FEED, [ids, now, like, PAGE_SIZE + 1, PAGE_SIZE + 1])][:PAGE_SIZE]
    ((unread,),) = sql(SQL_UNREAD, [ids, now, now - UNREAD_WINDOW, like, user.member_id])
    return page, unread


def app_feed(user: User, now: datetime.datetime) -> tuple[list[int], int]:
    fresh = User.objects.get(pk=user.pk)  # as a request has it: no reader cached yet
    page = feed_page(fresh, now=now)
    return [n.pk for n in page.notices], page.unread


def notice_feeds(bench) -> None:
    """Figure 3 (g): a member's feed with its unread count, selector and page, against SQL."""
    if not Notice.objects.exists():
        print("  loading notices…", flush=True)
        bench.handbook_data = load_notices(Member.objects.count())
    sample = readers(READERS)
    if not sample:
        return
    now = timezone.now()
    inputs = bench.inputs(sample)
    bench.measure(
        "(g) member feed + unread count (selector)",
        lambda user: app_feed(user, now),
        lambda user: sql_feed(user, now),
        inputs,
        target_ms=50,
    )
    clients = {}
    for user in sample:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        clients[user.pk] = client
    link = re.compile(rb'href="/handbook/notices/(\d+)/"')

    def page(user: User) -> list[int]:
        response = clients[user.pk].get("/handbook/")
        if response.status_code != 200:
            raise AssertionError(f"/handbook/ for {user.username} answered {response.status_code}")
        return [int(match.group(1)) for match in link.finditer(response.content)]

    bench.measure(
        "(g) GET /handbook/, member",
        page,
        lambda user: sql_feed(user, timezone.now())[0],
        inputs,
        target_ms=50,
    )
