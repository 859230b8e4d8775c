"""Writes to admission cases: open one from a source, and record each move the transition table
allows, with its guards, as a `CaseEvent`.

Every move locks the case row and re-reads its step before it checks anything, so two people
recording the same step at once record it once: the second is told the case has moved.
The admission decision creates the probationary member through the members services and counts
the admission; recognition makes them full; removal after a failed probation takes them off the rolls.
"""

from __future__ import annotations

import datetime
import math
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.audit import acting_as
from sotay.core.models import Policy
from sotay.core.permissions import MEMBERS_VIEW_SENSITIVE, RECRUITMENT_CHANGE, RECRUITMENT_DECIDE, can
from sotay.core.policy import Rule, as_fraction, rules_on
from sotay.core.text import short_date
from sotay.members import services as members
from sotay.members.choices import SENSITIVE_FIELDS, Category, Status
from sotay.members.models import Member
from sotay.organizations.rules import member_unit_error
from sotay.recruitment import tallies, transitions
from sotay.recruitment.choices import (
    CLOSED_STEPS,
    CaseAction,
    MassOrganization,
    SourceCategory,
    SourceStatus,
    Step,
)
from sotay.recruitment.eligibility import Outcome, assess
from sotay.recruitment.models import AdmissionCase, Candidate, CaseAttachment, CaseEvent, Introduction
from sotay.recruitment.selectors.classes import awareness_certificate
from sotay.recruitment.services.sources import responsible_user_error

# An introducing organization stands in for one of the two members (Điều lệ Đảng, Điều 4).
INTRODUCING_ORGANIZATIONS = (MassOrganization.YOUTH_UNION, MassOrganization.TRADE_UNION)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0"  # Office 97–2003 documents
_ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument
# What may be attached to a step (a scan or an office document), by the file name's extension, with
# its content type and the first bytes such a file starts with: a name alone does not make a PDF.
ATTACHMENT_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG"),
    ".doc": ("application/msword", _OLE),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
}
ATTACHMENT_NAME_LENGTH = 200
# The member category a source's category suggests at the decision; the decision may choose another.
MEMBER_CATEGORY = {
    SourceCategory.WORKER: Category.WORKER,
    SourceCategory.STUDENT: Category.STUDENT,
    SourceCategory.ENTERPRISE_OWNER: Category.ENTERPRISE_OWNER,
    SourceCategory.ARMED_FORCES: Category.ARMED_FORCES,
}


@dataclass(frozen=True)
class Votes:
    """A vote as the minutes record it: in favour, against, and the members entitled to vote."""

    votes_for: int | None
    votes_against: int | None
    voters: int | None


@dataclass(frozen=True)
class IntroducerIn:
    """A full member (with the months they worked with the candidate), or an organization."""

    member: Member | None = None
    organization: str = ""
    shared_months: int | None = None


def suggested_member_category(candidate: Candidate) -> str:
    return MEMBER_CATEGORY.get(SourceCategory(candidate.category), Category.OTHER)


def _check(rule: str, outcome: str, message: str, value: str = "", source: str = "") -> dict[str, str]:
    return {"rule": rule, "outcome": outcome, "message": str(message), "value": value, "source": source}


def _date_errors(day: datetime.date, after: datetime.date | None, what: str) -> str | None:
    if day > timezone.localdate():
        return _("The date cannot be in the future.")
    if after is not None and day < after:
        return _("The date cannot be before %(what)s (%(date)s).") % {"what": what, "date": short_date(after)}
    return None


# Opening ------------------------------------------------------------------------------------------


