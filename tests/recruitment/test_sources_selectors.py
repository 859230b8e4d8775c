import pytest

from sotay.accounts.roles import Role
from sotay.recruitment.choices import SourceCategory
from sotay.recruitment.selectors.sources import SourceFilters, source_counts, source_page
from tests.factories import UserFactory, grant, make_candidate, superuser


@pytest.fixture
def spread(tree):
    make_candidate(tree.cell_a1, "Nguyễn Thị Lan", category=SourceCategory.STUDENT)
    make_candidate(tree.cell_a2, "Đinh Quang Nguyên", category=SourceCategory.WORKER)
    make_candidate(tree.cell_b1, "Nguyễn Văn Xa", category=SourceCategory.STUDENT)
    make_candidate(tree.cell_b1, "Bùi Thị Yến", category=SourceCategory.RELIGIOUS)


def test_a_user_with_roles_in_two_places_counts_under_each(tree, spread):
    user = UserFactory()
    grant(user, tree.cell_a1, Role.SECRETARY)
    grant(user, tree.commune_b, Role.VIEWER)
    counts = source_counts(user, SourceFilters())
    assert [(row.unit.name, row.by_category) for row in counts.rows] == [
        ("Chi bộ thôn Một", {"student": 1}),
        ("Xã Yên Thắng", {"student": 1, "religious": 1}),
    ]
    assert counts.total == 3


def test_everything_counts_under_the_top_of_the_tree(tree, spread):
    counts = source_counts(superuser(), SourceFilters())
    assert [(row.unit.code, row.total) for row in counts.rows] == [("TW", 4)]
    by_district = source_counts(superuser(), SourceFilters(unit=tree.province))
    assert [(row.unit.code, row.total) for row in by_district.rows] == [("DA", 2), ("DB", 2)]


def test_counts_follow_the_filters(tree, spread):
    counts = source_counts(tree.province_officer, SourceFilters(q="nguyen", category=SourceCategory.STUDENT))
    assert [(row.unit.code, row.total) for row in counts.rows] == [("DA", 1), ("DB", 1)]
    assert counts.categories == ["student"]


def test_a_user_without_a_role_sees_and_counts_nothing(tree, spread):
    assert source_page(tree.member_user, SourceFilters()).sources == []
    assert source_counts(tree.member_user, SourceFilters()).rows == []


def test_the_page_query_count_does_not_grow_with_the_sources(tree, spread, django_assert_num_queries):
    for n in range(30):
        make_candidate(tree.cell_a1, f"Lý Văn Số {n}")
    officer = tree.province_officer
    source_page(officer, SourceFilters())  # the scope, read once per user
    with django_assert_num_queries(2):  # the count and the page
        page = source_page(officer, SourceFilters(), limit=10)
    assert len(page.sources) == 10 and page.total == 34 and page.next_cursor
    with django_assert_num_queries(2):
        rest = source_page(officer, SourceFilters(), after=page.next_cursor, limit=50)
    assert len(rest.sources) == 24 and rest.next_cursor is None
