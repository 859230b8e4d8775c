import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sotay.core.models import Policy, PolicyParameter
from sotay.organizations.models import Sector
from sotay.recruitment.choices import TallyCategory, TargetKind
from sotay.recruitment.models import AdmissionTarget
from sotay.recruitment.selectors.progress import (
    Row,
    default_targets,
    elapsed_share,
    percent,
    progress_report,
)
from sotay.recruitment.services.targets import target_set
from sotay.recruitment.tallies import count_admission
from tests.factories import make_admission, make_member, make_unit, superuser

pytestmark = pytest.mark.django_db

YEAR = 2026
D = datetime.date


def admit(unit, day, n=1, categories=(TallyCategory.ALL,)):
    count_admission(unit_id=unit.pk, day=day, categories=categories, delta=n)


def half_ratio():
    """A ratio of one half from 2026: the rounding up shows on the tree's handful of members."""
    PolicyParameter.objects.create(
        key=Policy.ADMISSION_TARGET_RATIO, value=Decimal("0.5"), effective_from=D(2026, 1, 1), source="Nghị quyết thử"
    )


def test_2360_admitted_against_2253_shows_104_75_per_cent_rounded_once():
    row = Row(unit=None, admitted=2360, target=2253)
    assert row.ratio == Fraction(2360, 2253)
    assert percent(row.ratio) == Decimal("104.75")
    with translation.override("en"):
        assert (row.percent_text, row.standing) == ("104.75 %", "exceeded by 4.75 %")
    with translation.override("vi"):
        assert row.percent_text == "104,75 %"


def test_short_and_on_plan():
    assert Row(unit=None, admitted=88, target=100).standing == "short by 12"
    assert Row(unit=None, admitted=100, target=100).standing == "on plan"
    assert Row(unit=None, admitted=5).standing == ""
    # Half up at the second place, once: 2/3 → 66.67, 1/8 → 12.50.
    assert percent(Fraction(2, 3)) == Decimal("66.67")
    assert percent(Fraction(1, 800)) == Decimal("0.13")


def test_the_province_report_reads_the_tallies_against_the_targets(tree):
    target_set(
        actor=tree.province_officer, unit=tree.province, year=2023, kind=TargetKind.ADMISSIONS, value=2253, reason="KH"
    )
    admit(tree.cell_a1, D(2023, 3, 2), 2000)
    admit(tree.cell_b1, D(2023, 11, 20), 360)
    report = progress_report(tree.province, 2023)
    assert (report.total.admitted, report.total.target, report.total.percent_text) == (2360, 2253, "104.75 %")
    assert [(row.unit, row.admitted) for row in report.rows] == [(tree.district_a, 2000), (tree.district_b, 360)]
    assert report.forecast is False


def test_a_parent_is_the_sum_of_its_children_with_a_row_for_what_is_its_own(tree):
    admit(tree.cell_a1, D(YEAR, 2, 1), 3, [TallyCategory.ALL, TallyCategory.STUDENTS])
    admit(tree.cell_a2, D(YEAR, 2, 3), 2)
    admit(tree.commune_a, D(YEAR, 3, 1), 1, [TallyCategory.ALL, TallyCategory.RELIGIOUS])
    report = progress_report(tree.commune_a, YEAR)
    assert [row.admitted for row in report.rows] == [3, 2, 1]
    own = report.rows[-1]
    assert own.unit is None and own.category(TallyCategory.RELIGIOUS) == 1
    assert report.total.admitted == 6
    assert report.total.category(TallyCategory.STUDENTS) == sum(r.category(TallyCategory.STUDENTS) for r in report.rows)
    # One level up, the commune is one row with the same figures.
    district = progress_report(tree.district_a, YEAR)
    assert [(row.unit, row.admitted) for row in district.rows] == [(tree.commune_a, 6)]


def test_a_report_for_a_past_day_or_year_does_not_change_when_later_admissions_are_counted(tree):
    make_admission(tree.cell_a1, D(2025, 12, 30), "Vũ Thị Lan")
    admit(tree.cell_a1, D(YEAR, 3, 10), 4)
    before_day = progress_report(tree.province, YEAR, D(YEAR, 3, 31))
    before_year = progress_report(tree.province, 2025)
    make_admission(tree.cell_a2, D(YEAR, 4, 2), "Ngô Văn Tùng")
    admit(tree.cell_b1, D(YEAR, 4, 1), 7)
    after_day = progress_report(tree.province, YEAR, D(YEAR, 3, 31))
    after_year = progress_report(tree.province, 2025)
    assert [r.admitted for r in after_day.rows] == [r.admitted for r in before_day.rows] == [4, 0]
    assert (after_year.total.admitted, before_year.total.admitted) == (1, 1)
    assert progress_report(tree.province, YEAR, D(YEAR, 4, 30)).total.admitted == 12


