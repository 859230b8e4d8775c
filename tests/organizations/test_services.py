import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sotay.accounts.roles import ROLE_PERMISSIONS, Role
from sotay.core.permissions import UNITS_CHANGE, UNITS_VIEW
from sotay.core.text import short_date
from sotay.members.choices import ON_ROLLS, Status
from sotay.members.models import Member, MemberUnitEvent
from sotay.members.rollups import rebuild_member_counts
from sotay.members.selectors import MemberFilters, member_page
from sotay.organizations import membership, services
from sotay.organizations.models import Unit, UnitEventKind, UnitKind, UnitMemberCount
from sotay.organizations.rollups import counts_for
from tests.factories import UserFactory, grant, make_member, make_unit, superuser

DAY = datetime.date(2025, 7, 1)


def maintained_counts() -> dict[tuple[int, str], int]:
    return {(row.unit_id, row.status): row.subtree_count for row in UnitMemberCount.objects.all() if row.subtree_count}


def assert_counts_match_a_recount() -> None:
    maintained = maintained_counts()
    rebuild_member_counts()
    assert maintained == maintained_counts()


def live(unit: Unit) -> int:
    unit.refresh_from_db()
    return counts_for([unit], ON_ROLLS)[unit.pk]


def test_create_child_records_history(tree):
    unit = services.unit_create(
        actor=tree.district_officer,
        parent=tree.commune_a,
        code="CA3",
        name="Chi bộ thôn Đồng Tâm",
        kind=UnitKind.CELL,
        sector="commune",
    )
    assert Unit.objects.get_parent(unit) == tree.commune_a
    assert unit.name_key == "chi bo thon dong tam"
    assert unit.events.get().kind == UnitEventKind.CREATED


def test_create_refuses_duplicate_code_and_writes_nothing(tree):
    before = Unit.objects.count()
    with pytest.raises(ValidationError) as error:
        services.unit_create(
            actor=tree.district_officer,
            parent=tree.commune_a,
            code="CA1",
            name="Trùng mã",
            kind=UnitKind.CELL,
            sector="commune",
        )
    assert "code" in error.value.error_dict
    assert Unit.objects.count() == before


def test_create_outside_scope_is_refused(tree):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=tree.district_officer,
            parent=tree.commune_b,
            code="X1",
            name="X",
            kind=UnitKind.CELL,
            sector="commune",
        )


def test_cell_cannot_have_children(tree):
    with pytest.raises(ValidationError):
        services.unit_create(
            actor=tree.district_officer, parent=tree.cell_a1, code="X2", name="X", kind=UnitKind.CELL, sector="commune"
        )


def test_rename_keeps_old_name_in_history(tree):
    services.unit_rename(
        actor=tree.district_officer, unit=tree.commune_a, name="Xã Kim Đông Mới", occurred_on=DAY, document_ref="QĐ 12"
    )
    event = tree.commune_a.events.get(kind=UnitEventKind.RENAMED)
    assert event.details == {"old": "Xã Kim Đông", "new": "Xã Kim Đông Mới"}
    assert event.document_ref == "QĐ 12"
    assert Unit.objects.get(pk=tree.commune_a.pk).name_key == "xa kim dong moi"


def test_officer_cannot_restructure_the_unit_they_were_given(tree):
    with pytest.raises(PermissionDenied):
        services.unit_rename(actor=tree.district_officer, unit=tree.district_a, name="Khác", occurred_on=DAY)
    with pytest.raises(PermissionDenied):
        services.unit_move(
            actor=tree.district_officer, unit=tree.district_a, new_parent=tree.commune_a, occurred_on=DAY
        )


def test_move_out_of_own_subtree_is_refused(tree):
    with pytest.raises(PermissionDenied):
        services.unit_move(actor=tree.district_officer, unit=tree.cell_a2, new_parent=tree.commune_b, occurred_on=DAY)
    assert Unit.objects.get_parent(tree.cell_a2) == tree.commune_a


