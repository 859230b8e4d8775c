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

# How many times longer than its text a key can be, for sizing key columns: folding can lengthen
# a character ("ß" → "ss", "ﬃ" → "ffi", a Hangul syllable → three jamo); a sort key adds one
# character per word. tests/core/test_text.py checks both over every code point.
FOLD_GROWTH = 3
SORT_KEY_GROWTH = FOLD_GROWTH + 1

# Vietnamese alphabetical order (f, j, w, z where the Latin alphabet has them), each letter
# weighed by one ASCII letter (A–Z, then a–g), so that a sort key compares by code point: byte
# order in SQLite, the "C" collation in PostgreSQL. Letters, not punctuation, keep the key free
# of characters that COPY or a URL would escape.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_WEIGHTS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"
_LETTER_WEIGHTS = dict(zip(_ALPHABET, _WEIGHTS, strict=True))
# Breve, circumflex and horn make letters of their own (ă â ê ô ơ ư), sorted after the base.
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tones, in dictionary order after the level tone: huyền, hỏi, ngã, sắc, nặng.
_TONE_WEIGHTS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Below every letter weight: a word's letters end with this, then come its tones; words are
# joined by a space, lower still, so "An Bình" sorts before "Án" as a dictionary has it.
_END_OF_LETTERS = "!"


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d, single spaces.

    NFD splits a precomposed letter into its base and combining marks; dropping the marks leaves
    the base letter. Đ/đ is a letter of its own, not d with a mark, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def sort_key(text: str) -> str:
    """A key whose code-point order is Vietnamese alphabetical order, word by word.

    Words compare by their letters (a < ă < â, d < đ, o < ô < ơ, u < ư), then by tone (none,
    huyền, hỏi, ngã, sắc, nặng), as a dictionary orders syllables; case is ignored, and so is
    where the tone mark sits ("Hoà" and "Hòa" are one name). Digits sort before letters, other
    scripts' letters after, by code point; punctuation is ignored.
    """
    words = []
    for word in unicodedata.normalize("NFD", text.casefold()).split():
        letters: list[str] = []
        tones: list[str] = []
        base = ""  # the last letter, as written, for a following breve, circumflex or horn
        for ch in word:
            if unicodedata.combining(ch):
                if ch in _TONE_WEIGHTS:
                    tones.append(_TONE_WEIGHTS[ch])
                elif (base, ch) in _MODIFIED:
                    base = _MODIFIED[base, ch]
                    letters[-1] = _LETTER_WEIGHTS[base]
            elif ch in _LETTER_WEIGHTS:
                base = ch
                letters.append(_LETTER_WEIGHTS[ch])
            elif ch.isalnum():
                base = ""
                letters.append(ch)
        if letters:
            words.append("".join(letters) + _END_OF_LETTERS + "".join(tones))
    return " ".join(words)


def search_words(text: str) -> list[str]:
    """The folded words of a search, each to be found at the start of some word of a name."""
    return fold(text).split()


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
