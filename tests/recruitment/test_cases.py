"""Admission case services: opening, every step's guard at its boundaries, the decision, recognition,
removal, and moves back or out."""

import datetime
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sotay.members.choices import Status
from sotay.members.models import Member, MemberStatusEvent
from sotay.members.services import member_recognize
from sotay.organizations.models import Unit
from sotay.recruitment.choices import CaseAction, SourceStatus, Step, TallyCategory
from sotay.recruitment.models import AdmissionCase, AdmissionTally, CaseEvent, Introduction
from sotay.recruitment.services.cases import (
    IntroducerIn,
    Votes,
    case_advance,
    case_open,
    case_reject,
    case_send_back,
    case_withdraw,
)
from tests.factories import CASE_DATES, advance_args, make_candidate, make_member, pass_awareness, walk_case

D = CASE_DATES


def advance(case, actor, to, **changes):
    return case_advance(actor=actor, case=case, **{**advance_args(case, to), **changes})


@contextmanager
def refused(field, *, match=""):
    """Expect a ValidationError with a message on `field` (containing `match`)."""
    with pytest.raises(ValidationError) as error:
        yield
    messages = " ".join(error.value.message_dict.get(field, []))
    assert messages, f"no message on {field}: {error.value.message_dict}"
    assert match in messages, messages


# Opening ------------------------------------------------------------------------------------------


def test_opening_a_case_records_the_checks_and_the_first_deadline(tree, candidate):
    case = case_open(actor=tree.secretary, candidate=candidate, opened_on=D["opened"])
    candidate.refresh_from_db()
    assert (case.step, case.step_on, case.unit, candidate.status) == (
        Step.OPENED,
        D["opened"],
        tree.cell_a1,
        SourceStatus.IN_CASE,
    )
    assert case.due_on == D["opened"] + datetime.timedelta(days=180)
    event = case.events.get()
    assert (event.action, event.to_step, event.actor) == (CaseAction.ADVANCE, Step.OPENED, tree.secretary)
    assert {check["rule"] for check in event.checks} == {"citizenship", "age", "education", "religion"}


def test_a_case_is_not_opened_for_someone_failing_a_rule(tree):
    source = make_candidate(
        tree.cell_a1, "Vũ Văn Nam", general_education="5/12", identified_on=datetime.date(2024, 1, 8)
    )
    with refused("__all__", match="Needs general education to grade 9/12 (Điều lệ Đảng, Điều 1"):
        case_open(actor=tree.secretary, candidate=source, opened_on=D["opened"])
    assert not AdmissionCase.objects.exists()


def test_a_source_too_young_today_may_start_the_way_to_the_vote(tree):
    source = make_candidate(tree.cell_a1, "Vũ Văn Nam", birth_date=datetime.date(2006, 7, 16),
                            identified_on=datetime.date(2024, 1, 8))  # fmt: skip
    case = case_open(actor=tree.secretary, candidate=source, opened_on=D["opened"])
    assert [c["outcome"] for c in case.events.get().checks if c["rule"] == "age"] == ["fail"]


def test_a_second_case_for_the_same_source_is_refused(tree, case, candidate):
    with refused("__all__", match="not a source being developed"):
        case_open(actor=tree.secretary, candidate=candidate, opened_on=D["opened"])


def test_a_case_outside_the_actors_units_is_refused(tree, candidate):
    with pytest.raises(PermissionDenied):
        case_open(actor=tree.outsider, candidate=candidate, opened_on=D["opened"])


# The whole way ------------------------------------------------------------------------------------