def case_open(
    *, actor, candidate: Candidate, opened_on: datetime.date, responsible=None, document_ref: str = ""
) -> AdmissionCase:
    """Open the admission case of a source, checking every admission rule on `opened_on`.
    `responsible` is the person who follows the case (someone holding a role on the source's unit
    or above it); without one, the source's responsible person follows it.

    Raises PermissionDenied, ValidationError (every failed rule, with its source).
    """
    _require(actor, RECRUITMENT_CHANGE, candidate)
    errors: dict[str, list[str]] = {}
    responsible_error = responsible_user_error(responsible, candidate.unit)
    if responsible_error:
        errors.setdefault("responsible", []).append(responsible_error)
    date_error = _date_errors(opened_on, candidate.identified_on, _("the day the source was identified"))
    if date_error:
        errors.setdefault("opened_on", []).append(date_error)
    unit_error = member_unit_error(candidate.unit)
    if unit_error:
        errors.setdefault(NON_FIELD_ERRORS, []).append(unit_error)
    # Age is judged on the day of the cell's vote: a source still too young may start the way there.
    assessment = assess(candidate, on=opened_on)
    for failure in assessment.failures:
        if failure.rule != "age":
            errors.setdefault(NON_FIELD_ERRORS, []).append(failure.message)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.status != SourceStatus.ACTIVE:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _("%(name)s is not a source being developed (%(status)s): no case can be opened.")
                    % {"name": locked.full_name, "status": locked.get_status_display()}
                }
            )
        case = AdmissionCase.objects.create(
            candidate=candidate,
            unit=candidate.unit,
            step=Step.OPENED,
            step_on=opened_on,
            opened_on=opened_on,
            responsible=responsible or candidate.responsible,
            due_on=due_on(Step.OPENED, opened_on, None, rules_on(opened_on)),
        )
        CaseEvent.objects.create(
            case=case,
            action=CaseAction.ADVANCE,
            from_step="",
            to_step=Step.OPENED,
            occurred_on=opened_on,
            document_ref=document_ref.strip(),
            checks=assessment.as_records(),
            actor=actor,
        )
        Candidate.objects.filter(pk=candidate.pk).update(status=SourceStatus.IN_CASE, updated_at=timezone.now())
        candidate.status = SourceStatus.IN_CASE
    return case


def case_set_responsible(*, actor, case: AdmissionCase, responsible) -> AdmissionCase:
    """Make `responsible` (or nobody, with None) the person who follows an open case: someone
    holding a role on the case's cell or a unit above it. Recorded in the audit log, old and new.

    Raises PermissionDenied (the actor may not move the case), ValidationError.
    """
    _require(actor, RECRUITMENT_CHANGE, case)
    error = responsible_user_error(responsible, case.unit)
    if error:
        raise ValidationError({"responsible": error})
    with transaction.atomic(), acting_as(actor):
        locked = AdmissionCase.objects.select_for_update().get(pk=case.pk)
        if locked.closed_on is not None:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _("This case is closed (%(step)s); nothing more can be recorded.")
                    % {"step": locked.get_step_display()}
                }
            )
        locked.responsible = responsible
        locked.save(update_fields=["responsible", "updated_at"])
    case.responsible = responsible
    return case


# Deadlines ----------------------------------------------------------------------------------------


def due_on(
    step: Step, step_on: datetime.date, admitted_on: datetime.date | None, rules: dict[str, Rule]
) -> datetime.date | None:
    """When the step after `step` is due: the regulation's time where one sets it, else the plan's."""
    due = transitions.DUE_AFTER.get(step)
    if due is None:
        return None
    if due.probation:
        months = rules.get(Policy.PROBATION_MONTHS)
        return transitions.add_months(admitted_on or step_on, int(months.value)) if months else None
    if due.working_days:
        days = rules.get(due.working_days)
        return transitions.add_working_days(step_on, int(days.value)) if days else None
    return step_on + datetime.timedelta(days=due.plan_days)


# Moves --------------------------------------------------------------------------------------------


def takes_reason(move: transitions.Transition) -> bool:
    """Whether recording `move` asks for a reason: every move back or out needs one, and the admission
    decision gives the reason for a delay past its deadline; the other advances have none to give."""
    return transitions.REASON in move.needs or transitions.DECISION in move.needs


def _require(actor, permission: str, record) -> None:
    if can(actor, permission, record.unit):
        return
    if permission == RECRUITMENT_DECIDE and can(actor, RECRUITMENT_CHANGE, record.unit):
        raise PermissionDenied(_("Only the committee's organizing officers record this step."))
    raise PermissionDenied(_("You do not have permission to change %(unit)s.") % {"unit": record.unit.name})


