"""EXPLAIN ANALYZE of the SQL the app sends for the reads in figure 3, to see where time goes."""

from bench.queries import ANY_WORD, NAMES, app_sql, explain
from sotay.accounts.models import User
from sotay.members.models import Member
from sotay.members.selectors import PAGE_SIZE, MemberFilters, filtered_members, page_query, word_index_query
from sotay.organizations.models import Unit, UnitKind


def plans() -> dict[str, str]:
    province = Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path").first()
    if province is None:
        return {}
    officer = User.objects.get(username=f"bench-officer-{province.code}")
    superuser = User.objects.get(username="bench-admin")
    pages = {
        "province list, first page": (officer, MemberFilters(unit=province)),
        "national list, first page": (superuser, MemberFilters()),
    }
    count = Member.objects.visible_to(officer).in_subtree(province)
    sql, params = app_sql(count.values("pk"))
    result = {"province count, live": explain(f"SELECT count(*) FROM ({sql}) AS counted", params)}
    for name, (actor, filters) in pages.items():
        queryset = page_query(actor, filters, filtered_members(actor, filters))
        result[name] = explain(*app_sql(queryset[: PAGE_SIZE + 1]))
    # A search by name reads the word index (sotay.members.words), national or in provinces.
    for where, scopes in (("national", []), ("province officer", [province.path])):
        for q in [NAMES[0], NAMES[1], *ANY_WORD]:
            query = word_index_query(q, scopes)
            if query is not None:
                page_sql, page_params, count_sql, count_params = query
                result[f"name search {q}, {where} (word index)"] = explain(page_sql, page_params)
                result[f"name search {q}, {where} (word index), its count"] = explain(count_sql, count_params)
    return result
