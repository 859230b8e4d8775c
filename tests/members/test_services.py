import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from sotay.core.models import Policy, PolicyParameter
from sotay.members import services
from sotay.members.choices import Category, Gender, Religion, Status
from sotay.members.models import Member, MemberStatusEvent
from sotay.members.rollups import rebuild_member_counts
from sotay.organizations.models import Unit
from sotay.organizations.services import unit_merge
from tests.factories import make_member
from tests.organizations.test_services import assert_counts_match_a_recount, live

PROFILE = {
    "full_name": "  Đỗ   Thị Hồng ",
    "gender": Gender.FEMALE,
    "birth_date": datetime.date(1995, 4, 30),
    "category": Category.CIVIL_SERVANT,
    "admitted_on": datetime.date(2025, 9, 2),
}


def test_create_writes_profile_history_counts_and_audit(tree):
    member = services.member_create(actor=tree.secretary, unit=tree.cell_a1, profile=PROFILE)
    assert member.full_name == "Đỗ Thị Hồng"
    assert member.name_key == "do thi hong"
    assert member.status == Status.PROBATIONARY
    row = MemberStatusEvent.objects.get(member=member)
    assert (row.status, row.valid_from, row.actor) == (Status.PROBATIONARY, PROFILE["admitted_on"], tree.secretary)
    assert live(tree.cell_a1) == 3
    entry = LogEntry.objects.get_for_object(member).get()
    assert entry.actor == tree.secretary
    assert_counts_match_a_recount()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "x" * 121}, "full_name"),
        ({"full_name": "Nguyễn\x00An"}, "full_name"),
        ({"birth_date": datetime.date(2990, 1, 1)}, "birth_date"),
        ({"birth_date": datetime.date(1800, 1, 1)}, "birth_date"),
        ({"admitted_on": datetime.date(1990, 1, 1)}, "admitted_on"),
        ({"recognized_on": datetime.date(2024, 1, 1)}, "recognized_on"),
        ({"gender": "other"}, "gender"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "1" * 16}, "phone"),
        ({"phone": "abc-def"}, "phone"),
        ({"phone": "0912"}, "phone"),
        ({"id_number": "12ab"}, "id_number"),
        ({"id_number": "0123456789"}, "id_number"),
        ({"birth_date": datetime.date(2008, 1, 1)}, "admitted_on"),  # 17 at admission
        ({"card_number": "same as An"}, "card_number"),
    ],
)
def test_create_bad_input_names_the_field_and_writes_nothing(tree, change, field):
    if change.get("card_number") == "same as An":
        change = {"card_number": tree.an.card_number}
    before = (Member.objects.count(), MemberStatusEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        services.member_create(actor=tree.province_officer, unit=tree.cell_a1, profile={**PROFILE, **change})
    assert field in error.value.error_dict
    assert (Member.objects.count(), MemberStatusEvent.objects.count()) == before


def test_members_go_into_cells_only(tree):
    with pytest.raises(ValidationError) as error:
        services.member_create(actor=tree.province_officer, unit=tree.district_a, profile=PROFILE)
    assert "unit" in error.value.error_dict


def test_create_outside_scope_is_refused(tree):
    with pytest.raises(PermissionDenied):
        services.member_create(actor=tree.district_officer, unit=tree.cell_b1, profile=PROFILE)
    with pytest.raises(PermissionDenied):
        services.member_create(actor=tree.district_viewer, unit=tree.cell_a1, profile=PROFILE)


def test_sensitive_fields_need_the_permission(tree):
    with pytest.raises(ValidationError) as error:
        services.member_create(
            actor=tree.secretary, unit=tree.cell_a1, profile={**PROFILE, "religion": Religion.CATHOLICISM}
        )
    assert "religion" in error.value.error_dict
    member = services.member_create(
        actor=tree.province_officer, unit=tree.cell_a1, profile={**PROFILE, "religion": Religion.CATHOLICISM}
    )
    assert member.religion == Religion.CATHOLICISM


def test_update_changes_the_profile(tree):
    services.member_update(actor=tree.secretary, member=tree.an, profile={"full_name": "Nguyễn Văn Ân"})
    member = Member.objects.get(pk=tree.an.pk)
    assert (member.full_name, member.name_key) == ("Nguyễn Văn Ân", "nguyen van an")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phone": "abc"}, "phone"),
        ({"id_number": "12ab"}, "id_number"),
        ({"birth_date": datetime.date(2014, 1, 1)}, "admitted_on"),
    ],
)
def test_update_bad_input_names_the_field_and_writes_nothing(tree, change, field):
    before = Member.objects.values().get(pk=tree.an.pk)
    with pytest.raises(ValidationError) as error:
        services.member_update(actor=tree.province_officer, member=tree.an, profile=change)
    assert field in error.value.error_dict
    assert Member.objects.values().get(pk=tree.an.pk) == before


