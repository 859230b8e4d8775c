"""Admission tallies follow a unit when it moves or is merged, as the member counts do."""

import datetime

from sotay.organizations import services as units
from sotay.recruitment.choices import TallyCategory
from sotay.recruitment.models import AdmissionTally
from sotay.recruitment.selectors.progress import progress_report
from sotay.recruitment.tallies import rebuild_tallies
from tests.factories import make_admission

DAY = datetime.date(2026, 3, 2)
AS_OF = datetime.date(2026, 6, 30)


def tallies() -> dict[tuple[int, datetime.date, str], int]:
    rows = AdmissionTally.objects.exclude(subtree_count=0).values_list("unit_id", "day", "category", "subtree_count")
    return {(unit_id, day, category): n for unit_id, day, category, n in rows}


def admitted(unit) -> int:
    return progress_report(unit, AS_OF.year, AS_OF).total.admitted


def test_a_moved_grassroots_organization_takes_its_admissions_to_its_new_district(tree):
    make_admission(tree.cell_a1, datetime.date(2026, 2, 10), religion="buddhism")
    make_admission(tree.cell_a2, datetime.date(2026, 4, 1), "Lý Văn Tám")
    make_admission(tree.cell_b1, datetime.date(2026, 5, 5), "Hồ Thị Chín")
    assert (admitted(tree.district_a), admitted(tree.district_b), admitted(tree.province)) == (2, 1, 3)

    units.unit_move(actor=tree.province_officer, unit=tree.commune_a, new_parent=tree.district_b, occurred_on=DAY)

    assert (admitted(tree.district_a), admitted(tree.district_b), admitted(tree.province)) == (0, 3, 3)
    report = progress_report(tree.district_b, AS_OF.year, AS_OF)
    assert report.total.admitted == sum(row.admitted for row in report.rows)
    assert report.total.category(TallyCategory.RELIGIOUS) == 1
    maintained = tallies()
    rebuild_tallies()
    assert tallies() == maintained


def test_a_merge_carries_the_absorbed_units_children_and_their_admissions(tree):
    make_admission(tree.cell_a1, datetime.date(2026, 2, 10))
    units.unit_merge(actor=tree.province_officer, absorbed=tree.district_a, survivor=tree.district_b, occurred_on=DAY)

    assert admitted(tree.district_b) == 1
    assert admitted(tree.province) == 1
    maintained = tallies()
    rebuild_tallies()
    assert tallies() == maintained
