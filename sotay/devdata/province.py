"""A generated province: its unit tree and a stream of members, the same for the same seed."""

import datetime
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from sotay.devdata.names import full_name, place_name
from sotay.members.choices import Category, Education, PoliticalTheory, Professional, Religion, Status
from sotay.organizations.models import Sector, UnitKind

REFERENCE_DAY = datetime.date(2026, 6, 30)
MEMBERS_PER_CELL = 25
LARGEST_GRASSROOTS_CELL = 35  # a chi bộ cơ sở above this size is split into cells


@dataclass
class UnitSpec:
    key: int
    parent: int | None
    code: str
    name: str
    kind: str
    sector: str
    founded_on: datetime.date


@dataclass
class DistrictPlan:
    """A district-level committee and the mix of its grassroots organizations."""

    name: str
    grassroots: int
    mix: dict[str, float]  # grassroots type → share
    catholic: float = 0.04
    muong: float = 0.0


@dataclass
class MemberRow:
    unit_key: int
    full_name: str
    gender: str
    birth_date: datetime.date
    ethnicity: str
    religion: str
    general_education: str
    professional_level: str
    political_theory: str
    category: str
    occupation: str
    phone: str
    home_town: str
    admitted_on: datetime.date
    recognized_on: datetime.date | None
    card_number: str
    status: str
    status_since: datetime.date | None = None


# grassroots type → (name pattern, sector, weight in members, member categories)
GRASSROOTS_TYPES: dict[str, tuple[str, str, int, dict[str, float]]] = {
    "commune": ("Đảng bộ xã {place}", Sector.COMMUNE, 190,
                {Category.FARMER: 45, Category.RETIREE: 25, Category.WORKER: 8, Category.CIVIL_SERVANT: 8,
                 Category.OTHER: 10, Category.ENTERPRISE_OWNER: 2, Category.STUDENT: 2}),
    "ward": ("Đảng bộ phường {place}", Sector.COMMUNE, 230,
             {Category.RETIREE: 35, Category.WORKER: 20, Category.CIVIL_SERVANT: 12, Category.OTHER: 20,
              Category.ENTERPRISE_OWNER: 8, Category.STUDENT: 5}),
    "school": ("Chi bộ Trường THCS {place}", Sector.PUBLIC_SERVICE, 22, {Category.PUBLIC_EMPLOYEE: 100}),
    "hospital": ("Đảng bộ Bệnh viện {place}", Sector.PUBLIC_SERVICE, 70, {Category.PUBLIC_EMPLOYEE: 100}),
    "agency": ("Chi bộ Phòng {place}", Sector.STATE_AGENCY, 20, {Category.CIVIL_SERVANT: 100}),
    "state_enterprise": ("Đảng bộ Công ty {place}", Sector.STATE_ENTERPRISE, 60,
                         {Category.WORKER: 70, Category.ENTERPRISE_OWNER: 10, Category.OTHER: 20}),
    "private_enterprise": ("Chi bộ Công ty TNHH {place}", Sector.NON_STATE_ENTERPRISE, 18,
                           {Category.WORKER: 75, Category.ENTERPRISE_OWNER: 25}),
    "police": ("Đảng bộ Công an {place}", Sector.ARMED_FORCES, 90, {Category.ARMED_FORCES: 100}),
}  # fmt: skip

RURAL = {"commune": 0.55, "school": 0.25, "agency": 0.1, "hospital": 0.02, "private_enterprise": 0.08}
URBAN = {"ward": 0.3, "school": 0.25, "agency": 0.15, "hospital": 0.05, "private_enterprise": 0.2,
         "state_enterprise": 0.05}  # fmt: skip