def test_the_admission_age_cites_its_rule_and_follows_the_rule_in_force(tree):
    errors = services.profile_date_errors(datetime.date(2008, 1, 1), datetime.date(2025, 9, 2))
    assert errors["admitted_on"].startswith("A member is admitted at 18 or older (Điều lệ Đảng 2011, Điều 1)")
    PolicyParameter.objects.create(
        key=Policy.MIN_ADMISSION_AGE, value=16, effective_from=datetime.date(2025, 1, 1), source="Test rule"
    )
    assert services.profile_date_errors(datetime.date(2008, 1, 1), datetime.date(2025, 9, 2)) == {}
    # Before any rule was in force, nothing is checked.
    assert services.profile_date_errors(datetime.date(1995, 1, 1), datetime.date(2005, 1, 1)) == {}


def test_update_refuses_unknown_fields(tree):
    with pytest.raises(ValidationError):
        services.member_update(actor=tree.province_officer, member=tree.an, profile={"status": Status.EXPELLED})
    assert Member.objects.get(pk=tree.an.pk).status == Status.FULL


def test_status_change_is_a_dated_history_row(tree):
    services.member_change_status(
        actor=tree.secretary,
        member=tree.an,
        status=Status.EXEMPT,
        valid_from=datetime.date(2026, 1, 10),
        reason="Tuổi cao",
        document_ref="QĐ 3",
    )
    member = Member.objects.get(pk=tree.an.pk)
    assert member.status == Status.EXEMPT
    assert live(tree.cell_a1) == 2  # exempt members stay on the rolls
    services.member_change_status(
        actor=tree.secretary,
        member=member,
        status=Status.DECEASED,
        valid_from=datetime.date(2026, 2, 1),
        reason="Từ trần",
    )
    assert live(tree.cell_a1) == 1
    assert list(MemberStatusEvent.objects.filter(member=member).values_list("status", flat=True)) == [
        Status.DECEASED, Status.EXEMPT, Status.FULL, Status.PROBATIONARY]  # fmt: skip
    assert_counts_match_a_recount()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"valid_from": datetime.date(2009, 1, 1)}, "valid_from"),
        ({"valid_from": datetime.date.today() + datetime.timedelta(days=1)}, "valid_from"),
        ({"reason": "  "}, "reason"),
        ({"status": Status.FULL}, "status"),
        ({"status": "nonsense"}, "status"),
        ({"document_ref": "x" * 101}, "document_ref"),
    ],
)
def test_status_change_bad_input(tree, change, field):
    args = {"status": Status.EXEMPT, "valid_from": datetime.date(2026, 1, 1), "reason": "Tuổi cao", **change}
    with pytest.raises(ValidationError) as error:
        services.member_change_status(actor=tree.secretary, member=tree.an, **args)
    assert field in error.value.error_dict
    assert MemberStatusEvent.objects.filter(member=tree.an).count() == 2


def test_as_of_a_date_gives_the_same_answer_tomorrow(tree):
    services.member_change_status(
        actor=tree.secretary,
        member=tree.an,
        status=Status.EXEMPT,
        valid_from=datetime.date(2026, 1, 10),
        reason="Tuổi cao",
    )
    services.member_transfer(
        actor=tree.district_officer,
        member=tree.an,
        unit=tree.cell_a2,
        valid_from=datetime.date(2026, 2, 1),
        reason="Chuyển nơi cư trú",
    )
    before = Member.objects.with_status_on(datetime.date(2025, 12, 31)).get(pk=tree.an.pk)
    between = Member.objects.with_status_on(datetime.date(2026, 1, 20)).get(pk=tree.an.pk)
    after = Member.objects.with_status_on(datetime.date(2026, 2, 1)).get(pk=tree.an.pk)
    assert (before.status_on, before.unit_on) == (Status.FULL, tree.cell_a1.pk)
    assert (between.status_on, between.unit_on) == (Status.EXEMPT, tree.cell_a1.pk)
    assert (after.status_on, after.unit_on) == (Status.EXEMPT, tree.cell_a2.pk)
    assert Member.objects.with_status_on(datetime.date(2005, 1, 1)).get(pk=tree.an.pk).status_on is None


