"""Vietnamese names for generated members, with family names in their real frequencies."""

import random

# Share of the population (per cent), from published surveys of Vietnamese family names;
# Đinh is frequent in Ninh Bình, the land of Đinh Bộ Lĩnh.
FAMILY_NAMES = {
    "Nguyễn": 38.4, "Trần": 12.1, "Lê": 9.5, "Phạm": 7.0, "Hoàng": 5.1, "Phan": 4.5, "Vũ": 3.9, "Đặng": 2.1,
    "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0, "Lý": 0.5, "Đinh": 1.6, "Mai": 0.8, "Trịnh": 0.9,
    "Lương": 0.5, "Tạ": 0.4, "Hà": 0.6, "Cao": 0.5, "Lại": 0.3, "Quách": 0.2, "Tống": 0.2, "Đoàn": 0.6,
}  # fmt: skip
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu", "Ngọc", "Thành", "Công", "Mạnh", "Trọng"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Thùy"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Huy", "Khánh", "Long", "Minh", "Nam", "Phong", "Quân",
    "Sơn", "Thắng", "Tuấn", "Trung", "Việt", "Hiếu", "Hoàng", "Thành", "Toàn", "Lâm", "Tùng", "Quyết", "Định",
    "Kiên", "Lộc", "Phúc", "Tiến", "Vinh", "Hưng", "Đạt", "Chiến", "Thịnh", "Nghĩa", "Bảo", "Duy", "Giang",
]  # fmt: skip
GIVEN_FEMALE = [
    "Anh", "Chi", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền", "Lan", "Linh", "Mai", "Nga", "Ngọc",
    "Nhung", "Oanh", "Phương", "Thảo", "Thủy", "Trang", "Vân", "Yến", "Loan", "Hiền", "Thu", "Tuyết", "Liên",
    "Dịu", "Giang", "Huệ", "Lụa", "Nhàn", "Quyên", "Tâm", "Xuân", "Ánh", "Diệp", "My", "Thoa", "Uyên",
]  # fmt: skip

_FAMILY = list(FAMILY_NAMES)
_FAMILY_WEIGHTS = list(FAMILY_NAMES.values())


def full_name(rng: random.Random, *, female: bool) -> str:
    family = rng.choices(_FAMILY, _FAMILY_WEIGHTS)[0]
    if female:
        return f"{family} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
    return f"{family} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"


PLACE_WORDS = [
    "Gia", "Yên", "Ninh", "Khánh", "Phú", "Thạch", "Lạc", "Sơn", "Hòa", "Thượng", "Đồng", "Xuân", "Quảng",
    "Văn", "Thanh", "Tân", "Kim", "Trường", "Định", "Hưng", "Mỹ", "Lai", "Thành", "Bình", "Phong", "Hải",
    "Vân", "Cúc", "Lâm", "Lợi", "Thủy", "Tiến", "Trung", "Hồng", "Đức", "Chính", "Mai", "Thắng", "Long",
]  # fmt: skip


def place_name(rng: random.Random) -> str:
    first, second = rng.sample(PLACE_WORDS, 2)
    return f"{first} {second}"
