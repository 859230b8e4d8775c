"""Who may be admitted on a given day, with every rule checked and the regulation behind it.

One function serves the source's page, the case's guards and the API: `assess(person, on=day)`.
Numbers come from `PolicyParameter` rows in force on that day, so a new regulation applies from
its effective date only.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Protocol

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sotay.core.models import Policy
from sotay.core.policy import Rule, rules_on
from sotay.core.text import short_date
from sotay.members.choices import Education, Religion
from sotay.organizations.models import SpecialArea, Unit

# Rules that carry no number: their source is still cited in every message.
CITIZENSHIP_SOURCE = "Điều lệ Đảng, Điều 1"
RELIGION_SOURCE = "Quy định 24-QĐ/TW, điểm 3.4"

EDUCATION_GRADE = {Education.PRIMARY: 5, Education.LOWER_SECONDARY: 9, Education.UPPER_SECONDARY: 12}


class Outcome(models.TextChoices):
    PASS = "pass", gettext_lazy("Meets the rule")
    FAIL = "fail", gettext_lazy("Does not meet the rule")
    APPROVAL = "approval", gettext_lazy("Needs a higher committee's approval")


class Person(Protocol):
    """A source or any other record with the fields the rules read."""

    birth_date: datetime.date
    vietnamese_citizen: bool
    general_education: str
    ethnic_minority: bool
    religion: str
    unit: Unit


@dataclass(frozen=True)
class Check:
    rule: str
    outcome: str
    message: str
    value: str
    source: str


@dataclass(frozen=True)
class Assessment:
    on: datetime.date
    checks: tuple[Check, ...]

    @property
    def eligible(self) -> bool:
        """Every rule met outright; a case needing approval may still go on, with that approval."""
        return all(check.outcome == Outcome.PASS for check in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if check.outcome == Outcome.FAIL]

    @property
    def approvals(self) -> list[Check]:
        return [check for check in self.checks if check.outcome == Outcome.APPROVAL]

    def as_records(self) -> list[dict[str, str]]:
        """The checks as stored with a case event."""
        return [asdict(check) for check in self.checks]


def assess(person: Person, *, on: datetime.date, special_area: bool | None = None) -> Assessment:
    """Every admission rule for `person` on `on` (the day of the cell's vote).

    `special_area` says whether the person's unit lies in a remote, highland, border or island
    area; it is read from the unit and its ancestors when not given (lists pass it in bulk).
    """
    rules = rules_on(on)
    if special_area is None:
        special_area = in_special_area(person.unit)
    return Assessment(
        on=on,
        checks=(
            _citizenship(person),
            _age(person, on, rules),
            _education(person, on, rules, special_area),
            _religion(person),
        ),
    )


def in_special_area(unit: Unit) -> bool:
    """Whether the unit or one of its ancestors is flagged remote, highland, border or island."""
    step = Unit.steplen
    paths = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
    return Unit.objects.filter(path__in=paths).exclude(special_area=SpecialArea.NONE).exists()


def _citizenship(person: Person) -> Check:
    if person.vietnamese_citizen:
        return Check("citizenship", Outcome.PASS, _("A Vietnamese citizen."), "", CITIZENSHIP_SOURCE)
    message = _("Only Vietnamese citizens may be admitted (%(source)s).") % {"source": CITIZENSHIP_SOURCE}
    return Check("citizenship", Outcome.FAIL, message, "", CITIZENSHIP_SOURCE)


def _missing(rule: str, key: Policy, on: datetime.date) -> Check:
    message = _("No regulation in force on %(date)s sets the %(parameter)s.") % {
        "date": short_date(on),
        "parameter": key.label,
    }
    return Check(rule, Outcome.FAIL, message, "", "")


def _birthday(birth_date: datetime.date, years: int) -> datetime.date:
    """The day a person turns `years`; born on 29 February, they turn it on 1 March."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return datetime.date(birth_date.year + years, 3, 1)


def _age(person: Person, on: datetime.date, rules: dict[str, Rule]) -> Check:
    youngest, oldest = rules.get(Policy.MIN_ADMISSION_AGE), rules.get(Policy.MAX_ADMISSION_AGE)
    if youngest is None:
        return _missing("age", Policy.MIN_ADMISSION_AGE, on)
    if oldest is None:
        return _missing("age", Policy.MAX_ADMISSION_AGE, on)
    low, high = int(youngest.value), int(oldest.value)
    value = f"{low}–{high}"
    source = youngest.source if youngest.source == oldest.source else f"{youngest.source}; {oldest.source}"
    turns_low = _birthday(person.birth_date, low)
    if on < turns_low:
        message = _("Must be %(age)s on the day of the cell's vote (%(source)s); turns %(age)s on %(date)s.") % {
            "age": low,
            "source": youngest.source,
            "date": short_date(turns_low),
        }
        return Check("age", Outcome.FAIL, message, value, youngest.source)
    if on > _birthday(person.birth_date, high):
        message = _(
            "Over %(age)s on the day of the cell's vote: admitted only by decision of the committee directly "
            "under the Central Committee (%(source)s)."
        ) % {"age": high, "source": oldest.source}
        return Check("age", Outcome.APPROVAL, message, value, oldest.source)
    message = _("Aged %(low)s to %(high)s on the day of the cell's vote.") % {"low": low, "high": high}
    return Check("age", Outcome.PASS, message, value, source)


def _education(person: Person, on: datetime.date, rules: dict[str, Rule], special_area: bool) -> Check:
    exception = person.ethnic_minority and special_area
    key = Policy.MIN_EDUCATION_GRADE_SPECIAL_AREA if exception else Policy.MIN_EDUCATION_GRADE
    rule = rules.get(key)
    if rule is None:
        return _missing("education", key, on)
    needed = int(rule.value)
    value = f"{needed}/12"
    grade = EDUCATION_GRADE.get(Education(person.general_education), 0)
    if grade >= needed:
        if exception:
            message = _(
                "Has finished grade %(needed)s/12, enough for an ethnic-minority candidate in a remote, highland, "
                "border or island area."
            ) % {"needed": needed}
        else:
            message = _("Has finished grade %(needed)s/12 or above.") % {"needed": needed}
        return Check("education", Outcome.PASS, message, value, rule.source)
    message = _(
        "Needs general education to grade %(needed)s/12 (%(source)s); a supplementary class can bring it there."
    ) % {"needed": needed, "source": rule.source}
    return Check("education", Outcome.FAIL, message, value, rule.source)


def _religion(person: Person) -> Check:
    if person.religion == Religion.NONE:
        return Check("religion", Outcome.PASS, _("No religion declared."), "", RELIGION_SOURCE)
    message = _(
        "A religious believer: the cell confirms the additional conditions for believers before the vote (%(source)s)."
    ) % {"source": RELIGION_SOURCE}
    return Check("religion", Outcome.PASS, message, "", RELIGION_SOURCE)