def test_a_candidate_walks_from_source_to_full_member(tree, case, candidate):
    walk_case(case, tree.district_officer, Step.SWORN_IN)
    member = case.member
    assert member.status == Status.PROBATIONARY and member.admitted_on == D["admitted"]
    assert (member.full_name, member.unit, member.birth_date) == ("Đỗ Thị Hoa", tree.cell_a1, candidate.birth_date)
    assert case.guide == tree.an
    walk_case(case, tree.district_officer, Step.RECOGNIZED)
    member.refresh_from_db()
    candidate.refresh_from_db()
    assert (member.status, member.recognized_on) == (Status.FULL, D["recognized"])
    assert (case.step, case.closed_on, case.due_on) == (Step.RECOGNIZED, D["recognized"], None)
    assert candidate.status == SourceStatus.ADMITTED
    assert list(case.events.values_list("to_step", flat=True)) == [
        "opened", "awareness_certified", "applied", "introduced", "comments_collected", "background_verified",
        "cell_voted", "committee_resolved", "admitted", "sworn_in", "probation_reviewed", "recognition_voted",
        "recognized",
    ]  # fmt: skip
    assert set(case.events.values_list("actor", flat=True)) == {tree.district_officer.pk}
    statuses = MemberStatusEvent.objects.filter(member=member).order_by("valid_from")
    assert [(e.status, e.valid_from) for e in statuses] == [
        (Status.PROBATIONARY, D["admitted"]),
        (Status.FULL, D["recognized"]),
    ]


def test_the_decision_counts_the_admission_up_the_tree(tree, case):
    walk_case(case, tree.district_officer, Step.ADMITTED)
    counted = AdmissionTally.objects.filter(day=D["admitted"], category=TallyCategory.ALL)
    assert {row.unit_id: row.subtree_count for row in counted} == {
        unit.pk: 1
        for unit in (tree.cell_a1, tree.commune_a, tree.district_a, tree.province, Unit.objects.get(code="TW"))
    }
    assert AdmissionTally.objects.filter(unit=tree.cell_a1, category=TallyCategory.WORKERS).get().subtree_count == 1
    assert AdmissionTally.objects.filter(unit=tree.cell_a1, category=TallyCategory.UNDER_30).exists()


def test_each_step_sets_the_next_deadline(tree, case):
    walk_case(case, tree.district_officer, Step.COMMITTEE_RESOLVED)
    assert case.due_on == datetime.date(2024, 9, 12)  # 30 working days
    walk_case(case, tree.district_officer, Step.SWORN_IN)
    assert case.due_on == datetime.date(2025, 8, 20)  # 12 months after admission


# Guards -------------------------------------------------------------------------------------------


def test_the_awareness_step_needs_a_certificate_passed_by_its_date(tree, case, candidate):
    with refused("__all__", match="no certificate of an awareness class"):
        advance(case, tree.secretary, Step.AWARENESS_CERTIFIED)
    pass_awareness(candidate, on=D["awareness_certified"] + datetime.timedelta(days=1))
    with refused("__all__", match="no certificate"):
        advance(case, tree.secretary, Step.AWARENESS_CERTIFIED)
    pass_awareness(candidate, on=D["awareness_certified"], number="NT-77")
    event = advance(case, tree.secretary, Step.AWARENESS_CERTIFIED)
    assert event.checks[0]["value"] == "NT-77"


@pytest.fixture
def applied(tree, case):
    return walk_case(case, tree.district_officer, Step.APPLIED)


def test_introducers_with_twelve_months_pass_and_eleven_are_refused(tree, applied):
    short = [IntroducerIn(member=tree.an, shared_months=12), IntroducerIn(member=tree.binh, shared_months=11)]
    with refused("introducers", match="Trần Thị Bình worked with the candidate for 11 months; an introducer needs "
                                      "at least 12 (Điều lệ Đảng, Điều 4)"):  # fmt: skip
        advance(applied, tree.secretary, Step.INTRODUCED, introducers=short)
    assert not Introduction.objects.exists() and applied.step == Step.APPLIED
    enough = [IntroducerIn(member=tree.an, shared_months=12), IntroducerIn(member=tree.binh, shared_months=12)]
    event = advance(applied, tree.secretary, Step.INTRODUCED, introducers=enough)
    assert [c["rule"] for c in event.checks] == ["introducer", "introducer"]
    assert set(Introduction.objects.values_list("introducer", "shared_months")) == {(tree.an.pk, 12),
                                                                                    (tree.binh.pk, 12)}  # fmt: skip


