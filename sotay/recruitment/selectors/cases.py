"""Reads of admission cases: the boards and a case's history, always from the actor's scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When

from sotay.core.permissions import RECRUITMENT_CHANGE
from sotay.core.scoping import scope_paths
from sotay.members.choices import Status
from sotay.members.models import Member
from sotay.organizations.models import Unit
from sotay.recruitment.models import AdmissionCase, CaseEvent


@dataclass(frozen=True)
class BoardFilters:
    unit: Unit | None = None
    step: str = ""
    overdue: bool = False


def _board(cases: QuerySet[AdmissionCase], today: datetime.date) -> QuerySet[AdmissionCase]:
    """Open cases, overdue first (the longest overdue on top), then by their next deadline.

    The page's source, cell and responsible person come by id for its rows only: joined, the
    planner read them for every open case of a province before sorting (docs/decisions/0007)."""
    return (
        cases.filter(closed_on__isnull=True)
        .prefetch_related("candidate", "unit", "responsible")
        .annotate(
            overdue=Case(When(due_on__lt=today, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .order_by("-overdue", F("due_on").asc(nulls_last=True), "id")
    )


def committee_board(actor, filters: BoardFilters, *, today: datetime.date) -> QuerySet[AdmissionCase]:
    """Every open case in the actor's subtree, narrowed by unit, step or overdue."""
    cases = AdmissionCase.objects.visible_to(actor)
    if filters.unit is not None:
        cases = cases.in_subtree(filters.unit)
    if filters.step:
        cases = cases.filter(step=filters.step)
    if filters.overdue:
        cases = cases.filter(due_on__lt=today)
    return _board(cases, today)


def my_cases(actor, *, today: datetime.date) -> QuerySet[AdmissionCase]:
    """The cases the actor follows: those they are responsible for, and those of the cells where they
    themself hold the role (a secretary's own cell), not every cell below a committee."""
    own_cells = scope_paths(actor, RECRUITMENT_CHANGE)
    return _board(
        AdmissionCase.objects.visible_to(actor).filter(Q(responsible=actor) | Q(unit__path__in=own_cells)), today
    )


def source_cases(actor, candidate) -> list[AdmissionCase]:
    """The admission cases of one source the actor can see, newest first, for the source's page."""
    return list(AdmissionCase.objects.visible_to(actor).filter(candidate=candidate).order_by("-opened_on", "-id"))


def case_history(actor, case: AdmissionCase) -> list[CaseEvent]:
    """Every recorded move of the case, oldest first, with who recorded it and its attachments."""
    return list(
        CaseEvent.objects.visible_to(actor)
        .filter(case=case)
        .select_related("actor")
        .prefetch_related("attachments")
        .order_by("occurred_on", "id")
    )


def full_members_of(actor, unit: Unit) -> QuerySet[Member]:
    """The cell's full members, the people who vote, introduce and guide."""
    return Member.objects.visible_to(actor).filter(unit=unit, status=Status.FULL).order_by("name_sort", "id")


def possible_introducers(actor, unit: Unit) -> QuerySet[Member]:
    """Full members the actor can see in the grassroots organization of `unit` (the cell's parent)."""
    parent_path = unit.path[: -Unit.steplen] or unit.path
    return (
        Member.objects.visible_to(actor)
        .filter(unit__path__startswith=parent_path, status=Status.FULL)
        .order_by("name_sort", "id")
    )
