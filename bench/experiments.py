"""Query variants for the slow reads, timed on the loaded benchmark database.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/sotay_bench python -m bench.experiments

Each variant must return the same ids as the app's current query where it claims the same
answer; prefix search is a different answer (names that start with the query) and says so.
"""

import json
import os
import random
import statistics
import sys

import django

RUNS = 7


def _time(sql, query: str, params: list) -> tuple[float, list]:
    from bench.common import timed

    samples, rows = [], []
    for _ in range(RUNS):
        ms, rows = timed(sql, query, params)
        samples.append(ms)
    return round(statistics.median(samples), 2), [r[0] for r in rows]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    django.setup()
    from bench.queries import NAMES, _like_prefix, sql
    from sotay.core.text import fold
    from sotay.organizations.models import Unit, UnitKind

    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path"))
    districts = list(Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("path"))
    rng = random.Random(3)
    results: dict[str, dict] = {}

    # 1. Keyset page: the app's OR form against the same condition with a sargable bound added.
    base = (
        "SELECT m.id FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id WHERE u.path LIKE %s "
        "AND {cond} ORDER BY m.name_key, m.id LIMIT 51"
    )
    or_form = "(m.name_key > %s OR (m.name_key = %s AND m.id > %s))"
    for unit in rng.sample(provinces, 3) + rng.sample(districts, 3):
        key, pk = "nguyen thi", 0  # continue from the middle of the alphabet
        prefix = _like_prefix(unit.path)
        current = _time(sql, base.format(cond=or_form), [prefix, key, key, pk])
        bounded = _time(sql, base.format(cond=f"m.name_key >= %s AND {or_form}"), [prefix, key, key, key, pk])
        row = _time(sql, base.format(cond="(m.name_key, m.id) > (%s, %s)"), [prefix, key, pk])
        assert current[1] == bounded[1] == row[1], unit.code
        results[f"keyset after 'nguyen thi', {unit.kind} {unit.code}"] = {
            "current OR form": current[0],
            "with name_key >= bound": bounded[0],
            "row comparison": row[0],
        }

    # 2. Name search, national: contains (current), contains through the trigram index, prefix.
    contains = "SELECT m.id FROM members_member m WHERE m.name_key LIKE %s ORDER BY m.name_key, m.id LIMIT 51"
    via_gin = (
        "WITH hits AS MATERIALIZED (SELECT id, name_key FROM members_member WHERE name_key LIKE %s) "
        "SELECT id FROM hits ORDER BY name_key, id LIMIT 51"
    )
    prefix_range = (
        "SELECT m.id FROM members_member m WHERE m.name_key >= %s AND m.name_key < %s "
        "ORDER BY m.name_key, m.id LIMIT 51"
    )
    for q in NAMES[:6]:
        key = fold(q)
        current = _time(sql, contains, [_contains(q)])
        gin = _time(sql, via_gin, [_contains(q)])
        assert current[1] == gin[1], q
        prefix = _time(sql, prefix_range, [key, key + "\U0010ffff"])
        (matches,) = sql("SELECT count(*) FROM members_member WHERE name_key LIKE %s", [_contains(q)])[0]
        results[f"national search '{q}' ({matches:,} matches)"] = {
            "current (contains, ordered index walk)": current[0],
            "contains via trigram GIN (materialized)": gin[0],
            "prefix range on (name_key, id) btree [different answer]": prefix[0],
        }

    # 3. Name search in a province.
    in_province = (
        "SELECT m.id FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
        "WHERE u.path LIKE %s AND m.name_key LIKE %s ORDER BY m.name_key, m.id LIMIT 51"
    )
    in_province_gin = (
        "WITH hits AS MATERIALIZED (SELECT id, name_key, unit_id FROM members_member WHERE name_key LIKE %s) "
        "SELECT h.id FROM hits h JOIN organizations_unit u ON u.id = h.unit_id WHERE u.path LIKE %s "
        "ORDER BY h.name_key, h.id LIMIT 51"
    )
    for unit, q in zip(rng.sample(provinces, 3), ["nguyen van an", "tran thi", "le minh"], strict=True):
        current = _time(sql, in_province, [_like_prefix(unit.path), _contains(q)])
        gin = _time(sql, in_province_gin, [_contains(q), _like_prefix(unit.path)])
        assert current[1] == gin[1], (unit.code, q)
        results[f"province {unit.code} search '{q}'"] = {
            "current": current[0],
            "contains via trigram GIN (materialized)": gin[0],
        }
    json.dump(results, sys.stdout, indent=1, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())


def _contains(q: str) -> str:
    """The "contains" search the experiments compare against the prefix range."""
    from sotay.core.text import fold

    key = fold(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{key}%"