def case_advance(
    *,
    actor,
    case: AdmissionCase,
    to_step: str,
    occurred_on: datetime.date,
    document_ref: str = "",
    reason: str = "",
    votes: Votes | None = None,
    introducers: Sequence[IntroducerIn] = (),
    guide: Member | None = None,
    member_category: str = "",
    attachments: Iterable[UploadedFile] = (),
) -> CaseEvent:
    """Record the next step of `case`. `to_step` is the step the caller records: when the case has
    moved meanwhile, the move is refused rather than applied to a step nobody saw.

    Raises PermissionDenied, ValidationError.
    """
    return _record(
        actor=actor,
        case=case,
        action=CaseAction.ADVANCE,
        to_step=to_step,
        from_step=None,
        occurred_on=occurred_on,
        document_ref=document_ref,
        reason=reason,
        votes=votes,
        introducers=introducers,
        guide=guide,
        member_category=member_category,
        attachments=attachments,
    )


def case_send_back(**kwargs) -> CaseEvent:
    """Send the case back one step, with a reason. Keyword arguments as `case_move`."""
    return case_move(action=CaseAction.SEND_BACK, **kwargs)


def case_reject(**kwargs) -> CaseEvent:
    """Reject the candidate, or after the decision remove the probationary member, with a reason."""
    return case_move(action=CaseAction.REJECT, **kwargs)


def case_withdraw(**kwargs) -> CaseEvent:
    """Close the case at the candidate's or the cell's request, with a reason."""
    return case_move(action=CaseAction.WITHDRAW, **kwargs)


def case_move(
    *,
    actor,
    case: AdmissionCase,
    action: str,
    occurred_on: datetime.date,
    reason: str,
    document_ref: str = "",
    from_step: str | None = None,
    attachments: Iterable[UploadedFile] = (),
) -> CaseEvent:
    """Send back, reject or withdraw. `from_step`, when given, is the step the caller saw: if the
    case has moved since, nothing is recorded. Raises PermissionDenied, ValidationError."""
    if action not in (CaseAction.SEND_BACK, CaseAction.REJECT, CaseAction.WITHDRAW):
        raise ValidationError({"action": _("Choose a valid action.")})
    return _record(
        actor=actor,
        case=case,
        action=action,
        to_step=None,
        from_step=from_step,
        occurred_on=occurred_on,
        document_ref=document_ref,
        reason=reason,
        attachments=attachments,
    )


def attachment_content_type(name: str) -> str:
    """The content type a stored attachment is sent with, from its name."""
    known = ATTACHMENT_TYPES.get(posixpath.splitext(name.lower())[1])
    return known[0] if known else "application/octet-stream"


def _attachment_error(upload: UploadedFile) -> str | None:
    """Why `upload` cannot be attached to a step, or None: at most 10 MB, and a PDF, JPEG or PNG
    image or an office document whose content starts as its name says."""
    name = upload.name or ""
    if upload.size is not None and upload.size > ATTACHMENT_MAX_BYTES:
        return _("Each attachment may be at most 10 MB.")
    if not upload.size:
        return _("%(name)s is empty.") % {"name": name}
    known = ATTACHMENT_TYPES.get(posixpath.splitext(name.lower())[1])
    if known is None:
        return _(
            "%(name)s is not a PDF, a JPEG or PNG image, or an office document (doc, docx, xls, xlsx, odt, ods)."
        ) % {"name": name}
    upload.seek(0)
    head = upload.read(len(known[1]))
    upload.seek(0)
    if head != known[1]:
        return _("%(name)s does not hold what its name says: it is not a %(type)s file.") % {
            "name": name,
            "type": posixpath.splitext(name)[1].lstrip(".").upper(),
        }
    return None


def _check_attachments(files: list[UploadedFile]) -> None:
    errors = [error for error in (_attachment_error(upload) for upload in files) if error]
    if errors:
        raise ValidationError({"attachments": errors})


