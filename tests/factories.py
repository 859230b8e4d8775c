"""Factories for the tests, and `OrgTree`: the small named tree every permission test shares."""

import datetime
from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model

from sotay.accounts.models import RoleAssignment
from sotay.accounts.roles import Role
from sotay.accounts.services import system_actor
from sotay.members.choices import Category, Education, Gender, Religion, Status
from sotay.members.models import Member
from sotay.members.services import member_create
from sotay.organizations.models import Sector, Unit, UnitKind
from sotay.recruitment.choices import MassOrganization, SourceCategory
from sotay.recruitment.models import Candidate


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def make_unit(parent: Unit | None, name: str, kind: str = UnitKind.CELL, code: str | None = None) -> Unit:
    unit = Unit(
        code=code or name.upper().replace(" ", "-")[:32],
        name=name,
        kind=kind,
        sector=Sector.COMMUNE,
        founded_on=datetime.date(2000, 1, 1),
    )
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    unit = Unit.objects.add_child(parent, instance=unit)
    parent.refresh_from_db()
    return unit


_member_serial = iter(range(1, 10**9))


def make_member(unit: Unit, name: str = "Nguyễn Văn An", **profile) -> Member:
    serial = next(_member_serial)
    data = {
        "full_name": name,
        "gender": Gender.MALE,
        "birth_date": datetime.date(1980, 5, 17),
        "category": Category.FARMER,
        "admitted_on": datetime.date(2010, 3, 2),
        "recognized_on": datetime.date(2011, 3, 2),
        "religion": Religion.NONE,
        "card_number": f"T{serial:08d}",
        **profile,
    }
    status = Status.FULL if data.get("recognized_on") else Status.PROBATIONARY
    return member_create(actor=superuser(), unit=unit, profile=data, status=status)


def superuser():
    user, _ = get_user_model().objects.get_or_create(username="root", defaults={"is_superuser": True, "is_staff": True})
    return user


def grant(user, unit: Unit, role: str) -> None:
    RoleAssignment.objects.create(user=user, unit=unit, role=role)
    user.__dict__.pop("_scope_paths", None)


@dataclass
class OrgTree:
    """province ─┬─ district_a ── commune_a ─┬─ cell_a1 (an, binh)
    │                           └─ cell_a2 (chi)
    └─ district_b ── commune_b ─── cell_b1 (dung)"""

    province: Unit
    district_a: Unit
    commune_a: Unit
    cell_a1: Unit
    cell_a2: Unit
    district_b: Unit
    commune_b: Unit
    cell_b1: Unit
    an: Member
    binh: Member
    chi: Member
    dung: Member
    province_officer: object
    district_officer: object
    district_viewer: object
    secretary: object
    member_user: object
    outsider: object
    system: object


def build_org_tree() -> OrgTree:
    central = make_unit(None, "Trung ương", UnitKind.CENTRAL, code="TW")
    province = make_unit(central, "Tỉnh Thử", UnitKind.PROVINCE, code="P")
    district_a = make_unit(province, "Huyện Kim Sơn", UnitKind.DISTRICT, code="DA")
    commune_a = make_unit(district_a, "Xã Kim Đông", UnitKind.GRASSROOTS, code="GA")
    cell_a1 = make_unit(commune_a, "Chi bộ thôn Một", code="CA1")
    cell_a2 = make_unit(commune_a, "Chi bộ thôn Hai", code="CA2")
    district_b = make_unit(province, "Huyện Yên Mô", UnitKind.DISTRICT, code="DB")
    commune_b = make_unit(district_b, "Xã Yên Thắng", UnitKind.GRASSROOTS, code="GB")
    cell_b1 = make_unit(commune_b, "Chi bộ thôn Ba", code="CB1")
    an = make_member(cell_a1, "Nguyễn Văn An", religion=Religion.CATHOLICISM, ethnicity="Kinh")
    binh = make_member(cell_a1, "Trần Thị Bình", gender=Gender.FEMALE)
    chi = make_member(
        cell_a2,
        "Lê Minh Chí",
        birth_date=datetime.date(2000, 1, 1),
        recognized_on=None,
        admitted_on=datetime.date(2026, 1, 5),
        category=Category.STUDENT,
    )
    dung = make_member(cell_b1, "Phạm Đức Dũng", religion=Religion.BUDDHISM)
    users = {
        name: UserFactory(username=name)
        for name in ("province_officer", "district_officer", "district_viewer", "secretary", "member_user", "outsider")
    }
    grant(users["province_officer"], province, Role.OFFICER)
    grant(users["district_officer"], district_a, Role.OFFICER)
    grant(users["district_viewer"], district_a, Role.VIEWER)
    grant(users["secretary"], cell_a1, Role.SECRETARY)
    users["member_user"].member = binh
    users["member_user"].save()
    grant(users["outsider"], district_b, Role.OFFICER)
    for unit in (province, district_a, commune_a, cell_a1, cell_a2, district_b, commune_b, cell_b1):
        unit.refresh_from_db()
    return OrgTree(
        province,
        district_a,
        commune_a,
        cell_a1,
        cell_a2,
        district_b,
        commune_b,
        cell_b1,
        an,
        binh,
        chi,
        dung,
        system=system_actor(),
        **users,
    )


def make_candidate(unit: Unit, name: str = "Trần Thị Bình", **profile) -> Candidate:
    """A source in `unit`, eligible by default: 25 years old, upper-secondary education, no religion."""
    data = {
        "full_name": name,
        "gender": Gender.FEMALE,
        "birth_date": datetime.date(2000, 4, 9),
        "category": SourceCategory.YOUTH_UNION,
        "mass_organization": MassOrganization.YOUTH_UNION,
        "general_education": Education.UPPER_SECONDARY,
        "identified_on": datetime.date(2025, 1, 6),
        **profile,
    }
    return Candidate.objects.create(unit=unit, **data)


# R1 sources


def source_profile(**overrides) -> dict:
    """A valid profile for `source_create`: an eligible young worker from the Youth Union."""
    return {
        "full_name": "Đỗ Thị Hương",
        "gender": Gender.FEMALE,
        "birth_date": datetime.date(1999, 3, 8),
        "general_education": Education.UPPER_SECONDARY,
        "category": SourceCategory.WORKER,
        "mass_organization": MassOrganization.YOUTH_UNION,
        "identified_on": datetime.date(2026, 2, 1),
        **overrides,
    }
