"""`in_ids`: the rows whose key is one of a subquery's ids, read through the key's index."""

from django.db import connection

from sotay.organizations.models import Unit
from sotay.recruitment.models import AdmissionCase
from tests.factories import CASE_DATES, make_candidate, open_case, superuser


def test_the_scope_of_cases_reads_as_the_scopes_units(tree):
    early = {"identified_on": CASE_DATES["opened"]}
    mine = open_case(make_candidate(tree.cell_a1, **early), superuser())
    other = open_case(make_candidate(tree.cell_b1, "Lý Thị Mười", **early), superuser())
    units = Unit.objects.filter(path__startswith=tree.district_a.path).values("pk")
    found = AdmissionCase.objects.filter(unit__in_ids=units)
    assert list(found) == [mine]
    assert list(AdmissionCase.objects.visible_to(tree.district_officer)) == [mine]
    assert other in AdmissionCase.objects.visible_to(tree.province_officer)
    sql = str(AdmissionCase.objects.visible_to(tree.district_officer).query)
    assert ("= ANY(ARRAY(SELECT" if connection.vendor == "postgresql" else " IN (SELECT") in sql
