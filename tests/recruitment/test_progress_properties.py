"""Report arithmetic over random trees and random admissions: every parent's figures are the sums
of its children's at every level, the maintained tallies equal a rebuild from the cases, and a
report for a past day is unchanged by what is decided after it."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sotay.organizations.models import Unit, UnitKind
from sotay.recruitment.choices import TallyCategory
from sotay.recruitment.models import AdmissionTally
from sotay.recruitment.selectors.progress import progress_report
from sotay.recruitment.tallies import rebuild_tallies
from tests.factories import make_admission, make_unit

YEAR = 2025
KINDS = [UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.GRASSROOTS, UnitKind.CELL]

# A tree as nested lists of children: [] is a cell.
trees = st.recursive(st.just([]), lambda children: st.lists(children, min_size=1, max_size=3), max_leaves=7)
admissions = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=50),  # which cell
        st.dates(min_value=datetime.date(YEAR, 1, 1), max_value=datetime.date(YEAR, 12, 31)),
        st.sampled_from(["none", "buddhism"]),
        st.sampled_from(["worker", "student", "enterprise_owner", "farmer"]),
        st.integers(min_value=1950, max_value=2003),  # birth year
    ),
    max_size=8,
)


def build(shape: list, parent: Unit | None, depth: int, serial: list[int]) -> list[Unit]:
    """Create the units of `shape` under `parent`; return them all, parents first."""
    serial[0] += 1
    kind = KINDS[min(depth, len(KINDS) - 1)] if shape else UnitKind.CELL
    unit = make_unit(parent, f"Đơn vị {serial[0]}", kind, code=f"U{serial[0]}")
    units = [unit]
    for child in shape:
        units += build(child, unit, depth + 1, serial)
    return units


def tallies() -> set[tuple]:
    return set(
        AdmissionTally.objects.filter(subtree_count__gt=0).values_list("unit_id", "day", "category", "subtree_count")
    )


class ReportArithmetic(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(shape=trees, admitted=admissions, as_of=st.dates(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 30)))
    def test_parents_add_up_maintained_equals_rebuilt_and_the_past_stays(self, shape, admitted, as_of):
        units = build([shape], make_unit(None, "Trung ương", UnitKind.CENTRAL, code="TW"), 0, [0])
        for unit in units:
            unit.refresh_from_db()
        cells = [unit for unit in units if unit.is_leaf()]
        for n, (which, day, religion, category, born) in enumerate(admitted):
            make_admission(
                cells[which % len(cells)],
                day,
                f"Người {n}",
                religion=religion,
                member_category=category,
                birth_date=datetime.date(born, 6, 1),
            )

        maintained = tallies()
        rebuild_tallies()
        assert tallies() == maintained

        before = {unit.pk: progress_report(unit, YEAR, as_of) for unit in units}
        for unit in units:
            report = before[unit.pk]
            if unit.is_leaf():
                assert report.rows == []
                continue
            assert all(row.unit is not None for row in report.rows), "admissions are in cells only"
            assert report.total.admitted == sum(row.admitted for row in report.rows)
            assert report.total.new_organizations == sum(row.new_organizations for row in report.rows)
            for category in TallyCategory.values:
                assert report.total.category(category) == sum(row.category(category) for row in report.rows)
            assert report.total.projected == sum(row.projected for row in report.rows)
            for row in report.rows:
                assert row.admitted == before[row.unit.pk].total.admitted
        assert before[units[0].pk].total.admitted == sum(1 for _, day, *_rest in admitted if day <= as_of)

        make_admission(cells[0], as_of + datetime.timedelta(days=1), "Người sau")
        for unit in units:
            after = progress_report(unit, YEAR, as_of)
            assert after.total.by_category == before[unit.pk].total.by_category
            assert [row.by_category for row in after.rows] == [row.by_category for row in before[unit.pk].rows]
