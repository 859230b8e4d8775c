"""A national data set: the 34 provinces and cities, about 358,000 units and 5.6 million members.

Each province is built by `sotay.devdata.province` exactly as the demo province is, from its own
seed, so the whole set is the same on every run. `national_tree()` joins the provinces' unit specs
into one list (keys renumbered) for `load_tree`, and `national_members()` streams every member in
the same order, optionally generating provinces in worker processes (the order and content do not
depend on how many workers there are; memory stays bounded by a few chunks per worker).
"""

import multiprocessing
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from queue import Empty

from sotay.devdata.names import PLACE_WORDS
from sotay.devdata.province import (
    GRASSROOTS_TYPES,
    RURAL,
    URBAN,
    DistrictPlan,
    MemberRow,
    Province,
    UnitSpec,
    _apportion,
    build_units,
    members,
)

MEMBERS = 5_600_000
CHUNK = 20_000  # member rows sent from a worker in one message
SEED = 1930

POLICE = {"police": 1.0}
AGENCIES = {"agency": 0.7, "hospital": 0.1, "school": 0.2}
ENTERPRISES = {"state_enterprise": 0.45, "private_enterprise": 0.55}
# Grassroots organizations per 1,000 members: tuned so the 34 provinces come to about 358,000 units
# (grassroots of more than 35 members are split into cells of about 25, and cells dominate).
GRASSROOTS_PER_THOUSAND = 22.4


@dataclass(frozen=True)
class ProvinceFacts:
    name: str
    code: str
    population: float  # millions, after the 2025 merger; sets the province's share of members
    urban: float  # share of its district-level committees that are cities or towns
    districts: int  # district-level committees, the three provincial blocs included
    catholic: float = 0.04
    minority: float = 0.0  # share of members from an ethnic minority (generated as Mường)


PROVINCES = [
    ProvinceFacts("Hà Nội", "HN", 8.7, 0.55, 25, 0.02),
    ProvinceFacts("Huế", "HUE", 1.4, 0.4, 11, 0.03),
    ProvinceFacts("Lai Châu", "LCH", 0.5, 0.15, 10, 0.01, 0.45),
    ProvinceFacts("Điện Biên", "DBI", 0.65, 0.15, 11, 0.01, 0.5),
    ProvinceFacts("Sơn La", "SLA", 1.3, 0.15, 14, 0.01, 0.5),
    ProvinceFacts("Lạng Sơn", "LSO", 0.8, 0.15, 13, 0.01, 0.4),
    ProvinceFacts("Quảng Ninh", "QNI", 1.4, 0.6, 15, 0.02, 0.05),
    ProvinceFacts("Thanh Hóa", "THO", 3.7, 0.2, 25, 0.04, 0.1),
    ProvinceFacts("Nghệ An", "NAN", 3.5, 0.2, 23, 0.06, 0.08),
    ProvinceFacts("Hà Tĩnh", "HTI", 1.3, 0.2, 15, 0.08),
    ProvinceFacts("Cao Bằng", "CBA", 0.55, 0.1, 12, 0.01, 0.5),
    ProvinceFacts("Tuyên Quang", "TQU", 1.9, 0.15, 18, 0.01, 0.35),
    ProvinceFacts("Lào Cai", "LCA", 1.8, 0.2, 18, 0.01, 0.4),
    ProvinceFacts("Thái Nguyên", "TNG", 1.8, 0.3, 17, 0.02, 0.2),
    ProvinceFacts("Phú Thọ", "PTH", 4.0, 0.25, 25, 0.02, 0.1),
    ProvinceFacts("Bắc Ninh", "BNI", 3.6, 0.35, 22, 0.03, 0.03),
    ProvinceFacts("Hưng Yên", "HYE", 3.6, 0.25, 20, 0.05),
    ProvinceFacts("Hải Phòng", "HPH", 4.7, 0.5, 24, 0.03),
    ProvinceFacts("Ninh Bình", "NBI", 4.4, 0.25, 24, 0.12, 0.03),
    ProvinceFacts("Quảng Trị", "QTR", 1.9, 0.25, 17, 0.04, 0.05),
    ProvinceFacts("Đà Nẵng", "DNA", 3.1, 0.45, 20, 0.03, 0.02),
    ProvinceFacts("Quảng Ngãi", "QNG", 2.2, 0.2, 18, 0.02, 0.1),
    ProvinceFacts("Gia Lai", "GLA", 3.6, 0.25, 22, 0.03, 0.25),
    ProvinceFacts("Khánh Hòa", "KHO", 2.3, 0.4, 17, 0.05, 0.05),
    ProvinceFacts("Lâm Đồng", "LDO", 3.9, 0.3, 22, 0.1, 0.15),
    ProvinceFacts("Đắk Lắk", "DLA", 3.3, 0.25, 21, 0.06, 0.2),
    ProvinceFacts("Hồ Chí Minh", "HCM", 14.0, 0.75, 25, 0.06),
    ProvinceFacts("Đồng Nai", "DNI", 4.5, 0.4, 23, 0.15, 0.02),
    ProvinceFacts("Tây Ninh", "TNI", 3.3, 0.3, 21, 0.04),
    ProvinceFacts("Cần Thơ", "CTH", 4.2, 0.35, 22, 0.03, 0.05),
    ProvinceFacts("Vĩnh Long", "VLO", 4.3, 0.25, 22, 0.04, 0.03),
    ProvinceFacts("Đồng Tháp", "DTH", 4.4, 0.25, 23, 0.03),
    ProvinceFacts("Cà Mau", "CMA", 2.6, 0.2, 18, 0.03, 0.02),
    ProvinceFacts("An Giang", "AGI", 4.9, 0.25, 24, 0.03, 0.04),
]  # fmt: skip


