import datetime

import pytest

from tests.factories import make_candidate, open_case


@pytest.fixture
def candidate(tree):
    """An eligible source in cell_a1, identified before any case date."""
    return make_candidate(tree.cell_a1, "Đỗ Thị Hoa", identified_on=datetime.date(2024, 1, 8))


@pytest.fixture
def case(tree, candidate):
    return open_case(candidate, tree.district_officer)
