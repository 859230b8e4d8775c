"""Vietnamese text: the folded search key that lets "nguyen" find "Nguyễn", names as typed, dates in messages."""

import datetime
import unicodedata

from django.utils import formats

_CONTROL_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d, single spaces.

    NFD splits a precomposed letter into its base and combining marks; dropping the marks leaves
    the base letter. Đ/đ is a letter of its own, not d with a mark, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def normalize_name(text: str) -> str:
    """A name as typed, in NFC and with single spaces, so equal names compare equal."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def has_control_characters(text: str) -> bool:
    """NUL and other control characters are never valid in a text field (PostgreSQL rejects NUL)."""
    return any(unicodedata.category(ch) in _CONTROL_CATEGORIES and ch not in "\t\n\r" for ch in text)


def short_date(day: datetime.date) -> str:
    """A date as the reader's language writes it in messages: 15/11/2026, 15 Nov 2026, 2026/11/15."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")