def _mix_weight(mix: dict[str, float]) -> float:
    """Average member weight of a grassroots organization drawn from `mix`."""
    return sum(share * GRASSROOTS_TYPES[kind][2] for kind, share in mix.items()) / sum(mix.values())


def _plans(facts: ProvinceFacts, members_total: int, rng: random.Random) -> list[DistrictPlan]:
    """District-level committees (cities, towns, districts, then the three provincial blocs)."""
    local = facts.districts - 3
    cities = max(1, round(local * facts.urban))
    places = rng.sample([f"{a} {b}" for a in PLACE_WORDS for b in PLACE_WORDS if a != b], local)
    kinds: list[tuple[str, dict[str, float]]] = [("thành phố", URBAN)] * min(cities, 2)
    kinds += [("thị xã", URBAN)] * (cities - len(kinds))
    kinds += [("huyện", RURAL)] * (local - cities)
    blocs = [("Đảng bộ Công an tỉnh", POLICE), ("Đảng bộ Khối các cơ quan tỉnh", AGENCIES)]
    blocs.append(("Đảng bộ Khối doanh nghiệp tỉnh", ENTERPRISES))
    names = [f"Đảng bộ {kind} {place}" for (kind, _mix), place in zip(kinds, places, strict=True)]
    names += [name for name, _mix in blocs]
    mixes = [mix for _kind, mix in kinds] + [mix for _name, mix in blocs]
    # Members of each committee: local committees by a random size, the blocs a smaller share.
    sizes = [rng.uniform(0.7, 1.3) for _ in range(local)] + [0.25, 0.6, 0.35]
    member_shares = _apportion(members_total, sizes)
    plans = []
    for name, mix, share in zip(names, mixes, member_shares, strict=True):
        # Grassroots so that each committee has about GRASSROOTS_PER_THOUSAND per 1,000 members,
        # scaled by how large this mix's organizations are (communes are larger than schools).
        scale = _mix_weight(RURAL) / _mix_weight(mix)
        grassroots = max(3, round(share * GRASSROOTS_PER_THOUSAND / 1000 * scale**0.5))
        plans.append(
            DistrictPlan(name, grassroots, mix, catholic=facts.catholic * rng.uniform(0.5, 1.5), muong=facts.minority)
        )
    return plans


def province_members(total: int = MEMBERS) -> list[int]:
    """Members of each province, in proportion to its population (summing exactly to `total`)."""
    return _apportion(total, [facts.population for facts in PROVINCES])


def national_province(index: int, total: int = MEMBERS) -> Province:
    """Province number `index` (0-based in PROVINCES), its units laid out; deterministic."""
    facts = PROVINCES[index]
    members_total = province_members(total)[index]
    seed = SEED * 100 + index
    plans = _plans(facts, members_total, random.Random(seed))
    return build_units(
        Province(
            name=facts.name,
            code=facts.code,
            number=index + 1,
            districts=plans,
            members=members_total,
            seed=seed,
        )
    )


def national_tree(total: int = MEMBERS) -> tuple[list[UnitSpec], list[int]]:
    """All provinces' unit specs in one list with keys renumbered, and each province's key offset."""
    specs: list[UnitSpec] = []
    offsets: list[int] = []
    for index in range(len(PROVINCES)):
        offset = len(specs)
        offsets.append(offset)
        for spec in national_province(index, total).units:
            parent = spec.parent + offset if spec.parent is not None else None
            specs.append(replace(spec, key=spec.key + offset, parent=parent))
    return specs, offsets


def _province_rows(index: int, total: int, offset: int) -> Iterator[list[MemberRow]]:
    chunk: list[MemberRow] = []
    for row in members(national_province(index, total)):
        row.unit_key += offset
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    yield chunk


def _worker(queue, indexes: list[int], total: int, offsets: list[int]) -> None:
    for index in indexes:
        for chunk in _province_rows(index, total, offsets[index]):
            queue.put(chunk)
        queue.put(None)  # end of this province


def _next_chunk(queue, process) -> list[MemberRow] | None:
    while True:
        try:
            return queue.get(timeout=5)
        except Empty:
            if not process.is_alive():
                raise RuntimeError(f"member generator {process.name} stopped (exit code {process.exitcode})") from None


def national_members(
    total: int = MEMBERS, offsets: list[int] | None = None, *, workers: int = 0
) -> Iterator[MemberRow]:
    """Every member of every province, province by province, keyed to `national_tree()`'s specs.

    With `workers` > 0 the provinces are generated in that many processes (province i by worker
    i mod workers) and read back in order, so the stream is the same as with none.
    """
    if offsets is None:
        offsets = national_tree(total)[1]
    if workers <= 0:
        for index in range(len(PROVINCES)):
            for chunk in _province_rows(index, total, offsets[index]):
                yield from chunk
        return
    context = multiprocessing.get_context("fork")
    queues = [context.Queue(maxsize=4) for _ in range(workers)]
    processes = [
        context.Process(
            target=_worker, args=(queues[w], list(range(w, len(PROVINCES), workers)), total, offsets), daemon=True
        )
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        for index in range(len(PROVINCES)):
            while (received := _next_chunk(queues[index % workers], processes[index % workers])) is not None:
                yield from received
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
