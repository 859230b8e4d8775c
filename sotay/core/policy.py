"""The regulation in force on a day, for the rules that apply it and the messages that cite it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sotay.core.models import Policy, PolicyParameter


@dataclass(frozen=True)
class Rule:
    value: Decimal
    source: str


def rule_on(key: Policy, day: datetime.date) -> Rule | None:
    """The parameter in force on `day`, or None when no regulation set one by then."""
    row = (
        PolicyParameter.objects.filter(key=key, effective_from__lte=day)
        .order_by("-effective_from")
        .values_list("value", "source")
        .first()
    )
    return Rule(*row) if row else None


def rules_on(day: datetime.date) -> dict[str, Rule]:
    """Every parameter in force on `day`, by key, in one query (for checks that read several)."""
    rules: dict[str, Rule] = {}
    rows = PolicyParameter.objects.filter(effective_from__lte=day).order_by("key", "-effective_from")
    for key, value, source in rows.values_list("key", "value", "source"):
        rules.setdefault(key, Rule(value, source))
    return rules


def as_fraction(value: Decimal) -> Fraction:
    """A ratio stored to four places as the simple fraction it stands for: 0.6667 → 2/3, 0.03 → 3/100."""
    return Fraction(value).limit_denominator(1000)
