"""Input types shared by every router: text without control characters, ids PostgreSQL can hold,
and body values of exactly the type the schema states."""

import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from sotay.core.text import TEXT_PATTERN, has_control_characters
from sotay.core.validators import PHONE_INPUT_MAX_LENGTH


def _clean(value: str) -> str:
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


def _text(max_length: int, min_length: int = 0) -> Any:
    """A string of bounded length; the schema's `pattern` states the rule `_clean` enforces."""
    return Annotated[
        str,
        Field(min_length=min_length or None, max_length=max_length, json_schema_extra={"pattern": TEXT_PATTERN}),
        AfterValidator(_clean),
    ]


# Text of at most N characters without control characters; Required… also refuses the empty string.
Text12 = _text(12)
Text20 = _text(20)
Text40 = _text(40)
Text50 = _text(50)
Text100 = _text(100)
Text120 = _text(120)
Text200 = _text(200)
Text254 = _text(254)
Text255 = _text(255)
Text2000 = _text(2000)
PhoneInput = _text(PHONE_INPUT_MAX_LENGTH)  # as typed; kept compact, at most 15 characters
RequiredText20 = _text(20, min_length=1)
RequiredText32 = _text(32, min_length=1)
RequiredText40 = _text(40, min_length=1)
RequiredText128 = _text(128, min_length=1)
RequiredText120 = _text(120, min_length=1)
RequiredText200 = _text(200, min_length=1)

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _json_integer(value: object) -> object:
    """JSON Schema's integer: a number with no fraction (5 or 5.0), not "5" or true as lax mode takes."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not float(value).is_integer():
        raise ValueError("must be an integer")
    return value


BodyId = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(_json_integer)]


def _iso_text(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("must be a date written as YYYY-MM-DD")
    return value


# A date in a JSON body is a YYYY-MM-DD string, as the schema says; lax mode would read 0 as 1970-01-01.
Day = Annotated[datetime.date, BeforeValidator(_iso_text)]
Limit = Annotated[int, Field(ge=1, le=200)]
