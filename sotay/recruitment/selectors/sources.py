"""Reads of the sources for an actor: filtered, searched by any word of the name, paged in
Vietnamese alphabetical order, and counted per unit and category."""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Count, Q, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy

from sotay.core.permissions import MEMBERS_VIEW_SENSITIVE, RECRUITMENT_VIEW, can
from sotay.core.scoping import EVERYTHING, scope_paths
from sotay.core.text import search_words
from sotay.members.choices import Status
from sotay.members.models import Member
from sotay.members.selectors import decode_cursor
from sotay.organizations.models import SpecialArea, Unit
from sotay.organizations.rollups import ancestor_paths
from sotay.recruitment.choices import SourceCategory
from sotay.recruitment.eligibility import Assessment, Outcome, assess
from sotay.recruitment.models import Candidate, RecruitmentQuerySet

PAGE_SIZE = 50


@dataclass(frozen=True)
class SourceFilters:
    unit: Unit | None = None
    category: str = ""
    status: str = ""
    mass_organization: str = ""
    q: str = ""


@dataclass(frozen=True)
class SourcePage:
    sources: list[Candidate]
    next_cursor: str | None
    total: int


def encode_cursor(candidate: Candidate) -> str:
    """The position after `candidate` in list order; read back by the members' `decode_cursor`."""
    return base64.urlsafe_b64encode(f"{candidate.name_sort}\x1f{candidate.pk}".encode()).decode()


def name_matches(sources: RecruitmentQuerySet, text: str) -> RecruitmentQuerySet:
    """Names with a word starting with each word of `text`, in any order, ignoring case and
    diacritics ("nguyen" finds Nguyễn, "an nguyen" finds Nguyễn Văn An): the members' rule."""
    for word in search_words(text):
        sources = sources.filter(Q(name_key__startswith=word) | Q(name_key__contains=" " + word))
    return sources


def filtered_sources(actor, filters: SourceFilters) -> RecruitmentQuerySet:
    sources = Candidate.objects.visible_to(actor)
    if filters.unit is not None:
        sources = sources.in_subtree(filters.unit)
    if filters.category:
        sources = sources.filter(category=filters.category)
    if filters.status:
        sources = sources.filter(status=filters.status)
    if filters.mass_organization:
        sources = sources.filter(mass_organization=filters.mass_organization)
    if filters.q:
        sources = name_matches(sources, filters.q)
    return sources


def source_page(actor, filters: SourceFilters, *, after: str = "", limit: int = PAGE_SIZE) -> SourcePage:
    """One page of sources in Vietnamese alphabetical order after the cursor `after`, with the
    number that match. Sources are a few per cell, so counting them is cheap."""
    sources = filtered_sources(actor, filters)
    total = sources.count()
    if after:
        name_sort, pk = decode_cursor(after)
        sources = sources.filter(name_sort__gte=name_sort).filter(
            Q(name_sort__gt=name_sort) | Q(name_sort=name_sort, pk__gt=pk)
        )
    rows = list(sources.select_related("unit").order_by("name_sort", "pk")[: limit + 1])
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return SourcePage(sources=rows[:limit], next_cursor=next_cursor, total=total)


@dataclass
class CountRow:
    unit: Unit
    by_category: dict[str, int] = field(default_factory=dict)
    values: list[int] = field(default_factory=list)  # in the order of SourceCounts.categories

    @property
    def total(self) -> int:
        return sum(self.by_category.values())


@dataclass(frozen=True)
class SourceCounts:
    """Matching sources per unit one level below the one viewed (or per top of the actor's
    scope), and per category; `categories` are those with any source, in the choices' order."""

    rows: list[CountRow]
    categories: list[str]
    totals: list[int]
    total: int

    @property
    def category_labels(self) -> list[str]:
        return [str(SourceCategory(category).label) for category in self.categories]


def _group_key(actor, unit: Unit | None):
    """The expression naming, for each source, the unit it is counted under."""
    if unit is not None:
        return Substr("unit__path", 1, len(unit.path) + Unit.steplen)
    tops = scope_paths(actor, RECRUITMENT_VIEW)
    if EVERYTHING in tops:
        return Substr("unit__path", 1, Unit.steplen)
    if len(tops) == 1:
        return Substr("unit__path", 1, len(tops[0]) + Unit.steplen)
    return Case(*(When(unit__path__startswith=top, then=Value(top)) for top in tops), output_field=CharField())


