import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sotay.members.choices import Religion
from sotay.recruitment.choices import SourceCategory, SourceStatus
from sotay.recruitment.models import Candidate
from sotay.recruitment.services.sources import source_create, source_drop, source_update
from tests.factories import make_candidate, make_member, source_profile


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        call()
    error = raised.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def test_a_secretary_adds_a_source_to_their_cell(tree):
    source = source_create(
        actor=tree.secretary, unit=tree.cell_a1, profile=source_profile(full_name="  Đỗ  Thị Hương ")
    )
    source.refresh_from_db()
    assert (source.full_name, source.name_key, source.status) == ("Đỗ Thị Hương", "do thi huong", SourceStatus.ACTIVE)
    entry = LogEntry.objects.get_for_object(source).get()
    assert entry.actor == tree.secretary


def test_outside_their_cell_a_secretary_may_not_add_one(tree):
    with pytest.raises(PermissionDenied):
        source_create(actor=tree.secretary, unit=tree.cell_a2, profile=source_profile())
    with pytest.raises(PermissionDenied):
        source_create(actor=tree.district_viewer, unit=tree.cell_a1, profile=source_profile())
    assert not Candidate.objects.exists()


def test_a_district_is_not_a_place_for_sources(tree):
    errors = errors_of(
        lambda: source_create(actor=tree.district_officer, unit=tree.district_a, profile=source_profile())
    )
    assert "Huyện Kim Sơn is neither" in errors["unit"][0]


def test_every_mistake_is_reported_by_field_and_nothing_is_written(tree):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    profile = source_profile(full_name="", birth_date=tomorrow, identified_on=tomorrow, phone="12ab", category="pope")
    errors = errors_of(lambda: source_create(actor=tree.district_officer, unit=tree.cell_a1, profile=profile))
    assert set(errors) == {"full_name", "birth_date", "identified_on", "phone", "category"}
    assert errors["birth_date"] == ["The birth date cannot be in the future."]
    assert errors["identified_on"] == ["The date cannot be in the future."]
    assert not Candidate.objects.exists()


def test_identified_before_birth_is_refused(tree):
    profile = source_profile(birth_date=datetime.date(2000, 1, 1), identified_on=datetime.date(1999, 1, 1))
    errors = errors_of(lambda: source_create(actor=tree.district_officer, unit=tree.cell_a1, profile=profile))
    assert errors == {"identified_on": ["The date cannot be before the birth date."]}


def test_sensitive_fields_only_from_those_who_may_see_them(tree):
    profile = source_profile(religion=Religion.BUDDHISM, ethnic_minority=True)
    errors = errors_of(lambda: source_create(actor=tree.secretary, unit=tree.cell_a1, profile=profile))
    assert errors == {"religion": ["You may not set this field."], "ethnic_minority": ["You may not set this field."]}
    source = source_create(actor=tree.district_officer, unit=tree.cell_a1, profile=profile)
    assert (source.religion, source.ethnic_minority) == (Religion.BUDDHISM, True)


def test_the_helper_is_a_full_member_of_the_unit(tree):
    profile = source_profile(helper=tree.chi)  # probationary, and in cell A2
    errors = errors_of(lambda: source_create(actor=tree.district_officer, unit=tree.cell_a1, profile=profile))
    assert errors["helper"] == ["Lê Minh Chí is not a full member; a source is helped by a full member."]
    errors = errors_of(
        lambda: source_create(actor=tree.district_officer, unit=tree.cell_a2, profile=source_profile(helper=tree.an))
    )
    assert errors["helper"] == ["Nguyễn Văn An is not a member of Chi bộ thôn Hai."]
    source = source_create(actor=tree.district_officer, unit=tree.cell_a1, profile=source_profile(helper=tree.an))
    assert source.helper == tree.an


