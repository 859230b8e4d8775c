"""Two people recording the same step of one case at the same moment record it once (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sotay.recruitment.choices import Step
from sotay.recruitment.models import AdmissionCase, CaseEvent
from sotay.recruitment.services.cases import case_advance
from tests.factories import CASE_DATES, build_org_tree, make_candidate, open_case, walk_case

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def test_two_concurrent_advances_move_the_case_once(postgres_only, charter):
    tree = build_org_tree()
    candidate = make_candidate(tree.cell_a1, "Đỗ Thị Hoa", identified_on=CASE_DATES["opened"])
    case = walk_case(open_case(candidate, tree.district_officer), tree.district_officer, Step.INTRODUCED)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def record(actor):
        try:
            start.wait(timeout=10)
            stale = AdmissionCase.objects.get(pk=case.pk)  # each one saw the case at "introduced"
            case_advance(
                actor=actor, case=stale, to_step=Step.COMMENTS_COLLECTED, occurred_on=CASE_DATES["comments_collected"]
            )
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(" ".join(error.message_dict["to_step"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(actor,)) for actor in (tree.secretary, tree.district_officer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 2 and outcomes.count("recorded") == 1
    assert "someone recorded this step meanwhile" in next(o for o in outcomes if o != "recorded")
    case.refresh_from_db()
    assert case.step == Step.COMMENTS_COLLECTED
    assert CaseEvent.objects.filter(case=case, to_step=Step.COMMENTS_COLLECTED).count() == 1