def test_move_carries_members_and_counts(tree):
    """The district level goes away: a commune moves straight under the province."""
    assert live(tree.district_a) == 3
    services.unit_move(
        actor=tree.province_officer,
        unit=tree.commune_a,
        new_parent=tree.province,
        occurred_on=DAY,
        document_ref="NQ 60",
    )
    assert live(tree.district_a) == 0
    assert live(tree.province) == 4
    assert live(tree.commune_a) == 3
    commune = Unit.objects.get(pk=tree.commune_a.pk)
    assert Unit.objects.get_parent(commune) == tree.province
    assert Member.objects.get(pk=tree.an.pk).unit == tree.cell_a1
    assert Member.objects.in_subtree(commune).count() == 3
    event = commune.events.get(kind=UnitEventKind.MOVED)
    assert event.details["old_parent"] == tree.district_a.pk
    assert_counts_match_a_recount()


def test_move_under_itself_is_refused(tree):
    with pytest.raises(ValidationError):
        services.unit_move(
            actor=tree.province_officer, unit=tree.district_a, new_parent=tree.commune_a, occurred_on=DAY
        )


def test_move_in_the_future_is_refused(tree):
    with pytest.raises(ValidationError) as error:
        services.unit_move(
            actor=tree.province_officer,
            unit=tree.commune_a,
            new_parent=tree.district_b,
            occurred_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert "occurred_on" in error.value.error_dict


def test_merge_moves_members_and_children_and_keeps_history(tree):
    services.unit_merge(
        actor=tree.province_officer,
        absorbed=tree.commune_b,
        survivor=tree.commune_a,
        occurred_on=DAY,
        document_ref="QĐ 7",
    )
    absorbed = Unit.objects.get(pk=tree.commune_b.pk)
    cell_b1 = Unit.objects.get(pk=tree.cell_b1.pk)
    assert absorbed.dissolved_on == DAY
    assert Unit.objects.get_parent(cell_b1).pk == tree.commune_a.pk
    assert live(tree.commune_a) == 4
    assert live(tree.district_b) == 0
    assert absorbed.events.get(kind=UnitEventKind.MERGED_INTO).details["survivor"] == tree.commune_a.pk
    assert Unit.objects.get(pk=tree.commune_a.pk).events.filter(kind=UnitEventKind.ABSORBED).exists()
    assert_counts_match_a_recount()


CHI_ADMITTED = datetime.date(2026, 1, 5)


def test_merge_of_cells_moves_members_with_a_history_row(tree):
    services.unit_merge(
        actor=tree.district_officer, absorbed=tree.cell_a2, survivor=tree.cell_a1, occurred_on=CHI_ADMITTED
    )
    chi = Member.objects.get(pk=tree.chi.pk)
    assert chi.unit == tree.cell_a1
    row = MemberUnitEvent.objects.filter(member=chi).order_by("-id").first()
    assert (row.unit, row.valid_from) == (tree.cell_a1, CHI_ADMITTED)
    assert "Chi bộ thôn Một" in row.reason
    assert live(tree.cell_a1) == 3
    assert live(tree.cell_a2) == 0
    assert_counts_match_a_recount()


def test_a_merge_dated_before_a_member_arrived_is_refused(tree):
    """Chí arrived in the absorbed cell on 5 January: closing it in July would leave her in a closed cell."""
    for check in (services.unit_merge, _check_merge_page):
        with pytest.raises(ValidationError) as error:
            check(actor=tree.district_officer, absorbed=tree.cell_a2, survivor=tree.cell_a1, occurred_on=DAY)
        message = error.value.message_dict["occurred_on"][0]
        assert short_date(CHI_ADMITTED) in message and "Chi bộ thôn Hai" in message
    assert Member.objects.get(pk=tree.chi.pk).unit == tree.cell_a2
    assert Unit.objects.get(pk=tree.cell_a2.pk).dissolved_on is None


def _check_merge_page(*, actor, absorbed, survivor, occurred_on):
    services.check_structural_change(
        actor=actor, operation="merge", unit=absorbed, target=survivor, occurred_on=occurred_on
    )


def test_a_merge_records_a_move_for_each_child_unit(tree):
    services.unit_merge(
        actor=tree.province_officer,
        absorbed=tree.commune_b,
        survivor=tree.commune_a,
        occurred_on=DAY,
        document_ref="QĐ 7",
    )
    event = Unit.objects.get(pk=tree.cell_b1.pk).events.get(kind=UnitEventKind.MOVED)
    assert (event.occurred_on, event.document_ref, event.actor) == (DAY, "QĐ 7", tree.province_officer)
    assert (event.details["old_parent"], event.details["new_parent"]) == (tree.commune_b.pk, tree.commune_a.pk)
    merged = Unit.objects.get(pk=tree.commune_b.pk).events.get(kind=UnitEventKind.MERGED_INTO)
    assert (merged.details["members"], merged.details["children"]) == (0, 1)


def test_a_merge_records_the_members_it_moved_not_those_counted_before(tree, monkeypatch):
    """A member registered in the absorbed cell between the checks and the move still moves, and counts."""
    hooks = membership.member_hooks()

    def move_after_an_arrival(*, source, **kwargs):
        make_member(source, "Mai Văn Muộn")
        return hooks.move_all(source=source, **kwargs)

    monkeypatch.setattr(membership, "_registered", [dataclasses.replace(hooks, move_all=move_after_an_arrival)])
    services.unit_merge(
        actor=tree.district_officer, absorbed=tree.cell_a2, survivor=tree.cell_a1, occurred_on=CHI_ADMITTED
    )
    merged = Unit.objects.get(pk=tree.cell_a2.pk).events.get(kind=UnitEventKind.MERGED_INTO)
    assert merged.details["members"] == 2
    assert not Member.objects.filter(unit=tree.cell_a2).exists()


def test_a_merge_into_a_unit_closed_since_it_was_read_is_refused(tree):
    """Checked again under the units' locks: two merges at once must not both use the same unit."""
    read_before = Unit.objects.get(pk=tree.cell_b1.pk)
    services.unit_merge(
        actor=tree.province_officer,
        absorbed=tree.cell_b1,
        survivor=make_unit(tree.commune_b, "Chi bộ thôn Bốn", code="CB4"),
        occurred_on=DAY,
    )
    empty = make_unit(tree.commune_b, "Chi bộ thôn Năm", code="CB5")
    with pytest.raises(ValidationError) as error:
        services.unit_merge(actor=tree.province_officer, absorbed=empty, survivor=read_before, occurred_on=DAY)
    assert "target_code" in error.value.error_dict
    assert Unit.objects.get(pk=empty.pk).dissolved_on is None


def test_a_merge_dated_before_a_child_units_last_change_is_refused(tree):
    _renamed_on(tree.cell_b1, RENAMED_ON)
    for check in (services.unit_merge, _check_merge_page):
        with pytest.raises(ValidationError) as error:
            check(
                actor=tree.province_officer,
                absorbed=tree.commune_b,
                survivor=tree.commune_a,
                occurred_on=RENAMED_ON - datetime.timedelta(days=1),
            )
        message = error.value.message_dict["occurred_on"][0]
        assert short_date(RENAMED_ON) in message and "Chi bộ thôn Ba" in message
    assert Unit.objects.get_parent(Unit.objects.get(pk=tree.cell_b1.pk)).pk == tree.commune_b.pk


def test_a_merge_that_moves_members_needs_the_right_to_change_members(tree, monkeypatch):
    """A role that may change units but not members is told on the confirmation page, not after confirming."""
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.VIEWER, frozenset({UNITS_VIEW, UNITS_CHANGE}))
    unit_only_officer = UserFactory(username="unit_only_officer")
    grant(unit_only_officer, tree.district_a, Role.VIEWER)
    absorbed = make_unit(tree.commune_a, "Chi bộ thôn Năm", code="CA5")
    make_member(absorbed, "Mai Văn Năm")
    for check in (services.unit_merge, _check_merge_page):
        with pytest.raises(PermissionDenied):
            check(actor=unit_only_officer, absorbed=absorbed, survivor=tree.cell_a1, occurred_on=DAY)
    empty = make_unit(tree.commune_a, "Chi bộ thôn Sáu", code="CA6")
    services.unit_merge(actor=unit_only_officer, absorbed=empty, survivor=tree.cell_a1, occurred_on=DAY)


