"""The member selectors: scope checks, a member's own units, search by any word of a name and
lists in Vietnamese alphabetical order."""

import datetime

import pytest
from django.db import connection

from sotay.accounts.roles import Role
from sotay.core.scoping import forget_scope
from sotay.core.text import fold, sort_key
from sotay.members import words
from sotay.members.models import Member
from sotay.members.selectors import COUNT_CAP, PAGE_SIZE, MemberFilters, member_page, own_units
from sotay.members.services import member_transfer
from sotay.organizations.models import Unit, UnitKind
from sotay.organizations.services import unit_move
from tests.factories import UserFactory, grant, make_member, make_unit, superuser

ORDERED = [
    "Do Văn An",
    "Doãn Thị Hà",
    "Dương Văn Bình",
    "Đào Thị Ánh",
    "Đặng Văn Dũng",
    "Lê Anh",
    "Lê Ánh",
    "Lê Ân",
    "Ông Thị Mai",
    "Ưng Văn Hoàng",
]


def names(actor, filters: MemberFilters, **page) -> list[str]:
    return [member.full_name for member in member_page(actor, filters, **page).members]


@pytest.mark.parametrize("q", ["An", "an", "van an", "an nguyen", "Văn", "nguyen van an", "NGUYỄN", "ng v a", "an an"])
def test_any_word_of_the_name_finds_the_member(tree, q):
    assert names(tree.province_officer, MemberFilters(q=q)) == ["Nguyễn Văn An"]


@pytest.mark.parametrize("q", ["guyen", "an binh", "nguyen van anh", "vanan"])
def test_every_typed_word_must_start_a_word_of_the_name(tree, q):
    assert names(tree.province_officer, MemberFilters(q=q)) == []


def test_the_search_stays_within_the_scope(tree):
    make_member(tree.cell_b1, "Hoàng Văn An")
    assert names(tree.district_officer, MemberFilters(q="an")) == ["Nguyễn Văn An"]
    assert names(tree.province_officer, MemberFilters(q="an")) == ["Hoàng Văn An", "Nguyễn Văn An"]


def test_lists_are_in_vietnamese_alphabetical_order_across_pages(tree):
    cell = make_unit(tree.commune_b, "Chi bộ thôn Bốn", code="CB4")
    for name in reversed(ORDERED):
        make_member(cell, name)
    filters = MemberFilters(unit=cell)
    assert names(tree.province_officer, filters) == ORDERED
    seen, after = [], ""
    while True:
        page = member_page(tree.province_officer, filters, after=after, limit=3)
        seen += [member.full_name for member in page.members]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert seen == ORDERED


def test_a_search_is_in_vietnamese_alphabetical_order_and_pages_on(tree):
    cell = make_unit(tree.commune_b, "Chi bộ thôn Bốn", code="CB4")
    for name in reversed(ORDERED):
        make_member(cell, name)
    first = member_page(tree.province_officer, MemberFilters(q="van"), limit=2)
    assert [m.full_name for m in first.members] == ["Do Văn An", "Dương Văn Bình"]
    assert first.total == 5
    second = names(tree.province_officer, MemberFilters(q="van"), after=first.next_cursor, limit=2)
    assert second == ["Đặng Văn Dũng", "Nguyễn Văn An"]


def test_names_that_fold_longer_fit_their_keys_and_are_found(tree):
    # "ﬃ" folds to "ffi" and "ß" to "ss": a name of the longest allowed length gives keys
    # three times as long, which PostgreSQL would refuse in a column sized like the name.
    longest = Member._meta.get_field("full_name").max_length
    name = "Nguyễn Văn " + "ﬃ" * (longest - 11)
    member = make_member(tree.cell_a1, name)
    assert len(member.full_name) == longest
    assert member.name_key == "nguyen van " + "ffi" * (longest - 11)
    assert member.name_sort == sort_key(name)
    other = make_member(tree.cell_a1, "Strauß " + "ß" * (longest - 7))
    found = names(tree.province_officer, MemberFilters(q="ffiffi nguyen"))
    assert found == [member.full_name]
    assert names(tree.province_officer, MemberFilters(q="straus")) == [other.full_name]


def test_the_page_after_the_longest_key_opens_on_the_page_and_in_the_api(tree, client_for):
    # A name in another script keeps its letters in the sort key, up to four UTF-8 bytes each:
    # the cursor that carries it is several times longer than the name.
    longest = Member._meta.get_field("full_name").max_length
    make_member(tree.cell_b1, "A " + "한" * (longest - 2))
    first = member_page(tree.province_officer, MemberFilters(unit=tree.cell_b1), limit=1)
    assert len(first.next_cursor) > 1000
    client = client_for(tree.province_officer)
    page = client.get("/members/", {"unit": tree.cell_b1.pk, "after": first.next_cursor})
    assert page.status_code == 200 and "Phạm Đức Dũng" in page.content.decode()
    api = client.get("/api/members", {"unit": tree.cell_b1.pk, "after": first.next_cursor})
    assert [item["full_name"] for item in api.json()["items"]] == ["Phạm Đức Dũng"]


