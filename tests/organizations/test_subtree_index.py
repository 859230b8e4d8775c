"""Subtree queries (`path LIKE 'prefix%'`) must be served by an index on PostgreSQL."""

import pytest
from django.db import connection

from sotay.members.models import Member
from sotay.organizations.models import Unit


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of test rows would favour a scan
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's; .ci/run runs this on PostgreSQL")


def test_unit_subtree_uses_the_path_index(tree, postgres_only):
    explained = plan(Unit.objects.filter(path__startswith=tree.district_a.path).values("id"))
    assert "unit_path_prefix_idx" in explained or "organizations_unit_path" in explained, explained
    assert "Seq Scan on organizations_unit" not in explained


def test_member_subtree_count_joins_through_the_path_index(tree, postgres_only):
    explained = plan(Member.objects.in_subtree(tree.district_a).values("id"))
    assert "Seq Scan on organizations_unit" not in explained, explained
    assert "Index" in explained