def _attachment(event: CaseEvent, upload: UploadedFile) -> CaseAttachment:
    return CaseAttachment(event=event, file=upload, name=(upload.name or "")[:ATTACHMENT_NAME_LENGTH])


def case_attachments_add(
    *, actor, case: AdmissionCase, event: CaseEvent, files: Iterable[UploadedFile]
) -> list[CaseAttachment]:
    """Attach scans or documents to a step already recorded (the signed minutes, scanned later),
    with the checks a step's own attachments get: each at most 10 MB, a PDF, JPEG, PNG or office
    document. `event` is a step of `case`, as `access_case_event` gives it.

    Raises PermissionDenied (the actor may not change the case), ValidationError.
    """
    _require(actor, RECRUITMENT_CHANGE, case)
    if event.case_id != case.pk:
        raise ValueError("the step is not one of this case's")
    uploads = list(files)
    if not uploads:
        raise ValidationError({"attachments": _("Choose a file.")})
    _check_attachments(uploads)
    with transaction.atomic(), acting_as(actor):
        return CaseAttachment.objects.bulk_create(_attachment(event, upload) for upload in uploads)


def _record(
    *,
    actor,
    case: AdmissionCase,
    action: str,
    to_step: str | None,
    from_step: str | None,
    occurred_on: datetime.date,
    document_ref: str,
    reason: str,
    votes: Votes | None = None,
    introducers: Sequence[IntroducerIn] = (),
    guide: Member | None = None,
    member_category: str = "",
    attachments: Iterable[UploadedFile] = (),
) -> CaseEvent:
    files = list(attachments)
    _check_attachments(files)
    with transaction.atomic(), acting_as(actor):
        locked = AdmissionCase.objects.select_for_update().select_related("unit", "candidate__unit").get(pk=case.pk)
        if from_step is not None and from_step != locked.step:
            raise ValidationError(
                {
                    "to_step": _(
                        "The case has moved to “%(step)s” since you opened it; nothing was recorded. "
                        "Reload the case and try again."
                    )
                    % {"step": Step(locked.step).label}
                }
            )
        move = transitions.find(action, locked.step, to_step)
        _require(actor, move.permission, locked)
        rules = rules_on(occurred_on)
        event = CaseEvent(
            case=locked,
            action=action,
            from_step=locked.step,
            to_step=move.target,
            occurred_on=occurred_on,
            document_ref=document_ref.strip(),
            reason=reason.strip(),
            actor=actor,
        )
        guards = _Guards(locked, move, event, rules)
        guards.run(votes=votes, introducers=introducers, guide=guide, member_category=member_category)
        event.checks = guards.checks
        event.full_clean(exclude=["case", "actor"])
        event.save()
        _apply(actor, locked, move, event, guards, rules)
        CaseAttachment.objects.bulk_create(_attachment(event, upload) for upload in files)
        if guards.introductions:
            Introduction.objects.filter(case=locked).delete()
            Introduction.objects.bulk_create(guards.introductions)
    case.refresh_from_db()
    return event


