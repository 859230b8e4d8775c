"""Reads of the member registry for an actor: filtered, searched, keyset-paginated."""

import base64
import binascii
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import CharField, Count, Func, Q, QuerySet, Window
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.permissions import MEMBERS_VIEW, MEMBERS_VIEW_SENSITIVE
from sotay.core.scoping import EVERYTHING, scope_paths
from sotay.core.text import SORT_KEY_GROWTH, has_control_characters, search_words
from sotay.members import words
from sotay.members.choices import AGE_BAND_LIMITS, ON_ROLLS, Status
from sotay.members.models import NAME_LENGTH, Member, MemberQuerySet, MemberStatusEvent, MemberUnitEvent
from sotay.organizations.models import Unit
from sotay.organizations.rollups import ancestor_paths, counts_for

PAGE_SIZE = 50
# Past this many matches a filtered list says "more than" rather than counting them all.
COUNT_CAP = 1000
# Above this many members in scope, a filter other than a name is not counted: a rare value
# (a religion, in a province of 500,000) would scan the whole scope on every first page.
COUNTED_SCOPE_LIMIT = 100_000
# A typed word that starts more distinct words of names than this ("n") is common enough for
# the walk of the name index; the word index would merge too many ranges.
WORD_INDEX_MAX_WORDS = 64


@dataclass(frozen=True)
class MemberFilters:
    unit: Unit | None = None
    status: str = ""
    category: str = ""
    religion: str = ""
    age_band: str = ""
    education: str = ""
    q: str = ""

    @property
    def only_unit_and_status(self) -> bool:
        return not (self.category or self.religion or self.age_band or self.education or self.q)


@dataclass(frozen=True)
class MemberPage:
    members: list[Member]
    next_cursor: str | None
    total: int | None  # None when not counted, or when more than `more_than` match
    more_than: int | None = None


