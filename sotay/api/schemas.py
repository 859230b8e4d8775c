"""Input types shared by every router: text without control characters, ids PostgreSQL can hold."""

from typing import Annotated

from pydantic import AfterValidator, Field

from sotay.core.text import has_control_characters


def _clean(value: str) -> str:
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


Clean = AfterValidator(_clean)

# Text of at most N characters without control characters; Required… also refuses the empty string.
Text12 = Annotated[str, Field(max_length=12), Clean]
Text15 = Annotated[str, Field(max_length=15), Clean]
Text20 = Annotated[str, Field(max_length=20), Clean]
Text50 = Annotated[str, Field(max_length=50), Clean]
Text100 = Annotated[str, Field(max_length=100), Clean]
Text120 = Annotated[str, Field(max_length=120), Clean]
Text200 = Annotated[str, Field(max_length=200), Clean]
Text254 = Annotated[str, Field(max_length=254), Clean]
Text255 = Annotated[str, Field(max_length=255), Clean]
Text2000 = Annotated[str, Field(max_length=2000), Clean]
RequiredText32 = Annotated[str, Field(min_length=1, max_length=32), Clean]
RequiredText120 = Annotated[str, Field(min_length=1, max_length=120), Clean]
RequiredText200 = Annotated[str, Field(min_length=1, max_length=200), Clean]

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Limit = Annotated[int, Field(ge=1, le=200)]
