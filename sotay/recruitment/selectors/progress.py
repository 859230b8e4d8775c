"""Targets and progress of member development, for a unit, a year and a day.

Every figure of a report comes from maintained rows: admissions from `AdmissionTally` (dated by the
decision, so a report for a past day reads only the rows up to that day and never changes when
later cases are decided), targets from `AdmissionTarget`, new organizations from the units' own
founding dates. A parent's figures are the sums of its children's: the report adds a row for
what falls directly in the unit (or in children dissolved before the year) whenever the
children's rows do not add up to the unit's own tally.

Ratios are kept as exact fractions; they are rounded once, when shown (`percent_text`).
"""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property

from django.db.models import Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sotay.core.models import Policy
from sotay.core.policy import Rule, as_fraction, rule_on
from sotay.members.selectors import on_rolls_on
from sotay.organizations.models import Sector, Unit
from sotay.recruitment.choices import TallyCategory, TargetKind
from sotay.recruitment.models import AdmissionTally, AdmissionTarget

# The category targets, and the tally each is measured on.
CATEGORY_TARGETS = {
    TargetKind.RELIGIOUS: TallyCategory.RELIGIOUS,
    TargetKind.ENTERPRISE_OWNERS: TallyCategory.ENTERPRISE_OWNERS,
    TargetKind.STUDENTS: TallyCategory.STUDENTS,
}
HUNDRED = Fraction(100)


def percent(ratio: Fraction) -> Decimal:
    """A ratio as a per cent with two places, rounded once, half up: 2360/2253 → 104.75."""
    return (Decimal(ratio.numerator * 100) / Decimal(ratio.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def percent_text(ratio: Fraction | None) -> str:
    """ "104.75 %" ("104,75 %" in Vietnamese); empty without a ratio."""
    if ratio is None:
        return ""
    return _("%(number)s %%") % {"number": number_format(percent(ratio), 2, force_grouping=True)}


def first_of_year(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def last_of_year(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


# -- targets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DefaultTarget:
    """What the policy ratio gives: ceil(ratio × members on the rolls on 1 January)."""

    value: int
    members: int
    rule: Rule


def ratio_rule(year: int) -> Rule | None:
    return rule_on(Policy.ADMISSION_TARGET_RATIO, first_of_year(year))


def default_targets(units: list[Unit], year: int) -> dict[int, DefaultTarget | None]:
    """Unit id → its default admission target for `year` (None where no ratio is in force)."""
    rule = ratio_rule(year)
    if rule is None:
        return dict.fromkeys((unit.pk for unit in units), None)
    ratio = as_fraction(rule.value)
    members = on_rolls_on(first_of_year(year), units)
    return {unit.pk: DefaultTarget(math.ceil(ratio * members[unit.pk]), members[unit.pk], rule) for unit in units}


def stored_targets(unit_ids: list[int], year: int) -> dict[tuple[int, str], AdmissionTarget]:
    rows = AdmissionTarget.objects.filter(unit_id__in=unit_ids, year=year)
    return {(row.unit_id, row.kind): row for row in rows}


# -- the report ---------------------------------------------------------------------------------


@dataclass
class Row:
    """One unit's figures (or, with `unit` None, what its parent holds outside its children).

    The derived figures are computed once, when first read, after the report has set them all;
    their texts follow the language active when they are shown.
    """

    unit: Unit | None
    admitted: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    target: int | None = None
    target_is_default: bool = False
    default_target: int | None = None
    new_organizations: int = 0
    new_organizations_target: int | None = None
    category_targets: dict[str, int | None] = field(default_factory=dict)
    last_year_by_month: list[int] = field(default_factory=lambda: [0] * 12)
    projected: Fraction | None = None

    @cached_property
    def ratio(self) -> Fraction | None:
        return Fraction(self.admitted, self.target) if self.target else None

    @property
    def percent_text(self) -> str:
        return percent_text(self.ratio)

    @cached_property
    def exceeded_by(self) -> Fraction | None:
        """How far above the plan, as a ratio of the plan (4.75 % for 2,360 against 2,253)."""
        if not self.target or self.admitted <= self.target:
            return None
        return Fraction(self.admitted - self.target, self.target)

    @cached_property
    def short_by(self) -> int | None:
        if self.target is None or self.admitted >= self.target:
            return None
        return self.target - self.admitted

    @property
    def standing(self) -> str:
        """ "exceeded by 4.75 %", "short by 12", "on plan" or "" without a target."""
        if self.target is None:
            return ""
        if self.exceeded_by is not None:
            return _("exceeded by %(percent)s") % {"percent": percent_text(self.exceeded_by)}
        if self.short_by is not None:
            return _("short by %(count)s") % {"count": number_format(self.short_by, force_grouping=True)}
        return _("on plan")

    @cached_property
    def new_organizations_ratio(self) -> Fraction | None:
        if not self.new_organizations_target:
            return None
        return Fraction(self.new_organizations, self.new_organizations_target)

    @property
    def new_organizations_percent_text(self) -> str:
        return percent_text(self.new_organizations_ratio)

    @cached_property
    def on_track_ratio(self) -> Fraction | None:
        """The share of the target the forecast reaches by 31 December."""
        if self.projected is None or not self.target:
            return None
        return self.projected / self.target

    @property
    def on_track_percent_text(self) -> str:
        return percent_text(self.on_track_ratio)

    @cached_property
    def projected_count(self) -> int | None:
        return None if self.projected is None else round(self.projected)

    @cached_property
    def at_risk(self) -> bool:
        """On its pace, the unit ends the year below its target."""
        ratio = self.on_track_ratio
        return ratio is not None and ratio < 1

    @property
    def name(self) -> str:
        return self.unit.name if self.unit else _("Directly in the unit or in units dissolved before the year")

    def category(self, category: str) -> int:
        return self.by_category.get(category, 0)

    @cached_property
    def category_cells(self) -> list[tuple[int, int | None]]:
        """(admitted, target or None) for each category of the report, in its order."""
        return [
            (self.category(value), self.category_targets.get(value))
            for value in TallyCategory.values
            if value != TallyCategory.ALL
        ]


@dataclass
class ProgressReport:
    unit: Unit
    year: int
    as_of: datetime.date
    total: Row
    rows: list[Row]  # the children, then the remainder row if there is one
    children_target_sum: int | None
    forecast: bool  # whether the year is still running on `as_of`
    ratio_rule: Rule | None

    @cached_property
    def at_risk(self) -> list[Row]:
        return [row for row in self.rows if row.unit is not None and row.at_risk]

    @property
    def categories(self) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in TallyCategory.choices if value != TallyCategory.ALL]

    @property
    def category_target_kinds(self) -> list[tuple[str, str, str]]:
        """(target kind, tally category, label) for the category targets."""
        return [(str(kind), str(tally), str(TargetKind(kind).label)) for kind, tally in CATEGORY_TARGETS.items()]


def report_children(unit: Unit, year: int) -> list[Unit]:
    """The unit's children that still existed on 1 January of `year`, in tree order."""
    return list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first_of_year(year)))
        .order_by("path")
    )


