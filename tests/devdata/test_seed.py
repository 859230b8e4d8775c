import datetime
from itertools import islice

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from sotay.accounts.models import User
from sotay.accounts.selectors import handbook_on, usable_codes
from sotay.devdata.demo import MEMBERS, NINH_BINH, demo_province
from sotay.devdata.province import members
from sotay.handbook.models import Contribution, Meeting
from sotay.handbook.selectors_meetings import meeting_report, my_meetings, parse_period
from sotay.members.choices import ON_ROLLS
from sotay.members.models import Member
from sotay.members.selectors import MemberFilters, member_page
from sotay.organizations.models import Unit, UnitKind
from sotay.organizations.rollups import counts_for
from tests.factories import superuser


def test_the_demo_province_is_the_same_for_the_same_seed():
    first, second = demo_province(), demo_province()
    assert first.units == second.units
    assert list(islice(members(first), 500)) == list(islice(members(second), 500))


def test_the_demo_province_has_the_reported_shape():
    province = demo_province()
    grassroots = [unit for unit in province.units if unit.kind == UnitKind.GRASSROOTS]
    assert len(grassroots) == sum(plan.grassroots for plan in NINH_BINH) == 663
    assert sum(province.member_counts.values()) == MEMBERS == 75_180


def test_seed_command_loads_members_counts_and_logins(charter, capsys):
    call_command("seed_demo", members=2_000)
    province = Unit.objects.get(code="NB")
    on_rolls = Member.objects.in_subtree(province).filter(status__in=ON_ROLLS).count()
    # The 2,000 generated, the founders of 2023's twelve new organizations, and those admitted since.
    admitted = Member.objects.filter(admission_case__isnull=False, status__in=ON_ROLLS).count()
    assert counts_for([province], ON_ROLLS)[province.pk] == on_rolls == 2_000 + 3 * 12 + admitted
    logins = User.objects.filter(is_active=True).exclude(username__startswith="member-")
    assert set(logins.values_list("username", flat=True)) == {
        "admin", "province", "kimson", "secretary", "member"}  # fmt: skip
    # The handbook pilot: Yên Mô switched on, over 90 % of its members activated, codes to print.
    yen_mo = Unit.objects.get(name="Đảng bộ huyện Yên Mô")
    assert handbook_on(yen_mo) and not handbook_on(Unit.objects.get(name="Đảng bộ huyện Kim Sơn"))
    in_yen_mo = Member.objects.in_subtree(yen_mo).filter(status__in=ON_ROLLS)
    assert User.objects.filter(member__in=in_yen_mo).count() > 0.9 * in_yen_mo.count()
    assert usable_codes().filter(unit=User.objects.get(username="secretary").member.unit).exists()
    assert User.objects.get(username="member").member.unit == User.objects.get(username="secretary").member.unit
    assert not User.objects.get(username="member").role_assignments.exists()  # their record gives their access
    # A year of meetings in Yên Mô: the secretary's cell held every monthly and quarterly one, with
    # attendance and minutes; a few cells missed some; the member's next meeting has its agenda.
    member = User.objects.get(username="member")
    mine = my_meetings(member)
    assert mine is not None and mine.upcoming and "Nhiệm vụ tháng" in mine.upcoming[0].agenda
    assert len(mine.past) == 12 and all(m.minutes and m.my_status for m in mine.past)  # type: ignore[attr-defined]
    last_quarter = parse_period(_quarter_before(timezone.localdate()))
    report = meeting_report(yen_mo, last_quarter)
    own = next(row for row in report.rows if row.cell_id == member.member.unit_id)
    assert own.complete and own.rate is not None and 0.7 < own.rate < 1
    held = dict(
        Meeting.objects.filter(kind="regular", starts_at__lt=timezone.now())
        .values("cell_id")
        .annotate(n=Count("pk"))
        .values_list("cell_id", "n")
    )
    assert held[own.cell_id] == max(held.values()) >= 12 and min(held.values()) < held[own.cell_id]
    themes = Meeting.objects.filter(kind="thematic", cell_id=own.cell_id, starts_at__lt=timezone.now())
    assert themes.count() >= 4
    assert Contribution.objects.filter(meeting__cell_id=own.cell_id).exists()
    # The bulk load fills the word index of names too (PostgreSQL): a national search by given and
    # family name finds what the rule finds.
    someone = Member.objects.order_by("pk")[1_000]
    q = " ".join(reversed(someone.name_key.split()))
    page = member_page(superuser(), MemberFilters(q=q))
    assert page.total == Member.objects.name_matches(q).count() >= 1

    loaded = Member.objects.count()
    call_command("seed_demo", members=2_000)  # a second run leaves the data alone
    assert Member.objects.count() == loaded
    assert "already loaded" in capsys.readouterr().out


def _quarter_before(day: datetime.date) -> str:
    quarter = (day.month - 1) // 3  # this quarter's index, 0 to 3
    return f"{day.year}-Q{quarter}" if quarter else f"{day.year - 1}-Q4"


def test_seed_command_refuses_a_current_year_that_overlaps_the_reported_one(db):
    with pytest.raises(CommandError, match="2025 or later"):
        call_command("seed_demo", members=2_000, today=datetime.date(2024, 6, 1))
    assert not Unit.objects.filter(code="NB").exists()
