"""The regulation's parameters as the migrations load them, for databases a flush has emptied
(live-server tests flush; a test that runs after one on the same worker finds no parameters)."""

import datetime
import importlib
from decimal import Decimal

from sotay.core.models import Policy, PolicyParameter

# The data migration's own list, so the tests never hold a second copy of the numbers.
RECRUITMENT = importlib.import_module("sotay.core.migrations.0002_recruitment_parameters").PARAMETERS
CHARTER = [(Policy.MIN_ADMISSION_AGE, 18, datetime.date(2011, 1, 19), "Điều lệ Đảng 2011, Điều 1")]


def load_regulation() -> None:
    for key, value, effective_from, source in CHARTER + RECRUITMENT:
        PolicyParameter.objects.get_or_create(
            key=key, effective_from=effective_from, defaults={"value": Decimal(str(value)), "source": source}
        )
