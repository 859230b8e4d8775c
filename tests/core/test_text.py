import re
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.core.text import FORBIDDEN_CLASS, TEXT_PATTERN, fold, has_control_characters, normalize_name


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