def test_the_youth_union_and_one_full_member_may_introduce(tree, applied):
    introducers = [IntroducerIn(organization="youth_union"), IntroducerIn(member=tree.an, shared_months=30)]
    advance(applied, tree.secretary, Step.INTRODUCED, introducers=introducers)
    assert set(Introduction.objects.values_list("organization", flat=True)) == {"youth_union", ""}


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (lambda t: [IntroducerIn(member=t.an, shared_months=20)], "Two full members introduce the candidate"),
        (lambda t: [IntroducerIn(organization="womens_union"), IntroducerIn(member=t.an, shared_months=20)],
         "Only the Youth Union or the trade union"),
        (lambda t: [IntroducerIn(member=t.an, shared_months=20)] * 2, "two different members"),
        (lambda t: [IntroducerIn(member=t.an, shared_months=20), IntroducerIn(member=t.chi, shared_months=20)],
         "Lê Minh Chí is not a full member"),
    ],
)  # fmt: skip
def test_introductions_the_charter_does_not_allow_are_refused(tree, applied, who, message):
    with refused("introducers", match=message):
        advance(applied, tree.secretary, Step.INTRODUCED, introducers=who(tree))


@pytest.fixture
def verified(tree, case):
    return walk_case(case, tree.district_officer, Step.BACKGROUND_VERIFIED)


def test_exactly_two_thirds_of_the_cells_full_members_carries_the_vote(tree, verified):
    with refused("votes_for", match="5 of 9 in favour is short of 2/3 of the cell's full members (Điều lệ Đảng, "
                                    "Điều 4): at least 6 are needed"):  # fmt: skip
        advance(verified, tree.secretary, Step.CELL_VOTED, votes=Votes(5, 4, 9))
    event = advance(verified, tree.secretary, Step.CELL_VOTED, votes=Votes(6, 3, 9))
    assert (event.votes_for, event.votes_against, event.voters) == (6, 3, 9)
    assert "votes" in [c["rule"] for c in event.checks]


@pytest.mark.parametrize(
    ("votes", "field"),
    [(Votes(None, 0, 9), "votes_for"), (Votes(6, 4, 9), "votes_against"), (Votes(0, 0, 0), "voters"),
     (Votes(-1, 0, 9), "votes_for")],
)  # fmt: skip
def test_impossible_vote_counts_are_refused(tree, verified, votes, field):
    with refused(field):
        advance(verified, tree.secretary, Step.CELL_VOTED, votes=votes)


def test_the_committee_resolution_also_needs_two_thirds(tree, case):
    walk_case(case, tree.district_officer, Step.CELL_VOTED)
    with refused("votes_for", match="2/3 of the committee's members"):
        advance(case, tree.district_officer, Step.COMMITTEE_RESOLVED, votes=Votes(4, 3, 7))
    advance(case, tree.district_officer, Step.COMMITTEE_RESOLVED, votes=Votes(5, 2, 7))


@pytest.mark.parametrize(
    ("vote_on", "passes"), [(datetime.date(2024, 7, 15), False), (datetime.date(2024, 7, 16), True)]
)
def test_the_candidate_is_eighteen_on_the_day_of_the_cells_vote(tree, vote_on, passes):
    source = make_candidate(tree.cell_a1, "Vũ Văn Nam", birth_date=datetime.date(2006, 7, 16),
                            identified_on=datetime.date(2024, 1, 8))  # fmt: skip
    case = walk_case(case_open(actor=tree.secretary, candidate=source, opened_on=D["opened"]),
                     tree.district_officer, Step.BACKGROUND_VERIFIED)  # fmt: skip
    if passes:
        event = advance(case, tree.secretary, Step.CELL_VOTED, occurred_on=vote_on)
        assert [c["outcome"] for c in event.checks if c["rule"] == "age"] == ["pass"]
    else:
        with refused("__all__", match="Must be 18 on the day of the cell's vote"):
            advance(case, tree.secretary, Step.CELL_VOTED, occurred_on=vote_on)


