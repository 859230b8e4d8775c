"""What a "this value is taken" error may tell an officer about a record outside their scope.

Card numbers and unit codes are unique across the country, so refusing a duplicate always says the
value exists somewhere. The error names the record only when the officer may see it; otherwise it
names the organizing committee to ask: the lowest unit whose subtree holds both the officer's scope
and the record, which says no more than "somewhere under that committee", a committee the officer
already knows as one of their own. See docs/decisions/0004-existence-across-scopes.md.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sotay.core.scoping import scope_paths
from sotay.organizations.models import Unit, UnitQuerySet

TAKEN_HERE = {
    "card_number": _("This card number is already recorded for %(name)s."),
    "code": _("This code is already used by %(name)s."),
}
TAKEN_UNDER = {
    "card_number": _(
        "This card number is already recorded outside your units. If it is this person's, ask the organizing "
        "committee of %(committee)s to check it."
    ),
    "code": _(
        "This code is already used by a unit outside yours. Choose another, or ask the organizing committee of "
        "%(committee)s which unit has it."
    ),
}
TAKEN_ELSEWHERE = {
    "card_number": _(
        "This card number is already recorded outside your units. If it is this person's, ask the central "
        "organizing committee to check it."
    ),
    "code": _(
        "This code is already used by a unit outside yours. Choose another, or ask the central organizing "
        "committee which unit has it."
    ),
}


def committee_to_ask(actor, permission: str, path: str) -> Unit | None:
    """The lowest unit above both the record at `path` and one of the actor's subtrees, or None
    when they share none (another top-level unit)."""
    step = Unit.steplen
    lowest = ""
    for scope in scope_paths(actor, permission):
        common = 0
        while (
            common + step <= min(len(scope), len(path))
            and scope[common : common + step] == path[common : common + step]
        ):
            common += step
        lowest = max(lowest, path[:common], key=len)
    return Unit.objects.filter(path=lowest).first() if lowest else None


def taken_error(actor, *, field: str, path: str, permission: str, seen: tuple[str, str] | None) -> ValidationError:
    """The error for a unique `field` whose value is held by a record in the unit at `path`.

    `seen` is the record's (name, url) when the actor may see it, None when not: the actor is then
    told which committee can check, never the record. Code "taken"; a page links `params["url"]`.
    """
    if seen is not None:
        name, url = seen
        return ValidationError(TAKEN_HERE[field], code="taken", params={"name": name, "url": url})
    committee = committee_to_ask(actor, permission, path)
    if committee is None:
        return ValidationError(TAKEN_ELSEWHERE[field], code="taken")
    return ValidationError(TAKEN_UNDER[field], code="taken", params={"committee": committee.name})


def code_taken(actor, code: str) -> ValidationError | None:
    """The error for a unit code already in use (units are never deleted, so dissolved ones count)."""
    holder = Unit.objects.filter(code=code).first()
    if holder is None:
        return None
    seen = None
    if Unit.objects.visible_to(actor).filter(pk=holder.pk).exists():
        seen = (holder.label, reverse("unit-detail", args=[holder.pk]))
    return taken_error(actor, field="code", path=holder.path, permission=UnitQuerySet.view_permission, seen=seen)
