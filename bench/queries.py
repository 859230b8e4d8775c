"""Figure 3: reads at national scale, each timed through the app and as hand-written SQL.

Every app figure has a SQL twin run in the same loop on the same input; the two must return the
same rows (ids compared), so the ratio compares equal work. Inputs vary from run to run: a
different province, district or name each time.
"""

import random
import re

from django.db import connection
from django.test import Client

from bench.common import percentiles, timed
from sotay.accounts.models import RoleAssignment, User
from sotay.accounts.roles import Role
from sotay.core.text import fold
from sotay.members.choices import Status
from sotay.members.models import Member
from sotay.members.selectors import COUNT_CAP, COUNTED_SCOPE_LIMIT, PAGE_SIZE, MemberFilters, encode_cursor, member_page
from sotay.organizations.models import Unit, UnitKind
from sotay.organizations.rollups import counts_for

NAMES = [
    "nguyen van an",
    "tran thi",
    "le minh",
    "pham van hung",
    "hoang thi lan",
    "vu duc",
    "nguyen thi huong",
    "dang van",
    "bui thi mai",
    "le van nam",
]
# Given names and words in any order: the searches officers type most (issue 6, item 14).
ANY_WORD = ["an", "van an", "an nguyen"]
WARMUP = 2
BUDGET_SECONDS = 45  # a read this slow stops after this long (at least MIN_RUNS runs), and says so
MIN_RUNS = 5

SQL_COUNT = "SELECT count(*) FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id WHERE u.path LIKE %s"
SQL_PAGE = (
    "SELECT m.id FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
    "WHERE u.path LIKE %s {extra} ORDER BY m.name_sort, m.id LIMIT %s"
)
SQL_NATIONAL_PAGE = "SELECT m.id FROM members_member m WHERE true {extra} ORDER BY m.name_sort, m.id LIMIT %s"
# A search within a scope as one would write it by hand: the scope's matches, then their order.
SQL_SEARCH_IN_SCOPE = (
    "WITH found AS MATERIALIZED (SELECT m.id, m.name_sort FROM members_member m "
    "JOIN organizations_unit u ON u.id = m.unit_id WHERE u.path LIKE %s {words}) "
    "SELECT id, (SELECT count(*) FROM found) FROM found ORDER BY name_sort, id LIMIT %s"
)
SQL_SCOPE_SIZE = "SELECT coalesce(sum(subtree_count), 0) FROM organizations_unitmembercount WHERE unit_id = %s"
SQL_CAPPED_COUNT = (
    "SELECT count(*) FROM (SELECT 1 FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
    "WHERE u.path LIKE %s AND m.category = %s LIMIT %s) AS capped"
)


def _like_prefix(path: str) -> str:
    return path + "%"


def _words(q: str) -> tuple[str, list[str]]:
    """The app's search: every typed word starts some word of the folded name."""
    words = fold(q).split()
    condition = "".join(" AND (m.name_key LIKE %s OR m.name_key LIKE %s)" for _word in words)
    return condition, [pattern for word in words for pattern in (word + "%", "% " + word + "%")]


# The distinct words of names starting with a prefix, one index probe each (a skip scan).
SQL_WORDS_STARTING = (
    "WITH RECURSIVE found (word) AS (SELECT min(word) FROM members_member_word WHERE word LIKE %s "
    "UNION ALL SELECT (SELECT min(word) FROM members_member_word WHERE word > found.word AND word LIKE %s) "
    "FROM found WHERE found.word IS NOT NULL) SELECT word FROM found WHERE word IS NOT NULL LIMIT 65"
)


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def sql_search_national(q: str) -> list[int]:
    """A national search by hand on the word index (sotay.members.words)."""
    return sql_search_words(q, [])


def sql_search_in_province(unit: Unit, q: str) -> list[int]:
    """A search in a province by hand on the word index's province ranges."""
    return sql_search_words(q, [unit.path])


