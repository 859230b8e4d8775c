"""Member development in the demo province: the 2023 Ninh Bình reported, last year (whose monthly
pattern a forecast reads), and the current year in progress up to `today`.

2023 (the province's report): 2,360 admitted against a plan of 2,253 (104.75 %); 12 new party
organizations in non-state enterprises against a target of 10; 11 enterprise owners admitted;
Nho Quan 320 admitted, 9.2 % over its plan, Hoa Lư 10.9 %, Ninh Bình city 3.1 %, Yên Mô 7.4 %,
Kim Sơn 3.6 % (200 admitted, 24 of them religious believers), the provincial police 56.3 %; the
other districts are chosen so the province's totals hold. Kim Sơn's supplementary class took 56 of
56 village heads to lower-secondary graduation.

Every admission is a full case: the source, an awareness class, each step as a recorded event
with its date, document, votes and checks, the introducers, and the member the decision created
(through the bulk member path, `load.load_members`). Targets are apportioned down the tree by
members on the rolls on 1 January, so a parent's target is exactly the sum of its children's.
Deterministic: the same seed and the same `today` give the same rows.

Not modelled: the years between 2023 and last year (their reports are empty), and units in
remote or highland areas (no unit is flagged; eligibility is read without the area exception).
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import functools
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone

from sotay.accounts.models import RoleAssignment
from sotay.core.models import Policy, PolicyParameter
from sotay.core.permissions import RECRUITMENT_DECIDE
from sotay.core.policy import as_fraction, rules_on
from sotay.core.text import normalize_name
from sotay.devdata.load import BATCH, _folded, _phase, _sorted, load_members, load_units
from sotay.devdata.names import full_name, place_name
from sotay.devdata.province import DistrictPlan, MemberRow, Province, UnitSpec, _apportion
from sotay.members.choices import Category, Education, PoliticalTheory, Professional, Religion, Status
from sotay.members.models import Member
from sotay.members.rollups import rebuild_member_counts
from sotay.organizations.models import Sector, Unit, UnitKind
from sotay.recruitment import transitions
from sotay.recruitment.choices import (
    CaseAction,
    CourseKind,
    CourseResult,
    MassOrganization,
    SourceCategory,
    SourceStatus,
    Step,
    TargetKind,
)
from sotay.recruitment.eligibility import assess
from sotay.recruitment.models import (
    AdmissionCase,
    AdmissionTarget,
    Attendance,
    Candidate,
    CaseEvent,
    Course,
    CourseSession,
    Enrollment,
    Introduction,
)
from sotay.recruitment.tallies import rebuild_tallies

REPORTED_YEAR = 2023
NHO_QUAN, GIA_VIEN, HOA_LU, YEN_KHANH = "huyện Nho Quan", "huyện Gia Viễn", "huyện Hoa Lư", "huyện Yên Khánh"
KIM_SON, YEN_MO, NINH_BINH_CITY, TAM_DIEP = "huyện Kim Sơn", "huyện Yên Mô", "thành phố Ninh Bình", "thành phố Tam Điệp"
POLICE, AGENCIES, ENTERPRISES = "Công an tỉnh", "Khối các cơ quan tỉnh", "Khối doanh nghiệp tỉnh"

# 2023, per district-level committee: (plan, admitted). Nho Quan 320/293 = 109.2 %, Hoa Lư
# 173/156 = 110.9 %, Ninh Bình city 299/290 = 103.1 %, Yên Mô 232/216 = 107.4 %, Kim Sơn
# 200/193 = 103.6 %, police 186/119 = 156.3 %; the rest make the province 2,360/2,253.
REPORTED: dict[str, tuple[int, int]] = {
    NHO_QUAN: (293, 320), GIA_VIEN: (365, 352), HOA_LU: (156, 173), YEN_KHANH: (320, 318), KIM_SON: (193, 200),
    YEN_MO: (216, 232), NINH_BINH_CITY: (290, 299), TAM_DIEP: (147, 140), POLICE: (119, 186), AGENCIES: (82, 72),
    ENTERPRISES: (72, 68),
}  # fmt: skip
# New party organizations in non-state enterprises: (target, founded).
NEW_ORGANIZATIONS: dict[str, tuple[int, int]] = {
    NINH_BINH_CITY: (3, 3), TAM_DIEP: (2, 2), ENTERPRISES: (3, 3), GIA_VIEN: (1, 1), YEN_KHANH: (1, 1),
    NHO_QUAN: (0, 1), KIM_SON: (0, 1),
}  # fmt: skip
# Enterprise owners: (target, admitted) — 11 admitted in the province.
ENTERPRISE_OWNERS: dict[str, tuple[int, int]] = {
    NINH_BINH_CITY: (3, 3), TAM_DIEP: (2, 2), ENTERPRISES: (3, 4), GIA_VIEN: (1, 1), YEN_KHANH: (1, 0),
    NHO_QUAN: (0, 1),
}  # fmt: skip
KIM_SON_RELIGIOUS = (20, 24)  # (target, admitted) in 2023: "over 20 of them religious believers"
VILLAGE_HEADS = 56  # Kim Sơn's 2022–2023 supplementary class: 56 enrolled, 56 graduated
# Of them, admitted in 2023, last year, this year, and in a case under way.
VILLAGE_HEADS_ADMITTED = {"reported": 12, "last": 10, "current": 6, "pipeline": 5}
# This year's pace against the plan, per district: Kim Sơn and the agencies' bloc fall behind.
PACE = {
    NHO_QUAN: 1.04, GIA_VIEN: 0.97, HOA_LU: 1.08, YEN_KHANH: 0.92, KIM_SON: 0.8, YEN_MO: 1.02,
    NINH_BINH_CITY: 0.96, TAM_DIEP: 0.88, POLICE: 1.25, AGENCIES: 0.74, ENTERPRISES: 0.9,
}  # fmt: skip
PATTERN_RESULT = {
    NHO_QUAN: 1.06, GIA_VIEN: 1.01, HOA_LU: 1.09, YEN_KHANH: 0.97, KIM_SON: 1.02, YEN_MO: 1.05,
    NINH_BINH_CITY: 1.03, TAM_DIEP: 0.95, POLICE: 1.4, AGENCIES: 0.9, ENTERPRISES: 0.98,
}  # fmt: skip
# Admissions by month: few around Tết, more before the anniversaries (3 February, 19 May, 2 September).
MONTH_WEIGHTS = [5, 4, 8, 7, 12, 9, 8, 9, 10, 8, 9, 11]

FLOW: list[str] = [
    Step.OPENED, Step.AWARENESS_CERTIFIED, Step.APPLIED, Step.INTRODUCED, Step.COMMENTS_COLLECTED,
    Step.BACKGROUND_VERIFIED, Step.CELL_VOTED, Step.COMMITTEE_RESOLVED, Step.ADMITTED, Step.SWORN_IN,
    Step.PROBATION_REVIEWED, Step.RECOGNITION_VOTED, Step.RECOGNIZED,
]  # fmt: skip
ADMITTED_AT = FLOW.index(Step.ADMITTED)
# Days from a step to the next one: (shortest, longest) as the demo plans them.
GAPS: dict[str, tuple[int, int]] = {
    Step.AWARENESS_CERTIFIED: (20, 150), Step.APPLIED: (5, 40), Step.INTRODUCED: (2, 10),
    Step.COMMENTS_COLLECTED: (5, 20), Step.BACKGROUND_VERIFIED: (7, 30), Step.CELL_VOTED: (5, 25),
    Step.COMMITTEE_RESOLVED: (5, 20), Step.ADMITTED: (10, 38), Step.SWORN_IN: (3, 25),
    Step.PROBATION_REVIEWED: (0, 10), Step.RECOGNITION_VOTED: (3, 15), Step.RECOGNIZED: (7, 38),
}  # fmt: skip
# Days a case may sit at a step before the next is overdue (the decisions: working days by policy),
# as the case deadlines count them (`sotay.recruitment.transitions.DUE_AFTER` once merged).
ALLOWED: dict[str, int] = {
    Step.OPENED: 180, Step.AWARENESS_CERTIFIED: 60, Step.APPLIED: 30, Step.INTRODUCED: 30,
    Step.COMMENTS_COLLECTED: 30, Step.BACKGROUND_VERIFIED: 30, Step.CELL_VOTED: 30, Step.SWORN_IN: 0,
    Step.ADMITTED: 30, Step.PROBATION_REVIEWED: 30,
}  # fmt: skip
# Where this year's open cases stand, before the decision: weights.
OPEN_STEPS: dict[str, int] = {
    Step.OPENED: 20, Step.AWARENESS_CERTIFIED: 14, Step.APPLIED: 12, Step.INTRODUCED: 12,
    Step.COMMENTS_COLLECTED: 10, Step.BACKGROUND_VERIFIED: 10, Step.CELL_VOTED: 8, Step.COMMITTEE_RESOLVED: 8,
}  # fmt: skip
OVERDUE_SHARE = 0.12
WITHDRAWN = (CaseAction.WITHDRAW, Step.WITHDRAWN, "Quần chúng đi làm việc ở tỉnh khác, xin rút hồ sơ.")
REFUSED = (
    CaseAction.REJECT,
    Step.REJECTED,
    "Chi bộ biểu quyết không đủ hai phần ba số đảng viên chính thức tán thành.",
)

# Grassroots type → the sources it develops (religious believers and enterprise owners are placed apart).
SOURCE_MIX: dict[str, dict[str, float]] = {
    "commune": {SourceCategory.YOUTH_UNION: 45, SourceCategory.OTHER: 25, SourceCategory.WORKER: 12,
                SourceCategory.VILLAGE_HEAD: 8, SourceCategory.STUDENT: 3},
    "ward": {SourceCategory.YOUTH_UNION: 35, SourceCategory.WORKER: 25, SourceCategory.OTHER: 20,
             SourceCategory.STUDENT: 10},
    "school": {SourceCategory.YOUTH_UNION: 55, SourceCategory.OTHER: 45},
    "hospital": {SourceCategory.YOUTH_UNION: 55, SourceCategory.OTHER: 45},
    "agency": {SourceCategory.YOUTH_UNION: 60, SourceCategory.OTHER: 40},
    "state_enterprise": {SourceCategory.WORKER: 80, SourceCategory.YOUTH_UNION: 20},
    "private_enterprise": {SourceCategory.WORKER: 85, SourceCategory.YOUTH_UNION: 15},
    "police": {SourceCategory.ARMED_FORCES: 100},
}  # fmt: skip
# What a source becomes as a member, by grassroots type, when their category does not say.
MEMBER_CATEGORY: dict[str, str] = {
    "commune": Category.FARMER, "ward": Category.OTHER, "school": Category.PUBLIC_EMPLOYEE,
    "hospital": Category.PUBLIC_EMPLOYEE, "agency": Category.CIVIL_SERVANT, "state_enterprise": Category.WORKER,
    "private_enterprise": Category.WORKER, "police": Category.ARMED_FORCES,
}  # fmt: skip
OWN_CATEGORY: dict[str, str] = {
    SourceCategory.WORKER: Category.WORKER, SourceCategory.STUDENT: Category.STUDENT,
    SourceCategory.ENTERPRISE_OWNER: Category.ENTERPRISE_OWNER, SourceCategory.ARMED_FORCES: Category.ARMED_FORCES,
    SourceCategory.VILLAGE_HEAD: Category.OTHER,
}  # fmt: skip
MASS_ORGANIZATIONS: dict[str, str] = {
    SourceCategory.YOUTH_UNION: MassOrganization.YOUTH_UNION, SourceCategory.STUDENT: MassOrganization.YOUTH_UNION,
    SourceCategory.ARMED_FORCES: MassOrganization.YOUTH_UNION, SourceCategory.WORKER: MassOrganization.TRADE_UNION,
    SourceCategory.VILLAGE_HEAD: MassOrganization.FATHERLAND_FRONT,
    SourceCategory.ENTERPRISE_OWNER: MassOrganization.NONE,
}  # fmt: skip
OCCUPATIONS: dict[str, str] = {
    "commune": "Nông dân", "ward": "Lao động tự do", "school": "Giáo viên", "hospital": "Điều dưỡng",
    "agency": "Chuyên viên", "state_enterprise": "Công nhân", "private_enterprise": "Công nhân",
    "police": "Chiến sĩ",
}  # fmt: skip
FAMILIES = [
    "Bố mẹ làm ruộng, chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
    "Bố là đảng viên, mẹ là hội viên Hội Liên hiệp Phụ nữ xã.",
    "Gia đình có công với cách mạng; ông nội là liệt sĩ.",
    "Bố mẹ buôn bán nhỏ; anh trai đang phục vụ trong quân đội.",
    "Bố mẹ là công nhân đã nghỉ hưu.",
]
AWARENESS_TOPICS = [
    "Chủ nghĩa Mác – Lênin, tư tưởng Hồ Chí Minh",
    "Đảng Cộng sản Việt Nam: sự ra đời, phát triển và vai trò lãnh đạo",
    "Điều lệ Đảng và nhiệm vụ của đảng viên",
    "Đường lối của Đảng về phát triển kinh tế – xã hội",
    "Phấn đấu, rèn luyện trở thành đảng viên",
]
DOCUMENTS: dict[str, str] = {
    Step.APPLIED: "Đơn xin vào Đảng; lý lịch của người xin vào Đảng",
    Step.INTRODUCED: "Giấy giới thiệu người vào Đảng",
    Step.COMMENTS_COLLECTED: "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú",
    Step.BACKGROUND_VERIFIED: "Báo cáo thẩm tra lý lịch số {number}-BC/ĐU",
    Step.CELL_VOTED: "Nghị quyết số {number}-NQ/CB",
    Step.COMMITTEE_RESOLVED: "Nghị quyết số {number}-NQ/ĐU",
    Step.ADMITTED: "Quyết định số {number}-QĐ/{issuer}",
    Step.SWORN_IN: "Biên bản lễ kết nạp đảng viên",
    Step.PROBATION_REVIEWED: "Bản tự kiểm điểm của đảng viên dự bị",
    Step.RECOGNITION_VOTED: "Nghị quyết số {number}-NQ/CB",
    Step.RECOGNIZED: "Quyết định số {number}-QĐ/{issuer}",
}
SUPPLEMENTARY_TOPICS = ["Ngữ văn", "Toán", "Lịch sử", "Địa lý", "Vật lý", "Sinh học", "Giáo dục công dân"]


@dataclass
class Leaf:
    """A unit that holds members (a cell, or a grassroots organization without cells)."""

    id: int
    path: str
    district: str
    kind: str  # grassroots type (commune, ward, school, …)
    plan: DistrictPlan
    founded_on: datetime.date
    full: list[tuple[int, datetime.date]] = field(default_factory=list)  # (member id, recognized on)
    weight: float = 0.0


@dataclass
class Person:
    leaf: Leaf
    category: str
    fields: dict
    instance: Candidate | None = None


@dataclass
class CaseSeed:
    person: Person
    times: dict[str, datetime.date]  # step → day, for every step reached
    step: str  # the last step completed
    closing: tuple[str, str, str] | None = None  # (action, closing step, reason)
    send_back: bool = False
    course: CourseSeed | None = None
    certificate: str = ""
    card: str = ""
    closed: datetime.date | None = None


@dataclass
class CourseSeed:
    district: str
    unit_id: int
    kind: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    grants: str = ""
    sessions: list[tuple[datetime.date, str]] = field(default_factory=list)
    enrolled: list[tuple[Person, datetime.date, str, datetime.date | None, str]] = field(default_factory=list)
    instance: Course | None = None


def _split(total: int, weights: list[float]) -> list[int]:
    """`_apportion`, with equal shares where nothing gives a weight."""
    return _apportion(total, weights if sum(weights) > 0 else [1.0] * len(weights))


def _insert(model, rows: list[dict], *, ids: bool = False) -> list[int]:
    """Insert rows (dicts of field name → value, all with the same keys) a batch at a time; with
    `ids`, return the new rows' ids in the order given.

    At tens of thousands of rows, building a model instance per row for bulk_create costs several
    times the insert itself. Nothing else writes during the seed, so new ids follow the insert order.
    """
    if not rows:
        return []
    fields = [model._meta.get_field(name) for name in rows[0]]
    adapters = [_adapter(field) for field in fields]
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    statement = f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            cursor.executemany(
                statement,
                [tuple(v if a is None else a(v) for v, a in zip(row.values(), adapters, strict=True)) for row in batch],
            )
    if not ids:
        return []
    new = list(model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True))
    if len(new) != len(rows):
        raise RuntimeError(f"{model.__name__}: {len(rows)} rows inserted, {len(new)} found")
    return new


def _adapter(field):
    """The conversion a column's values need, remembered for values that repeat (the seed's one
    timestamp, the shared lists of checks)."""
    if isinstance(field, models.DateTimeField):
        return functools.lru_cache(maxsize=64)(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        seen: dict[int, tuple] = {}

        def prepare(value):
            if id(value) not in seen:  # the value is kept with its conversion, so its id stays its own
                seen[id(value)] = (value, field.get_db_prep_save(value, connection))
            return seen[id(value)][1]

        return prepare
    return None


def _short(district_name: str) -> str:
    return district_name.removeprefix("Đảng bộ ")


def _working_days_after(day: datetime.date, days: int) -> datetime.date:
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day (as the case deadlines count)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _cumulative_share(day: datetime.date) -> float:
    """The share of a year's admissions decided by `day`, by the monthly pattern."""
    whole = sum(MONTH_WEIGHTS[: day.month - 1]) + MONTH_WEIGHTS[day.month - 1] * day.day / 31
    return whole / sum(MONTH_WEIGHTS)


