"""Vietnamese text: the folded search key that lets "nguyen" find "Nguyễn", names as typed, dates in messages."""

import datetime
import re
import unicodedata

from django.utils import formats

# The characters no text field may hold: controls (Cc) other than tab and line breaks, format
# characters (Cf: zero-width joiners, bidi overrides, tag characters) that make equal-looking names
# differ, and private-use characters (Co); tests/core/test_text.py checks this list against the
# Unicode database. Unassigned code points are allowed: which ones are unassigned changes with each
# Unicode version, so no client could check it. Past the BMP the characters are written as
# themselves, the one spelling Python's `re`, Rust's regex and ECMAScript's `u` mode all read.
FORBIDDEN_CLASS = (
    r"\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f"
    r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    r"\ue000-\uf8ff"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd"
)

# The JSON Schema `pattern` of every API text field: the same rule as `has_control_characters`.
TEXT_PATTERN = f"^[^{FORBIDDEN_CLASS}]*$"
_FORBIDDEN_RE = re.compile(f"[{FORBIDDEN_CLASS}]")
_SURROGATES_RE = re.compile("[\ud800-\udfff]")


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
    """NUL and other control characters are never valid in a text field (PostgreSQL rejects NUL).

    A lone surrogate (from a JSON `\\ud800` escape) is refused too: it is not text at all and cannot
    be stored, so no schema pattern describes it (JSON Schema strings are Unicode scalar values).
    """
    return _FORBIDDEN_RE.search(text) is not None or _SURROGATES_RE.search(text) is not None


def short_date(day: datetime.date) -> str:
    """A date as the reader's language writes it in messages: 15/11/2026, 15 Nov 2026, 2026/11/15."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")
