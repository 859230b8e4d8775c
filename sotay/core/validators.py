from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sotay.core.text import has_control_characters


def reject_control_characters(value: str) -> None:
    if has_control_characters(value):
        raise ValidationError(_("This text contains control characters; remove them and try again."), code="control")