def test_the_default_target_is_the_ratio_of_the_members_on_the_rolls_on_1_january_rounded_up(tree):
    half_ratio()
    # Chí was admitted on 5 January 2026: not on the rolls on the 1st.
    defaults = default_targets([tree.province, tree.district_a, tree.district_b, tree.cell_a2], YEAR)
    assert {unit: d.members for unit, d in defaults.items()} == {
        tree.province.pk: 3,
        tree.district_a.pk: 2,
        tree.district_b.pk: 1,
        tree.cell_a2.pk: 0,
    }
    assert [defaults[u.pk].value for u in (tree.province, tree.district_a, tree.district_b, tree.cell_a2)] == [
        2,
        1,
        1,
        0,
    ]
    assert defaults[tree.province.pk].rule.source == "Nghị quyết thử"
    report = progress_report(tree.province, YEAR)
    assert [(row.target, row.target_is_default) for row in report.rows] == [(1, True), (1, True)]
    assert report.total.target == 2
    # The 2025 ratio (3 %) gives 1 for the province's three members, whenever it is asked.
    assert default_targets([tree.province], 2025)[tree.province.pk].value == 1


def test_a_member_who_left_after_1_january_still_counts_for_that_year(tree):
    from sotay.members.services import member_change_status

    half_ratio()
    make_member(tree.cell_b1, "Bùi Văn Khoa", admitted_on=D(2020, 1, 1), recognized_on=D(2021, 1, 1))
    member_change_status(
        actor=superuser(), member=tree.dung, status="deceased", valid_from=D(YEAR, 5, 1), reason="Từ trần"
    )
    assert default_targets([tree.district_b], YEAR)[tree.district_b.pk].members == 2


def test_an_override_needs_a_reason_and_keeps_the_default(tree):
    half_ratio()
    with pytest.raises(ValidationError) as refused:
        target_set(actor=tree.district_officer, unit=tree.district_a, year=YEAR, kind=TargetKind.ADMISSIONS, value=5)
    assert "reason" in refused.value.error_dict
    assert not AdmissionTarget.objects.exists()
    target = target_set(
        actor=tree.district_officer,
        unit=tree.district_a,
        year=YEAR,
        kind=TargetKind.ADMISSIONS,
        value=5,
        reason="Nhiều nguồn đoàn viên",
    )
    assert (target.value, target.default_value, target.set_by) == (5, 1, tree.district_officer)
    report = progress_report(tree.province, YEAR)
    assert [(row.target, row.target_is_default, row.default_target) for row in report.rows] == [
        (5, False, 1),
        (1, True, 1),
    ]
    assert report.children_target_sum == 6
    # Back to the default: no reason needed, none kept.
    target = target_set(
        actor=tree.district_officer, unit=tree.district_a, year=YEAR, kind=TargetKind.ADMISSIONS, value=1
    )
    assert (target.value, target.reason, AdmissionTarget.objects.count()) == (1, "", 1)


def test_targets_are_set_only_by_an_officer_over_the_unit(tree):
    for actor, unit in (
        (tree.district_officer, tree.district_b),
        (tree.district_viewer, tree.district_a),
        (tree.secretary, tree.cell_a1),
    ):
        with pytest.raises(PermissionDenied):
            target_set(actor=actor, unit=unit, year=YEAR, kind=TargetKind.STUDENTS, value=3)
    assert not AdmissionTarget.objects.exists()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("value", {"value": -1}),
        ("value", {"value": 10**8}),
        ("year", {"year": 1999}),
        ("year", {"year": YEAR + 2}),
        ("kind", {"kind": "weather"}),
    ],
)
def test_bad_targets_are_refused_on_their_field(tree, field, values):
    data = {"year": YEAR, "kind": TargetKind.STUDENTS, "value": 3, **values}
    with pytest.raises(ValidationError) as refused:
        target_set(actor=tree.province_officer, unit=tree.province, **data)
    assert list(refused.value.error_dict) == [field]
    assert not AdmissionTarget.objects.exists()