@dataclass
class Province:
    name: str
    code: str
    number: int  # two digits used in card numbers
    districts: list[DistrictPlan]
    members: int
    seed: int
    units: list[UnitSpec] = field(default_factory=list)
    member_counts: dict[int, int] = field(default_factory=dict)  # member-holding unit key → members
    district_of: dict[int, DistrictPlan] = field(default_factory=dict)
    grassroots_type: dict[int, str] = field(default_factory=dict)


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights`, exactly (largest remainder)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [math.floor(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _pick(rng: random.Random, shares: dict) -> str:
    return rng.choices(list(shares), list(shares.values()))[0]


def build_units(province: Province) -> Province:
    """Lay out the tree: province → district-level committees → grassroots → cells."""
    rng = random.Random(province.seed)
    units = province.units
    founded = datetime.date(1930, 2, 3)

    def add(parent: int | None, code: str, name: str, kind: str, sector: str) -> int:
        units.append(UnitSpec(len(units), parent, code, name, kind, sector, founded))
        return len(units) - 1

    root = add(None, province.code, f"Đảng bộ tỉnh {province.name}", UnitKind.PROVINCE, Sector.OTHER)
    grassroots: list[tuple[int, str, DistrictPlan]] = []
    for d_index, plan in enumerate(province.districts, start=1):
        district = add(root, f"{province.code}-{d_index:02d}", plan.name, UnitKind.DISTRICT, Sector.OTHER)
        for g_index in range(1, plan.grassroots + 1):
            kind = _pick(rng, plan.mix)
            pattern, sector, _weight, _categories = GRASSROOTS_TYPES[kind]
            name = pattern.format(place=place_name(rng))
            key = add(district, f"{province.code}-{d_index:02d}-{g_index:03d}", name, UnitKind.GRASSROOTS, sector)
            grassroots.append((key, kind, plan))
    weights = [GRASSROOTS_TYPES[kind][2] * rng.uniform(0.6, 1.4) for _key, kind, _plan in grassroots]
    for (key, kind, plan), members in zip(grassroots, _apportion(province.members, weights), strict=True):
        province.grassroots_type[key] = kind
        province.district_of[key] = plan
        if members <= LARGEST_GRASSROOTS_CELL:
            province.member_counts[key] = members
            continue
        cells = math.ceil(members / MEMBERS_PER_CELL)
        for c_index, cell_members in enumerate(_apportion(members, [1.0] * cells), start=1):
            label = f"thôn {place_name(rng)}" if kind == "commune" else f"số {c_index}"
            cell = add(key, f"{units[key].code}-{c_index:02d}", f"Chi bộ {label}", UnitKind.CELL, units[key].sector)
            province.member_counts[cell] = cell_members
            province.district_of[cell] = plan
            province.grassroots_type[cell] = kind
    return province


def _birth_date(rng: random.Random, category: str) -> datetime.date:
    ages: dict[str, tuple[int, int]] = {Category.STUDENT: (19, 24), Category.RETIREE: (60, 88)}
    low, high = ages.get(category, (23, 60))
    age_days = rng.randint(low * 365, high * 365 + 364)
    return REFERENCE_DAY - datetime.timedelta(days=age_days)


def members(province: Province) -> Iterator[MemberRow]:
    """Every member of the province, unit by unit; deterministic for the province's seed."""
    rng = random.Random(province.seed * 7919 + 1)
    serial = 0
    for unit_key, count in province.member_counts.items():
        plan = province.district_of[unit_key]
        _pattern, _sector, _weight, categories = GRASSROOTS_TYPES[province.grassroots_type[unit_key]]
        for _ in range(count):
            serial += 1
            yield _member(rng, province, plan, unit_key, categories, serial)


def _member(rng, province: Province, plan: DistrictPlan, unit_key: int, categories, serial: int) -> MemberRow:
    category = _pick(rng, categories)
    female = rng.random() < 0.36
    born = _birth_date(rng, category)
    age_at_admission = rng.randint(18, min(45, max(18, (REFERENCE_DAY - born).days // 365 - 1)))
    # A day past the birthday: 365.25 days a year, so leap days never leave anyone a few days short.
    admitted = born + datetime.timedelta(days=int(age_at_admission * 365.25) + 1 + rng.randint(0, 364))
    admitted = min(admitted, REFERENCE_DAY - datetime.timedelta(days=rng.randint(1, 30)))
    recognized: datetime.date | None = admitted + datetime.timedelta(days=365 + rng.randint(0, 60))
    since: datetime.date | None = None
    status = Status.FULL
    if recognized is not None and recognized > REFERENCE_DAY:
        status, recognized = Status.PROBATIONARY, None
    elif (REFERENCE_DAY - born).days > 70 * 365 and rng.random() < 0.25:
        status, since = Status.EXEMPT, REFERENCE_DAY - datetime.timedelta(days=rng.randint(30, 2000))
    elif rng.random() < 0.01:
        status, since = Status.AWAY, REFERENCE_DAY - datetime.timedelta(days=rng.randint(30, 700))
    if since is not None and recognized is not None:
        since = max(since, recognized + datetime.timedelta(days=1))
    religion = Religion.NONE
    roll = rng.random()
    if roll < plan.catholic:
        religion = Religion.CATHOLICISM
    elif roll < plan.catholic + 0.03:
        religion = Religion.BUDDHISM
    old = (REFERENCE_DAY - born).days > 60 * 365
    education = Education.UPPER_SECONDARY if rng.random() < (0.6 if old else 0.93) else Education.LOWER_SECONDARY
    professional = (
        rng.choice([Professional.BACHELOR, Professional.BACHELOR, Professional.MASTER, Professional.COLLEGE])
        if category in (Category.CIVIL_SERVANT, Category.PUBLIC_EMPLOYEE, Category.ARMED_FORCES)
        else rng.choice([Professional.NONE, Professional.NONE, Professional.VOCATIONAL, Professional.BACHELOR])
    )
    theory = rng.choice([PoliticalTheory.ELEMENTARY, PoliticalTheory.ELEMENTARY, PoliticalTheory.INTERMEDIATE,
                         PoliticalTheory.NONE])  # fmt: skip
    return MemberRow(
        unit_key=unit_key,
        full_name=full_name(rng, female=female),
        gender="female" if female else "male",
        birth_date=born,
        ethnicity="Mường" if rng.random() < plan.muong else "Kinh",
        religion=religion,
        general_education=education,
        professional_level=professional,
        political_theory=theory,
        category=category,
        occupation="",
        phone=f"09{rng.randint(0, 99_999_999):08d}",
        home_town=f"{place_name(rng)}, {province.name}",
        admitted_on=admitted,
        recognized_on=recognized,
        card_number=f"{province.number:02d}{serial:07d}",
        status=status,
        status_since=since,
    )