def test_over_sixty_on_the_vote_goes_on_with_the_approval_noted(tree):
    source = make_candidate(tree.cell_a1, "Vũ Văn Nam", birth_date=datetime.date(1964, 7, 14),
                            identified_on=datetime.date(2024, 1, 8))  # fmt: skip
    case = walk_case(case_open(actor=tree.secretary, candidate=source, opened_on=D["opened"]),
                     tree.district_officer, Step.BACKGROUND_VERIFIED)  # fmt: skip
    on_birthday = advance(case, tree.secretary, Step.CELL_VOTED, occurred_on=datetime.date(2024, 7, 14))
    assert [c["outcome"] for c in on_birthday.checks if c["rule"] == "age"] == ["pass"]
    case_send_back(actor=tree.secretary, case=case, occurred_on=datetime.date(2024, 7, 14), reason="Họp lại")
    day_after = advance(case, tree.secretary, Step.CELL_VOTED, occurred_on=datetime.date(2024, 7, 15))
    assert [c["outcome"] for c in day_after.checks if c["rule"] == "age"] == ["approval"]


def test_only_the_committee_records_its_steps(tree, case):
    walk_case(case, tree.district_officer, Step.COMMENTS_COLLECTED)
    with pytest.raises(PermissionDenied, match="Only the committee's organizing officers"):
        advance(case, tree.secretary, Step.BACKGROUND_VERIFIED)
    with pytest.raises(PermissionDenied):
        advance(case, tree.district_viewer, Step.BACKGROUND_VERIFIED)
    assert case.events.count() == 5


def test_the_decision_needs_its_number_and_the_members_category(tree, case):
    walk_case(case, tree.district_officer, Step.COMMITTEE_RESOLVED)
    with pytest.raises(ValidationError) as error:
        advance(case, tree.district_officer, Step.ADMITTED, document_ref="", member_category="")
    assert {"document_ref", "member_category"} <= error.value.message_dict.keys()
    assert not Member.objects.filter(full_name="Đỗ Thị Hoa").exists()


def test_a_late_decision_needs_the_reason_for_the_delay(tree, case):
    walk_case(case, tree.district_officer, Step.COMMITTEE_RESOLVED)
    late = datetime.date(2024, 9, 13)  # the deadline is 12 September 2024
    with refused("reason", match="due within 30 working days of the committee's resolution"):
        advance(case, tree.district_officer, Step.ADMITTED, occurred_on=late)
    assert not Member.objects.filter(full_name="Đỗ Thị Hoa").exists()
    event = advance(case, tree.district_officer, Step.ADMITTED, occurred_on=late, reason="Chờ thẩm tra bổ sung")
    assert [c["outcome"] for c in event.checks if c["rule"] == "deadline"] == ["fail"]
    assert case.member.admitted_on == late


def test_the_guide_is_a_full_member_of_the_cell(tree, case):
    walk_case(case, tree.district_officer, Step.ADMITTED)
    with refused("guide", match="Lê Minh Chí is not a full member of Chi bộ thôn Một"):
        advance(case, tree.secretary, Step.SWORN_IN, guide=tree.chi)
    with refused("guide"):
        advance(case, tree.secretary, Step.SWORN_IN, guide=None)


def test_the_probation_is_reviewed_at_its_end(tree, case):
    walk_case(case, tree.district_officer, Step.SWORN_IN)
    with refused("occurred_on", match="runs until"):
        advance(case, tree.secretary, Step.PROBATION_REVIEWED, occurred_on=datetime.date(2025, 8, 19))
    advance(case, tree.secretary, Step.PROBATION_REVIEWED, occurred_on=datetime.date(2025, 8, 20))