def report_day(year: int, given: datetime.date | None = None) -> datetime.date:
    """The day a report of `year` is as of: the day asked for, else today for the running year,
    31 December for a past one and 1 January for one still to come (its targets, nothing admitted)."""
    if given is not None:
        return given
    return max(first_of_year(year), min(timezone.localdate(), last_of_year(year)))


def progress_report(unit: Unit, year: int, as_of: datetime.date | None = None) -> ProgressReport:
    """The progress of `unit` and each child in `year`, counting admissions decided up to `as_of`
    (the end of the year when not given). The caller has checked the unit is visible."""
    start, end = first_of_year(year), last_of_year(year)
    as_of = min(as_of or end, end)
    if as_of < start:
        raise ValueError("as_of before the year")
    children = report_children(unit, year)
    units = [unit, *children]
    ids = [u.pk for u in units]
    rows = {u.pk: Row(unit=u) for u in units}

    tallies = (
        AdmissionTally.objects.filter(unit_id__in=ids, day__gte=start, day__lte=as_of)
        .values("unit_id", "category")
        .annotate(n=Sum("subtree_count"))
        .order_by()
    )
    for item in tallies:
        rows[item["unit_id"]].by_category[item["category"]] = item["n"]
    for row in rows.values():
        row.admitted = row.by_category.get(TallyCategory.ALL, 0)

    _add_targets(rows, units, year)
    _add_new_organizations(rows, unit, children, start, as_of)
    running = as_of < end
    if running:
        _add_last_year(rows, ids, year)

    total = rows.pop(unit.pk)
    child_rows = [rows[child.pk] for child in children]
    remainder = _remainder(total, child_rows)
    if remainder is not None:
        child_rows.append(remainder)
    if running:
        # Every child is projected on the unit's own pattern: a cell's handful of admissions last
        # year is no pattern (two in December would make two this spring a pace of thirty).
        for row in child_rows:
            row.projected = projection(row.admitted, total.last_year_by_month, as_of)
        total.projected = sum((row.projected for row in child_rows if row.projected is not None), Fraction(0))
        if not child_rows:
            total.projected = projection(total.admitted, total.last_year_by_month, as_of)
    targets = [row.target for row in child_rows if row.unit is not None]
    children_target_sum = sum(t for t in targets if t is not None) if targets and None not in targets else None
    return ProgressReport(
        unit=unit,
        year=year,
        as_of=as_of,
        total=total,
        rows=child_rows,
        children_target_sum=children_target_sum,
        forecast=running,
        ratio_rule=ratio_rule(year),
    )