def sql_search_words(q: str, scopes: list[str]) -> list[int]:
    """A search by hand on the word index: the typed word that starts the fewest names (the
    planner's estimate) drives; its words' index ranges (in each province, when `scopes` are
    given) are merged in list order, the other words checked on the name key in the index, up to
    the capped count."""
    typed = list(dict.fromkeys(fold(q).split()))
    estimates = [
        sql("EXPLAIN (FORMAT JSON) SELECT 1 FROM members_member_word WHERE word LIKE %s", [_escaped(w) + "%"])[0][0][0][
            "Plan"
        ]["Plan Rows"]
        for w in typed
    ]
    driver = min(range(len(typed)), key=lambda i: (estimates[i], -len(typed[i])))
    starts = _escaped(typed[driver]) + "%"
    found = [r[0] for r in sql(SQL_WORDS_STARTING, [starts, starts])]
    if len(found) > 64:  # a very short word: walk the name index, or read the provinces
        words, params = _words(q)
        if scopes:
            return [r[0] for r in sql(SQL_SEARCH_IN_SCOPE.format(words=words), [scopes[0] + "%", *params, PAGE_SIZE])]
        return [r[0] for r in sql(SQL_NATIONAL_PAGE.format(extra=words), [*params, PAGE_SIZE])]
    others = [w for i, w in enumerate(typed) if i != driver]
    # Once per name: at the first of its words that the driving word starts.
    condition = " AND strpos(' ' || w.name_key, ' ' || %s) = strpos(' ' || w.name_key || ' ', ' ' || w.word || ' ')"
    condition += "".join(" AND (w.name_key LIKE %s OR w.name_key LIKE %s)" for _w in others)
    params = [typed[driver], *(p for w in others for p in (_escaped(w) + "%", "% " + _escaped(w) + "%"))]
    ranges, ranges_params = "unnest(%s::text[]) AS e (word)", [found]
    if scopes:
        ranges, ranges_params = "unnest(%s::text[]) AS s (scope) CROSS JOIN " + ranges, [scopes, found]
        condition = " AND w.scope = s.scope" + condition
    # Each word's names in list order from the index, then the first of all; then the capped count.
    query = (
        f"SELECT f.member_id FROM {ranges} CROSS JOIN LATERAL (SELECT w.name_sort, "
        f"w.member_id FROM members_member_word w WHERE w.word = e.word{condition} ORDER BY w.name_sort, "
        "w.member_id LIMIT %s) AS f ORDER BY f.name_sort, f.member_id LIMIT %s"
    )
    ids = [r[0] for r in sql(query, [*ranges_params, *params, PAGE_SIZE + 1, PAGE_SIZE + 1])]
    if len(ids) > PAGE_SIZE:
        count = (
            f"SELECT count(*) FROM (SELECT 1 FROM {ranges} CROSS JOIN LATERAL (SELECT 1 "
            f"FROM members_member_word w WHERE w.word = e.word{condition} LIMIT %s) AS f LIMIT %s) AS c"
        )
        sql(count, [*ranges_params, *params, COUNT_CAP + 1, COUNT_CAP + 1])
    return ids[:PAGE_SIZE]


def sql(query: str, params: list) -> list:
    """Run hand-written SQL on the raw driver cursor (no ORM, no debug wrapper)."""
    with connection.connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