def test_current_values_are_those_the_history_gives_today(tree):
    """The mirrored status and cell on Member always equal what the history rows say for today."""
    services.member_transfer(
        actor=tree.district_officer,
        member=tree.binh,
        unit=tree.cell_a2,
        valid_from=datetime.date(2026, 1, 3),
        reason="Chuyển",
    )
    services.member_change_status(
        actor=tree.district_officer,
        member=tree.chi,
        status=Status.FULL,
        valid_from=datetime.date(2026, 3, 1),
        reason="Công nhận chính thức",
    )
    for member in Member.objects.with_status_on(datetime.date.today()):
        assert (member.status, member.unit_id) == (member.status_on, member.unit_on)


def test_transfer_needs_rights_on_both_cells(tree):
    with pytest.raises(PermissionDenied):
        services.member_transfer(
            actor=tree.district_officer,
            member=tree.an,
            unit=tree.cell_b1,
            valid_from=datetime.date(2026, 1, 1),
            reason="Chuyển",
        )
    services.member_transfer(
        actor=tree.province_officer,
        member=tree.an,
        unit=tree.cell_b1,
        valid_from=datetime.date(2026, 1, 1),
        reason="Chuyển",
    )
    assert live(tree.district_b) == 2
    rebuild_member_counts()
    assert live(tree.district_b) == 2


def test_no_member_enters_a_cell_that_closed_after_it_was_read(tree):
    """The cell is read again under its lock: a merge that closed it in between is seen, not undone."""
    read_before = Unit.objects.get(pk=tree.cell_a2.pk)
    unit_merge(
        actor=tree.province_officer, absorbed=tree.cell_a2, survivor=tree.cell_a1, occurred_on=datetime.date(2026, 1, 5)
    )
    with pytest.raises(ValidationError) as error:
        make_member(read_before, "Mai Văn Muộn")
    assert "dissolved" in error.value.message_dict["unit"][0]
    with pytest.raises(ValidationError):
        services.member_transfer(
            actor=tree.province_officer,
            member=tree.dung,
            unit=read_before,
            valid_from=datetime.date(2026, 2, 1),
            reason="Chuyển",
        )
    assert not Member.objects.filter(unit=tree.cell_a2).exists()
    assert_counts_match_a_recount()


def test_history_dates_cannot_be_rewritten_through_the_profile(tree):
    with pytest.raises(ValidationError) as error:
        services.member_update(
            actor=tree.province_officer, member=tree.chi, profile={"recognized_on": datetime.date(2026, 2, 1)}
        )
    assert "recognized_on" in error.value.error_dict
    assert Member.objects.get(pk=tree.chi.pk).status == Status.PROBATIONARY


def test_an_edit_is_not_blocked_by_a_legacy_value_it_leaves_alone(tree):
    # As a bulk import might leave it: admitted at 16, a phone in an old format.
    Member.objects.filter(pk=tree.an.pk).update(birth_date=datetime.date(1994, 1, 1), phone="(nhà) 38.123")
    member = Member.objects.get(pk=tree.an.pk)
    services.member_update(actor=tree.province_officer, member=member, profile={"occupation": "Giáo viên"})
    assert Member.objects.get(pk=tree.an.pk).occupation == "Giáo viên"
    with pytest.raises(ValidationError) as error:
        services.member_update(actor=tree.province_officer, member=member, profile={"phone": "(nhà) 38.124"})
    assert "phone" in error.value.error_dict


def test_phone_numbers_are_kept_as_digits(tree):
    services.member_update(actor=tree.province_officer, member=tree.an, profile={"phone": " +84 912.345-678 "})
    assert Member.objects.get(pk=tree.an.pk).phone == "+84912345678"


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (datetime.date(2022, 2, 28), 17),  # born 29 February 2004: not yet 18 on the 28th
        (datetime.date(2022, 3, 1), 18),
        (datetime.date(2024, 2, 29), 20),
    ],
)
def test_age_on_a_day_for_someone_born_on_29_february(day, age):
    assert services.age_on(day, datetime.date(2004, 2, 29)) == age