def test_a_step_cannot_be_dated_before_the_last_one_or_in_the_future(tree, case):
    with refused("occurred_on", match="cannot be before the last recorded step"):
        case_advance(actor=tree.secretary, case=case, to_step=Step.AWARENESS_CERTIFIED,
                     occurred_on=D["opened"] - datetime.timedelta(days=1))  # fmt: skip
    with refused("occurred_on", match="future"):
        case_advance(actor=tree.secretary, case=case, to_step=Step.AWARENESS_CERTIFIED,
                     occurred_on=datetime.date.today() + datetime.timedelta(days=2))  # fmt: skip


def test_a_step_already_recorded_is_not_recorded_twice(tree, case):
    walk_case(case, tree.district_officer, Step.APPLIED)
    stale = AdmissionCase.objects.get(pk=case.pk)
    walk_case(case, tree.district_officer, Step.INTRODUCED)
    with refused("to_step", match="someone recorded this step meanwhile"):
        advance(stale, tree.secretary, Step.INTRODUCED)
    assert CaseEvent.objects.filter(case=case, to_step=Step.INTRODUCED).count() == 1


# Back and out -------------------------------------------------------------------------------------


def test_sending_back_needs_a_reason_and_goes_one_step_back(tree, case):
    walk_case(case, tree.district_officer, Step.INTRODUCED)
    with refused("reason", match="Give the reason"):
        case_send_back(actor=tree.secretary, case=case, occurred_on=D["introduced"], reason="  ")
    event = case_send_back(actor=tree.secretary, case=case, occurred_on=D["introduced"], reason="Thiếu ý kiến",
                           from_step=Step.INTRODUCED)  # fmt: skip
    assert (event.from_step, event.to_step, case.step) == (Step.INTRODUCED, Step.APPLIED, Step.APPLIED)
    assert case.due_on == D["introduced"] + datetime.timedelta(days=30)
    with refused("to_step", match="has moved to “Application submitted” since you opened it"):
        case_send_back(actor=tree.secretary, case=case, occurred_on=D["introduced"], reason="Lần nữa",
                       from_step=Step.INTRODUCED)  # fmt: skip


def test_a_rejected_case_is_closed_and_the_source_is_back_in_development(tree, case, candidate):
    case_reject(actor=tree.secretary, case=case, occurred_on=D["opened"], reason="Vi phạm chính sách dân số")
    candidate.refresh_from_db()
    assert (case.step, case.closed_on, case.due_on, candidate.status) == (
        Step.REJECTED, D["opened"], None, SourceStatus.ACTIVE,
    )  # fmt: skip
    with refused("to_step", match="This case is closed (Rejected)"):
        case_withdraw(actor=tree.secretary, case=case, occurred_on=D["opened"], reason="Xin rút")
    again = case_open(actor=tree.secretary, candidate=candidate, opened_on=D["applied"])
    assert again.pk != case.pk


def test_after_the_cells_vote_only_the_committee_rejects(tree, case):
    walk_case(case, tree.district_officer, Step.CELL_VOTED)
    with pytest.raises(PermissionDenied):
        case_reject(actor=tree.secretary, case=case, occurred_on=D["cell_voted"], reason="Không đạt")
    case_reject(actor=tree.district_officer, case=case, occurred_on=D["cell_voted"], reason="Không đạt")
    assert case.step == Step.REJECTED


def test_after_the_decision_the_case_is_not_withdrawn_or_sent_back(tree, case):
    walk_case(case, tree.district_officer, Step.ADMITTED)
    with refused("to_step", match="not withdrawn"):
        case_withdraw(actor=tree.district_officer, case=case, occurred_on=D["admitted"], reason="Xin rút")
    with refused("to_step", match="cannot be sent back"):
        case_send_back(actor=tree.district_officer, case=case, occurred_on=D["admitted"], reason="Sai")