def _add_targets(rows: dict[int, Row], units: list[Unit], year: int) -> None:
    stored = stored_targets(list(rows), year)
    missing = [u for u in units if (u.pk, TargetKind.ADMISSIONS) not in stored]
    defaults = default_targets(missing, year) if missing else {}
    for unit_id, row in rows.items():
        target = stored.get((unit_id, TargetKind.ADMISSIONS))
        if target is not None:
            row.target, row.default_target = target.value, target.default_value
        else:
            default = defaults.get(unit_id)
            if default is not None:
                row.target = row.default_target = default.value
                row.target_is_default = True
        row.new_organizations_target = _value(stored.get((unit_id, TargetKind.NEW_ORGANIZATIONS)))
        row.category_targets = {str(kind): _value(stored.get((unit_id, kind))) for kind in CATEGORY_TARGETS}


def _value(target: AdmissionTarget | None) -> int | None:
    return None if target is None else target.value


def _add_new_organizations(
    rows: dict[int, Row], unit: Unit, children: list[Unit], start: datetime.date, as_of: datetime.date
) -> None:
    """Party organizations in non-state enterprises founded from 1 January to `as_of`, in the subtree."""
    founded = Unit.objects.filter(
        path__startswith=unit.path, sector=Sector.NON_STATE_ENTERPRISE, founded_on__gte=start, founded_on__lte=as_of
    ).values_list("path", flat=True)
    child_by_path = {child.path: child.pk for child in children}
    width = len(unit.path) + Unit.steplen
    for path in founded:
        rows[unit.pk].new_organizations += 1
        child = child_by_path.get(path[:width])
        if child is not None:
            rows[child].new_organizations += 1


def _add_last_year(rows: dict[int, Row], ids: list[int], year: int) -> None:
    monthly = (
        AdmissionTally.objects.filter(
            unit_id__in=ids,
            category=TallyCategory.ALL,
            day__gte=first_of_year(year - 1),
            day__lte=last_of_year(year - 1),
        )
        .annotate(month=ExtractMonth("day"))
        .values("unit_id", "month")
        .annotate(n=Sum("subtree_count"))
        .order_by()
    )
    for item in monthly:
        rows[item["unit_id"]].last_year_by_month[item["month"] - 1] = item["n"]


def _remainder(total: Row, children: list[Row]) -> Row | None:
    """What the unit holds outside the listed children, so that the rows add up to the total."""
    rest = Row(unit=None)
    rest.admitted = total.admitted - sum(row.admitted for row in children)
    categories = set(total.by_category).union(*(row.by_category for row in children))
    rest.by_category = {
        category: total.category(category) - sum(row.category(category) for row in children) for category in categories
    }
    rest.new_organizations = total.new_organizations - sum(row.new_organizations for row in children)
    rest.last_year_by_month = [
        total.last_year_by_month[m] - sum(row.last_year_by_month[m] for row in children) for m in range(12)
    ]
    if not children:
        return None
    empty = not rest.admitted and not rest.new_organizations and not any(rest.by_category.values())
    return None if empty and not any(rest.last_year_by_month) else rest


def elapsed_share(last_year_by_month: list[int], as_of: datetime.date) -> Fraction:
    """The share of a year's admissions that, on last year's monthly pattern, are in by `as_of`
    (full months before it, and the part of its month up to its day). Without a pattern (no
    admissions last year, or none in the months gone by), the share of the year's days elapsed."""
    year = as_of.year
    days_in_month = calendar.monthrange(year, as_of.month)[1]
    last_total = sum(last_year_by_month)
    if last_total > 0:
        done = sum(last_year_by_month[: as_of.month - 1]) + Fraction(
            last_year_by_month[as_of.month - 1] * as_of.day, days_in_month
        )
        if done > 0:
            return done / last_total
    days = (as_of - first_of_year(year)).days + 1
    return Fraction(days, (last_of_year(year) - first_of_year(year)).days + 1)


def projection(admitted: int, last_year_by_month: list[int], as_of: datetime.date) -> Fraction:
    """Admissions expected by 31 December: this year's count so far over the share of the year's
    admissions that last year's pattern puts before `as_of`."""
    return Fraction(admitted) / elapsed_share(last_year_by_month, as_of)
