"""The admission case's state machine, in one place: which move may follow which step, who may
record it, what it needs, and when the next step is due.

A case's `step` is the last step completed. `TRANSITIONS` lists every allowed move; anything not
in it is refused by `find()` with a sentence saying why and what the case can do instead. The
services (`sotay.recruitment.services.cases`) run the guards; pages and the API ask
`allowed_moves()` what to offer. See docs/decisions/0007-admission-state-machine.md.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sotay.core.models import Policy
from sotay.core.permissions import RECRUITMENT_CHANGE, RECRUITMENT_DECIDE
from sotay.recruitment.choices import CLOSED_STEPS, CaseAction, Step

# The way from source to full member, in order (../shared/domain.md, "Admission procedure").
PATH: tuple[Step, ...] = (
    Step.OPENED,
    Step.AWARENESS_CERTIFIED,
    Step.APPLIED,
    Step.INTRODUCED,
    Step.COMMENTS_COLLECTED,
    Step.BACKGROUND_VERIFIED,
    Step.CELL_VOTED,
    Step.COMMITTEE_RESOLVED,
    Step.ADMITTED,
    Step.SWORN_IN,
    Step.PROBATION_REVIEWED,
    Step.RECOGNITION_VOTED,
    Step.RECOGNIZED,
)
# Before the decision a case can be sent back, rejected or withdrawn; after it, the person is a
# probationary member, and the case ends by recognition or by removal.
BEFORE_DECISION = PATH[: PATH.index(Step.ADMITTED)]
ON_PROBATION = PATH[PATH.index(Step.ADMITTED) : PATH.index(Step.RECOGNIZED)]

# What a move needs besides its date; the services check each one.
AWARENESS = "awareness"  # a passed awareness class by the date
INTRODUCERS = "introducers"  # two full members, or the Youth Union / trade union and one full member
CELL_VOTE = "cell_vote"  # votes: two thirds of the cell's full members in favour
COMMITTEE_VOTE = "committee_vote"  # votes: two thirds of the committee in favour
ELIGIBLE = "eligible"  # every admission rule on the day of the vote
DECISION = "decision"  # within the deadline after the resolution; creates the probationary member
GUIDE = "guide"  # a full member of the cell guides the probation
PROBATION_OVER = "probation_over"  # the probation has run its months
RECOGNITION = "recognition"  # makes the member full
REMOVAL = "removal"  # removes the member from the rolls
DOCUMENT = "document"  # the resolution's or decision's number
REASON = "reason"  # why: every move back or out


@dataclass(frozen=True)
class Transition:
    action: str
    source: Step
    target: Step
    permission: str
    needs: frozenset[str] = frozenset()


def _advance(source: Step, target: Step, permission: str = RECRUITMENT_CHANGE, *needs: str) -> Transition:
    return Transition(CaseAction.ADVANCE, source, target, permission, frozenset(needs))


CHANGE, DECIDE = RECRUITMENT_CHANGE, RECRUITMENT_DECIDE

ADVANCES: tuple[Transition, ...] = (
    _advance(Step.OPENED, Step.AWARENESS_CERTIFIED, CHANGE, AWARENESS),
    _advance(Step.AWARENESS_CERTIFIED, Step.APPLIED, CHANGE),
    _advance(Step.APPLIED, Step.INTRODUCED, CHANGE, INTRODUCERS),
    _advance(Step.INTRODUCED, Step.COMMENTS_COLLECTED, CHANGE),
    _advance(Step.COMMENTS_COLLECTED, Step.BACKGROUND_VERIFIED, DECIDE),
    _advance(Step.BACKGROUND_VERIFIED, Step.CELL_VOTED, CHANGE, CELL_VOTE, ELIGIBLE),
    _advance(Step.CELL_VOTED, Step.COMMITTEE_RESOLVED, DECIDE, COMMITTEE_VOTE, DOCUMENT),
    _advance(Step.COMMITTEE_RESOLVED, Step.ADMITTED, DECIDE, DECISION, DOCUMENT),
    _advance(Step.ADMITTED, Step.SWORN_IN, CHANGE, GUIDE),
    _advance(Step.SWORN_IN, Step.PROBATION_REVIEWED, CHANGE, PROBATION_OVER),
    _advance(Step.PROBATION_REVIEWED, Step.RECOGNITION_VOTED, CHANGE, CELL_VOTE),
    _advance(Step.RECOGNITION_VOTED, Step.RECOGNIZED, DECIDE, RECOGNITION, DOCUMENT),
)
# Back one step, with a reason; never across the decision, which created the member.
SEND_BACKS: tuple[Transition, ...] = tuple(
    Transition(CaseAction.SEND_BACK, later, earlier, CHANGE, frozenset({REASON}))
    for earlier, later in itertools.pairwise(PATH)
    if later not in (Step.ADMITTED, Step.RECOGNIZED)
)
# The cell turns a candidate down before its vote; once it has voted, only the committee can.
REJECTIONS: tuple[Transition, ...] = tuple(
    Transition(
        CaseAction.REJECT,
        step,
        Step.REJECTED,
        CHANGE if PATH.index(step) < PATH.index(Step.CELL_VOTED) else DECIDE,
        frozenset({REASON}),
    )
    for step in BEFORE_DECISION
) + tuple(
    Transition(CaseAction.REJECT, step, Step.REMOVED, DECIDE, frozenset({REASON, REMOVAL})) for step in ON_PROBATION
)
WITHDRAWALS: tuple[Transition, ...] = tuple(
    Transition(CaseAction.WITHDRAW, step, Step.WITHDRAWN, CHANGE, frozenset({REASON})) for step in BEFORE_DECISION
)
TRANSITIONS: tuple[Transition, ...] = ADVANCES + SEND_BACKS + REJECTIONS + WITHDRAWALS

_BY_MOVE: dict[tuple[str, Step], Transition] = {(t.action, t.source): t for t in TRANSITIONS}


def next_step(step: str) -> Step | None:
    """The step that follows `step` on the way to full membership, or None at the end or off it."""
    move = _BY_MOVE.get((CaseAction.ADVANCE, Step(step)))
    return move.target if move else None


def allowed_moves(step: str) -> list[Transition]:
    """Every move the table allows from `step` (none from a closed case)."""
    return [t for t in TRANSITIONS if t.source == step]


def find(action: str, source: str, target: str | None = None) -> Transition:
    """The move `action` from `source` (to `target`, when the caller names the step it records).

    Raises ValidationError, on `to_step` for a wrong step, with a sentence a secretary can act on.
    """
    source_step = Step(source)
    if source_step in CLOSED_STEPS:
        raise ValidationError(
            {
                "to_step": _("This case is closed (%(step)s); nothing more can be recorded.")
                % {"step": source_step.label}
            }
        )
    move = _BY_MOVE.get((action, source_step))
    if move is None:
        raise ValidationError({"to_step": _refusal(action, source_step)})
    if target is not None and move.target != target:
        if target == source_step:
            message = _(
                "The case is already at “%(step)s”: someone recorded this step meanwhile. Reload the case to see it."
            ) % {"step": source_step.label}
        else:
            message = _("From “%(step)s” the next step is “%(next)s”, not “%(asked)s”.") % {
                "step": source_step.label,
                "next": move.target.label,
                "asked": Step(target).label if target in Step.values else target,
            }
        raise ValidationError({"to_step": message})
    return move


def _refusal(action: str, step: Step) -> str:
    if action == CaseAction.SEND_BACK and step == Step.OPENED:
        return _("A case at its first step cannot be sent back; withdraw it or reject it instead.")
    if action == CaseAction.SEND_BACK and step == Step.ADMITTED:
        return _(
            "The admission decision has made the candidate a probationary member: the case cannot be sent back "
            "before it. It ends by recognition, or by removal if the probation fails."
        )
    if action == CaseAction.WITHDRAW:
        return _(
            "After the admission decision a case is not withdrawn: it ends by recognition as a full member, or "
            "by removal if the probation fails."
        )
    return _("A case at “%(step)s” cannot be %(action)s.") % {
        "step": step.label,
        "action": str(CaseAction(action).label).lower(),
    }


# What the secretary or committee does next, shown on the boards.
NEXT_ACTION = {
    Step.OPENED: gettext_lazy("Certify the awareness class"),
    Step.AWARENESS_CERTIFIED: gettext_lazy("Receive the application and background"),
    Step.APPLIED: gettext_lazy("Record the introductions"),
    Step.INTRODUCED: gettext_lazy("Collect the mass organizations' and residence cell's comments"),
    Step.COMMENTS_COLLECTED: gettext_lazy("Verify the background"),
    Step.BACKGROUND_VERIFIED: gettext_lazy("Hold the cell's vote"),
    Step.CELL_VOTED: gettext_lazy("Record the grassroots committee's resolution"),
    Step.COMMITTEE_RESOLVED: gettext_lazy("Record the admission decision"),
    Step.ADMITTED: gettext_lazy("Hold the admission ceremony"),
    Step.SWORN_IN: gettext_lazy("Review the probation at its end"),
    Step.PROBATION_REVIEWED: gettext_lazy("Hold the cell's vote on recognition"),
    Step.RECOGNITION_VOTED: gettext_lazy("Record the recognition decision"),
}


# Deadlines. Where a regulation sets the time (the decision, the probation) it is a policy
# parameter; the other steps follow the working plan below, in calendar days, which no regulation
# fixes (docs/decisions/0007).
@dataclass(frozen=True)
class Due:
    plan_days: int = 0
    working_days: Policy | None = None  # working days after the step, from this parameter
    probation: bool = False  # the probation's months after admission


DUE_AFTER: dict[Step, Due] = {
    Step.OPENED: Due(plan_days=180),
    Step.AWARENESS_CERTIFIED: Due(plan_days=60),
    Step.APPLIED: Due(plan_days=30),
    Step.INTRODUCED: Due(plan_days=30),
    Step.COMMENTS_COLLECTED: Due(plan_days=30),
    Step.BACKGROUND_VERIFIED: Due(plan_days=30),
    Step.CELL_VOTED: Due(plan_days=30),
    Step.COMMITTEE_RESOLVED: Due(working_days=Policy.DECISION_WORKING_DAYS),
    Step.ADMITTED: Due(plan_days=30),
    Step.SWORN_IN: Due(probation=True),
    Step.PROBATION_REVIEWED: Due(plan_days=30),
    Step.RECOGNITION_VOTED: Due(working_days=Policy.DECISION_WORKING_DAYS),
}


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """`n` working days (Monday to Friday) after `day`. Public holidays are not counted out."""
    full_weeks, rest = divmod(n, 5)
    day += datetime.timedelta(weeks=full_weeks)
    while rest:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            rest -= 1
    return day


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has none (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
