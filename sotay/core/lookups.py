"""`field__in_ids=<a queryset of ids>`: the rows whose key is one of the subquery's ids.

On PostgreSQL it reads `field = ANY(ARRAY(subquery))`: the subquery runs once and the table is
read through its index on `field`, one probe per id. The `IN (subquery)` that Django writes (or
the join on the unit path it replaces) lets the planner hash-join a scan of the whole table
instead, which for the open admission cases of one province read every open case of the
country (docs/decisions/0007). Other databases get the plain `IN`.
"""

from django.db.models import ForeignKey, Lookup


class InIds(Lookup):
    lookup_name = "in_ids"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} IN {rhs}", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]


def register_lookups() -> None:
    ForeignKey.register_lookup(InIds)