def test_a_search_in_a_scope_is_counted_by_the_page_query_itself(tree, django_assert_num_queries):
    for index in range(3):
        make_member(tree.cell_a2, f"Hoàng Văn An {index}")
    forget_scope(tree.district_officer)
    # The actor's scope (every permission in one read), the page's ids with their count (the
    # scan of the scope), the page's rows by id and the cells' parents: no second scan to count.
    with django_assert_num_queries(4):
        page = member_page(tree.district_officer, MemberFilters(q="van an"), limit=2)
    assert (len(page.members), page.total) == (2, 4)


def test_a_search_in_a_province_reads_a_fixed_number_of_queries(tree, django_assert_num_queries):
    for index in range(3):
        make_member(tree.cell_b1, f"Hoàng Văn An {index}")
    forget_scope(tree.province_officer)
    # On PostgreSQL, the word index: the scope, an estimate per typed word, the words the driving
    # word starts, the page's ids, their count, the rows and the cells' parents. On SQLite, as in
    # any other scope.
    with django_assert_num_queries(8 if connection.vendor == "postgresql" else 4):
        page = member_page(tree.province_officer, MemberFilters(q="van an"), limit=2)
    assert (len(page.members), page.total) == (2, 4)


def test_a_superuser_searches_the_whole_country_in_order(tree):
    make_member(tree.cell_b1, "Đỗ Văn An")
    make_member(tree.cell_b1, "Dương Thị Ánh")
    assert names(superuser(), MemberFilters(q="an")) == ["Dương Thị Ánh", "Đỗ Văn An", "Nguyễn Văn An"]


def test_a_unit_outside_the_scope_gives_an_empty_page_not_its_size(tree):
    """The selector checks the unit itself rather than trusting its caller."""
    page = member_page(tree.outsider, MemberFilters(unit=tree.district_a))
    assert (page.members, page.total) == ([], 0)


def test_a_unit_above_the_scope_counts_only_the_members_in_scope(tree):
    page = member_page(tree.secretary, MemberFilters(unit=tree.district_a))
    assert {member.pk for member in page.members} == {tree.an.pk, tree.binh.pk}
    assert page.total == 2


def test_a_unit_inside_the_scope_counts_its_subtree(tree):
    assert member_page(tree.district_officer, MemberFilters(unit=tree.commune_a)).total == 3


def test_a_members_units_follow_their_record(tree):
    """The member's own units come from their record, so a transfer moves them at once."""
    user = tree.member_user  # Bình's account, in cell A1
    central = Unit.objects.get(code="TW")
    assert own_units(user) == [central, tree.province, tree.district_a, tree.commune_a, tree.cell_a1]
    member_transfer(
        actor=tree.province_officer,
        member=tree.binh,
        unit=tree.cell_b1,
        valid_from=datetime.date(2026, 2, 1),
        reason="Chuyển nơi cư trú",
    )
    user.refresh_from_db()
    assert own_units(user) == [central, tree.province, tree.district_b, tree.commune_b, tree.cell_b1]


def test_an_account_without_a_member_record_has_no_own_units(tree):
    assert own_units(tree.district_officer) == []


# Names around the three searches of issue 6: prefixes of other words ("Anh", "Ánh"), the same
# word twice, two words starting alike, the typed word inside a word ("Phan", "Loan"), LIKE
# wildcards in a name, and the family name anywhere in the order.
CROWD = [
    "Nguyễn Văn An",
    "Nguyễn An",
    "An Văn Nguyên",
    "Trần Văn Anh",
    "Đỗ Thị Ánh",
    "Nguyễn Anh An",
    "Nguyễn Văn Ân",
    "Lê An An",
    "Phan Văn Bình",
    "Hoàng Thị Loan",
    "Vân Thị An",
    "Bùi Văn Án Nguyễn",
    "Lê Văn_An",
    "Trương 100% An",
    "Ngô Vạn Ánh",
]


def _found_by_rule(q: str) -> list[str]:
    """The search rule, written out: every typed word starts some word of the folded name."""
    typed = fold(q).split()
    found = [m for m in Member.objects.all() if all(any(w.startswith(t) for w in m.name_key.split()) for t in typed)]
    return [m.full_name for m in sorted(found, key=lambda m: (m.name_sort, m.pk))]


