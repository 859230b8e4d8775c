"""The demo's member development: 2023 as the province reported it, the current year in progress.

One seed of the small variant (2,000 members; the 2023 figures are fixed, so its 2,360 admissions
are all there) serves every check: seeding takes a while, so one test runs the three groups.
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, F, Sum

from sotay.accounts.models import User
from sotay.accounts.services import system_actor
from sotay.core.permissions import RECRUITMENT_CHANGE, RECRUITMENT_DECIDE, can
from sotay.devdata.demo import seed_demo
from sotay.members.choices import Education, Status
from sotay.members.models import Member
from sotay.organizations.models import Sector, Unit
from sotay.organizations.rollups import counts_for
from sotay.recruitment import transitions
from sotay.recruitment.choices import CourseKind, CourseResult, Step, TallyCategory, TargetKind
from sotay.recruitment.eligibility import assess
from sotay.recruitment.models import (
    AdmissionCase,
    AdmissionTally,
    AdmissionTarget,
    Candidate,
    CaseEvent,
    Course,
    Enrollment,
    Introduction,
)
from sotay.recruitment.tallies import rebuild_tallies

TODAY = datetime.date(2026, 12, 1)
# The province's report: district → per cent over the plan, to one decimal.
REPORTED_EXCESS = {
    "Đảng bộ huyện Nho Quan": "9.2",
    "Đảng bộ huyện Hoa Lư": "10.9",
    "Đảng bộ thành phố Ninh Bình": "3.1",
    "Đảng bộ huyện Yên Mô": "7.4",
    "Đảng bộ huyện Kim Sơn": "3.6",
    "Đảng bộ Công an tỉnh": "56.3",
}


def test_the_demo_seed(charter):
    seed_demo(2_000, today=TODAY)
    check_the_reported_year_and_the_current_one()
    check_cases_reach_every_step_with_their_history()
    check_each_demo_login_has_recruitment_work_in_scope()
    check_each_step_is_recorded_by_someone_who_may_record_it()


def admitted(unit: Unit, year: int, category: str = TallyCategory.ALL) -> int:
    rows = AdmissionTally.objects.filter(unit=unit, day__year=year, category=category)
    return rows.aggregate(total=Sum("subtree_count"))["total"] or 0


def target(unit: Unit, year: int, kind: str = TargetKind.ADMISSIONS) -> int:
    return AdmissionTarget.objects.get(unit=unit, year=year, kind=kind).value


def per_cent(part: int, whole: int, places: str) -> str:
    """The exact ratio as a percentage, rounded once to `places` ("0.01")."""
    exact = Fraction(part * 100, whole)
    return str((Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal(places), ROUND_HALF_UP))


def check_the_reported_year_and_the_current_one():
    province = Unit.objects.get(code="NB")

    # 2023: 2,360 admitted against a plan of 2,253 — 104.75 %.
    assert (admitted(province, 2023), target(province, 2023)) == (2_360, 2_253)
    assert per_cent(2_360, 2_253, "0.01") == "104.75"
    for name, excess in REPORTED_EXCESS.items():
        district = Unit.objects.get(name=name)
        assert per_cent(admitted(district, 2023), target(district, 2023), "0.1") == str(Decimal(excess) + 100), name
    assert admitted(Unit.objects.get(name="Đảng bộ huyện Nho Quan"), 2023) == 320
    kim_son = Unit.objects.get(name="Đảng bộ huyện Kim Sơn")
    assert admitted(kim_son, 2023) == 200
    assert admitted(kim_son, 2023, TallyCategory.RELIGIOUS) > 20
    assert admitted(province, 2023, TallyCategory.ENTERPRISE_OWNERS) == 11
    founded = Unit.objects.filter(
        path__startswith=province.path, sector=Sector.NON_STATE_ENTERPRISE, founded_on__year=2023
    )
    assert (founded.count(), target(province, 2023, TargetKind.NEW_ORGANIZATIONS)) == (12, 10)

    # Kim Sơn's supplementary class: 56 village heads enrolled, 56 graduated from lower secondary.
    course = Course.objects.get(kind=CourseKind.SUPPLEMENTARY, unit=kim_son, starts_on__year=2022)
    assert course.grants_education == Education.LOWER_SECONDARY
    results = list(course.enrollments.values_list("result", "candidate__general_education", "candidate__category"))
    assert results == [(CourseResult.PASSED, Education.LOWER_SECONDARY, "village_head")] * 56

    # Targets: a parent's is exactly the sum of its children's, at every level, every year seeded.
    for year in (2023, 2025, 2026):
        values = dict(
            AdmissionTarget.objects.filter(year=year, kind=TargetKind.ADMISSIONS).values_list("unit__path", "value")
        )
        children: dict[str, int] = defaultdict(int)
        for path, value in values.items():
            if len(path) > len(province.path):
                children[path[: -Unit.steplen]] += value
        assert children and all(children[path] == values[path] for path in children), year
    assert admitted(province, 2026) > 0 and target(province, 2026) > 0

    # The tallies are those the decided cases give, and every admission created its member.
    before = sorted(AdmissionTally.objects.values_list("unit_id", "day", "category", "subtree_count"))
    rebuild_tallies()
    assert sorted(AdmissionTally.objects.values_list("unit_id", "day", "category", "subtree_count")) == before
    decided = AdmissionCase.objects.filter(admitted_on__isnull=False)
    assert decided.filter(member__isnull=True).count() == 0
    assert decided.filter(admitted_on__year=2023).count() == 2_360
    assert not decided.exclude(member__admitted_on=F("admitted_on")).exists()
    assert set(decided.filter(admitted_on__year=2023).values_list("member__status", flat=True)) == {Status.FULL}
    on_rolls = Member.objects.in_subtree(province).filter(status__in=[Status.PROBATIONARY, Status.FULL]).count()
    assert counts_for([province], [Status.PROBATIONARY, Status.FULL])[province.pk] == on_rolls


def check_cases_reach_every_step_with_their_history():
    steps = set(AdmissionCase.objects.values_list("step", flat=True))
    assert steps == set(Step.values)
    open_cases = AdmissionCase.objects.filter(closed_on__isnull=True)
    assert open_cases.filter(due_on__lt=TODAY).exists()  # some overdue
    assert not open_cases.filter(due_on__isnull=True).exists()
    # Each case's history runs in date order from its opening to the step it stands at.
    sample = AdmissionCase.objects.order_by("id")[::50]
    for case in sample:
        events = list(case.events.order_by("occurred_on", "id"))
        assert events[0].occurred_on == case.opened_on and events[0].to_step == Step.OPENED
        assert events[-1].to_step == case.step
        assert all(event.occurred_on <= TODAY for event in events)
    # The vote ran the eligibility checks as `assess` gives them, and passed by two thirds.
    for event in CaseEvent.objects.filter(to_step=Step.CELL_VOTED).select_related("case__candidate__unit")[:100]:
        fresh = assess(event.case.candidate, on=event.occurred_on)
        assert fresh.eligible
        assert event.checks == [dict(record, outcome=str(record["outcome"])) for record in fresh.as_records()]
        assert 3 * event.votes_for >= 2 * event.voters
    # Introducers: two full members, or the Youth Union / trade union and one.
    introduced = AdmissionCase.objects.filter(events__to_step=Step.INTRODUCED).annotate(n=Count("introductions"))
    assert introduced.exists() and not introduced.filter(n=0).exists()
    assert not Introduction.objects.filter(introducer__isnull=False, shared_months__lt=12).exists()
    # An awareness certificate stands behind every application.
    applied = AdmissionCase.objects.filter(events__to_step=Step.APPLIED).values_list("candidate_id", flat=True)
    certified = Enrollment.objects.filter(course__kind=CourseKind.AWARENESS, result=CourseResult.PASSED)
    assert set(applied) <= set(certified.values_list("candidate_id", flat=True))


def check_each_demo_login_has_recruitment_work_in_scope():
    users = {user.username: user for user in User.objects.all()}
    secretary, kimson, province = users["secretary"], users["kimson"], users["province"]
    cell = secretary.member.unit
    kim_son = Unit.objects.get(name="Đảng bộ huyện Kim Sơn")

    mine = AdmissionCase.objects.visible_to(secretary)
    assert set(mine.values_list("unit", flat=True)) == {cell.pk}
    assert Candidate.objects.visible_to(secretary).filter(status="active").exists()
    assert mine.filter(closed_on__isnull=True, due_on__lt=TODAY).exists()  # an overdue case on their board
    assert mine.filter(closed_on__isnull=True).values("step").distinct().count() >= 6

    theirs = AdmissionCase.objects.visible_to(kimson)
    assert theirs.filter(closed_on__isnull=True).count() > 20
    assert not theirs.exclude(unit__path__startswith=kim_son.path).exists()
    assert AdmissionTarget.objects.visible_to(kimson).filter(unit=kim_son, year=TODAY.year).exists()
    assert AdmissionTally.objects.visible_to(kimson).filter(unit=kim_son, day__year=TODAY.year).exists()

    everything = AdmissionCase.objects.visible_to(province)
    districts = Unit.objects.filter(depth=kim_son.depth, path__startswith=kim_son.path[: -Unit.steplen])
    for district in districts:
        assert everything.filter(unit__path__startswith=district.path, closed_on__isnull=True).exists(), district


def check_each_step_is_recorded_by_someone_who_may_record_it():
    """A person named on a step holds the permission the transition table gives it on the cell: the
    committee's steps (background verified, resolution, decision, recognition) are not the
    secretary's. The system actor loads the rest of the province's history as imported."""
    users = {user.pk: user for user in User.objects.exclude(pk=system_actor().pk)}
    rows = CaseEvent.objects.filter(actor__in=list(users)).values_list(
        "actor_id", "action", "from_step", "to_step", "case__unit__path"
    )
    by_step: dict[str, set[str]] = defaultdict(set)
    for actor_id, action, from_step, to_step, path in rows:
        needed = transitions.find(action, from_step).permission if from_step else RECRUITMENT_CHANGE
        assert can(users[actor_id], needed, Unit(path=path)), (users[actor_id].username, action, to_step)
        by_step[to_step].add(users[actor_id].username)
    assert by_step[Step.BACKGROUND_VERIFIED] and "secretary" not in by_step[Step.BACKGROUND_VERIFIED]
    assert "secretary" in by_step[Step.CELL_VOTED]  # the cell's own steps stay the secretary's
    committee = [m.target for m in transitions.ADVANCES if m.permission == RECRUITMENT_DECIDE]
    assert all("secretary" not in by_step[step] for step in committee)
