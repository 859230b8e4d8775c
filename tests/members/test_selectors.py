import datetime

from sotay.members.selectors import MemberFilters, member_page, own_units
from sotay.members.services import member_transfer
from sotay.organizations.models import Unit


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