class DemoRecruitment:
    def __init__(self, province: Province, *, today: datetime.date, actor) -> None:
        self.province = province
        self.today = today
        self.actor = actor
        self.rng = random.Random(province.seed * 104_729 + 7)
        rules = rules_on(today)
        self.vote_share = as_fraction(rules[Policy.CELL_VOTE_SHARE].value)
        self.committee_share = as_fraction(rules[Policy.COMMITTEE_VOTE_SHARE].value)
        self.probation_months = int(rules[Policy.PROBATION_MONTHS].value)
        self.decision_days = int(rules[Policy.DECISION_WORKING_DAYS].value)
        self.ratio = as_fraction(rules[Policy.ADMISSION_TARGET_RATIO].value)
        self.eras = sorted(set(PolicyParameter.objects.values_list("effective_from", flat=True)))
        self.checks_cache: dict[tuple, list] = {}
        users = get_user_model().objects.in_bulk(["province", "kimson", "secretary", "member"], field_name="username")
        self.users = users
        secretary = RoleAssignment.objects.filter(user=users["secretary"]).values_list("unit_id", flat=True).first()
        self.secretary_cell = secretary
        self.card_serial = province.members
        self.people: list[Person] = []
        self.cases: list[CaseSeed] = []
        self.courses: dict[str, list[CourseSeed]] = defaultdict(list)
        self.extra_courses: list[CourseSeed] = []
        self.targets: list[dict] = []
        self.now = timezone.now()
        self.founded: dict[str, list[int]] = defaultdict(list)  # district → new organizations' unit ids

    # ---- the tree as loaded -------------------------------------------------------------------------

    def read_tree(self) -> None:
        root = Unit.objects.get(code=self.province.code)
        self.root = root
        plans = {spec.code: self.province.district_of.get(spec.key) for spec in self.province.units}
        types = {spec.code: self.province.grassroots_type.get(spec.key) for spec in self.province.units}
        district_length = root.depth * Unit.steplen + Unit.steplen
        units = Unit.objects.filter(path__startswith=root.path).order_by("path")
        self.units = list(units.values_list("id", "path", "depth", "code", "name", "numchild", "founded_on"))
        self.district_names = {
            path: _short(name) for _id, path, depth, _c, name, _n, _f in self.units if depth == root.depth + 1
        }
        self.district_ids = {
            _short(name): uid for uid, _p, depth, _c, name, _n, _f in self.units if depth == root.depth + 1
        }
        by_name = {plan.name: plan for plan in self.province.districts}
        self.leaves: list[Leaf] = []
        for uid, path, depth, code, _name, numchild, founded in self.units:
            if depth <= root.depth + 1 or numchild:
                continue
            district = self.district_names[path[:district_length]]
            plan = plans.get(code) or by_name[f"Đảng bộ {district}"]
            kind = types.get(code) or "private_enterprise"
            self.leaves.append(Leaf(uid, path, district, kind, plan, founded or datetime.date(1930, 2, 3)))
        self.leaf_by_id = {leaf.id: leaf for leaf in self.leaves}
        self.district_full: dict[str, list[tuple[int, datetime.date]]] = defaultdict(list)
        self.on_rolls: list[tuple[int, datetime.date]] = []  # (unit id, admitted on) of everyone on the rolls
        members = Member.objects.filter(unit__path__startswith=root.path).order_by("id")
        for member_id, unit_id, status, admitted, recognized in members.values_list(
            "id", "unit_id", "status", "admitted_on", "recognized_on"
        ):
            self.on_rolls.append((unit_id, admitted))
            if status == Status.FULL and recognized and unit_id in self.leaf_by_id:
                leaf = self.leaf_by_id[unit_id]
                leaf.full.append((member_id, recognized))
                self.district_full[leaf.district].append((member_id, recognized))
        size = Counter(unit_id for unit_id, _ in self.on_rolls)
        for leaf in self.leaves:
            leaf.weight = size[leaf.id] * self.rng.uniform(0.4, 1.6)
        self.by_district: dict[str, list[Leaf]] = defaultdict(list)
        for leaf in self.leaves:
            self.by_district[leaf.district].append(leaf)

    # ---- new organizations in non-state enterprises (2023) ---------------------------------------------

    def found_organizations(self) -> None:
        """The new organizations, with the three members each was founded with (come from elsewhere)."""
        rng = self.rng
        root = Unit.objects.get(code=self.province.code)
        districts = {
            _short(unit.name): unit for unit in Unit.objects.filter(path__startswith=root.path, depth=root.depth + 1)
        }
        founders: list[MemberRow] = []
        for district, (_target, founded) in NEW_ORGANIZATIONS.items():
            parent = districts[district]
            taken = Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
            specs = []
            for index in range(founded):
                day = datetime.date(REPORTED_YEAR, rng.randint(2, 6), rng.randint(1, 28))
                kind = rng.choice(["TNHH", "Cổ phần"])
                specs.append(
                    UnitSpec(
                        key=index,
                        parent=None,
                        code=f"{parent.code}-{taken + index + 1:03d}",
                        name=f"Chi bộ Công ty {kind} {place_name(rng)}",
                        kind=UnitKind.GRASSROOTS,
                        sector=Sector.NON_STATE_ENTERPRISE,
                        founded_on=day,
                    )
                )
            ids = load_units(specs, parent=parent, actor=self.actor)
            for spec in specs:
                self.founded[district].append(ids[spec.key])
                founders.extend(self._founder(ids[spec.key], spec.founded_on) for _ in range(3))
        load_members(founders, {row.unit_key: row.unit_key for row in founders}, actor=self.actor)

    def _founder(self, unit_id: int, founded: datetime.date) -> MemberRow:
        rng = self.rng
        female = rng.random() < 0.3
        admitted = datetime.date(rng.randint(2000, 2019), rng.randint(1, 12), rng.randint(1, 28))
        self.card_serial += 1
        return MemberRow(
            unit_key=unit_id,
            full_name=full_name(rng, female=female),
            gender="female" if female else "male",
            birth_date=admitted - datetime.timedelta(days=rng.randint(23 * 365, 35 * 365)),
            ethnicity="Kinh",
            religion=Religion.NONE,
            general_education=Education.UPPER_SECONDARY,
            professional_level=rng.choice([Professional.BACHELOR, Professional.COLLEGE]),
            political_theory=PoliticalTheory.ELEMENTARY,
            category=Category.WORKER,
            occupation="Cán bộ quản lý",
            phone=f"09{rng.randint(0, 99_999_999):08d}",
            home_town=f"{place_name(rng)}, {self.province.name}",
            admitted_on=admitted,
            recognized_on=_add_months(admitted, 12) + datetime.timedelta(days=rng.randint(0, 40)),
            card_number=f"{self.province.number:02d}{self.card_serial:07d}",
            status=Status.FULL,
        )

    # ---- people ---------------------------------------------------------------------------------------

    def person(self, leaf: Leaf, category: str, *, age_on: datetime.date, identified_on: datetime.date) -> Person:
        rng = self.rng
        female = rng.random() < (
            0.55 if leaf.kind in ("school", "hospital") else 0.12 if leaf.kind == "police" else 0.4
        )
        ages: dict[str, tuple[int, int]] = {
            SourceCategory.STUDENT: (19, 23), SourceCategory.ARMED_FORCES: (20, 30),
            SourceCategory.VILLAGE_HEAD: (32, 52), SourceCategory.ENTERPRISE_OWNER: (30, 48),
            SourceCategory.RELIGIOUS: (22, 45),
        }  # fmt: skip
        low, high = ages.get(category, (19, 34))
        born = age_on - datetime.timedelta(days=rng.randint(low * 365 + 5, high * 365 + 300))
        religion = Religion.NONE
        if category == SourceCategory.RELIGIOUS:
            religion = Religion.CATHOLICISM if rng.random() < 0.85 else Religion.BUDDHISM
        minority = rng.random() < leaf.plan.muong
        education = Education.UPPER_SECONDARY if rng.random() < 0.9 else Education.LOWER_SECONDARY
        mass = MASS_ORGANIZATIONS.get(category, MassOrganization.WOMENS_UNION if female else MassOrganization.FARMERS)
        place = place_name(rng)
        titles: dict[str, str] = {
            SourceCategory.VILLAGE_HEAD: f"Trưởng thôn {place}",
            SourceCategory.STUDENT: "Sinh viên",
            SourceCategory.ENTERPRISE_OWNER: f"Giám đốc Công ty TNHH {place}",
            SourceCategory.ARMED_FORCES: "Chiến sĩ",
        }
        occupation = titles.get(category, OCCUPATIONS[leaf.kind])
        name = normalize_name(full_name(rng, female=female))
        century = int(female) + 2 * (born.year >= 2000)  # the ID number's gender and century digit
        district = leaf.district
        data = {
            "unit_id": leaf.id,
            "full_name": name,
            "name_key": _folded(name),
            "name_sort": _sorted(name),
            "gender": "female" if female else "male",
            "birth_date": born,
            "ethnicity": "Mường" if minority else "Kinh",
            "ethnic_minority": minority,
            "religion": religion,
            "family_background": rng.choice(FAMILIES),
            "id_number": f"037{century}{born.year % 100:02d}{rng.randint(0, 999_999):06d}",
            "phone": f"09{rng.randint(0, 99_999_999):08d}",
            "address": f"{place}, {district}, tỉnh {self.province.name}",
            "general_education": education,
            "occupation": occupation,
            "category": category,
            "mass_organization": mass,
            "identified_on": identified_on,
            "status": SourceStatus.ACTIVE,
        }
        if leaf.full:
            data["helper_id"] = rng.choice(leaf.full)[0]
        if district == KIM_SON:
            data["responsible_id"] = self.users["kimson"].pk
        person = Person(leaf, category, data)
        self.people.append(person)
        return person

    def _category(self, leaf: Leaf, *, religious_share: float) -> str:
        if leaf.kind in ("commune", "ward") and self.rng.random() < religious_share:
            return SourceCategory.RELIGIOUS
        mix = SOURCE_MIX[leaf.kind]
        return self.rng.choices(list(mix), list(mix.values()))[0]

    # ---- timelines ------------------------------------------------------------------------------------

    def timeline(self, anchor: str, day: datetime.date) -> dict[str, datetime.date]:
        """Every step's day for a case that reaches `anchor` on `day`, earlier steps before it."""
        rng = self.rng
        at = FLOW.index(anchor)
        times = {anchor: day}
        for index in range(at, 0, -1):
            low, high = GAPS[FLOW[index]]
            times[FLOW[index - 1]] = times[FLOW[index]] - datetime.timedelta(days=rng.randint(low, high))
        for index in range(at + 1, len(FLOW)):
            step, before = FLOW[index], times[FLOW[index - 1]]
            low, high = GAPS[step]
            if step == Step.ADMITTED:
                times[step] = min(
                    before + datetime.timedelta(days=rng.randint(low, high)),
                    _working_days_after(before, self.decision_days),
                )
            elif step == Step.PROBATION_REVIEWED:
                admitted = times[Step.ADMITTED]
                times[step] = _add_months(admitted, self.probation_months) + datetime.timedelta(
                    days=rng.randint(low, high)
                )
            else:
                times[step] = before + datetime.timedelta(days=rng.randint(low, high))
        return times

    def attend_awareness(self, seed: CaseSeed, times: dict[str, datetime.date]) -> None:
        """Put the case's awareness certificate on a class its district held, or enroll it in the next one."""
        rng, courses = self.rng, self.courses[seed.person.leaf.district]
        if Step.AWARENESS_CERTIFIED in seed.times:
            limit = (
                times[Step.APPLIED] - datetime.timedelta(days=1)
                if Step.APPLIED in seed.times
                else times[Step.AWARENESS_CERTIFIED]
            )
            limit = min(limit, self.today)
            ends = [course.ends_on for course in courses]
            course = courses[max(bisect.bisect_right(ends, limit - datetime.timedelta(days=1)) - 1, 0)]
            certified = max(min(course.ends_on + datetime.timedelta(days=rng.randint(0, 5)), limit), course.ends_on)
            enrolled = course.starts_on - datetime.timedelta(days=rng.randint(3, 20))
            seed.times[Step.AWARENESS_CERTIFIED] = certified
            seed.times[Step.OPENED] = min(
                seed.times[Step.OPENED], enrolled - datetime.timedelta(days=rng.randint(5, 60))
            )
            seed.certificate = f"{len(course.enrolled) + 1:03d}/GCN-{course.starts_on:%m%y}"
            course.enrolled.append((seed.person, enrolled, CourseResult.PASSED, course.ends_on, seed.certificate))
            seed.course = course
            return
        upcoming = [course for course in courses if course.ends_on >= self.today]
        if upcoming and upcoming[0].starts_on <= self.today + datetime.timedelta(days=45):
            course = upcoming[0]
            enrolled = max(seed.times[Step.OPENED], min(self.today, course.starts_on) - datetime.timedelta(days=5))
            course.enrolled.append((seed.person, enrolled, CourseResult.PENDING, None, ""))
            seed.course = course

    def case(self, person: Person, times: dict[str, datetime.date], *, stop: str | None = None) -> CaseSeed:
        """A case planned by `times`, cut at today (and at `stop`): the steps done so far are its history."""
        last = FLOW.index(stop) if stop else len(FLOW) - 1
        done = [step for index, step in enumerate(FLOW) if index <= last and times[step] <= self.today]
        seed = CaseSeed(person, {step: times[step] for step in done}, done[-1])
        self.attend_awareness(seed, times)
        if Step.COMMENTS_COLLECTED in seed.times and Step.BACKGROUND_VERIFIED in seed.times:
            gap = (seed.times[Step.BACKGROUND_VERIFIED] - seed.times[Step.COMMENTS_COLLECTED]).days
            seed.send_back = gap >= 10 and self.rng.random() < 0.06
        self.cases.append(seed)
        return seed

    # ---- the years ------------------------------------------------------------------------------------

    def decided_day(self, year: int, *, after: datetime.date | None = None, until: datetime.date | None = None):
        rng = self.rng
        for _ in range(100):
            month = rng.choices(range(1, 13), MONTH_WEIGHTS)[0]
            day = datetime.date(year, month, rng.randint(1, 28))
            if (after is None or day >= after) and (until is None or day <= until):
                return day
        return max(after or datetime.date(year, 1, 1), min(until or datetime.date(year, 12, 28), self.today))

    def admit(self, leaf: Leaf, category: str, day: datetime.date, *, person: Person | None = None) -> CaseSeed:
        times = self.timeline(Step.ADMITTED, day)
        if person is None:
            person = self.person(leaf, category, age_on=day, identified_on=times[Step.OPENED])
        seed = self.case(person, times)
        person.fields["identified_on"] = min(person.fields["identified_on"], seed.times[Step.OPENED])
        return seed

    def admission_year(
        self, year: int, figures: dict[str, int], *, until: datetime.date | None = None, forced=None
    ) -> None:
        """Admissions decided in `year` (up to `until`), `figures[district]` of them."""
        forced = forced or {}
        for district in sorted(figures):
            placed = forced.get(district, [])
            for leaf, category, after, person in placed:
                self.admit(leaf, category, self.decided_day(year, after=after, until=until), person=person)
            leaves = [leaf for leaf in self.by_district[district] if leaf.founded_on.year < year and leaf.weight > 0]
            counts = _split(figures[district] - len(placed), [leaf.weight for leaf in leaves])
            religious_share = 0.0 if (year == REPORTED_YEAR and district == KIM_SON) else leaves[0].plan.catholic * 0.5
            for leaf, count in zip(leaves, counts, strict=True):
                for _ in range(count):
                    category = self._category(leaf, religious_share=religious_share)
                    if category == SourceCategory.VILLAGE_HEAD and district == KIM_SON:
                        category = SourceCategory.OTHER  # Kim Sơn's village heads are the class's, placed apart
                    self.admit(leaf, category, self.decided_day(year, until=until))

    def reported_year(self) -> None:
        rng = self.rng
        forced: dict[str, list] = defaultdict(list)
        for district, (_target, owners) in ENTERPRISE_OWNERS.items():
            homes: list[tuple[Leaf, datetime.date | None]] = [
                (leaf, leaf.founded_on) for leaf in self.by_district[district] if leaf.id in self.founded[district]
            ]
            homes += [
                (leaf, None)
                for leaf in self.by_district[district]
                if leaf.kind == "private_enterprise" and leaf.id not in self.founded[district]
            ]
            for leaf, founded in homes[:owners]:
                after = founded + datetime.timedelta(days=30) if founded else None
                forced[district].append((leaf, SourceCategory.ENTERPRISE_OWNER, after, None))
        communes = [leaf for leaf in self.by_district[KIM_SON] if leaf.kind == "commune"]
        for _ in range(KIM_SON_RELIGIOUS[1]):
            forced[KIM_SON].append((rng.choice(communes), SourceCategory.RELIGIOUS, None, None))
        graduated = datetime.date(REPORTED_YEAR, 5, 26)
        for person in self.later_heads("reported"):
            forced[KIM_SON].append(
                (person.leaf, SourceCategory.VILLAGE_HEAD, graduated + datetime.timedelta(60), person)
            )
        self.admission_year(
            REPORTED_YEAR, {district: admitted for district, (_t, admitted) in REPORTED.items()}, forced=forced
        )

    def later_heads(self, when: str) -> list[Person]:
        """The class's village heads admitted (or under way) at `when`, in VILLAGE_HEADS_ADMITTED's order."""
        start = 0
        for key, count in VILLAGE_HEADS_ADMITTED.items():
            if key == when:
                return self.village_heads[start : start + count]
            start += count
        raise KeyError(when)

    def village_head_class(self) -> None:
        """Kim Sơn's supplementary class: 56 village heads, 56 graduated from lower secondary."""
        rng = self.rng
        kim_son = self.district_ids[KIM_SON]
        course = CourseSeed(
            KIM_SON,
            kim_son,
            CourseKind.SUPPLEMENTARY,
            "Lớp bổ túc văn hóa THCS cho trưởng thôn, xóm huyện Kim Sơn, năm học 2022–2023",
            datetime.date(2022, 9, 10),
            datetime.date(2023, 5, 26),
            "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện Kim Sơn",
            grants=Education.LOWER_SECONDARY,
        )
        day = course.starts_on
        while day <= course.ends_on:  # every Saturday of the school year
            course.sessions.append((day, SUPPLEMENTARY_TOPICS[len(course.sessions) % len(SUPPLEMENTARY_TOPICS)]))
            day += datetime.timedelta(days=7)
        communes = [leaf for leaf in self.by_district[KIM_SON] if leaf.kind == "commune"]
        self.village_heads = []
        for number in range(1, VILLAGE_HEADS + 1):
            leaf = rng.choice(communes)
            person = self.person(
                leaf,
                SourceCategory.VILLAGE_HEAD,
                age_on=course.ends_on,
                identified_on=datetime.date(2022, 8, rng.randint(1, 31)),
            )
            person.fields["general_education"] = Education.LOWER_SECONDARY
            person.fields["ethnic_minority"], person.fields["ethnicity"] = False, "Kinh"
            person.fields["notes"] = "Tốt nghiệp THCS qua lớp bổ túc văn hóa năm học 2022–2023."
            enrolled = course.starts_on - datetime.timedelta(days=rng.randint(5, 20))
            course.enrolled.append((person, enrolled, CourseResult.PASSED, course.ends_on, f"{number:03d}/BTVH-KS"))
            self.village_heads.append(person)
        self.extra_courses.append(course)

    def current_classes(self) -> None:
        """This year's supplementary classes: Kim Sơn's next intake, Nho Quan's for Mường villages."""
        rng = self.rng
        year = self.today.year
        for district, title, starts, ends, size in [
            (
                NHO_QUAN,
                f"Lớp bổ túc văn hóa THCS các xã vùng cao huyện Nho Quan, năm học {year - 1}–{year}",
                datetime.date(year - 1, 9, 12),
                datetime.date(year, 5, 29),
                20,
            ),
            (
                KIM_SON,
                f"Lớp bổ túc văn hóa THCS cho trưởng thôn, xóm huyện Kim Sơn, năm học {year}–{year + 1}",
                datetime.date(year, 9, 12),
                datetime.date(year + 1, 5, 28),
                30,
            ),
        ]:
            place = f"Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên {district}"
            course = CourseSeed(
                district,
                self.district_ids[district],
                CourseKind.SUPPLEMENTARY,
                title,
                starts,
                ends,
                place,
                grants=Education.LOWER_SECONDARY,
            )
            day = starts
            while day <= ends:
                course.sessions.append((day, SUPPLEMENTARY_TOPICS[len(course.sessions) % len(SUPPLEMENTARY_TOPICS)]))
                day += datetime.timedelta(days=7)
            communes = [leaf for leaf in self.by_district[district] if leaf.kind == "commune"]
            for number in range(1, size + 1):
                category = SourceCategory.VILLAGE_HEAD if district == KIM_SON else SourceCategory.YOUTH_UNION
                person = self.person(
                    rng.choice(communes),
                    category,
                    age_on=self.today,
                    identified_on=starts - datetime.timedelta(days=rng.randint(20, 200)),
                )
                enrolled = starts - datetime.timedelta(days=rng.randint(3, 15))
                if ends < self.today:
                    result = (
                        CourseResult.PASSED
                        if number <= size - 2
                        else (CourseResult.FAILED, CourseResult.LEFT)[number % 2]
                    )
                    passed = result == CourseResult.PASSED
                    person.fields["general_education"] = Education.LOWER_SECONDARY if passed else Education.PRIMARY
                    course.enrolled.append((person, enrolled, result, ends, f"{number:03d}/BTVH-NQ" if passed else ""))
                else:
                    person.fields["general_education"] = Education.PRIMARY
                    course.enrolled.append((person, enrolled, CourseResult.PENDING, None, ""))
                if district == NHO_QUAN:
                    person.fields["ethnic_minority"], person.fields["ethnicity"] = True, "Mường"
            self.extra_courses.append(course)

    def awareness_classes(self) -> None:
        """Each district committee's awareness classes on the Party, every two months, five days each."""
        first, last = datetime.date(REPORTED_YEAR - 1, 1, 1), self.today + datetime.timedelta(days=90)
        for index, district in enumerate(sorted(self.district_ids)):
            day = datetime.date(first.year, 1 + index % 2, 1)
            serial: Counter[int] = Counter()
            place = "Trường Chính trị tỉnh Ninh Bình" if "tỉnh" in district else f"Trung tâm Chính trị {district}"
            while day <= last:
                starts = day + datetime.timedelta(days=(7 - day.weekday()) % 7 + 7)  # the second Monday
                serial[starts.year] += 1
                course = CourseSeed(
                    district,
                    self.district_ids[district],
                    CourseKind.AWARENESS,
                    f"Lớp bồi dưỡng nhận thức về Đảng khóa {serial[starts.year]}/{starts.year}",
                    starts,
                    starts + datetime.timedelta(days=4),
                    place,
                )
                course.sessions = [
                    (starts + datetime.timedelta(days=i), topic) for i, topic in enumerate(AWARENESS_TOPICS)
                ]
                self.courses[district].append(course)
                day = _add_months(day, 2)
            if district in (KIM_SON, YEN_MO):  # a class under way today
                starts = self.today - datetime.timedelta(days=2)
                course = CourseSeed(
                    district,
                    self.district_ids[district],
                    CourseKind.AWARENESS,
                    f"Lớp bồi dưỡng nhận thức về Đảng khóa {serial[starts.year] + 1}/{starts.year}",
                    starts,
                    starts + datetime.timedelta(days=4),
                    place,
                )
                course.sessions = [
                    (starts + datetime.timedelta(days=i), topic) for i, topic in enumerate(AWARENESS_TOPICS)
                ]
                self.courses[district].append(course)
            self.courses[district].sort(key=lambda course: course.ends_on)

    def pattern_year(self) -> None:
        year = self.today.year - 1  # last year: its monthly pattern is what a forecast reads
        targets = self.year_targets(year)
        figures = {district: round(targets[district] * PATTERN_RESULT[district]) for district in targets}
        forced = {
            KIM_SON: [(person.leaf, SourceCategory.VILLAGE_HEAD, None, person) for person in self.later_heads("last")]
        }
        self.admission_year(year, figures, forced=forced)
        owners = [leaf for leaf in self.leaves if leaf.kind == "private_enterprise"]
        for leaf in self.rng.sample(owners, 9):
            self.admit(leaf, SourceCategory.ENTERPRISE_OWNER, self.decided_day(year))
        # A few fail their probation, a few withdraw or are refused on the way.
        probation = [
            seed
            for seed in self.cases
            if Step.PROBATION_REVIEWED in seed.times and seed.times[Step.ADMITTED].year == year
        ]
        for seed in self.rng.sample(probation, min(6, len(probation))):
            seed.times.pop(Step.RECOGNIZED, None)
            seed.times.pop(Step.RECOGNITION_VOTED, None)
            seed.step = Step.PROBATION_REVIEWED
            seed.closing = (
                CaseAction.REJECT,
                Step.REMOVED,
                "Chi bộ không đủ hai phần ba số đảng viên chính thức tán thành công nhận chính thức: "
                "vi phạm tư cách đảng viên trong thời gian dự bị.",
            )

    def current_year(self) -> None:
        year, rng = self.today.year, self.rng
        targets = self.year_targets(year)
        share = _cumulative_share(self.today)
        figures = {district: round(targets[district] * PACE[district] * share) for district in targets}
        forced = {
            KIM_SON: [
                (person.leaf, SourceCategory.VILLAGE_HEAD, None, person) for person in self.later_heads("current")
            ]
        }
        self.admission_year(year, figures, until=self.today, forced=forced)
        for leaf in rng.sample([leaf for leaf in self.leaves if leaf.kind == "private_enterprise"], 7):
            self.admit(leaf, SourceCategory.ENTERPRISE_OWNER, self.decided_day(year, until=self.today))
        for person in self.later_heads("pipeline"):
            self.open_case(person.leaf, step=Step.APPLIED, person=person)
        for district in sorted(targets):
            leaves = [leaf for leaf in self.by_district[district] if leaf.weight > 0]
            weights = [leaf.weight for leaf in leaves]
            religious_share = leaves[0].plan.catholic * 0.5
            for leaf, count in zip(leaves, _split(round(targets[district] * 0.45), weights), strict=True):
                for _ in range(count):
                    category = self._category(leaf, religious_share=religious_share)
                    step = rng.choices(list(OPEN_STEPS), list(OPEN_STEPS.values()))[0]
                    self.open_case(leaf, category, step=step, overdue=rng.random() < OVERDUE_SHARE)
            for leaf, count in zip(leaves, _split(round(targets[district] * 1.2), weights), strict=True):
                for _ in range(count):
                    self.source(leaf, self._category(leaf, religious_share=religious_share))
        self.secretary_cell_work()

    def open_case(
        self,
        leaf: Leaf,
        category: str = "",
        *,
        step: str,
        overdue: bool = False,
        person: Person | None = None,
        closing: tuple[str, str, str] | None = None,
        may_close: bool = True,
    ) -> CaseSeed:
        """A case that has been at `step` for less than the time it is allowed there (or longer, `overdue`);
        unless `may_close` is false, a few are withdrawn or refused instead."""
        rng = self.rng
        allowed = ALLOWED.get(step, 30)
        waited = allowed + rng.randint(3, 40) if overdue else rng.randint(0, max(allowed - 1, 0))
        times = self.timeline(step, self.today - datetime.timedelta(days=waited))
        if person is None:
            person = self.person(leaf, category, age_on=self.today, identified_on=times[Step.OPENED])
        seed = self.case(person, times, stop=step)
        person.fields["identified_on"] = min(person.fields["identified_on"], seed.times[Step.OPENED])
        if closing is None and not overdue and may_close:
            roll = rng.random()
            if roll < 0.03:
                closing = WITHDRAWN
            elif roll < 0.045 and FLOW.index(seed.step) >= FLOW.index(Step.BACKGROUND_VERIFIED):
                closing = REFUSED
        seed.closing = closing
        return seed

    def source(self, leaf: Leaf, category: str) -> Person:
        identified = self.today - datetime.timedelta(days=self.rng.randint(10, 500))
        person = self.person(leaf, category, age_on=self.today, identified_on=identified)
        if self.rng.random() < 0.03:
            person.fields["status"] = SourceStatus.DROPPED
            person.fields["dropped_on"] = min(self.today, identified + datetime.timedelta(days=self.rng.randint(5, 90)))
            person.fields["drop_reason"] = "Chuyển đi nơi khác sinh sống."
        return person

    def secretary_cell_work(self) -> None:
        """The `secretary` login's cell: sources, and cases at several steps, one of them overdue."""
        leaf = self.leaf_by_id.get(self.secretary_cell) if self.secretary_cell is not None else None
        if leaf is None:
            return
        for step, overdue in [
            (Step.OPENED, False),
            (Step.AWARENESS_CERTIFIED, False),
            (Step.APPLIED, False),
            (Step.INTRODUCED, True),
            (Step.BACKGROUND_VERIFIED, False),
            (Step.CELL_VOTED, False),
        ]:
            self.open_case(leaf, SourceCategory.YOUTH_UNION, step=step, overdue=overdue, may_close=False)
        self.admit(leaf, SourceCategory.YOUTH_UNION, self.today - datetime.timedelta(days=60))
        self.open_case(leaf, SourceCategory.WORKER, step=Step.BACKGROUND_VERIFIED, closing=REFUSED)
        self.open_case(leaf, SourceCategory.YOUTH_UNION, step=Step.APPLIED, closing=WITHDRAWN)
        helped = [self.source(leaf, category) for category in
                  (SourceCategory.YOUTH_UNION, SourceCategory.RELIGIOUS, SourceCategory.OTHER)]  # fmt: skip
        member = self.users["member"].member_id
        if member is not None:  # the `member` login helps one of them
            helped[0].fields["helper_id"] = member

    # ---- targets --------------------------------------------------------------------------------------

    def year_targets(self, year: int) -> dict[str, int]:
        """Admission targets for `year` at every unit, apportioned from the province's; returns the districts'."""
        first = datetime.date(year, 1, 1)
        rolls: Counter[int] = Counter(unit for unit, admitted in self.on_rolls if admitted <= first)
        rolls.update(seed.person.leaf.id for seed in self.cases if seed.times.get(Step.ADMITTED, first) < first)
        subtree: Counter[str] = Counter()
        paths = {uid: path for uid, path, *_ in self.units}
        for unit_id, count in rolls.items():
            path = paths.get(unit_id)
            if path:
                for end in range(len(self.root.path), len(path) + 1, Unit.steplen):
                    subtree[path[:end]] += count
        default = {path: math.ceil(count * self.ratio) for path, count in subtree.items()}
        if year == REPORTED_YEAR:
            districts = {path: REPORTED[name][0] for path, name in self.district_names.items()}
            total = sum(districts.values())
        else:
            total = default[self.root.path]
            names = list(self.district_names)
            districts = dict(zip(names, _split(total, [subtree[p] for p in names]), strict=True))
        values = {self.root.path: total, **districts}
        existing = [
            (uid, path, depth, founded)
            for uid, path, depth, _c, _n, _k, founded in self.units
            if founded is None or founded <= first
        ]
        children: dict[str, list[str]] = defaultdict(list)
        for _uid, path, depth, _f in existing:
            if depth >= self.root.depth + 2:
                children[path[: -Unit.steplen]].append(path)
        for _uid, path, depth, _f in existing:  # parents come before children in path order
            kids = children.get(path)
            if kids and depth > self.root.depth:
                for kid, value in zip(kids, _split(values[path], [subtree[k] for k in kids]), strict=True):
                    values[kid] = value
        set_by = self.users["province"]
        kim_son = next(path for path, name in self.district_names.items() if name == KIM_SON)
        for uid, path, depth, _f in existing:
            value = values[path]
            fallback = default.get(path, 0)
            if depth > self.root.depth + 1 and path.startswith(kim_son):
                by = self.users["kimson"]
            else:
                by = set_by
            reason = "" if value == fallback else f"Phân bổ theo kế hoạch năm {year} của cấp ủy cấp trên."
            self.targets.append(
                self.target(uid, year, TargetKind.ADMISSIONS, value, by, default=fallback, reason=reason)
            )
        return {self.district_names[path]: value for path, value in districts.items()}

    def category_targets(self) -> None:
        """2023's targets for new organizations, enterprise owners and religious believers, and this year's."""
        plans = {
            (REPORTED_YEAR, TargetKind.NEW_ORGANIZATIONS): {d: t for d, (t, _f) in NEW_ORGANIZATIONS.items()},
            (REPORTED_YEAR, TargetKind.ENTERPRISE_OWNERS): {d: t for d, (t, _a) in ENTERPRISE_OWNERS.items()},
            (REPORTED_YEAR, TargetKind.RELIGIOUS): {KIM_SON: KIM_SON_RELIGIOUS[0], NHO_QUAN: 3, YEN_KHANH: 6,
                                                    YEN_MO: 4},
            (self.today.year, TargetKind.NEW_ORGANIZATIONS): {NINH_BINH_CITY: 2, TAM_DIEP: 1, ENTERPRISES: 3,
                                                              GIA_VIEN: 1},
            (self.today.year, TargetKind.ENTERPRISE_OWNERS): {NINH_BINH_CITY: 3, TAM_DIEP: 2, ENTERPRISES: 3},
            (self.today.year, TargetKind.RELIGIOUS): {KIM_SON: 25, NHO_QUAN: 3, YEN_KHANH: 6, YEN_MO: 4},
        }  # fmt: skip
        province = self.users["province"]
        for (year, kind), by_district in plans.items():
            for district, value in by_district.items():
                self.targets.append(self.target(self.district_ids[district], year, kind, value, province))
            self.targets.append(self.target(self.root.pk, year, kind, sum(by_district.values()), province))

    def target(self, unit_id: int, year: int, kind: str, value: int, by, *, default=None, reason="") -> dict:
        return {"unit_id": unit_id, "year": year, "kind": kind, "value": value, "default_value": default,
                "reason": reason, "set_by_id": by.pk, "set_at": self.now}  # fmt: skip

    # ---- rows ---------------------------------------------------------------------------------------

    def member_row(self, seed: CaseSeed) -> MemberRow:
        person, times = seed.person, seed.times
        data, rng = person.fields, self.rng
        self.card_serial += 1
        seed.card = f"{self.province.number:02d}{self.card_serial:07d}"
        removed = seed.closing is not None and seed.closing[1] == Step.REMOVED
        recognized = times.get(Step.RECOGNIZED)
        status = Status.REMOVED if removed else Status.FULL if recognized else Status.PROBATIONARY
        leaf = person.leaf
        category = OWN_CATEGORY.get(person.category, MEMBER_CATEGORY[leaf.kind])
        return MemberRow(
            unit_key=leaf.id,
            full_name=data["full_name"],
            gender=data["gender"],
            birth_date=data["birth_date"],
            ethnicity=data["ethnicity"],
            religion=data["religion"],
            general_education=data["general_education"],
            professional_level=(
                Professional.BACHELOR
                if leaf.kind in ("school", "hospital", "agency", "police")
                else rng.choice([Professional.NONE, Professional.VOCATIONAL])
            ),
            political_theory=PoliticalTheory.NONE,
            category=category,
            occupation=data["occupation"],
            phone=data["phone"],
            home_town=data["address"],
            admitted_on=times[Step.ADMITTED],
            recognized_on=recognized,
            card_number=seed.card,
            status=status,
            status_since=self.closed_on(seed) if removed else None,
        )

    def closed_on(self, seed: CaseSeed) -> datetime.date:
        if seed.closed is None:
            last = max(seed.times.values())
            seed.closed = min(last + datetime.timedelta(days=self.rng.randint(3, 20)), self.today)
        return seed.closed

    def checks(self, person: Person, on: datetime.date) -> list:
        """The eligibility checks as the step ran them, ready for the database; the same records for
        everyone who passes under the same rules, so one assessment serves them all."""
        candidate = person.instance
        assert candidate is not None
        key = (
            bisect.bisect_right(self.eras, on),
            candidate.religion != Religion.NONE,
            candidate.general_education,
            candidate.ethnic_minority,
            (on - candidate.birth_date).days // 365 >= 60,
        )
        records = self.checks_cache.get(key)
        if records is None:
            assessment = assess(candidate, on=on, special_area=False)
            records = [{**record, "outcome": str(record["outcome"])} for record in assessment.as_records()]
            if not assessment.eligible:
                return records
            self.checks_cache[key] = records
        return records

    def write(self) -> dict[str, int]:
        admitted = [seed for seed in self.cases if Step.ADMITTED in seed.times]
        rows = [self.member_row(seed) for seed in admitted]
        with _phase(f"members for the admitted ({len(rows):,})"):
            load_members(rows, {row.unit_key: row.unit_key for row in rows}, actor=self.actor)
        cards = Member.objects.filter(card_number__in=[seed.card for seed in admitted])
        members = {card: pk for card, pk in cards.values_list("card_number", "id") if card}
        for seed in self.cases:
            status = SourceStatus.IN_CASE
            if seed.closing and seed.closing[1] in (Step.WITHDRAWN, Step.REJECTED):
                status = SourceStatus.DROPPED
                seed.person.fields["dropped_on"] = self.closed_on(seed)
                seed.person.fields["drop_reason"] = seed.closing[2]
            elif Step.ADMITTED in seed.times:
                status = SourceStatus.ADMITTED
            seed.person.fields["status"] = status
        with _phase(f"sources ({len(self.people):,})"):
            now = timezone.now()
            blank = {"helper_id": None, "responsible_id": None, "notes": "", "vietnamese_citizen": True,
                     "dropped_on": None, "drop_reason": "", "created_at": now, "updated_at": now}  # fmt: skip
            records = [blank | person.fields for person in self.people]
            ids = _insert(Candidate, [{key: record[key] for key in records[0]} for record in records], ids=True)
            for person, pk in zip(self.people, ids, strict=True):
                person.instance = Candidate(pk=pk, **person.fields)
        with _phase("classes, enrollments and attendance"):
            self.write_courses()
        with _phase(f"admission cases ({len(self.cases):,}) and their steps"):
            self.write_cases(members)
        with _phase(f"targets ({len(self.targets):,})"):
            _insert(AdmissionTarget, self.targets)
        with _phase("subtree counts and admission tallies"):
            rebuild_member_counts()
            rebuild_tallies()
        return {"cases": len(self.cases), "sources": len(self.people), "admitted": len(admitted)}

    def write_courses(self) -> None:
        rng = self.rng
        every = [course for district in sorted(self.courses) for course in self.courses[district]]
        every += self.extra_courses
        every = [course for course in every if course.enrolled]
        for course in every:
            course.instance = Course(
                unit_id=course.unit_id,
                kind=course.kind,
                title=course.title,
                starts_on=course.starts_on,
                ends_on=course.ends_on,
                place=course.place,
                grants_education=course.grants,
            )
        Course.objects.bulk_create([course.instance for course in every if course.instance], batch_size=BATCH)
        sessions: list[tuple[CourseSeed, CourseSession]] = []
        enrollments: list[tuple[CourseSeed, Enrollment]] = []
        for course in every:
            for held_on, topic in course.sessions:
                sessions.append((course, CourseSession(course=course.instance, held_on=held_on, topic=topic)))
            for person, enrolled_on, result, result_on, number in course.enrolled:
                enrollment = Enrollment(
                    course=course.instance,
                    candidate=person.instance,
                    enrolled_on=enrolled_on,
                    result=result,
                    result_on=result_on,
                    certificate_number=number,
                )
                enrollments.append((course, enrollment))
        for (_course, session), pk in zip(sessions, _insert(CourseSession, [
            {"course_id": session.course.pk, "held_on": session.held_on, "topic": session.topic}
            for _course, session in sessions], ids=True), strict=True):  # fmt: skip
            session.pk = pk
        fields = ["course_id", "candidate_id", "enrolled_on", "result", "result_on", "certificate_number"]
        rows = [{name: getattr(enrollment, name) for name in fields} for _course, enrollment in enrollments]
        for (_course, enrollment), pk in zip(enrollments, _insert(Enrollment, rows, ids=True), strict=True):
            enrollment.pk = pk
        by_course: dict[int, list[Enrollment]] = defaultdict(list)
        for course, enrollment in enrollments:
            by_course[id(course)].append(enrollment)
        attendance = []
        for course, session in sessions:
            if session.held_on > self.today:
                continue
            for enrollment in by_course[id(course)]:
                if enrollment.enrolled_on <= session.held_on:
                    present = rng.random() < (0.9 if enrollment.result == CourseResult.LEFT else 0.96)
                    attendance.append({"session_id": session.pk, "enrollment_id": enrollment.pk, "present": present})
        _insert(Attendance, attendance)

    def write_cases(self, members: dict[str, int]) -> None:
        rng = self.rng
        actor = self.actor
        users = self.users
        kim_son = self.district_ids[KIM_SON]
        cases: list[AdmissionCase] = []
        for seed in self.cases:
            leaf, times = seed.person.leaf, seed.times
            closed = None
            step = seed.step
            if seed.closing:
                closed = self.closed_on(seed)
                step = seed.closing[1]
            elif step == Step.RECOGNIZED:
                closed = times[Step.RECOGNIZED]
            due = None
            if closed is None:
                due = self.due_on(step, times)
            responsible = None
            if leaf.id == self.secretary_cell:
                responsible = users["secretary"].pk
            elif leaf.district == KIM_SON and step in (Step.COMMITTEE_RESOLVED, Step.RECOGNITION_VOTED):
                responsible = users["kimson"].pk
            member = members.get(seed.card) if Step.ADMITTED in times else None
            guide = rng.choice(leaf.full)[0] if member and leaf.full else None
            cases.append(
                AdmissionCase(
                    candidate=seed.person.instance,
                    unit_id=leaf.id,
                    step=step,
                    step_on=closed or times[seed.step],
                    due_on=due,
                    responsible_id=responsible,
                    opened_on=times[Step.OPENED],
                    closed_on=closed,
                    member_id=member,
                    guide_id=guide,
                    admitted_on=times.get(Step.ADMITTED),
                )
            )
        columns = ["candidate_id", "unit_id", "step", "step_on", "due_on", "responsible_id", "opened_on", "closed_on",
                   "member_id", "guide_id", "admitted_on"]  # fmt: skip
        rows = [{name: getattr(case, name) for name in columns} | {"created_at": self.now, "updated_at": self.now}
                for case in cases]  # fmt: skip
        for case, pk in zip(cases, _insert(AdmissionCase, rows, ids=True), strict=True):
            case.pk = pk
        events: list[dict] = []
        introductions: list[dict] = []
        now = timezone.now()
        none: list = []

        def event(case: AdmissionCase, action: str, from_step: str, to_step: str, day: datetime.date, actor,
                  document: str = "", reason: str = "") -> dict:  # fmt: skip
            row = {"case": case.pk, "action": action, "from_step": from_step, "to_step": to_step,
                   "occurred_on": day, "document_ref": document, "reason": reason, "votes_for": None,
                   "votes_against": None, "voters": None, "checks": none, "actor": actor.pk,
                   "recorded_at": now}  # fmt: skip
            events.append(row)
            return row

        def recorder(action: str, from_step: str, cell, committee):
            """Who records a move: the committee's officer for a step the table gives the committee
            (recruitment.decide), the cell's recorder for the others and for the opening."""
            if from_step and transitions.find(action, from_step).permission == RECRUITMENT_DECIDE:
                return committee
            return cell

        for seed, case in zip(self.cases, cases, strict=True):
            leaf = seed.person.leaf
            district_unit = self.district_ids[leaf.district]
            # The secretary's cell has its own steps recorded by the secretary; its committee's steps by
            # the lowest demo officer above it (Yên Mô has no district login: the province's). Elsewhere
            # the history is loaded as imported (the system actor), except Kim Sơn's committee steps.
            acting = users["secretary"] if leaf.id == self.secretary_cell else actor
            if district_unit == kim_son:
                deciding = users["kimson"]
            elif leaf.id == self.secretary_cell:
                deciding = users["province"]
            else:
                deciding = actor
            previous = ""
            for step in FLOW:
                day = seed.times.get(step)
                if day is None:
                    break
                if step == Step.BACKGROUND_VERIFIED and seed.send_back:
                    back = seed.times[Step.COMMENTS_COLLECTED] + datetime.timedelta(days=3)
                    missing = "Thiếu ý kiến nhận xét của chi ủy nơi cư trú; đề nghị bổ sung."
                    by = recorder(CaseAction.SEND_BACK, Step.COMMENTS_COLLECTED, acting, deciding)
                    event(case, CaseAction.SEND_BACK, Step.COMMENTS_COLLECTED, Step.INTRODUCED, back, by,
                          reason=missing)  # fmt: skip
                    again = back + datetime.timedelta(days=3)
                    document = self.document(Step.COMMENTS_COLLECTED, leaf)
                    by = recorder(CaseAction.ADVANCE, Step.INTRODUCED, acting, deciding)
                    event(case, CaseAction.ADVANCE, Step.INTRODUCED, Step.COMMENTS_COLLECTED, again, by, document)
                by = recorder(CaseAction.ADVANCE, previous, acting, deciding)
                row = event(case, CaseAction.ADVANCE, previous, step, day, by, self.document(step, leaf, seed))
                if step in (Step.OPENED, Step.CELL_VOTED):
                    row["checks"] = self.checks(seed.person, day)
                if step in (Step.CELL_VOTED, Step.RECOGNITION_VOTED):
                    self.votes(row, len(leaf.full), self.vote_share)
                elif step == Step.COMMITTEE_RESOLVED:
                    self.votes(row, rng.choice([5, 7, 9, 11, 13]), self.committee_share)
                if step == Step.INTRODUCED:
                    introductions.extend(self.introductions(case, seed, day))
                previous = step
            if seed.closing:
                action, closing, reason = seed.closing
                by = recorder(action, previous, acting, deciding)
                row = event(case, action, previous, closing, self.closed_on(seed), by, reason=reason)
                if action == CaseAction.REJECT:
                    self.votes(row, len(leaf.full), self.vote_share, passing=False)
        _insert(CaseEvent, events)
        _insert(Introduction, introductions)

    def due_on(self, step: str, times: dict[str, datetime.date]) -> datetime.date:
        day = times[step]
        if step == Step.COMMITTEE_RESOLVED:
            return _working_days_after(day, self.decision_days)
        if step == Step.RECOGNITION_VOTED:
            return _working_days_after(day, self.decision_days)
        if step == Step.SWORN_IN:
            return _add_months(times[Step.ADMITTED], self.probation_months)
        return day + datetime.timedelta(days=ALLOWED[step])

    def votes(self, event: dict, voters: int, share, *, passing: bool = True) -> None:
        rng = self.rng
        voters = max(voters, 3)
        needed = math.ceil(voters * share)
        if passing:
            votes_for = rng.randint(needed, voters)
        else:
            votes_for = rng.randint(max(needed - 3, 0), needed - 1)
        event["voters"], event["votes_for"] = voters, votes_for
        event["votes_against"] = rng.randint(0, voters - votes_for) if passing else voters - votes_for

    def introductions(self, case: AdmissionCase, seed: CaseSeed, day: datetime.date) -> list[dict]:
        rng = self.rng
        leaf = seed.person.leaf
        year_ago = day - datetime.timedelta(days=366)
        eligible = [member for member, recognized in leaf.full if recognized <= year_ago]
        rows = []
        young = (day - seed.person.fields["birth_date"]).days < 30 * 365
        organization = seed.person.fields["mass_organization"]
        if organization in (MassOrganization.YOUTH_UNION, MassOrganization.TRADE_UNION) and (
            young or organization == MassOrganization.TRADE_UNION
        ):
            rows.append({"case": case.pk, "introducer": None, "organization": organization, "shared_months": None,
                         "introduced_on": day})  # fmt: skip
            wanted = 1
        else:
            wanted = 2
        chosen = rng.sample(eligible, min(wanted, len(eligible)))
        pool = self.district_full[leaf.district]
        while len(chosen) < wanted:  # a small cell: a full member who worked with them elsewhere in the district
            member, recognized = rng.choice(pool)
            if recognized <= year_ago and member not in chosen:
                chosen.append(member)
        for member in chosen:
            rows.append({"case": case.pk, "introducer": member, "organization": "",
                         "shared_months": rng.randint(12, 72), "introduced_on": day})  # fmt: skip
        return rows

    def document(self, step: str, leaf: Leaf, seed: CaseSeed | None = None) -> str:
        """The document a step rests on, numbered as committees number them."""
        if step == Step.AWARENESS_CERTIFIED:
            return f"Giấy chứng nhận số {seed.certificate}" if seed else ""
        district = leaf.district
        issuer = "HU" if district.startswith("huyện") else "TU" if district.startswith("thành phố") else "ĐU"
        return DOCUMENTS.get(step, "").format(number=self.rng.randint(1, 480), issuer=issuer)


def seed_recruitment(province: Province, *, today: datetime.date, actor) -> dict[str, int]:
    """Create the demo's member development; call after the province and the demo logins are loaded."""
    if today.year - 1 <= REPORTED_YEAR:
        raise ValueError(f"The demo's current year must be {REPORTED_YEAR + 2} or later.")
    demo = DemoRecruitment(province, today=today, actor=actor)
    with _phase("member development: plan"):
        demo.found_organizations()
        demo.read_tree()
        demo.awareness_classes()
        demo.village_head_class()
        demo.year_targets(REPORTED_YEAR)
        demo.reported_year()
        demo.pattern_year()
        demo.current_classes()
        demo.current_year()
        demo.category_targets()
    return demo.write()
