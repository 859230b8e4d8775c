"""The demo's handbook pilot: Yên Mô district switched on, as in the seed report, with over 90 % of
its members activated; the secretary's cell left with codes to print."""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from sotay.accounts.services.activation import codes_issue
from sotay.accounts.services.rollout import handbook_switch_set
from sotay.members.choices import ON_ROLLS
from sotay.members.models import Member
from sotay.organizations.models import Unit

ACTIVATED_SHARE = 0.93
CODES_TO_PRINT = 5


def seed_handbook_access(
    *, district: Unit, cell: Unit, officer, secretary, password: str, seed: int = 2023
) -> dict[str, int]:
    """Switch the handbook on for `district` and activate most of its members in bulk (one shared
    password hash: hashing each would take minutes); `cell`'s members without an account get codes."""
    handbook_switch_set(actor=officer, unit=district, on=True)
    users = get_user_model()
    taken = set(users.objects.exclude(member=None).values_list("member_id", flat=True))
    candidates = list(
        Member.objects.filter(unit__path__startswith=district.path, status__in=ON_ROLLS)
        .order_by("pk")
        .values_list("pk", "full_name")
    )
    # A few of the secretary's own cell are left to activate from the codes the secretary prints.
    to_print = set(
        Member.objects.filter(unit=cell, status__in=ON_ROLLS)
        .exclude(pk__in=taken)
        .order_by("-pk")
        .values_list("pk", flat=True)[:CODES_TO_PRINT]
    )
    rng = random.Random(seed)
    chosen = [
        (pk, name)
        for pk, name in candidates
        if pk not in taken and pk not in to_print and rng.random() < ACTIVATED_SHARE
    ]
    hashed = make_password(password)
    users.objects.bulk_create(
        (users(username=f"member-{pk}", password=hashed, first_name=name[:150], member_id=pk) for pk, name in chosen),
        batch_size=1000,
    )
    issued = codes_issue(actor=secretary, unit=cell)
    return {
        "handbook_accounts": len(chosen) + len(taken & {pk for pk, _name in candidates}),
        "codes": len(issued.issued),
    }
