from hypothesis import given
from hypothesis import strategies as st

from sotay.core.text import fold, has_control_characters, normalize_name


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
