"""EXPLAIN ANALYZE of the SQL the app sends for the reads in figure 3, to see where time goes."""

from bench.queries import NAMES, app_sql, explain
from sotay.accounts.models import User
from sotay.members.models import Member
from sotay.members.selectors import PAGE_SIZE, MemberFilters, filtered_members
from sotay.organizations.models import Unit, UnitKind


def plans() -> dict[str, str]:
    province = Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path").first()
    if province is None:
        return {}
    officer = User.objects.get(username=f"bench-officer-{province.code}")
    superuser = User.objects.get(username="bench-admin")
    cases = {
        "province count, live": Member.objects.visible_to(officer).in_subtree(province),
        "province list, first page": filtered_members(officer, MemberFilters(unit=province)),
        "name search nguyen van an, province officer": filtered_members(officer, MemberFilters(q=NAMES[0])),
        "name search nguyen van an, national": filtered_members(superuser, MemberFilters(q=NAMES[0])),
        "name search tran thi, national": filtered_members(superuser, MemberFilters(q=NAMES[1])),
    }
    result = {}
    for name, queryset in cases.items():
        if name.endswith("count, live"):
            sql, params = app_sql(queryset.values("pk"))
            sql = f"SELECT count(*) FROM ({sql}) AS counted"
        else:
            sql, params = app_sql(queryset.select_related("unit").order_by("name_key", "pk")[: PAGE_SIZE + 1])
        result[name] = explain(sql, params)
    return result
