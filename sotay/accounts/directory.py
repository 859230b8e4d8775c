"""What accounts need to know about members, told by the members app.

The members app sits above this one (it imports accounts; accounts may not import it), so it
registers this directory when Django starts (`MembersConfig.ready`), as it registers the unit
tree's member hooks: activation finds the member a code was issued for, sign-in finds the member
with a phone or card number, and an officer issues codes for the members of a cell.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from sotay.organizations.models import Unit


@dataclass(frozen=True)
class MemberCard:
    """The few facts about a member that activation and sign-in use."""

    id: int
    full_name: str
    unit: Unit
    phone: str
    card_number: str
    on_rolls: bool


@dataclass(frozen=True)
class MemberDirectory:
    card: Callable[[int], MemberCard | None]  # a member by id, whoever asks (activation has no actor yet)
    # ids of the members on the rolls whose phone (compact) or card number is exactly the given text
    matching: Callable[[str], list[int]]
    in_cell: Callable[[Unit], list[MemberCard]]  # the members on the rolls directly in a unit, by name
    # a member the actor may change, or Http404 / PermissionDenied as `access_member` answers
    access: Callable[..., MemberCard]


_registered: list[MemberDirectory] = []


def register_member_directory(directory: MemberDirectory) -> None:
    _registered[:] = [directory]


def member_directory() -> MemberDirectory:
    if not _registered:  # refusing is safer than activating an account for no one
        raise ImproperlyConfigured("The members app has not registered its directory (sotay.members is not installed).")
    return _registered[0]