def source_counts(actor, filters: SourceFilters) -> SourceCounts:
    """Counted in the database, grouped by the path prefix of the unit counted under: two queries
    whatever the scope's size. Sources of the viewed unit itself count under it."""
    grouped = (
        filtered_sources(actor, filters)
        .annotate(group=_group_key(actor, filters.unit))
        .values("group", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = {}
    for row in grouped:
        counts.setdefault(row["group"], {})[row["category"]] = row["n"]
    units = {unit.path: unit for unit in Unit.objects.visible_to(actor, RECRUITMENT_VIEW).filter(path__in=counts)}
    rows = [CountRow(unit=units[path], by_category=counts[path]) for path in sorted(counts) if path in units]
    categories = [c for c in SourceCategory.values if any(c in row.by_category for row in rows)]
    for row in rows:
        row.values = [row.by_category.get(category, 0) for category in categories]
    totals = [sum(row.by_category.get(category, 0) for row in rows) for category in categories]
    return SourceCounts(rows=rows, categories=categories, totals=totals, total=sum(totals))


def special_area_unit(unit: Unit) -> Unit | None:
    """The nearest unit at or above `unit` flagged remote, highland, border or island, or None."""
    step = Unit.steplen
    paths = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
    return Unit.objects.filter(path__in=paths).exclude(special_area=SpecialArea.NONE).order_by("-depth").first()


def helper_choices(unit: Unit):
    """Full members of `unit` and the units under it, in name order: who may help its sources."""
    return Member.objects.in_subtree(unit).filter(status=Status.FULL).order_by("name_sort", "pk")


def responsible_choices(unit: Unit):
    """People holding a role on `unit` or a unit above it: who may follow its sources."""
    return (
        get_user_model()
        .objects.filter(role_assignments__unit__path__in=ancestor_paths(unit.path), is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


RULE_LABELS = {
    "citizenship": gettext_lazy("Citizenship"),
    "age": gettext_lazy("Age on the day of the vote"),
    "education": gettext_lazy("General education"),
    "religion": gettext_lazy("Religious believers"),
}
# Rules whose explanation can reveal sensitive data: a religion, or an ethnic minority's exception.
REDACTED = gettext_lazy("This rule reads sensitive personal data you may not see; an officer who may see it checks it.")


@dataclass(frozen=True)
class ExplainedCheck:
    rule: str
    label: str
    outcome: str
    outcome_label: str
    message: str
    value: str
    source: str


def explained_checks(
    candidate: Candidate, assessment: Assessment, *, show_sensitive: bool, special_area: bool
) -> list[ExplainedCheck]:
    """Each rule of `assessment` with its name and outcome in words, as the page and the API show
    them. For a reader without members.view_sensitive, the religion rule's explanation and an
    ethnic-minority exception's are withheld (the outcome stays: it is the cell's to act on)."""
    rows = []
    for check in assessment.checks:
        message, value = check.message, check.value
        hidden = check.rule == "religion" or (check.rule == "education" and candidate.ethnic_minority and special_area)
        if hidden and not show_sensitive:
            message, value = str(REDACTED), ""
        rows.append(
            ExplainedCheck(
                rule=check.rule,
                label=str(RULE_LABELS.get(check.rule, check.rule)),
                outcome=check.outcome,
                outcome_label=str(Outcome(check.outcome).label),
                message=message,
                value=value,
                source=check.source,
            )
        )
    return rows


@dataclass(frozen=True)
class SourceEligibility:
    on: datetime.date
    assessment: Assessment
    checks: list[ExplainedCheck]
    special_area_unit: Unit | None  # the unit whose flag gives the area's exceptions

    @property
    def verdict(self) -> str:
        """ "eligible", "approval" (eligible with a higher committee's approval) or "not_eligible"."""
        if self.assessment.failures:
            return "not_eligible"
        return "approval" if self.assessment.approvals else "eligible"


def source_eligibility(actor, candidate: Candidate, on: datetime.date) -> SourceEligibility:
    """Every admission rule for the source on `on`, explained for `actor`: `eligibility.assess`, the
    function the case's guards call too, with the area read once for both."""
    area_unit = special_area_unit(candidate.unit)
    assessment = assess(candidate, on=on, special_area=area_unit is not None)
    checks = explained_checks(
        candidate,
        assessment,
        show_sensitive=can(actor, MEMBERS_VIEW_SENSITIVE, candidate.unit),
        special_area=area_unit is not None,
    )
    return SourceEligibility(on=on, assessment=assessment, checks=checks, special_area_unit=area_unit)