def test_the_last_change_of_a_unit_is_read_by_its_own_name(tree):
    assert services.unit_last_change_on(_renamed_on(tree.cell_a2, RENAMED_ON)) == RENAMED_ON


def test_merge_into_itself_or_a_descendant_is_refused(tree):
    with pytest.raises(ValidationError):
        services.unit_merge(
            actor=tree.province_officer, absorbed=tree.commune_a, survivor=tree.commune_a, occurred_on=DAY
        )
    with pytest.raises(ValidationError):
        services.unit_merge(
            actor=tree.province_officer, absorbed=tree.commune_a, survivor=tree.cell_a1, occurred_on=DAY
        )


def test_dissolve_is_refused_while_members_remain(tree):
    with pytest.raises(ValidationError) as error:
        services.unit_dissolve(actor=tree.district_officer, unit=tree.cell_a2, occurred_on=DAY)
    assert "1" in str(error.value)
    assert Unit.objects.get(pk=tree.cell_a2.pk).dissolved_on is None


def test_dissolve_an_empty_unit(tree):
    from sotay.members.services import member_change_status

    member_change_status(
        actor=tree.district_officer,
        member=tree.chi,
        status=Status.DECEASED,
        valid_from=datetime.date(2026, 2, 1),
        reason="Từ trần",
    )
    services.unit_dissolve(actor=tree.district_officer, unit=tree.cell_a2, occurred_on=datetime.date(2026, 3, 1))
    unit = Unit.objects.get(pk=tree.cell_a2.pk)
    assert unit.dissolved_on == datetime.date(2026, 3, 1)
    assert unit.events.filter(kind=UnitEventKind.DISSOLVED).exists()
    with pytest.raises(ValidationError):
        services.unit_dissolve(actor=tree.district_officer, unit=unit, occurred_on=DAY)