# The longest cursor: a sort key of UTF-8 characters (four bytes at most), a separator and an id,
# in base64.
CURSOR_LENGTH = 4 * -(-(4 * NAME_LENGTH * SORT_KEY_GROWTH + 1 + 19) // 3)


def encode_cursor(member: Member) -> str:
    return base64.urlsafe_b64encode(f"{member.name_sort}\x1f{member.pk}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[str, int]:
    invalid = ValidationError({"after": _("This page link is not valid; start again from the first page.")})
    try:
        name_sort, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("\x1f")
        member_id = int(pk)
    except (ValueError, binascii.Error, UnicodeError) as error:
        raise invalid from error
    if has_control_characters(name_sort) or not 1 <= member_id < 2**63:
        raise invalid
    return name_sort, member_id


def birth_date_range(band: str, today: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """Birth dates of people whose age today lies in `band` (inclusive ages)."""
    youngest, oldest = AGE_BAND_LIMITS[band]

    def years_ago(years: int) -> datetime.date:
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    born_after = years_ago(oldest + 1) + datetime.timedelta(days=1) if oldest is not None else None
    born_before = years_ago(youngest) if youngest is not None else None
    return born_after, born_before


def _inside_scope(actor, unit: Unit) -> bool:
    return any(unit.path.startswith(path) for path in scope_paths(actor, MEMBERS_VIEW))


def _scoped(actor, unit: Unit | None) -> MemberQuerySet:
    """The actor's members, or a unit's subtree within them.

    A unit inside the actor's scope needs no second path condition: with two, PostgreSQL
    underestimates the rows and sorts a whole province instead of walking the name index.
    """
    if unit is not None and _inside_scope(actor, unit):
        return Member.objects.in_subtree(unit)
    members = Member.objects.visible_to(actor)
    return members.in_subtree(unit) if unit is not None else members


def filtered_members(actor, filters: MemberFilters) -> MemberQuerySet:
    members = _scoped(actor, filters.unit)
    if filters.status:
        members = members.filter(status=filters.status)
    if filters.category:
        members = members.filter(category=filters.category)
    if filters.education:
        members = members.filter(general_education=filters.education)
    if filters.age_band:
        born_after, born_before = birth_date_range(filters.age_band, timezone.localdate())
        if born_after:
            members = members.filter(birth_date__gte=born_after)
        if born_before:
            members = members.filter(birth_date__lte=born_before)
    if filters.religion:
        if not scope_paths(actor, MEMBERS_VIEW_SENSITIVE):
            raise ValidationError({"religion": _("You may not filter by religion.")})
        # Only within the subtrees where the actor may see religion.
        members = members.visible_to(actor, MEMBERS_VIEW_SENSITIVE).filter(religion=filters.religion)
    if filters.q:
        members = members.name_matches(filters.q)
    return members


def member_page(actor, filters: MemberFilters, *, after: str = "", limit: int = PAGE_SIZE) -> MemberPage:
    """One page of members in Vietnamese alphabetical order, continuing after the cursor `after`."""
    members = filtered_members(actor, filters)
    rows = _page_rows(actor, filters, members, after=after, limit=limit)
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    rows = rows[:limit]
    _name_cell_parents(actor, rows)
    total = _maintained_total(actor, filters)
    if total is None and not after:
        return _counted_page(actor, filters, members, rows, next_cursor)
    return MemberPage(members=rows, next_cursor=next_cursor, total=total)


def _reads_scope_first(actor, filters: MemberFilters) -> bool:
    """A name search within a scope or a unit: read the scope, then sort its matches (docs/decisions/0003)."""
    return bool(filters.q) and (filters.unit is not None or EVERYTHING not in scope_paths(actor, MEMBERS_VIEW))


def _page_rows(actor, filters: MemberFilters, members: MemberQuerySet, *, after: str, limit: int) -> list[Member]:
    """Up to `limit + 1` members of the page, with their cells.

    When the page's own query counted the matches (up to COUNT_CAP + 1), each member carries
    that count as `matches`.
    """
    keys: list[tuple[int, int | None]] | None = None
    scopes = _word_index_scopes(actor, filters)
    if scopes is not None:
        keys = _word_index_keys(filters.q, scopes, after=after, limit=limit)
    if keys is None and not _reads_scope_first(actor, filters):
        return list(page_query(actor, filters, members, after=after).select_related("unit")[: limit + 1])
    if keys is None:
        # Two steps: the scan of the scope reads only ids and keys (an index-only scan of
        # member_unit_search_idx) and sorts those narrow rows; the page's rows are then read by id.
        narrow = page_query(actor, filters, members, after=after)[: limit + 1]
        keys = [(key["pk"], key.get("matches")) for key in narrow]
    # Read through the filtered, scoped query: a row outside the scope stays out whatever the ids.
    found = members.select_related("unit").in_bulk([pk for pk, _matches in keys[: limit + 1]])
    rows = []
    for pk, matches in keys[: limit + 1]:
        member = found.get(pk)
        if member is not None:  # deleted in between
            if matches is not None:
                setattr(member, "matches", matches)  # noqa: B010 - read by _counted_page
            rows.append(member)
    return rows


def _word_index_scopes(actor, filters: MemberFilters) -> list[str] | None:
    """The provinces a search by name alone reads from the word index (sotay.members.words): none
    for a national search; None when the index cannot serve it (SQLite, another filter, or a scope
    that is not whole provinces, which reading the scope serves)."""
    if connection.vendor != "postgresql" or not search_words(filters.q):
        return None
    if filters.status or filters.category or filters.religion or filters.age_band or filters.education:
        return None
    paths = list(scope_paths(actor, MEMBERS_VIEW))
    if filters.unit is not None:
        if not _inside_scope(actor, filters.unit):
            return None
        paths = [filters.unit.path]
    if EVERYTHING in paths:
        return []
    if paths and all(len(path) == words.SCOPE_LENGTH for path in paths):
        return sorted(paths)
    return None


def _word_index_keys(q: str, scopes: list[str], *, after: str, limit: int) -> list[tuple[int, int | None]] | None:
    """The ids of the page's members in list order, from the word index, each with the count of
    matches (up to COUNT_CAP + 1) on the first page; None when a typed word is too short for the
    index."""
    query = word_index_query(q, scopes, after=after, limit=limit + 1)
    if query is None:
        return None
    sql, params, count_sql, count_params = query
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[1] for row in cursor.fetchall()]
        matches = None
        if not after:
            matches = len(ids)
            if len(ids) > limit:
                cursor.execute(count_sql, count_params)
                matches = cursor.fetchone()[0]
    return [(pk, matches) for pk in ids]


def word_index_query(
    q: str, scopes: list[str], *, after: str = "", limit: int = PAGE_SIZE + 1
) -> tuple[str, list, str, list] | None:
    """The SQL of a search on the word index, national (no `scopes`) or within provinces (their
    paths), and its parameters, then those of the count of its matches up to COUNT_CAP + 1; None
    when a typed word starts too many words of names.

    The typed word that starts the fewest names (the planner's estimate) drives: for each word of
    names it starts (in each province), the index gives that word's names in list order, the
    other typed words checked on the `name_key` in the same entries, up to `limit`; the first
    `limit` of those together are the answer. (A UNION ALL of the ranges would be one merge, but PostgreSQL 15
    sorts every match instead.) The count reads the same entries, in any order, and stops at
    COUNT_CAP + 1.
    """
    typed = list(dict.fromkeys(search_words(q)))
    with connection.cursor() as cursor:
        estimates = []
        for word in typed:
            cursor.execute(ESTIMATE, [words.like_prefix(word)])
            estimates.append(cursor.fetchone()[0][0]["Plan"]["Plan Rows"])
        driver = min(range(len(typed)), key=lambda index: (estimates[index], -len(typed[index])))
        starts = words.like_prefix(typed[driver])
        cursor.execute(WORDS_STARTING, [starts, starts, WORD_INDEX_MAX_WORDS + 1])
        expansions = [row[0] for row in cursor.fetchall()]
    if len(expansions) > WORD_INDEX_MAX_WORDS:
        return None
    # A name with two words that the driving word starts ("An Anh" for "an") is read once, at
    # the first of them.
    condition = " AND strpos(' ' || w.name_key, ' ' || %s) = strpos(' ' || w.name_key || ' ', ' ' || w.word || ' ')"
    params: list[str | int] = [typed[driver]]
    for word in typed[:driver] + typed[driver + 1 :]:
        condition += " AND (w.name_key LIKE %s OR w.name_key LIKE %s)"
        params += [words.like_prefix(word), "% " + words.like_prefix(word)]
    if after:
        name_sort, pk = decode_cursor(after)
        condition += " AND w.name_sort >= %s AND (w.name_sort > %s OR (w.name_sort = %s AND w.member_id > %s))"
        params += [name_sort, name_sort, name_sort, pk]
    ranges = "unnest(%s::text[]) AS e (word)"
    range_params: list = [expansions]
    if scopes:
        ranges = "unnest(%s::text[]) AS s (scope) CROSS JOIN " + ranges
        condition = " AND w.scope = s.scope" + condition
        range_params = [scopes, expansions]
    sql = (
        f"SELECT f.name_sort, f.member_id FROM {ranges} CROSS JOIN LATERAL "
        f"(SELECT w.name_sort, w.member_id FROM {words.TABLE} w WHERE w.word = e.word{condition} "
        "ORDER BY w.name_sort, w.member_id LIMIT %s) AS f ORDER BY f.name_sort, f.member_id LIMIT %s"
    )
    # The same form, which PostgreSQL does not hand to parallel workers: starting them costs more
    # than reading a thousand index entries.
    count = (
        f"SELECT count(*) FROM (SELECT 1 FROM {ranges} CROSS JOIN LATERAL "
        f"(SELECT 1 FROM {words.TABLE} w WHERE w.word = e.word{condition} LIMIT %s) AS f LIMIT %s) AS capped"
    )
    return sql, [*range_params, *params, limit, limit], count, [*range_params, *params, COUNT_CAP + 1, COUNT_CAP + 1]


# The planner's estimate of the names with a word starting with a prefix.
ESTIMATE = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {words.TABLE} WHERE word LIKE %s"
# The distinct words starting with a prefix, one probe of the word index each (a skip scan).
WORDS_STARTING = f"""
WITH RECURSIVE found (word) AS (
    SELECT min(word) FROM {words.TABLE} WHERE word LIKE %s
    UNION ALL
    SELECT (SELECT min(word) FROM {words.TABLE} WHERE word > found.word AND word LIKE %s)
    FROM found WHERE found.word IS NOT NULL
)
SELECT word FROM found WHERE word IS NOT NULL LIMIT %s
"""


def page_query(actor, filters: MemberFilters, members: MemberQuerySet, *, after: str = "") -> QuerySet:
    """`members` (filtered by `filters`) in list order from the cursor `after`, as a page reads them.

    A name search within a scope gives dictionaries of `pk` and `matches` (the count of every
    match, on the first page) rather than members.
    """
    if after:
        name_sort, pk = decode_cursor(after)
        # The plain lower bound lets the index scan start at the cursor; the OR alone cannot.
        members = members.filter(name_sort__gte=name_sort).filter(
            Q(name_sort__gt=name_sort) | Q(name_sort=name_sort, pk__gt=pk)
        )
    if _reads_scope_first(actor, filters):
        # Read the scope, keep the names that match and sort them, counting them on the way
        # (docs/decisions/0003): walking the national name index instead costs seconds when
        # the scope is small or the words are rare.
        members = members.order_by(_Unindexed("name_sort"), "pk")
        if not after:
            members = members.annotate(matches=Window(Count("pk")))
        return members.values("pk", *([] if after else ["matches"]))
    return members.order_by("name_sort", "pk")


class _Unindexed(Func):
    """A column's value through an expression that no index provides, so the planner sorts."""

    template = "(%(expressions)s || '')"
    output_field = CharField()


def _counted_page(
    actor, filters: MemberFilters, members: MemberQuerySet, rows: list[Member], next_cursor: str | None
) -> MemberPage:
    """The first page of a filtered list, with its count when that is cheap.

    A name search within a scope was counted by the page's own query; otherwise counting stops
    past COUNT_CAP, and filters other than a name are counted only in scopes of up to
    COUNTED_SCOPE_LIMIT members.
    """
    if next_cursor is None:
        return MemberPage(members=rows, next_cursor=None, total=len(rows))
    if hasattr(rows[0], "matches"):
        total = rows[0].matches
    else:
        if not filters.q:
            scope_size = _maintained_total(actor, MemberFilters(unit=filters.unit))
            if scope_size is None or scope_size > COUNTED_SCOPE_LIMIT:
                return MemberPage(members=rows, next_cursor=next_cursor, total=None)
        total = members.order_by()[: COUNT_CAP + 1].count()
    if total > COUNT_CAP:
        return MemberPage(members=rows, next_cursor=next_cursor, total=None, more_than=COUNT_CAP)
    return MemberPage(members=rows, next_cursor=next_cursor, total=total)


def _name_cell_parents(actor, members: list[Member]) -> None:
    """Set `cell_parent_name` on each member, in one query: "Chi bộ số 4" alone says little.

    Only parents the actor may see are named.
    """
    paths = {member.unit.parent_path for member in members if member.unit.depth > 1}
    names = dict(Unit.objects.visible_to(actor).filter(path__in=paths).values_list("path", "name"))
    for member in members:
        setattr(member, "cell_parent_name", names.get(member.unit.parent_path, ""))  # noqa: B010 - display only


def _counted_units(actor, unit: Unit | None) -> list[Unit]:
    """The units whose maintained subtree counts add up to the members the actor may see under
    `unit` (in their whole scope when None).

    The caller's unit is not trusted: it counts only when it lies inside the scope; otherwise the
    tops of the scope inside it do, so a unit elsewhere counts nothing and one above the scope
    counts only what the actor may see of it.
    """
    if unit is not None and _inside_scope(actor, unit):
        return [unit]
    paths = scope_paths(actor, MEMBERS_VIEW)
    if EVERYTHING in paths:
        return list(Unit.objects.filter(depth=1))
    if unit is not None:
        paths = tuple(path for path in paths if path.startswith(unit.path))
    return list(Unit.objects.filter(path__in=paths)) if paths else []


def _maintained_total(actor, filters: MemberFilters) -> int | None:
    """The number of matching members when the maintained subtree counts can give it."""
    if not filters.only_unit_and_status:
        return None
    units = _counted_units(actor, filters.unit)
    if not units:  # counted from the rows instead, which holds the actor's own record if they see it
        return None
    statuses = [filters.status] if filters.status else Status.values
    return sum(counts_for(units, statuses).values())


def member_history(member: Member) -> dict[str, list]:
    return {
        "statuses": list(MemberStatusEvent.objects.filter(member=member).select_related("actor")),
        "units": list(MemberUnitEvent.objects.filter(member=member).select_related("actor", "unit")),
    }


def direct_member_count(unit: Unit) -> int:
    """Members whose cell is `unit` itself, not its subtree: what a merge of the unit moves."""
    return Member.objects.filter(unit=unit).count()


def last_arrival_in(unit: Unit) -> datetime.date | None:
    """The newest date a member arrived in `unit`: a merge of the unit is dated on or after it."""
    return (
        MemberUnitEvent.objects.filter(unit=unit).order_by("-valid_from").values_list("valid_from", flat=True).first()
    )


def own_units(user) -> list[Unit]:
    """The units a member-user belongs to: their current cell and every unit above it, top first.

    Derived from their record each time, so it follows every transfer; empty for an account
    without a member record.
    """
    member = user.member if user.is_authenticated and user.member_id else None
    if member is None:
        return []
    return list(Unit.objects.filter(path__in=ancestor_paths(member.unit.path)).order_by("path"))


def on_rolls_on(day: datetime.date, units: list[Unit]) -> dict[int, int]:
    """Unit id → members on the rolls on `day` in its subtree, from the history rows only, so the
    answer for a past day never changes (a yearly target counts the members of 1 January).

    One grouped query over the members who had arrived in one of the subtrees by `day` (found
    through the unit index of the history), each one's state read by `with_status_on`: its cost
    follows the size of the subtrees, not the nation's. The subtrees may nest. (Today's
    maintained counts corrected by the changes since `day` would need the changes of the whole
    nation, which no index finds.)
    """
    if not units:
        return {}
    prefixes = tuple(sorted({unit.path for unit in units}))
    roots = [p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)]
    arrived = Q(pk__in=[])
    for path in roots:
        arrived |= Q(
            pk__in=MemberUnitEvent.objects.filter(unit__path__startswith=path, valid_from__lte=day).values("member_id")
        )
    rows = (
        Member.objects.filter(arrived)
        .with_status_on(day)
        .filter(status_on__in=list(ON_ROLLS))
        .values("unit_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_unit = {row["unit_on"]: row["n"] for row in rows}
    paths = dict(Unit.objects.filter(pk__in=list(by_unit)).values_list("pk", "path"))
    return {
        unit.pk: sum(n for unit_id, n in by_unit.items() if paths.get(unit_id, "\0").startswith(unit.path))
        for unit in units
    }
