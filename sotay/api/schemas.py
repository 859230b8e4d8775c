"""Input types shared by every router: text without control characters, ids PostgreSQL can hold."""

from typing import Annotated, Any

from pydantic import AfterValidator, Field

from sotay.core.text import TEXT_PATTERN, has_control_characters


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
Text15 = _text(15)
Text20 = _text(20)
Text50 = _text(50)
Text100 = _text(100)
Text120 = _text(120)
Text200 = _text(200)
Text254 = _text(254)
Text255 = _text(255)
Text400 = _text(400)
Text2000 = _text(2000)
RequiredText32 = _text(32, min_length=1)
RequiredText120 = _text(120, min_length=1)
RequiredText200 = _text(200, min_length=1)

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Limit = Annotated[int, Field(ge=1, le=200)]