class Bench:
    def __init__(self, runs: int, seed: int = 7) -> None:
        self.runs = runs
        self.rng = random.Random(seed)
        self.results: dict[str, dict] = {}
        self.recruitment_data: dict | None = None  # the admissions and targets generated for (e), if any
        self.recruitment_cases: dict | None = None  # the open cases generated for (f), if any
        self.handbook_data: dict | None = None  # the notices generated for (g), if any
        self.meetings_data: dict | None = None  # the meetings generated for (h), if any
        connection.ensure_connection()
        self.provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path"))
        self.districts = list(Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("path"))
        self.superuser, _created = User.objects.get_or_create(
            username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
        )
        self.officers = {province.pk: self._officer(province) for province in self.provinces}

    def _officer(self, unit: Unit) -> User:
        user, _created = User.objects.get_or_create(username=f"bench-officer-{unit.code}")
        RoleAssignment.objects.get_or_create(user=user, unit=unit, role=Role.OFFICER)
        return User.objects.get(pk=user.pk)  # fresh: no cached scope

    def _pick(self, items: list, run: int):
        return items[run % len(items)] if run < len(items) else self.rng.choice(items)

    def measure(self, name: str, app, hand, inputs, *, same=lambda a, b: a == b, target_ms: float | None = None):
        """Time `app(input)` and `hand(input)` alternately for each input; they must agree."""
        app_ms: list[float] = []
        sql_ms: list[float] = []
        spent = 0.0
        for index, item in enumerate(inputs):
            if spent > BUDGET_SECONDS * 1000 and len(app_ms) >= MIN_RUNS:
                break
            a_ms, a_value = timed(app, item)
            s_ms, s_value = timed(hand, item)
            if not same(a_value, s_value):
                raise AssertionError(f"{name}: app and SQL disagree for {item!r}: {a_value!r} != {s_value!r}")
            spent += a_ms + s_ms
            if index >= WARMUP:
                app_ms.append(a_ms)
                sql_ms.append(s_ms)
        app_p, sql_p = percentiles(app_ms), percentiles(sql_ms)
        self.results[name] = {
            "app_ms": app_p,
            "sql_ms": sql_p,
            "ratio_p50": round(app_p["p50"] / sql_p["p50"], 2) if sql_p["p50"] else None,
            "target_p95_ms": target_ms,
        }
        print(
            f"  {name:<52} app p50 {app_p['p50']:8.2f} p95 {app_p['p95']:8.2f} ms | "
            f"SQL p50 {sql_p['p50']:8.2f} p95 {sql_p['p95']:8.2f} ms",
            flush=True,
        )

    def inputs(self, items: list) -> list:
        return [self._pick(items, run) for run in range(self.runs + WARMUP)]

    # (a) subtree counts
    def subtree_counts(self) -> None:
        provinces = self.inputs(self.provinces)

        def sql_count(unit):
            return sql(SQL_COUNT, [_like_prefix(unit.path)])[0][0]

        self.measure(
            "(a) province count, maintained (counts_for)",
            lambda unit: counts_for([unit], Status.values)[unit.pk],
            sql_count,
            provinces,
        )

        def live(unit):
            return Member.objects.visible_to(self.officers[unit.pk]).in_subtree(unit).count()

        self.measure("(a) province count, live (visible_to.in_subtree)", live, sql_count, provinces)
        districts = self.inputs(self.districts)

        def district_live(unit):
            officer = self.officers[self._province_of(unit).pk]
            return Member.objects.visible_to(officer).in_subtree(unit).count()

        self.measure("(a) district count, live", district_live, sql_count, districts)

    def _province_of(self, unit: Unit) -> Unit:
        return next(p for p in self.provinces if unit.path.startswith(p.path))

    # (b) member list pages
    def member_pages(self) -> None:
        provinces = self.inputs(self.provinces)

        def first_page(unit):
            page = member_page(self.officers[unit.pk], MemberFilters(unit=unit))
            return [m.pk for m in page.members]

        def sql_first(unit):
            return [r[0] for r in sql(SQL_PAGE.format(extra=""), [_like_prefix(unit.path), PAGE_SIZE])]

        self.measure("(b) province list, first page", first_page, sql_first, provinces)
        # A later page: continue after a member picked at random in the province.
        later = []
        for unit in provinces:
            total = counts_for([unit], Status.values)[unit.pk]
            (pk,) = sql(
                "SELECT m.id FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
                "WHERE u.path LIKE %s OFFSET %s LIMIT 1",
                [_like_prefix(unit.path), self.rng.randrange(total // 10, total * 9 // 10)],
            )[0]
            later.append((unit, Member.objects.get(pk=pk)))

        def later_page(item):
            unit, member = item
            page = member_page(self.officers[unit.pk], MemberFilters(unit=unit), after=encode_cursor(member))
            return [m.pk for m in page.members]

        def sql_later(item):
            unit, member = item
            query = SQL_PAGE.format(extra="AND (m.name_sort, m.id) > (%s, %s)")
            return [r[0] for r in sql(query, [_like_prefix(unit.path), member.name_sort, member.pk, PAGE_SIZE])]

        self.measure("(b) province list, later keyset page", later_page, sql_later, later)
        # The whole country in Vietnamese order, as a superuser sees it.
        runs = list(range(self.runs + WARMUP))
        self.measure(
            "(b) national list, first page (superuser)",
            lambda _run: [m.pk for m in member_page(self.superuser, MemberFilters()).members],
            lambda _run: [r[0] for r in sql(SQL_NATIONAL_PAGE.format(extra=""), [PAGE_SIZE])],
            runs,
        )
        total = Member.objects.count()
        anywhere = [Member.objects.order_by("pk")[self.rng.randrange(total)] for _run in runs]

        def national_later(member):
            return [m.pk for m in member_page(self.superuser, MemberFilters(), after=encode_cursor(member)).members]

        def sql_national_later(member):
            query = SQL_NATIONAL_PAGE.format(extra="AND (m.name_sort, m.id) > (%s, %s)")
            return [r[0] for r in sql(query, [member.name_sort, member.pk, PAGE_SIZE])]

        self.measure("(b) national list, later keyset page (superuser)", national_later, sql_national_later, anywhere)

    # (c) name search
    def name_search(self) -> None:
        pairs = [(self._pick(self.provinces, run), NAMES[run % len(NAMES)]) for run in range(self.runs + WARMUP)]

        def in_province(item):
            unit, q = item
            return [m.pk for m in member_page(self.officers[unit.pk], MemberFilters(q=q)).members]

        def sql_in_province(item):
            return sql_search_in_province(*item)

        self.measure("(c) name search in a province (officer)", in_province, sql_in_province, pairs)
        for q in ANY_WORD:
            provinces = [(self._pick(self.provinces, run), q) for run in range(self.runs + WARMUP)]
            self.measure(f"(c) any-word search {q!r} in a province (officer)", in_province, sql_in_province, provinces)
        names = [NAMES[run % len(NAMES)] for run in range(self.runs + WARMUP)]

        def national(q):
            return [m.pk for m in member_page(self.superuser, MemberFilters(q=q)).members]

        self.measure("(c) name search, national (superuser)", national, sql_search_national, names)
        for q in ANY_WORD:
            self.measure(
                f"(c) any-word search {q!r}, national (superuser)",
                national,
                sql_search_national,
                [q] * (self.runs + WARMUP),
            )

    # (d) the whole page
    def http(self) -> None:
        def client_for(user) -> Client:
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            return client

        clients = {user.pk: client_for(user) for user in [self.superuser, *self.officers.values()]}
        row = re.compile(rb'href="/members/(\d+)/"')

        def page_ids(client, q, **filters):
            response = client.get("/members/", {"q": q, **filters})
            if response.status_code != 200:
                raise AssertionError(f"/members/?q={q} {filters} answered {response.status_code}")
            seen: list[int] = []
            for match in row.finditer(response.content):
                if int(match.group(1)) not in seen:
                    seen.append(int(match.group(1)))
            return seen

        pairs = [(self._pick(self.provinces, run), "nguyen van an") for run in range(self.runs + WARMUP)]

        def officer_page(item):
            unit, q = item
            return page_ids(clients[self.officers[unit.pk].pk], q)

        def sql_officer(item):
            return sql_search_in_province(*item)

        self.measure(
            "(d) GET /members/?q=nguyen+van+an, province officer", officer_page, sql_officer, pairs, target_ms=150
        )
        for q in ANY_WORD:
            pairs = [(self._pick(self.provinces, run), q) for run in range(self.runs + WARMUP)]
            self.measure(
                f"(d) GET /members/?q={q.replace(' ', '+')}, province officer",
                officer_page,
                sql_officer,
                pairs,
                target_ms=150,
            )
        # A filter the maintained counts cannot answer: the page counts up to COUNT_CAP matches.
        owners = "enterprise_owner"
        provinces = [self._pick(self.provinces, run) for run in range(self.runs + WARMUP)]

        def filtered_page(unit):
            return page_ids(clients[self.officers[unit.pk].pk], "", category=owners)

        def sql_filtered(unit):
            # The same work as the app: the page, then the count where the app counts.
            prefix = _like_prefix(unit.path)
            ids = [r[0] for r in sql(SQL_PAGE.format(extra="AND m.category = %s"), [prefix, owners, PAGE_SIZE + 1])]
            (scope_size,) = sql(SQL_SCOPE_SIZE, [unit.pk])[0]
            if len(ids) > PAGE_SIZE and scope_size <= COUNTED_SCOPE_LIMIT:
                sql(SQL_CAPPED_COUNT, [prefix, owners, COUNT_CAP + 1])
            return ids[:PAGE_SIZE]

        self.measure(
            "(d) GET /members/?category=enterprise_owner, province officer",
            filtered_page,
            sql_filtered,
            provinces,
            target_ms=150,
        )
        names = ["nguyen van an"] * (self.runs + WARMUP)
        self.measure(
            "(d) GET /members/?q=nguyen+van+an, superuser",
            lambda q: page_ids(clients[self.superuser.pk], q),
            sql_search_national,
            names,
            target_ms=150,
        )

    def run_all(self, skip: str = "") -> dict[str, dict]:
        """Every read of figure 3 but those whose letters are in `skip`."""
        from bench.handbook import notice_feeds  # they read this module's helpers
        from bench.meetings import meeting_reports
        from bench.recruitment import case_boards, progress_reports

        reads = {
            "a": self.subtree_counts,
            "b": self.member_pages,
            "c": self.name_search,
            "d": self.http,
            "e": lambda: progress_reports(self),
            "f": lambda: case_boards(self),
            "g": lambda: notice_feeds(self),
            "h": lambda: meeting_reports(self),
        }
        for letter, read in reads.items():
            if letter not in skip:
                read()
        return self.results


def explain(query: str, params: list) -> str:
    with connection.connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def app_sql(queryset) -> tuple[str, list]:
    """The SQL and parameters Django sends for `queryset`."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    query, params = compiler.as_sql()
    return query, list(params)
