"""The transition table: every allowed move, and every other one refused with a sentence."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from sotay.core.permissions import RECRUITMENT_CHANGE, RECRUITMENT_DECIDE
from sotay.recruitment import transitions
from sotay.recruitment.choices import CLOSED_STEPS, CaseAction, Step
from sotay.recruitment.transitions import PATH, TRANSITIONS, add_months, add_working_days, find, next_step


def test_the_way_to_full_membership_is_every_step_in_order():
    assert [next_step(step) for step in PATH[:-1]] == list(PATH[1:])
    assert next_step(Step.RECOGNIZED) is None
    assert set(PATH) | {Step.REJECTED, Step.WITHDRAWN, Step.REMOVED} == set(Step)


def test_every_allowed_move_is_found():
    for move in TRANSITIONS:
        target = move.target if move.action == CaseAction.ADVANCE else None
        assert find(move.action, move.source, target) == move


def test_the_committee_records_its_own_steps():
    decide = {m.target for m in transitions.ADVANCES if m.permission == RECRUITMENT_DECIDE}
    assert decide == {Step.BACKGROUND_VERIFIED, Step.COMMITTEE_RESOLVED, Step.ADMITTED, Step.RECOGNIZED}
    removals = [m for m in TRANSITIONS if m.target == Step.REMOVED]
    assert {m.source for m in removals} == {Step.ADMITTED, Step.SWORN_IN, Step.PROBATION_REVIEWED,
                                            Step.RECOGNITION_VOTED}  # fmt: skip
    assert all(m.permission == RECRUITMENT_DECIDE for m in removals)
    early = find(CaseAction.REJECT, Step.APPLIED)
    late = find(CaseAction.REJECT, Step.CELL_VOTED)
    assert (early.permission, late.permission) == (RECRUITMENT_CHANGE, RECRUITMENT_DECIDE)


def test_moves_back_or_out_need_a_reason():
    for move in TRANSITIONS:
        assert (transitions.REASON in move.needs) == (move.action != CaseAction.ADVANCE)


ALLOWED = {(m.action, m.source) for m in TRANSITIONS}
FORBIDDEN = [(action, step) for action in CaseAction.values for step in Step if (action, step) not in ALLOWED]


@pytest.mark.parametrize(("action", "step"), FORBIDDEN)
def test_every_forbidden_move_is_refused_with_a_reason(action, step):
    with pytest.raises(ValidationError) as refused:
        find(action, step)
    message = " ".join(refused.value.message_dict["to_step"])
    if step in CLOSED_STEPS:
        assert "closed" in message
    elif action == CaseAction.SEND_BACK and step == Step.OPENED:
        assert "first step cannot be sent back" in message
    elif action == CaseAction.SEND_BACK:
        assert step == Step.ADMITTED and "probationary member" in message
    else:
        assert action == CaseAction.WITHDRAW and "not withdrawn" in message


def test_forbidden_moves_are_the_ones_the_rules_forbid():
    assert set(FORBIDDEN) == (
        {(action, step) for action in CaseAction.values for step in CLOSED_STEPS}
        | {(CaseAction.SEND_BACK, Step.OPENED), (CaseAction.SEND_BACK, Step.ADMITTED)}
        | {(CaseAction.WITHDRAW, step) for step in transitions.ON_PROBATION}
    )


def test_skipping_a_step_names_the_next_one():
    with pytest.raises(ValidationError, match="the next step is “Application submitted”, not “Cell voted”"):
        find(CaseAction.ADVANCE, Step.AWARENESS_CERTIFIED, Step.CELL_VOTED)


def test_recording_the_step_the_case_is_already_at_says_someone_did():
    with pytest.raises(ValidationError, match="already at “Introduced”: someone recorded this step meanwhile"):
        find(CaseAction.ADVANCE, Step.INTRODUCED, Step.INTRODUCED)


def test_sending_back_goes_one_step_back():
    assert find(CaseAction.SEND_BACK, Step.INTRODUCED).target == Step.APPLIED
    assert find(CaseAction.SEND_BACK, Step.SWORN_IN).target == Step.ADMITTED


def test_working_days_skip_weekends():
    friday = datetime.date(2026, 11, 27)
    assert add_working_days(friday, 1) == datetime.date(2026, 11, 30)
    assert add_working_days(friday, 5) == datetime.date(2026, 12, 4)
    assert add_working_days(datetime.date(2024, 8, 1), 30) == datetime.date(2024, 9, 12)


def test_months_end_on_the_last_day_of_a_short_month():
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 8, 20), 12) == datetime.date(2025, 8, 20)
    assert add_months(datetime.date(2024, 12, 5), 1) == datetime.date(2025, 1, 5)
