"""The regulation in force on a day, for the rules that apply it and the messages that cite it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

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
