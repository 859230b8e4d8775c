import datetime

from auditlog.models import LogEntry

from sotay.core.models import Policy, PolicyParameter
from sotay.core.policy import rule_on


def test_the_rule_in_force_is_the_latest_before_the_day(charter):
    PolicyParameter.objects.create(
        key=Policy.MIN_ADMISSION_AGE, value=20, effective_from=datetime.date(2030, 1, 1), source="Later rule"
    )
    assert rule_on(Policy.MIN_ADMISSION_AGE, datetime.date(2010, 12, 31)) is None
    assert rule_on(Policy.MIN_ADMISSION_AGE, datetime.date(2026, 1, 1)).value == 18
    assert rule_on(Policy.MIN_ADMISSION_AGE, datetime.date(2030, 1, 1)).source == "Later rule"


def test_changes_to_a_rule_are_audited(charter):
    rule = PolicyParameter.objects.get(key=Policy.MIN_ADMISSION_AGE)
    rule.source = "Điều lệ Đảng, Điều 1"
    rule.save()
    assert LogEntry.objects.get_for_object(rule).filter(action=LogEntry.Action.UPDATE).count() == 1
