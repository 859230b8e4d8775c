import re
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.core.text import (
    FOLD_GROWTH,
    FORBIDDEN_CLASS,
    SORT_KEY_GROWTH,
    TEXT_PATTERN,
    fold,
    has_control_characters,
    normalize_name,
    sort_key,
)


def test_fold_vietnamese():
    assert fold("Nguyễn Văn An") == "nguyen van an"
    assert fold("ĐẶNG Thị  Ứng") == "dang thi ung"
    assert fold("Chi bộ thôn Đồng Tâm") == "chi bo thon dong tam"


@given(st.text())
def test_fold_is_idempotent_and_leaves_no_vietnamese_marks(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not set(folded) & set("ăâđêôơưàáảãạễứĐ")


def test_names_keep_their_marks_but_not_their_extra_spaces():
    assert normalize_name("  Nguyễn   Văn\tAn ") == "Nguyễn Văn An"


def test_control_characters():
    assert has_control_characters("a\x00b")
    assert not has_control_characters("Nguyễn Văn An\n")


def test_the_forbidden_characters_are_exactly_controls_format_and_private_use():
    """The API's `pattern` and the validator share FORBIDDEN_CLASS; it must match the Unicode database."""
    forbidden = re.compile(f"[{FORBIDDEN_CLASS}]")
    mismatched = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if code < 0xD800 or code > 0xDFFF
        if bool(forbidden.match(chr(code)))
        != (unicodedata.category(chr(code)) in ("Cc", "Cf", "Co") and chr(code) not in "\t\n\r")
    ]
    assert mismatched == []


@pytest.mark.parametrize("text", ["a\u202eb", "a\u200bb", "\ufeff", "a\U000e0041", "\ue000"])
def test_invisible_and_unstorable_characters_are_refused(text):
    assert has_control_characters(text)
    assert not re.fullmatch(TEXT_PATTERN, text)


@given(st.text())
def test_the_pattern_and_the_validator_agree(text):
    assert has_control_characters(text) == (re.fullmatch(TEXT_PATTERN, text) is None)


def test_a_lone_surrogate_is_refused_though_no_pattern_can_name_it():
    assert has_control_characters("a\ud800")


def test_keys_fit_the_columns_sized_for_them_whatever_the_character():
    # Key columns are sized as the name's length times these factors; PostgreSQL refuses a key
    # that does not fit. A key is built character by character, so the worst character bounds it;
    # only one that decomposes or case-folds to several can give more than a letter and its "!".
    longest_fold, longest_sort_key = 1, 2
    for character in map(chr, range(sys.maxunicode + 1)):
        forms = [unicodedata.normalize("NFD", character), unicodedata.normalize("NFD", character.casefold())]
        if max(map(len, forms)) == 1:
            continue
        longest_fold = max(longest_fold, len(fold(character)))
        longest_sort_key = max(longest_sort_key, len(sort_key(character)))
    assert (longest_fold, longest_sort_key) == (FOLD_GROWTH, SORT_KEY_GROWTH)


@given(st.text())
def test_keys_grow_at_most_by_their_factor(text):
    assert len(fold(text)) <= FOLD_GROWTH * len(text)
    assert len(sort_key(text)) <= SORT_KEY_GROWTH * len(text)


VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
LETTERS = sorted(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES} | set("bcdđghklmnpqrstvx")
)
words = st.text(alphabet=LETTERS, min_size=1, max_size=8)
names = st.lists(words, min_size=1, max_size=4).map(" ".join)


def test_names_in_vietnamese_alphabetical_order():
    expected = [
        "Do Văn An",
        "Dũng",
        "Dương Văn Bình",
        "Đào Thị Ánh",
        "Đặng Thị Lan",
        "Hoa",
        "Hòa",
        "Lê An",
        "Lê Anh",
        "Lê Ảnh",
        "Lê Ánh",
        "Lê Ăn",
        "Lê Ân",
        "Nguyễn An",
        "Nguyễn Văn An",
        "Nguyễn Văn Anh",
        "Nguyễn Vân An",
        "Ông Văn Tư",
        "Ơn",
        "Uông Thị Mai",
        "Ưng Văn Hoàng",
    ]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_the_place_of_the_tone_mark_does_not_matter():
    assert sort_key("Nguyễn Thị Hoà") == sort_key("Nguyễn Thị Hòa") == sort_key("NGUYỄN THỊ HÒA")


@given(names, names)
def test_every_name_starting_with_d_comes_before_every_name_starting_with_dj(first, second):
    assert sort_key("d" + first) < sort_key("đ" + second)
    assert sort_key("D" + first) < sort_key("Đ" + second)


@given(names)
def test_order_does_not_depend_on_case(name):
    assert sort_key(name.upper()) == sort_key(name.lower()) == sort_key(name)


@given(words, st.sampled_from(TONES[1:]), st.sampled_from(LETTERS))
def test_a_tone_comes_after_the_bare_syllable_and_before_a_longer_one(syllable, tone, letter):
    bare = fold(syllable)
    toned = unicodedata.normalize("NFC", bare[0] + tone + bare[1:])
    assert sort_key(bare) < sort_key(toned) < sort_key(bare + fold(letter))


@given(names, names)
def test_names_compare_word_by_word(first, second):
    # "An Bình" before "Án": the first word decides, tone included, before the next is read.
    one, other = first.split()[0], second.split()[0]
    if sort_key(one) < sort_key(other):
        assert sort_key(first) < sort_key(second)