class _Guards:
    """The checks one move runs; each failure is a message on the field that caused it."""

    def __init__(self, case: AdmissionCase, move: transitions.Transition, event: CaseEvent, rules: dict[str, Rule]):
        self.case, self.move, self.event, self.rules = case, move, event, rules
        self.errors: dict[str, list[str]] = {}
        self.checks: list[dict[str, str]] = []
        self.introductions: list[Introduction] = []
        self.guide: Member | None = None
        self.member_category = ""

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def run(self, *, votes, introducers, guide, member_category) -> None:
        needs = self.move.needs
        date_error = _date_errors(self.event.occurred_on, self.case.step_on, _("the last recorded step"))
        if date_error:
            self.fail("occurred_on", date_error)
        if transitions.REASON in needs and not self.event.reason:
            self.fail("reason", _("Give the reason."))
        if transitions.DOCUMENT in needs and not self.event.document_ref:
            self.fail("document_ref", _("Give the number of the resolution or decision."))
        if transitions.AWARENESS in needs:
            self._awareness()
        if transitions.INTRODUCERS in needs:
            self._introducers(introducers)
        if transitions.CELL_VOTE in needs:
            self._votes(votes, Policy.CELL_VOTE_SHARE, _("the cell's full members"))
        if transitions.COMMITTEE_VOTE in needs:
            self._votes(votes, Policy.COMMITTEE_VOTE_SHARE, _("the committee's members"))
        if transitions.ELIGIBLE in needs and "occurred_on" not in self.errors:
            self._eligible()
        if transitions.DECISION in needs:
            self._decision(member_category)
        if transitions.GUIDE in needs:
            self._guide(guide)
        if transitions.PROBATION_OVER in needs:
            self._probation_over()
        if self.errors:
            raise ValidationError(self.errors)

    def _awareness(self) -> None:
        enrollment = awareness_certificate(self.case.candidate, on=self.event.occurred_on)
        if enrollment is None:
            self.fail(
                NON_FIELD_ERRORS,
                _("%(name)s has no certificate of an awareness class on the Party passed by %(date)s.")
                % {"name": self.case.candidate.full_name, "date": short_date(self.event.occurred_on)},
            )
            return
        message = _("Awareness class passed on %(date)s, certificate %(number)s.") % {
            "date": short_date(enrollment.result_on) if enrollment.result_on else "—",
            "number": enrollment.certificate_number or "—",
        }
        self.checks.append(_check("awareness", Outcome.PASS, message, enrollment.certificate_number))

    def _introducers(self, introducers: Sequence[IntroducerIn]) -> None:
        day = self.event.occurred_on
        rule = self.rules.get(Policy.INTRODUCER_SHARED_MONTHS)
        if rule is None:
            self.fail(NON_FIELD_ERRORS, _("No regulation in force on this date sets the introducers' shared months."))
            return
        months = int(rule.value)
        people = [i for i in introducers if i.member is not None]
        bodies = [i for i in introducers if i.member is None]
        shape_ok = (len(people) == 2 and not bodies) or (len(people) == 1 and len(bodies) == 1)
        if not shape_ok:
            self.fail(
                "introducers",
                _(
                    "Two full members introduce the candidate, or the Youth Union or trade union and one full "
                    "member (%(source)s)."
                )
                % {"source": rule.source},
            )
            return
        for body in bodies:
            if body.organization not in INTRODUCING_ORGANIZATIONS:
                self.fail(
                    "introducers",
                    _("Only the Youth Union or the trade union introduces a candidate as an organization."),
                )
            else:
                label = MassOrganization(body.organization).label
                self.checks.append(
                    _check(
                        "introducer", Outcome.PASS, _("Introduced by the %(org)s.") % {"org": label}, "", rule.source
                    )
                )
                self.introductions.append(
                    Introduction(case=self.case, organization=body.organization, introduced_on=day)
                )
        if len({p.member.pk for p in people if p.member}) < len(people):
            self.fail("introducers", _("The two introducers must be two different members."))
            return
        statuses = dict(
            Member.objects.with_status_on(day)
            .filter(pk__in=[p.member.pk for p in people if p.member])
            .values_list("pk", "status_on")
        )
        for person in people:
            member = person.member
            assert member is not None
            if statuses.get(member.pk) != Status.FULL:
                self.fail(
                    "introducers",
                    _("%(name)s is not a full member on %(date)s; only full members introduce (%(source)s).")
                    % {"name": member.full_name, "date": short_date(day), "source": rule.source},
                )
                continue
            shared = person.shared_months
            if shared is None or shared < months:
                self.fail(
                    "introducers",
                    _(
                        "%(name)s worked with the candidate for %(shared)s months; an introducer needs at least "
                        "%(months)s (%(source)s)."
                    )
                    % {
                        "name": member.full_name,
                        "shared": shared if shared is not None else 0,
                        "months": months,
                        "source": rule.source,
                    },
                )
                continue
            message = _("%(name)s, a full member, worked with the candidate for %(shared)s months.") % {
                "name": member.full_name,
                "shared": shared,
            }
            self.checks.append(_check("introducer", Outcome.PASS, message, f"≥ {months}", rule.source))
            self.introductions.append(
                Introduction(case=self.case, introducer=member, shared_months=shared, introduced_on=day)
            )

    def _votes(self, votes: Votes | None, key: Policy, who: str) -> None:
        given = votes or Votes(None, None, None)
        for field in ("votes_for", "votes_against", "voters"):
            value = getattr(given, field)
            if value is None:
                self.fail(field, _("Give the number."))
            elif value < 0:
                self.fail(field, _("The number cannot be negative."))
        if given.voters is not None and given.voters == 0:
            self.fail("voters", _("A vote needs at least one member entitled to vote."))
        if any(f in self.errors for f in ("votes_for", "votes_against", "voters")):
            return
        assert given.votes_for is not None and given.votes_against is not None and given.voters is not None
        if given.votes_for + given.votes_against > given.voters:
            self.fail("votes_against", _("More votes than members entitled to vote."))
            return
        rule = self.rules.get(key)
        if rule is None:
            self.fail(NON_FIELD_ERRORS, _("No regulation in force on this date sets the share of votes needed."))
            return
        share = as_fraction(rule.value)
        needed = math.ceil(share * given.voters)
        value = f"{share.numerator}/{share.denominator}"
        self.event.votes_for, self.event.votes_against, self.event.voters = (
            given.votes_for,
            given.votes_against,
            given.voters,
        )
        if Fraction(given.votes_for, given.voters) < share:
            self.fail(
                "votes_for",
                _(
                    "%(for)s of %(voters)s in favour is short of %(share)s of %(who)s (%(source)s): "
                    "at least %(needed)s are needed."
                )
                % {
                    "for": given.votes_for,
                    "voters": given.voters,
                    "share": value,
                    "who": who,
                    "source": rule.source,
                    "needed": needed,
                },
            )
            return
        message = _("%(for)s of %(voters)s in favour: at least %(share)s of %(who)s.") % {
            "for": given.votes_for,
            "voters": given.voters,
            "share": value,
            "who": who,
        }
        self.checks.append(_check("votes", Outcome.PASS, message, value, rule.source))

    def _eligible(self) -> None:
        assessment = assess(self.case.candidate, on=self.event.occurred_on)
        for failure in assessment.failures:
            self.fail(NON_FIELD_ERRORS, failure.message)
        self.checks.extend(assessment.as_records())

    def _decision(self, member_category: str) -> None:
        if member_category not in Category.values:
            self.fail("member_category", _("Choose the member's category."))
        self.member_category = member_category
        resolved = (
            CaseEvent.objects.filter(case=self.case, action=CaseAction.ADVANCE, to_step=Step.COMMITTEE_RESOLVED)
            .order_by("-occurred_on", "-id")
            .values_list("occurred_on", flat=True)
            .first()
        )
        key = Policy.DECISION_WORKING_DAYS
        rule = self.rules.get(key)
        if resolved is None or rule is None:
            return
        deadline = transitions.add_working_days(resolved, int(rule.value))
        value = _("%(days)s working days") % {"days": int(rule.value)}
        if self.event.occurred_on <= deadline:
            message = _("Decided within %(days)s working days of the committee's resolution (by %(date)s).") % {
                "days": int(rule.value),
                "date": short_date(deadline),
            }
            self.checks.append(_check("deadline", Outcome.PASS, message, value, rule.source))
            return
        message = _(
            "The decision was due within %(days)s working days of the committee's resolution, by %(date)s (%(source)s)."
        ) % {"days": int(rule.value), "date": short_date(deadline), "source": rule.source}
        if not self.event.reason:
            self.fail("reason", message + " " + _("Give the reason for the delay."))
        self.checks.append(_check("deadline", Outcome.FAIL, message, value, rule.source))

    def _guide(self, guide: Member | None) -> None:
        chosen = guide or self.case.guide
        if chosen is None:
            self.fail("guide", _("Choose the full member of the cell who guides the probation."))
            return
        status = (
            Member.objects.with_status_on(self.event.occurred_on)
            .filter(pk=chosen.pk)
            .values_list("status_on", "unit_on")
            .first()
        )
        if status != (Status.FULL, self.case.unit_id):
            self.fail(
                "guide",
                _("%(name)s is not a full member of %(cell)s on this date.")
                % {"name": chosen.full_name, "cell": self.case.unit.name},
            )
            return
        self.guide = chosen
        message = _("Guided by %(name)s, a full member of the cell.") % {"name": chosen.full_name}
        self.checks.append(_check("guide", Outcome.PASS, message))

    def _probation_over(self) -> None:
        rule = self.rules.get(Policy.PROBATION_MONTHS)
        if rule is None or self.case.admitted_on is None:
            return
        ends = transitions.add_months(self.case.admitted_on, int(rule.value))
        if self.event.occurred_on < ends:
            self.fail(
                "occurred_on",
                _("The probation of %(months)s months runs until %(date)s (%(source)s); review it then.")
                % {"months": int(rule.value), "date": short_date(ends), "source": rule.source},
            )
            return
        message = _("The probation of %(months)s months ended on %(date)s.") % {
            "months": int(rule.value),
            "date": short_date(ends),
        }
        self.checks.append(_check("probation", Outcome.PASS, message, str(int(rule.value)), rule.source))


