"""Admissions per unit subtree, day and category, maintained as cases are decided.

The admission decision adds one at the cell and every ancestor (a handful of rows), so a progress
report at any level, for any day, sums a few rows instead of scanning cases. `rebuild_tallies()`
recomputes them from the decided cases.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from sotay.members.choices import Category
from sotay.organizations.models import Unit
from sotay.organizations.rollups import ancestor_paths
from sotay.recruitment.choices import SourceCategory, TallyCategory
from sotay.recruitment.models import AdmissionCase, AdmissionTally, Candidate

UNDER_30 = 30


def categories_of(candidate: Candidate, member_category: str, admitted_on: datetime.date) -> list[str]:
    """The report categories one admission counts under (always `ALL`)."""
    categories: list[str] = [TallyCategory.ALL]
    if candidate.religion != "none" or candidate.category == SourceCategory.RELIGIOUS:
        categories.append(TallyCategory.RELIGIOUS)
    if member_category == Category.ENTERPRISE_OWNER or candidate.category == SourceCategory.ENTERPRISE_OWNER:
        categories.append(TallyCategory.ENTERPRISE_OWNERS)
    if member_category == Category.STUDENT or candidate.category == SourceCategory.STUDENT:
        categories.append(TallyCategory.STUDENTS)
    if member_category == Category.WORKER or candidate.category == SourceCategory.WORKER:
        categories.append(TallyCategory.WORKERS)
    born = candidate.birth_date
    age = admitted_on.year - born.year - ((admitted_on.month, admitted_on.day) < (born.month, born.day))
    if age < UNDER_30:
        categories.append(TallyCategory.UNDER_30)
    return categories


def count_admission(*, unit_id: int, day: datetime.date, categories: Iterable[str], delta: int = 1) -> None:
    """Add `delta` admissions on `day` under `categories` to the unit and every ancestor.

    Call inside the transaction that decides (or undoes) the admission.
    """
    path = Unit.objects.select_for_update().values_list("path", flat=True).get(pk=unit_id)
    unit_ids = list(Unit.objects.filter(path__in=ancestor_paths(path)).values_list("id", flat=True))
    categories = list(categories)
    AdmissionTally.objects.bulk_create(
        [AdmissionTally(unit_id=uid, day=day, category=category) for uid in unit_ids for category in categories],
        ignore_conflicts=True,
    )
    AdmissionTally.objects.filter(unit_id__in=unit_ids, day=day, category__in=categories).update(
        subtree_count=F("subtree_count") + delta
    )


def carry_subtree_tallies(*, unit: Unit, left: list[int], joined: list[int], **_signal) -> None:
    """A moved unit's admissions leave the ancestors it left and count at those it joined, day by
    day and category by category, so every parent stays the sum of its children (and a rebuild,
    which counts by the tree as it is now, agrees)."""
    moved = {(day, category): n for day, category, n in _tally_rows(AdmissionTally.objects.filter(unit=unit))}
    if not moved:
        return
    first, last = min(day for day, _c in moved), max(day for day, _c in moved)
    AdmissionTally.objects.bulk_create(
        [AdmissionTally(unit_id=uid, day=day, category=category) for uid in joined for day, category in moved],
        ignore_conflicts=True,
        batch_size=2000,
    )
    changed = []
    for sign, unit_ids in ((-1, left), (1, joined)):
        rows = AdmissionTally.objects.select_for_update().filter(unit_id__in=unit_ids, day__range=(first, last))
        for row in rows:
            n = moved.get((row.day, row.category))
            if n:
                row.subtree_count += sign * n
                changed.append(row)
    AdmissionTally.objects.bulk_update(changed, ["subtree_count"], batch_size=2000)


def _tally_rows(tallies) -> list[tuple[datetime.date, str, int]]:
    return list(tallies.exclude(subtree_count=0).values_list("day", "category", "subtree_count"))


@transaction.atomic
def rebuild_tallies() -> None:
    """Recompute every tally from the cases that reached the admission decision."""
    totals: Counter[tuple[str, datetime.date, str]] = Counter()
    cases = (
        AdmissionCase.objects.filter(admitted_on__isnull=False, member__isnull=False)
        .select_related("candidate", "member", "unit")
        .iterator(chunk_size=2000)
    )
    for case in cases:
        admitted_on, member = case.admitted_on, case.member
        if admitted_on is None or member is None:  # excluded by the filter; narrows the types
            continue
        for category in categories_of(case.candidate, member.category, admitted_on):
            for path in ancestor_paths(case.unit.path):
                totals[path, admitted_on, category] += 1
    ids = dict(Unit.objects.filter(path__in={path for path, _, _ in totals}).values_list("path", "id"))
    AdmissionTally.objects.all().delete()
    AdmissionTally.objects.bulk_create(
        (
            AdmissionTally(unit_id=ids[path], day=day, category=category, subtree_count=n)
            for (path, day, category), n in totals.items()
        ),
        batch_size=5000,
    )