def test_dissolve_refused_while_open_units_remain_below(tree):
    empty_parent = make_unit(tree.district_a, "Xã Trống", UnitKind.GRASSROOTS, code="EMPTY")
    make_unit(empty_parent, "Chi bộ trống", code="EMPTY-1")
    with pytest.raises(ValidationError):
        services.unit_dissolve(actor=tree.district_officer, unit=empty_parent, occurred_on=DAY)


def test_a_unit_moved_while_members_are_listed_keeps_the_listing_whole(tree):
    """Keyset pages follow names, not unit paths: a move between pages loses and repeats nobody."""
    for index in range(6):
        make_member(tree.cell_a2, f"Vũ Văn Thêm {index}")
    first = member_page(tree.province_officer, MemberFilters(unit=tree.province), limit=4)
    services.unit_move(actor=tree.province_officer, unit=tree.commune_a, new_parent=tree.district_b, occurred_on=DAY)
    seen = [m.pk for m in first.members]
    cursor = first.next_cursor
    while cursor:
        page = member_page(tree.province_officer, MemberFilters(unit=tree.province), after=cursor, limit=4)
        seen += [m.pk for m in page.members]
        cursor = page.next_cursor
    assert sorted(seen) == sorted(Member.objects.in_subtree(tree.province).values_list("pk", flat=True))
    assert len(seen) == len(set(seen)) == 10


def test_a_member_written_to_a_cell_loaded_before_a_move_is_counted_where_the_cell_is_now(tree):
    stale_cell = Unit.objects.get(pk=tree.cell_a1.pk)
    services.unit_move(actor=tree.province_officer, unit=tree.commune_a, new_parent=tree.district_b, occurred_on=DAY)
    make_member(stale_cell, "Đào Văn Muộn")
    assert live(tree.district_b) == 5
    assert live(tree.district_a) == 0
    assert_counts_match_a_recount()


def test_a_unit_goes_below_units_of_a_higher_level_only(tree):
    with pytest.raises(ValidationError) as error:
        services.unit_create(
            actor=tree.district_officer,
            parent=tree.commune_a,
            code="BAD",
            name="Tỉnh trong xã",
            kind=UnitKind.PROVINCE,
            sector="other",
        )
    assert "kind" in error.value.error_dict
    grassroots = services.unit_create(
        actor=tree.province_officer,
        parent=tree.province,
        code="G2",
        name="Đảng bộ Công ty Xi măng",
        kind=UnitKind.GRASSROOTS,
        sector="state_enterprise",
    )
    assert Unit.objects.get_parent(grassroots) == tree.province  # skipping the district level is allowed


def test_dates_before_the_unit_was_founded_are_refused(tree):
    with pytest.raises(ValidationError) as error:
        services.unit_rename(
            actor=tree.province_officer, unit=tree.commune_a, name="Mới", occurred_on=datetime.date(1999, 12, 31)
        )
    assert "occurred_on" in error.value.error_dict