def test_new_organizations_in_non_state_enterprises_founded_in_the_year(tree):
    for name, day, sector in (
        ("Chi bộ Công ty May", D(YEAR, 3, 1), Sector.NON_STATE_ENTERPRISE),
        ("Chi bộ Công ty Đá", D(YEAR, 9, 1), Sector.NON_STATE_ENTERPRISE),
        ("Chi bộ Trường", D(YEAR, 3, 1), Sector.COMMUNE),
        ("Chi bộ Công ty Cũ", D(YEAR - 1, 12, 31), Sector.NON_STATE_ENTERPRISE),
    ):
        unit = make_unit(tree.commune_a, name)
        unit.sector, unit.founded_on = sector, day
        unit.save()
    target_set(actor=tree.province_officer, unit=tree.province, year=YEAR, kind=TargetKind.NEW_ORGANIZATIONS, value=4)
    report = progress_report(tree.province, YEAR, D(YEAR, 6, 30))
    assert [row.new_organizations for row in report.rows] == [1, 0]
    assert (report.total.new_organizations, report.total.new_organizations_percent_text) == (1, "25.00 %")
    assert progress_report(tree.province, YEAR).total.new_organizations == 2


def test_category_targets_and_counts(tree):
    make_admission(tree.cell_a1, D(YEAR, 2, 1), "Trần Văn Phúc", religion="catholicism")
    make_admission(tree.cell_a1, D(YEAR, 2, 2), "Lý Thị Mai", member_category="enterprise_owner")
    make_admission(tree.cell_b1, D(YEAR, 2, 3), "Hà Văn Sơn", member_category="student")
    target_set(actor=tree.province_officer, unit=tree.district_a, year=YEAR, kind=TargetKind.RELIGIOUS, value=2)
    report = progress_report(tree.province, YEAR)
    a, b = report.rows
    assert (a.category(TallyCategory.RELIGIOUS), a.category(TallyCategory.ENTERPRISE_OWNERS)) == (1, 1)
    assert (b.category(TallyCategory.STUDENTS), b.category(TallyCategory.UNDER_30)) == (1, 1)
    assert report.total.category(TallyCategory.UNDER_30) == 3
    assert a.category_targets == {"religious": 2, "enterprise_owners": None, "students": None}


def test_the_forecast_follows_last_years_monthly_pattern(tree):
    half_ratio()
    for unit in (tree.cell_a1, tree.cell_b1):
        for month in range(1, 13):
            admit(unit, D(YEAR - 1, month, 10), 2 if month <= 6 else 8)  # 12 by June, 60 in the year
    admit(tree.cell_a1, D(YEAR, 5, 1), 12)
    admit(tree.cell_b1, D(YEAR, 5, 1), 30)
    for unit in (tree.district_a, tree.district_b):
        target_set(
            actor=tree.province_officer, unit=unit, year=YEAR, kind=TargetKind.ADMISSIONS, value=100, reason="KH"
        )
    report = progress_report(tree.province, YEAR, D(YEAR, 6, 30))
    a, b = report.rows
    assert (a.projected, b.projected) == (60, 150)
    assert (a.on_track_percent_text, b.on_track_percent_text) == ("60.00 %", "150.00 %")
    assert report.at_risk == [a]
    assert report.total.projected == 210
    # Half-way through June, by last year's pattern: 10 of the 12 of January to May plus half of June's 2.
    assert elapsed_share([2] * 6 + [8] * 6, D(YEAR, 6, 15)) == Fraction(11, 60)


def test_without_last_years_pattern_the_forecast_is_the_pace_of_the_days():
    assert elapsed_share([0] * 12, D(2026, 7, 2)) == Fraction(183, 365)
    assert elapsed_share([0] * 12, D(2024, 12, 31)) == 1


def test_a_finished_year_has_no_forecast(tree):
    admit(tree.cell_a1, D(2025, 5, 1), 3)
    report = progress_report(tree.province, 2025)
    assert report.forecast is False and report.total.projected is None and report.at_risk == []


