"""What the unit tree needs to know about members, told by the members app.

The members app sits above this one (it imports units; units may not import it), so it registers
these hooks when Django starts (`MembersConfig.ready`): a merge moves the absorbed unit's members
through them, dated no earlier than the last member arrived, and a unit's page counts the members
on the rolls with the statuses they name.
"""

import datetime
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from sotay.organizations.models import Unit
from sotay.organizations.rollups import counts_for


@dataclass(frozen=True)
class MemberHooks:
    on_rolls: Collection[str]  # the statuses of members still on the rolls
    count_in: Callable[[Unit], int]  # members directly in a unit (not its subtree)
    # the newest date a member arrived in a unit: a merge dated before it would leave them in a
    # unit already dissolved
    last_arrival_in: Callable[[Unit], datetime.date | None]
    # move_all(actor=, source=, target=, occurred_on=, reason=, document_ref=): every member of
    # `source` to `target` in one set of statements; returns how many moved.
    move_all: Callable[..., int]


_registered: list[MemberHooks] = []


def register_member_hooks(hooks: MemberHooks) -> None:
    _registered[:] = [hooks]


def member_hooks() -> MemberHooks:
    if not _registered:  # refusing is safer than merging a unit and leaving its members behind
        raise ImproperlyConfigured("The members app has not registered its hooks (sotay.members is not installed).")
    return _registered[0]


def members_on_rolls(units: Iterable[Unit]) -> dict[int, int]:
    """Unit id → members on the rolls in its whole subtree, from the maintained counts."""
    return counts_for(units, member_hooks().on_rolls)