def test_members_go_into_the_cells_of_a_grassroots_organization_that_has_cells(tree):
    from sotay.members.services import member_transfer

    with pytest.raises(ValidationError) as error:
        member_transfer(
            actor=tree.province_officer,
            member=tree.an,
            unit=tree.commune_a,
            valid_from=datetime.date(2026, 1, 1),
            reason="Chuyển",
        )
    assert "unit" in error.value.error_dict


RENAMED_ON = datetime.date(2025, 6, 10)


def _renamed_on(unit: Unit, day: datetime.date) -> Unit:
    return services.unit_rename(actor=superuser(), unit=unit, name=f"{unit.name} ({day})", occurred_on=day)


def _restructure(tree, operation: str, day: datetime.date) -> None:
    actor = tree.province_officer
    if operation == "rename":
        services.unit_rename(actor=actor, unit=tree.cell_a2, name="Chi bộ thôn Hai Mới", occurred_on=day)
    elif operation == "move":
        services.unit_move(actor=actor, unit=tree.cell_a2, new_parent=tree.commune_b, occurred_on=day)
    elif operation == "merge":
        # Chí arrived in 2026, which refuses an earlier merge on its own (tested above).
        Member.objects.filter(unit=tree.cell_a2).delete()
        rebuild_member_counts()
        services.unit_merge(actor=actor, absorbed=tree.cell_a2, survivor=tree.cell_b1, occurred_on=day)
    else:
        Member.objects.filter(unit=tree.cell_a2).delete()
        rebuild_member_counts()
        services.unit_dissolve(actor=actor, unit=tree.cell_a2, occurred_on=day)


OPERATIONS = ["rename", "move", "merge", "dissolve"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_change_dated_before_the_units_last_change_is_refused(tree, operation):
    """A merge dated 1 June after a rename on 10 June would make the history read backwards."""
    _renamed_on(tree.cell_a2, RENAMED_ON)
    with pytest.raises(ValidationError) as error:
        _restructure(tree, operation, RENAMED_ON - datetime.timedelta(days=1))
    message = error.value.message_dict["occurred_on"][0]
    assert short_date(RENAMED_ON) in message and "Chi bộ thôn Hai" in message
    _restructure(tree, operation, RENAMED_ON)  # the same day is in order


@pytest.mark.parametrize("operation", ["move", "merge"])
def test_a_change_dated_before_the_receiving_units_last_change_is_refused(tree, operation):
    receiving = tree.commune_b if operation == "move" else tree.cell_b1
    _renamed_on(receiving, RENAMED_ON)
    with pytest.raises(ValidationError) as error:
        _restructure(tree, operation, RENAMED_ON - datetime.timedelta(days=1))
    assert short_date(RENAMED_ON) in error.value.message_dict["occurred_on"][0]
    _restructure(tree, operation, RENAMED_ON)


# Checks (scope, members to move, both units' last changes, the last member's arrival), the
# absorbed unit's lock, the members' move (lock, history rows, one update, the counts of both
# ancestries), the unit's closing and its two history rows.
MERGE_QUERIES = 28


@pytest.mark.parametrize("size", [3, 25])
def test_a_merge_moves_its_members_in_statements_that_do_not_grow_with_them(tree, size, django_assert_num_queries):
    absorbed = make_unit(tree.commune_a, "Chi bộ thôn Năm", code="CA5")
    survivor = make_unit(tree.commune_a, "Chi bộ thôn Sáu", code="CA6")
    moving = [make_member(absorbed, f"Mai Văn {index}") for index in range(size)]
    with django_assert_num_queries(MERGE_QUERIES):
        services.unit_merge(actor=tree.district_officer, absorbed=absorbed, survivor=survivor, occurred_on=DAY)
    assert set(Member.objects.filter(unit=survivor).values_list("pk", flat=True)) == {m.pk for m in moving}
    rows = MemberUnitEvent.objects.filter(member__in=moving, unit=survivor)
    # Admitted in 2010, before the merge: each moves on the merge date, with the actor on record.
    assert sorted(rows.values_list("valid_from", "actor", flat=False)) == [(DAY, tree.district_officer.pk)] * size
    assert (live(absorbed), live(survivor)) == (0, size)
    assert_counts_match_a_recount()