def _apply(actor, case: AdmissionCase, move: transitions.Transition, event: CaseEvent, guards: _Guards, rules) -> None:
    """The move's effects on the case, the source and the member."""
    day = event.occurred_on
    needs = move.needs
    update = ["step", "step_on", "due_on", "updated_at"]
    if transitions.DECISION in needs:
        case.member = _create_member(actor, case, event, guards.member_category)
        case.admitted_on = day
        update += ["member", "admitted_on"]
        member = case.member
        tallies.count_admission(
            unit_id=case.unit_id,
            day=day,
            categories=tallies.categories_of(case.candidate, member.category, day),
        )
        Candidate.objects.filter(pk=case.candidate_id).update(status=SourceStatus.ADMITTED, updated_at=timezone.now())
    if guards.guide is not None:
        case.guide = guards.guide
        update.append("guide")
    if transitions.RECOGNITION in needs and case.member is not None:
        members.member_recognize(
            actor=actor,
            member=case.member,
            recognized_on=day,
            reason=_("Recognized as a full member at the end of the probation."),
            document_ref=event.document_ref,
        )
    if transitions.REMOVAL in needs and case.member is not None:
        members.member_change_status(
            actor=actor,
            member=case.member,
            status=Status.REMOVED,
            valid_from=day,
            reason=event.reason,
            document_ref=event.document_ref,
        )
    if move.target in (Step.REJECTED, Step.WITHDRAWN):
        Candidate.objects.filter(pk=case.candidate_id).update(status=SourceStatus.ACTIVE, updated_at=timezone.now())
    case.step = move.target
    case.step_on = day
    case.due_on = None if move.target in CLOSED_STEPS else due_on(move.target, day, case.admitted_on, rules)
    if move.target in CLOSED_STEPS:
        case.closed_on = day
        update.append("closed_on")
    case.save(update_fields=update)


def _create_member(actor, case: AdmissionCase, event: CaseEvent, category: str) -> Member:
    candidate = case.candidate
    fields = [
        "full_name", "gender", "birth_date", "ethnicity", "religion", "family_background", "id_number", "phone",
        "address", "general_education", "occupation",
    ]  # fmt: skip
    if not can(actor, MEMBERS_VIEW_SENSITIVE, case.unit):
        fields = [field for field in fields if field not in SENSITIVE_FIELDS]
    profile = {field: getattr(candidate, field) for field in fields}
    profile.update(category=category, admitted_on=event.occurred_on)
    return members.member_create(
        actor=actor,
        unit=case.unit,
        profile=profile,
        status=Status.PROBATIONARY,
        reason=_("Admitted as a probationary member."),
        document_ref=event.document_ref,
    )
