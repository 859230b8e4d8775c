"""Activation: a code issued by the cell, used once with the member's phone or card number; wrong,
used, voided, expired and guessed codes refused with a message that says what to do; limits per
code, per account and per address; no activation where the handbook is off."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sotay.accounts.models import ActivationCode, AttemptFailure, User
from sotay.accounts.services.activation import (
    TooManyAttemptsError,
    account_activate,
    code_digest,
    codes_issue,
    shown,
)
from sotay.accounts.services.rollout import handbook_switch_set
from sotay.members.models import Member
from tests.factories import issue_code, make_member, switch_handbook_on

PASSWORD = "mat-khau-rat-dai-2026"
ADDRESS = "203.0.113.9"


@pytest.fixture
def on(tree):
    switch_handbook_on(tree.province)
    Member.objects.filter(pk=tree.an.pk).update(phone="0912345678")
    tree.an.refresh_from_db()
    return tree


def activate(code, identifier="0912345678", password=PASSWORD, address=ADDRESS):
    return account_activate(code=code, identifier=identifier, password=password, address=address)


def messages(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


def test_a_code_activates_the_members_account_once_with_their_phone_or_card(on):
    code = issue_code(on.an)
    user = activate(shown(code).lower(), identifier="0912 345 678")  # as typed from the sheet, on a phone
    assert (user.member_id, user.check_password(PASSWORD)) == (on.an.pk, True)
    assert user.username != on.an.phone
    other = issue_code(on.chi)
    assert activate(other, identifier=on.chi.card_number).member_id == on.chi.pk


def test_codes_are_stored_hashed_and_expire_after_the_policy_days(on):
    code = issue_code(on.an)
    row = ActivationCode.objects.get(member_id=on.an.pk)
    assert row.digest == code_digest(code) and code not in row.digest
    assert (row.expires_at - row.issued_at) == datetime.timedelta(days=14)


def test_a_wrong_code_is_refused(on):
    issue_code(on.an)
    with pytest.raises(ValidationError) as error:
        activate("ABCD-EFGH")
    assert "not right" in messages(error.value, "code")


def test_a_used_code_is_refused_and_says_to_sign_in(on):
    code = issue_code(on.an)
    activate(code)
    with pytest.raises(ValidationError) as error:
        activate(code)
    assert "already been used" in messages(error.value, "code")
    assert User.objects.filter(member_id=on.an.pk).count() == 1


def test_an_expired_code_is_refused_with_its_date(on):
    code = issue_code(on.an)
    expired = timezone.now() - datetime.timedelta(minutes=1)
    ActivationCode.objects.filter(member_id=on.an.pk).update(expires_at=expired)
    with pytest.raises(ValidationError) as error:
        activate(code)
    assert "expired on " + timezone.localdate(expired).strftime("%d/%m/%Y") in messages(error.value, "code")
    assert not User.objects.filter(member_id=on.an.pk).exists()


def test_a_new_code_voids_the_older_one(on):
    old = issue_code(on.an)
    new = issue_code(on.an)
    with pytest.raises(ValidationError) as error:
        activate(old)
    assert "newer one replaced it" in messages(error.value, "code")
    assert activate(new).member_id == on.an.pk


def test_wrong_phone_numbers_count_down_then_void_the_code(on):
    code = issue_code(on.an)
    for left in (4, 3, 2, 1):
        with pytest.raises(ValidationError) as error:
            activate(code, identifier="0988000111", address=f"198.51.100.{left}")
        assert f"{left} more tr" in messages(error.value, "identifier")
    with pytest.raises(ValidationError) as error:
        activate(code, identifier="0988000111", address="198.51.100.9")
    assert "now blocked" in messages(error.value, "identifier")
    with pytest.raises(ValidationError):  # even the right number no longer helps
        activate(code, address="198.51.100.10")
    assert ActivationCode.objects.get(member_id=on.an.pk).voided_at is not None


def test_brute_forced_codes_from_one_address_are_refused_with_a_wait(on, settings):
    code = issue_code(on.an)
    for attempt in range(settings.ACTIVATION_ADDRESS_LIMIT):
        with pytest.raises(ValidationError):
            activate(f"AAAA{attempt:04d}")
    with pytest.raises(TooManyAttemptsError) as error:
        activate(code)  # the right code too: the address is refused before any code is looked at
    assert "Try again in 15 minutes." in error.value.message
    assert activate(code, address="198.51.100.20").member_id == on.an.pk  # another network is not refused


def test_the_address_limit_lifts_after_the_cool_off(on, settings):
    code = issue_code(on.an)
    AttemptFailure.objects.bulk_create(
        AttemptFailure(key=f"address:{ADDRESS}", at=timezone.now() - datetime.timedelta(minutes=14))
        for _ in range(settings.ACTIVATION_ADDRESS_LIMIT)
    )
    with pytest.raises(TooManyAttemptsError) as error:
        activate(code)
    assert "Try again in 1 minute." in error.value.message
    AttemptFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
    assert activate(code).member_id == on.an.pk


def test_wrong_numbers_against_one_account_from_many_addresses_are_limited(on, settings):
    """Codes re-issued each time do not give endless tries at someone's account."""
    settings.ACTIVATION_MEMBER_LIMIT = 3
    for attempt in range(3):
        code = issue_code(on.an)
        with pytest.raises(ValidationError):
            activate(code, identifier="0988000111", address=f"198.51.100.{attempt}")
    code = issue_code(on.an)
    with pytest.raises(TooManyAttemptsError) as error:
        activate(code, address="198.51.100.50")
    assert "Too many wrong attempts for this account." in error.value.message


def test_a_code_for_a_unit_where_the_handbook_is_off_is_refused(on):
    code = issue_code(on.an)
    handbook_switch_set(actor=on.province_officer, unit=on.district_a, on=False)
    with pytest.raises(ValidationError) as error:
        activate(code)
    assert "not open to members of Chi bộ thôn Một" in messages(error.value, "code")


def test_no_codes_are_issued_where_the_handbook_is_off_and_the_officer_reads_why(tree):
    with pytest.raises(ValidationError) as error:
        codes_issue(actor=tree.secretary, unit=tree.cell_a1)
    assert "has not been switched on for Chi bộ thôn Một or any unit above it" in " ".join(error.value.messages)
    handbook_switch_set(actor=tree.province_officer, unit=tree.province, on=True)
    handbook_switch_set(actor=tree.district_officer, unit=tree.district_a, on=False)
    with pytest.raises(ValidationError) as error:
        codes_issue(actor=tree.secretary, unit=tree.cell_a1)
    assert "switched off for Huyện Kim Sơn on" in " ".join(error.value.messages)


def test_a_weak_password_is_refused_and_the_code_still_works(on):
    code = issue_code(on.an)
    with pytest.raises(ValidationError) as error:
        activate(code, password="123")
    assert messages(error.value, "password")
    assert activate(code).member_id == on.an.pk


def test_issuing_for_a_whole_cell_skips_members_who_have_an_account(on):
    activate(issue_code(on.an))
    make_member(on.cell_a1, "Đỗ Văn Em")
    issue = codes_issue(actor=on.secretary, unit=on.cell_a1)
    # Bình has had an account since the tree was built (tree.member_user).
    assert [item.member.full_name for item in issue.issued] == ["Đỗ Văn Em"]
    assert [member.full_name for member in issue.skipped] == ["Nguyễn Văn An", "Trần Thị Bình"]
