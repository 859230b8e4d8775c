import datetime

import pytest

from sotay.core.models import Policy, PolicyParameter
from sotay.members.choices import Education
from sotay.organizations.models import SpecialArea
from sotay.recruitment.eligibility import Outcome, assess
from tests.factories import build_org_tree, make_candidate

pytestmark = pytest.mark.django_db

VOTE = datetime.date(2026, 6, 15)


def outcome(candidate, rule, on=VOTE):
    return next(check for check in assess(candidate, on=on).checks if check.rule == rule)


def test_eighteen_on_the_day_of_the_vote_and_not_the_day_before():
    tree = build_org_tree()
    candidate = make_candidate(tree.cell_a1, birth_date=datetime.date(2008, 6, 15))
    assert outcome(candidate, "age").outcome == Outcome.PASS
    before = outcome(candidate, "age", on=VOTE - datetime.timedelta(days=1))
    assert before.outcome == Outcome.FAIL
    assert "Điều lệ Đảng 2011, Điều 1" in before.message


def test_sixty_on_the_day_passes_and_a_day_later_needs_approval():
    tree = build_org_tree()
    candidate = make_candidate(tree.cell_a1, birth_date=datetime.date(1966, 6, 15))
    assert outcome(candidate, "age").outcome == Outcome.PASS
    assert outcome(candidate, "age", on=VOTE + datetime.timedelta(days=1)).outcome == Outcome.APPROVAL


def test_primary_education_fails_except_for_ethnic_minorities_in_a_special_area():
    tree = build_org_tree()
    candidate = make_candidate(tree.cell_a1, general_education=Education.PRIMARY, ethnic_minority=True)
    failed = outcome(candidate, "education")
    assert (failed.outcome, failed.value) == (Outcome.FAIL, "9/12")
    assert "Điều lệ Đảng, Điều 1" in failed.source
    tree.district_a.special_area = SpecialArea.HIGHLAND
    tree.district_a.save()
    assert outcome(candidate, "education").outcome == Outcome.PASS


def test_a_new_parameter_applies_from_its_effective_date_only():
    tree = build_org_tree()
    candidate = make_candidate(tree.cell_a1, birth_date=datetime.date(2007, 1, 1))
    PolicyParameter.objects.create(
        key=Policy.MIN_ADMISSION_AGE, value=21, effective_from=datetime.date(2027, 1, 1), source="Điều lệ mới"
    )
    assert outcome(candidate, "age", on=datetime.date(2026, 12, 31)).outcome == Outcome.PASS
    after = outcome(candidate, "age", on=datetime.date(2027, 1, 2))
    assert after.outcome == Outcome.FAIL
    assert after.source == "Điều lệ mới"


def test_a_foreign_citizen_is_refused_with_the_source():
    tree = build_org_tree()
    assessment = assess(make_candidate(tree.cell_a1, vietnamese_citizen=False), on=VOTE)
    assert not assessment.eligible
    assert [check.rule for check in assessment.failures] == ["citizenship"]
