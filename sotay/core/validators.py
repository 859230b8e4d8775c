import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sotay.core.text import has_control_characters


def reject_control_characters(value: str) -> None:
    if has_control_characters(value):
        raise ValidationError(_("This text contains control characters; remove them and try again."), code="control")


PHONE_CHARACTERS = re.compile(r"\+?[0-9 ().-]+")
# A phone number as typed, grouped with spaces and brackets ("+84 (912) 345-678"), may be longer
# than the 15 characters kept once compact_phone() has taken the grouping out; the model's own
# limit then applies to the compact value.
PHONE_INPUT_MAX_LENGTH = 25


def compact_phone(value: str) -> str:
    """A phone number as kept: digits, and a leading + for abroad ("0912 345 678" → "0912345678").

    Anything with other characters is left as it is, for validate_phone to refuse.
    """
    if not PHONE_CHARACTERS.fullmatch(value):
        return value
    return ("+" if value.startswith("+") else "") + "".join(character for character in value if character.isdigit())


def validate_phone(value: str) -> None:
    """Digits, optionally grouped with spaces, dots, dashes or brackets, and a leading + for abroad."""
    digits = sum(character.isdigit() for character in value)
    if not PHONE_CHARACTERS.fullmatch(value) or not 8 <= digits <= 15:
        raise ValidationError(
            _("Enter a phone number of 8 to 15 digits, such as 0912 345 678 or +84 912 345 678."), code="phone"
        )


def validate_id_number(value: str) -> None:
    """A citizen identity card number (12 digits) or an old identity card number (9 digits)."""
    if not (value.isascii() and value.isdigit() and len(value) in (9, 12)):
        raise ValidationError(
            _("An ID number has 12 digits (citizen identity card) or 9 digits (old identity card)."), code="id_number"
        )