def _all_pages(actor, q: str, limit: int) -> tuple[list[str], int | None]:
    first = member_page(actor, MemberFilters(q=q), limit=limit)
    seen, after = [m.full_name for m in first.members], first.next_cursor
    while after:
        page = member_page(actor, MemberFilters(q=q), after=after, limit=limit)
        seen += [m.full_name for m in page.members]
        after = page.next_cursor
    return seen, first.total


@pytest.mark.parametrize("q", ["an", "van an", "an nguyen", "nguyen van an", "Ánh", "v a", "van_an", "100%", "xuyen"])
def test_a_national_search_and_a_search_in_a_scope_find_what_the_rule_finds(tree, q):
    # On PostgreSQL the superuser's national search reads the word index and the officer's the
    # scope's index entries; on SQLite both use LIKE. All must give the rule's answer, in order,
    # across pages, with the right count.
    for name in CROWD:
        make_member(tree.cell_b1, name)
    expected = _found_by_rule(q)
    assert _all_pages(superuser(), q, limit=2) == (expected, len(expected))
    assert _all_pages(tree.province_officer, q, limit=2) == (expected, len(expected))


def test_a_national_search_follows_renames_transfers_and_deletions(tree):
    nam = make_member(tree.cell_b1, "Trịnh Văn Nam")
    assert names(superuser(), MemberFilters(q="nam trinh")) == ["Trịnh Văn Nam"]
    nam.full_name = "Trịnh Văn Long"
    nam.save()
    assert names(superuser(), MemberFilters(q="nam trinh")) == []
    assert names(superuser(), MemberFilters(q="long trinh")) == ["Trịnh Văn Long"]
    moved_on = datetime.date(2026, 2, 1)
    member_transfer(actor=superuser(), member=nam, unit=tree.cell_a1, valid_from=moved_on, reason="Chuyển nơi cư trú")
    assert names(superuser(), MemberFilters(q="long trinh")) == ["Trịnh Văn Long"]
    Member.objects.filter(pk=nam.pk).delete()
    assert names(superuser(), MemberFilters(q="long trinh")) == []


def test_a_national_search_counts_past_the_cap_as_more_than(tree):
    Member.objects.bulk_create(
        [
            Member(full_name=f"Tạ Văn An {i}", name_key=f"ta van an {i}", name_sort=sort_key(f"Tạ Văn An {i}"),
                   gender="male", birth_date=datetime.date(1980, 1, 1), category="farmer",
                   admitted_on=datetime.date(2010, 1, 1), unit=tree.cell_b1, status="full")
            for i in range(COUNT_CAP + 1)
        ]
    )  # fmt: skip
    page = member_page(superuser(), MemberFilters(q="an ta"))
    assert (page.total, page.more_than, len(page.members)) == (None, COUNT_CAP, PAGE_SIZE)


def test_a_search_in_a_province_follows_transfers_and_moves_across_provinces(tree):
    # On PostgreSQL a province officer's search reads the word index's province ranges, which
    # triggers keep when a member changes cell and when a unit moves to another province.
    other = make_unit(Unit.objects.get(code="TW"), "Tỉnh Xa", UnitKind.PROVINCE, code="Q")
    far_commune = make_unit(make_unit(other, "Huyện Xa", UnitKind.DISTRICT, code="QD"), "Xã Xa", UnitKind.GRASSROOTS)
    far_cell = make_unit(far_commune, "Chi bộ Xa", code="QC")
    here, there = make_member(tree.cell_b1, "Trịnh Văn Nam"), make_member(far_cell, "Trịnh Văn Nam")
    far_officer = UserFactory(username="far_officer")
    grant(far_officer, other, Role.OFFICER)

    def found(actor) -> set[int]:
        forget_scope(actor)
        return {member.pk for member in member_page(actor, MemberFilters(q="nam trinh")).members}

    assert (found(tree.province_officer), found(far_officer)) == ({here.pk}, {there.pk})
    day = datetime.date(2026, 2, 1)
    member_transfer(actor=superuser(), member=here, unit=far_cell, valid_from=day, reason="Chuyển nơi cư trú")
    assert (found(tree.province_officer), found(far_officer)) == (set(), {here.pk, there.pk})
    unit_move(actor=superuser(), unit=far_commune, new_parent=tree.district_b, occurred_on=day)
    assert (found(tree.province_officer), found(far_officer)) == ({here.pk, there.pk}, set())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {words.TABLE} w JOIN members_member m ON m.id = w.member_id "
                "JOIN organizations_unit u ON u.id = m.unit_id WHERE w.scope <> left(u.path, %s)",
                [words.SCOPE_LENGTH],
            )
            assert cursor.fetchone()[0] == 0