def test_a_failed_probation_removes_the_member(tree, case):
    walk_case(case, tree.district_officer, Step.PROBATION_REVIEWED)
    with pytest.raises(PermissionDenied):
        case_reject(actor=tree.secretary, case=case, occurred_on=D["probation_reviewed"], reason="Không đủ tư cách")
    case_reject(actor=tree.district_officer, case=case, occurred_on=D["probation_reviewed"], reason="Không đủ tư cách")
    member = Member.objects.get(pk=case.member.pk)
    assert (case.step, member.status) == (Step.REMOVED, Status.REMOVED)
    assert case.events.last().reason == "Không đủ tư cách"


def test_withdrawing_needs_only_the_cell(tree, case):
    case_withdraw(actor=tree.secretary, case=case, occurred_on=D["opened"], reason="Chuyển công tác")
    assert case.step == Step.WITHDRAWN


def test_a_member_of_another_cell_introduces_when_full(tree, applied):
    other = make_member(tree.cell_a2, "Hồ Văn Sơn")
    introducers = [IntroducerIn(member=other, shared_months=12), IntroducerIn(member=tree.an, shared_months=12)]
    advance(applied, tree.secretary, Step.INTRODUCED, introducers=introducers)
    assert applied.step == Step.INTRODUCED


def test_recognition_is_only_for_a_probationary_member(tree):
    with refused("status", match="Only a probationary member"):
        member_recognize(actor=tree.district_officer, member=tree.an, recognized_on=D["recognized"], reason="x")


def test_the_committee_member_responsible_for_the_source_follows_the_case(tree, client_for):
    source = make_candidate(tree.cell_a2, "Vũ Văn Nam", identified_on=datetime.date(2024, 1, 8),
                            responsible=tree.district_officer)  # fmt: skip
    case = case_open(actor=tree.district_officer, candidate=source, opened_on=D["opened"])
    assert case.responsible == tree.district_officer
    rows = client_for(tree.district_officer).get("/recruitment/cases/mine/").context["rows"]
    assert [row["case"].pk for row in rows] == [case.pk] and rows[0]["case"].overdue


def test_a_case_opens_with_the_responsible_person_chosen(tree, candidate):
    officer = tree.province_officer
    case = case_open(actor=tree.secretary, candidate=candidate, opened_on=D["opened"], responsible=officer)
    assert case.responsible == tree.province_officer


def test_a_case_cannot_be_followed_by_someone_without_a_role_above_its_cell(tree, candidate):
    with refused("responsible", match="holds no role on Chi bộ thôn Một or a unit above it"):
        case_open(actor=tree.district_officer, candidate=candidate, opened_on=D["opened"], responsible=tree.outsider)
    assert not AdmissionCase.objects.filter(candidate=candidate).exists()


def test_changing_who_follows_an_open_case_is_in_the_audit_log(tree, case):
    from auditlog.models import LogEntry

    from sotay.recruitment.services.cases import case_set_responsible

    case_set_responsible(actor=tree.secretary, case=case, responsible=tree.district_officer)
    case.refresh_from_db()
    assert case.responsible == tree.district_officer
    entry = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == tree.secretary
    assert entry.changes_dict["responsible"] == ["None", str(tree.district_officer.pk)]
    case_set_responsible(actor=tree.secretary, case=case, responsible=None)
    case.refresh_from_db()
    assert case.responsible is None
    with refused("responsible", match="holds no role"):
        case_set_responsible(actor=tree.secretary, case=case, responsible=tree.outsider)
    with pytest.raises(PermissionDenied):
        case_set_responsible(actor=tree.district_viewer, case=case, responsible=tree.district_officer)
    case_withdraw(actor=tree.secretary, case=case, occurred_on=D["opened"], reason="Chuyển công tác")
    with refused("__all__", match="This case is closed"):
        case_set_responsible(actor=tree.secretary, case=case, responsible=tree.district_officer)
