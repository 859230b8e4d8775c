"""The demo province, modelled on Ninh Bình as reported for 2023: 75,180 members, 663 grassroots
organizations, eight districts and cities and three committees directly under the province, and
its member development (`sotay.devdata.recruitment`): 2023 as reported, and the current year."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from sotay.accounts.models import RoleAssignment
from sotay.accounts.roles import Role
from sotay.accounts.services import system_actor
from sotay.devdata.handbook import seed_handbook
from sotay.devdata.handbook_access import seed_handbook_access
from sotay.devdata.handbook_library import seed_library
from sotay.devdata.load import load_tree
from sotay.devdata.meetings import seed_meetings
from sotay.devdata.province import RURAL, URBAN, DistrictPlan, Province, build_units, members
from sotay.devdata.recruitment import seed_recruitment
from sotay.members.models import Member
from sotay.organizations.models import Sector, Unit, UnitKind

DEMO_PASSWORD = "sotay-demo"  # noqa: S105 - printed by `make demo` on purpose
POLICE = {"police": 1.0}
AGENCIES = {"agency": 0.7, "hospital": 0.1, "school": 0.2}
ENTERPRISES = {"state_enterprise": 0.45, "private_enterprise": 0.55}

NINH_BINH = [
    DistrictPlan("Đảng bộ huyện Nho Quan", 80, RURAL, catholic=0.03, muong=0.12),
    DistrictPlan("Đảng bộ huyện Gia Viễn", 65, RURAL, catholic=0.04),
    DistrictPlan("Đảng bộ huyện Hoa Lư", 45, RURAL, catholic=0.04),
    DistrictPlan("Đảng bộ huyện Yên Khánh", 65, RURAL, catholic=0.08),
    DistrictPlan("Đảng bộ huyện Kim Sơn", 75, RURAL, catholic=0.35),
    DistrictPlan("Đảng bộ huyện Yên Mô", 60, RURAL, catholic=0.06),
    DistrictPlan("Đảng bộ thành phố Ninh Bình", 85, URBAN, catholic=0.05),
    DistrictPlan("Đảng bộ thành phố Tam Điệp", 40, URBAN, catholic=0.04, muong=0.03),
    DistrictPlan("Đảng bộ Công an tỉnh", 30, POLICE, catholic=0.01),
    DistrictPlan("Đảng bộ Khối các cơ quan tỉnh", 70, AGENCIES, catholic=0.02),
    DistrictPlan("Đảng bộ Khối doanh nghiệp tỉnh", 48, ENTERPRISES, catholic=0.03),
]
MEMBERS = 75_180


def demo_province(members_total: int = MEMBERS) -> Province:
    return build_units(
        Province(name="Ninh Bình", code="NB", number=37, districts=NINH_BINH, members=members_total, seed=2023)
    )


@transaction.atomic
def seed_demo(members_total: int = MEMBERS, *, today: datetime.date | None = None) -> dict[str, str]:
    """Load the demo province under a central root, create the demo logins, then its member
    development up to `today` (the current year in progress)."""
    actor = system_actor()
    central = Unit.objects.filter(depth=1, kind=UnitKind.CENTRAL).first() or Unit.objects.add_root(
        instance=Unit(code="TW", name="Đảng Cộng sản Việt Nam", kind=UnitKind.CENTRAL, sector=Sector.OTHER)
    )
    province = demo_province(members_total)
    load_tree(province.units, members(province), parent=central, actor=actor)
    facts = _demo_users()
    recruitment = seed_recruitment(province, today=today or timezone.localdate(), actor=actor)
    # After member development, so the pilot's share counts the members it admitted too.
    users = get_user_model().objects
    secretary = users.get(username="secretary")
    assert secretary.member is not None  # _demo_users gives the secretary a record
    access = seed_handbook_access(
        district=Unit.objects.get(name="Đảng bộ huyện Yên Mô"),
        cell=secretary.member.unit,
        officer=users.get(username="province"),
        secretary=secretary,
        password=DEMO_PASSWORD,
    )
    handbook = seed_handbook(Unit.objects.get(code=province.code))
    handbook |= seed_library(secretary.member.unit)
    meetings = seed_meetings(Unit.objects.get(name="Đảng bộ huyện Yên Mô"), secretary=secretary)
    return facts | {key: f"{value:,}" for key, value in (recruitment | access | handbook | meetings).items()}


def _demo_users() -> dict[str, str]:
    users = get_user_model().objects
    province = Unit.objects.get(code="NB")
    kim_son = Unit.objects.get(name="Đảng bộ huyện Kim Sơn")
    yen_mo = Unit.objects.get(name="Đảng bộ huyện Yên Mô")
    # The first cell (or grassroots organization without cells) in Yên Mô with two members or more.
    cell = (
        Unit.objects.filter(path__startswith=yen_mo.path, kind__in=[UnitKind.CELL, UnitKind.GRASSROOTS], numchild=0)
        .annotate(size=Count("members"))
        .filter(size__gte=2)
        .order_by("path")
        .first()
    )
    people = list(Member.objects.filter(unit=cell).order_by("id")[:2])
    accounts = {
        "admin": ("superuser", None, None, None),
        "province": ("officer", province, Role.OFFICER, None),
        "kimson": ("officer", kim_son, Role.OFFICER, None),
        "secretary": ("secretary", cell, Role.SECRETARY, people[0]),
        # A member's own access comes from their record, not from a role.
        "member": ("member", None, None, people[1]),
    }
    for username, (_label, unit, role, member) in accounts.items():
        user = users.create_user(
            username=username,
            password=DEMO_PASSWORD,
            member=member,
            is_superuser=username == "admin",
            is_staff=username == "admin",
        )
        if unit is not None and role is not None:
            RoleAssignment.objects.create(user=user, unit=unit, role=role)
    return {"cell": cell.name, "secretary": people[0].full_name, "member": people[1].full_name}
