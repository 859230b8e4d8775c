"""Feed targeting over random trees: a member sees exactly the notices of their cell and its
ancestors (kinds respected), never a sibling subtree's, and a scheduled notice only from its time."""

import datetime

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sotay.handbook import selectors
from sotay.handbook.models import ancestor_paths
from sotay.organizations.models import LEVEL_ORDER
from tests.factories import UserFactory, make_member, make_notice, make_unit

KINDS = [str(kind) for kind in LEVEL_ORDER[1:]]  # province … cell


class RollbackError(Exception):
    pass


@st.composite
def worlds(draw):
    size = draw(st.integers(2, 9))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, size)]
    notices = draw(
        st.lists(
            st.tuples(
                st.integers(0, size),  # unit; `size` is the member's own cell
                st.sets(st.sampled_from(KINDS), max_size=2),  # target kinds
                st.sampled_from([-3.0, -0.01, 0.5, 2.0, 400.0]),  # days ago; negative: scheduled
                st.booleans(),  # withdrawn
            ),
            max_size=14,
        )
    )
    reader_at = draw(st.integers(0, size - 1))
    return parents, notices, reader_at


def build(parents):
    units = []
    depth = []
    for index, parent in enumerate(parents):
        level = 0 if parent is None else min(depth[parent] + 1, len(KINDS) - 1)
        # Deeper than a cell stays a cell: the kinds filter then matches siblings and parents alike.
        unit = make_unit(None if parent is None else units[parent], f"Unit {index}", KINDS[level], code=f"U{index}")
        units.append(unit)
        depth.append(level)
    for unit in units:
        unit.refresh_from_db()
    return units


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds())
def test_a_member_sees_exactly_the_notices_of_their_cell_and_its_ancestors(db, world):
    parents, notice_specs, reader_at = world
    try:
        with transaction.atomic():
            units = build(parents)
            # The member's cell hangs below any unit of the tree (members belong to cells).
            cell = make_unit(units[reader_at], "Chi bộ của tôi", "cell", code="MINE")
            units.append(cell)
            for unit in units:
                unit.refresh_from_db()
            user = UserFactory()
            user.member = make_member(cell, "Nguyễn Văn Đọc")
            user.save()
            now = timezone.now()
            expected = set()
            for index, (unit_index, kinds, days_ago, withdrawn) in enumerate(notice_specs):
                unit = units[unit_index]
                notice = make_notice(
                    unit,
                    f"N{index}",
                    days_ago=days_ago,
                    kinds=kinds,
                    withdrawn_at=now if withdrawn else None,
                )
                if (
                    unit.path in ancestor_paths(cell.path)
                    and (not kinds or cell.kind in kinds)
                    and days_ago > 0
                    and not withdrawn
                ):
                    expected.add(notice.pk)
            seen, after = [], ""
            while True:
                page = selectors.feed_page(user, after=after, size=3)
                seen += page.notices
                after = page.next
                if not after:
                    break
            assert {n.pk for n in seen} == expected
            assert len(seen) == len(expected), "a notice came twice across pages"
            keys = [(n.publish_at, n.pk) for n in seen]
            assert keys == sorted(keys, reverse=True), "newest first"
            # Unread: every notice of the last year; the 400-day-old one is too old to count.
            recent = {n.pk for n in seen if n.publish_at >= now - selectors.UNREAD_WINDOW}
            assert page.unread == len(recent)
            raise RollbackError
    except RollbackError:
        pass


def test_a_scheduled_notice_appears_from_its_time(tree):
    scheduled = make_notice(tree.commune_a, "Họp ngày mai", days_ago=-1)
    user = tree.member_user
    assert selectors.feed_page(user).notices == []
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=1)
    assert [n.pk for n in selectors.feed_page(user, now=tomorrow).notices] == [scheduled.pk]
    assert selectors.unread_count(user, now=tomorrow) == 1


def test_the_feed_reads_a_fixed_number_of_queries(tree, django_assert_num_queries):
    """Reader (cell, ancestors), the page, its read marks, the unread count: the same for 3 and 30."""
    total = 0
    for count in (3, 30):
        total += count
        for index in range(count):
            make_notice(tree.province if index % 2 else tree.cell_a1, f"Thông báo {index}")
        user = type(tree.member_user).objects.get(pk=tree.member_user.pk)
        with django_assert_num_queries(5):
            page = selectors.feed_page(user)
        assert len(page.notices) == min(total, selectors.PAGE_SIZE)
