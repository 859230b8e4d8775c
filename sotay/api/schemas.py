"""Input types shared by every router: text without control characters, ids PostgreSQL can hold."""

from typing import Annotated

from pydantic import AfterValidator, Field

from sotay.core.text import has_control_characters


def _clean(value: str) -> str:
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


def Text(max_length: int, min_length: int = 0):  # noqa: N802 - reads as a type in schemas
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_clean)]


Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Limit = Annotated[int, Field(ge=1, le=200)]