def test_the_report_is_a_fixed_number_of_queries_whatever_the_children(tree, django_assert_num_queries):
    for n in range(6):
        district = make_unit(tree.province, f"Huyện Mới {n}", kind="district")
    make_member(make_unit(district, "Chi bộ Mới"), "Đinh Văn Quang", admitted_on=D(2020, 1, 1), recognized_on=None)
    admit(tree.cell_a1, D(YEAR, 3, 1), 3)
    for unit in (tree.province, tree.district_a, tree.district_b):
        target_set(actor=tree.province_officer, unit=unit, year=YEAR, kind=TargetKind.ADMISSIONS, value=9, reason="KH")
    # children, tallies, targets, defaults (policy, members, their units), new organizations,
    # last year's months, the ratio rule
    with django_assert_num_queries(9):
        report = progress_report(tree.province, YEAR, D(YEAR, 6, 1))
    assert len(report.rows) == 8


def on_rolls_from_history(day, unit):
    """The members on the rolls on `day` in `unit`'s subtree, every member's history read: the oracle."""
    from sotay.members.choices import ON_ROLLS
    from sotay.members.models import Member
    from sotay.organizations.models import Unit

    in_subtree = set(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    states = Member.objects.with_status_on(day).values_list("unit_on", "status_on")
    return sum(1 for unit_on, status in states if unit_on in in_subtree and status in ON_ROLLS)


def test_members_on_the_rolls_on_a_day_follow_every_change_after_it(tree):
    from sotay.members.selectors import on_rolls_on
    from sotay.members.services import member_change_status, member_transfer

    root = superuser()
    khoa = make_member(tree.cell_b1, "Bùi Văn Khoa", admitted_on=D(2020, 1, 1), recognized_on=D(2021, 1, 1))
    member_transfer(actor=root, member=khoa, unit=tree.cell_a2, valid_from=D(YEAR, 3, 1), reason="Chuyển công tác")
    member_transfer(actor=root, member=tree.binh, unit=tree.cell_b1, valid_from=D(2025, 6, 1), reason="Chuyển")
    member_change_status(actor=root, member=tree.an, status="away", valid_from=D(YEAR, 2, 1), reason="Đi học")
    member_change_status(actor=root, member=tree.dung, status="deceased", valid_from=D(YEAR, 5, 1), reason="Từ trần")
    make_member(tree.cell_a1, "Mai Văn Lộc", admitted_on=D(YEAR, 4, 1), recognized_on=None)
    units = [tree.province, tree.district_a, tree.commune_a, tree.cell_a1, tree.cell_a2, tree.district_b, tree.cell_b1]
    for day in (D(2024, 12, 31), D(2025, 6, 1), D(YEAR, 1, 1), D(YEAR, 3, 1), D(YEAR, 4, 30), D(YEAR, 11, 30)):
        counted = on_rolls_on(day, units)
        assert counted == {unit.pk: on_rolls_from_history(day, unit) for unit in units}, day
    assert on_rolls_on(D(YEAR, 1, 1), [tree.district_a, tree.district_b]) == {
        tree.district_a.pk: 1,
        tree.district_b.pk: 3,
    }


def test_every_change_of_a_target_is_audited_under_its_author(tree):
    from auditlog.models import LogEntry

    target = target_set(actor=tree.province_officer, unit=tree.district_a, year=YEAR, kind=TargetKind.STUDENTS, value=3)
    target_set(actor=tree.district_officer, unit=tree.district_a, year=YEAR, kind=TargetKind.STUDENTS, value=5)
    entries = LogEntry.objects.get_for_object(target).order_by("timestamp", "pk")
    assert [(entry.action, entry.actor) for entry in entries] == [
        (LogEntry.Action.CREATE, tree.province_officer),
        (LogEntry.Action.UPDATE, tree.district_officer),
    ]
    assert entries.last().changes_dict["value"] == ["3", "5"]


def test_a_small_cell_is_projected_on_its_units_pattern_not_on_its_own_few_admissions(tree):
    half_ratio()
    admit(tree.cell_a1, D(YEAR - 1, 1, 10), 1)  # the cell's last year: one in January, the rest in December
    admit(tree.cell_a1, D(YEAR - 1, 12, 10), 14)
    for month in range(1, 13):
        admit(tree.cell_b1, D(YEAR - 1, month, 10), 5)  # the rest of the province: even through the year
    admit(tree.cell_a1, D(YEAR, 5, 1), 2)
    report = progress_report(tree.province, YEAR, D(YEAR, 6, 30))
    a = report.rows[0]
    # By the end of June the province had 31 of its 75 last year: 2 so far is a pace of about 5, not
    # the 30 the district's own 1 of 15 would give.
    assert a.projected == Fraction(2 * 75, 31)