def test_the_responsible_person_holds_a_role_on_the_unit_or_above(tree):
    errors = errors_of(
        lambda: source_create(
            actor=tree.district_officer, unit=tree.cell_a1, profile=source_profile(responsible=tree.outsider)
        )
    )
    assert errors["responsible"] == ["outsider holds no role on Chi bộ thôn Một or a unit above it."]
    source = source_create(
        actor=tree.district_officer, unit=tree.cell_a1, profile=source_profile(responsible=tree.district_officer)
    )
    assert source.responsible == tree.district_officer


def test_unknown_fields_are_refused(tree):
    errors = errors_of(
        lambda: source_create(actor=tree.district_officer, unit=tree.cell_a1, profile=source_profile(status="admitted"))
    )
    assert errors == {"status": ["Unknown field."]}


def test_an_edit_checks_only_what_it_changes(tree):
    # Imported with a phone number today's rule refuses; changing the category still works.
    source = make_candidate(tree.cell_a1, phone="12ab")
    source_update(actor=tree.secretary, candidate=source, profile={"category": SourceCategory.WORKER, "phone": "12ab"})
    source.refresh_from_db()
    assert source.category == SourceCategory.WORKER
    errors = errors_of(lambda: source_update(actor=tree.secretary, candidate=source, profile={"phone": "99xx"}))
    assert set(errors) == {"phone"}
    source.refresh_from_db()
    assert source.phone == "12ab"


def test_an_edit_of_sensitive_fields_needs_the_permission(tree):
    source = make_candidate(tree.cell_a1)
    errors = errors_of(lambda: source_update(actor=tree.secretary, candidate=source, profile={"ethnicity": "Mường"}))
    assert errors == {"ethnicity": ["You may not set this field."]}
    source_update(actor=tree.district_officer, candidate=source, profile={"ethnicity": "Mường"})
    source.refresh_from_db()
    assert source.ethnicity == "Mường"


def test_a_drop_keeps_its_date_and_reason(tree):
    source = make_candidate(tree.cell_a1)
    today = timezone.localdate()
    source_drop(actor=tree.secretary, candidate=source, on=today, reason="  Chuyển vào Nam làm việc ")
    source.refresh_from_db()
    assert (source.status, source.dropped_on, source.drop_reason) == (
        SourceStatus.DROPPED,
        today,
        "Chuyển vào Nam làm việc",
    )
    errors = errors_of(lambda: source_update(actor=tree.secretary, candidate=source, profile={"notes": "x"}))
    assert "no longer a source being developed" in errors["__all__"][0]


def test_a_drop_needs_a_reason_and_a_date_in_range(tree):
    source = make_candidate(tree.cell_a1, identified_on=datetime.date(2025, 1, 6))
    errors = errors_of(
        lambda: source_drop(actor=tree.secretary, candidate=source, on=datetime.date(2025, 1, 5), reason=" ")
    )
    assert errors["reason"] == ["Give the reason the person is no longer a source."]
    assert errors["on"][0].startswith("The date cannot be before the person was identified as a source")
    source.refresh_from_db()
    assert source.status == SourceStatus.ACTIVE


def test_a_source_in_an_open_case_is_not_dropped_here(tree):
    source = make_candidate(tree.cell_a1, status=SourceStatus.IN_CASE)
    errors = errors_of(
        lambda: source_drop(actor=tree.secretary, candidate=source, on=timezone.localdate(), reason="Không đạt")
    )
    assert "open admission case" in errors["__all__"][0]
    source.refresh_from_db()
    assert source.status == SourceStatus.IN_CASE


def test_a_viewer_may_not_drop(tree):
    source = make_candidate(tree.cell_a1)
    with pytest.raises(PermissionDenied):
        source_drop(actor=tree.district_viewer, candidate=source, on=timezone.localdate(), reason="x")


def test_a_member_can_help_once_recognized(tree):
    helper = make_member(tree.cell_a2, "Hà Văn Giúp")
    source = source_create(actor=tree.district_officer, unit=tree.cell_a2, profile=source_profile(helper=helper))
    assert source.helper_id == helper.pk
