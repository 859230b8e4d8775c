from django.db import models
from django.utils.translation import gettext_lazy as _


class Policy(models.TextChoices):
    """The numbers regulations set that the software applies."""

    MIN_ADMISSION_AGE = "min_admission_age", _("minimum age at admission")
    MAX_ADMISSION_AGE = "max_admission_age", _("maximum age at admission")
    # General education as the grade finished out of 12 (9 = lower secondary).
    MIN_EDUCATION_GRADE = "min_education_grade", _("minimum general education (grade)")
    MIN_EDUCATION_GRADE_SPECIAL_AREA = (
        "min_education_grade_special_area",
        _("minimum general education for ethnic-minority candidates in remote areas (grade)"),
    )
    INTRODUCER_SHARED_MONTHS = "introducer_shared_months", _("months an introducer worked with the candidate")
    # Ratios are stored to four places and read as the nearest simple fraction (0.6667 → 2/3).
    CELL_VOTE_SHARE = "cell_vote_share", _("share of the cell's full members needed in favour")
    COMMITTEE_VOTE_SHARE = "committee_vote_share", _("share of the committee needed in favour")
    PROBATION_MONTHS = "probation_months", _("probation in months")
    DECISION_WORKING_DAYS = "decision_working_days", _("working days for the admission decision")
    ADMISSION_TARGET_RATIO = "admission_target_ratio", _("yearly admission target as a share of members")
    ACTIVATION_CODE_DAYS = "activation_code_days", _("days a handbook activation code stays valid")
    ACTIVATION_CODE_ATTEMPTS = "activation_code_attempts", _("wrong phone or card numbers that void an activation code")
    REGULAR_MEETING_MONTHS = "regular_meeting_months", _("months between a cell's regular meetings")
    THEMATIC_MEETING_MONTHS = "thematic_meeting_months", _("months within which a cell holds a thematic meeting")
    CHECKIN_OPENS_MINUTES = "checkin_opens_minutes", _("minutes before a meeting starts that QR check-in opens")
    CHECKIN_CLOSES_MINUTES = "checkin_closes_minutes", _("minutes after a meeting ends that QR check-in closes")


class PolicyParameter(models.Model):
    """A number a regulation sets, in force from a date: regulations change, and other
    organizations use other numbers, so none of them is a constant in code."""

    key = models.CharField(_("parameter"), max_length=60, choices=Policy.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(_("source"), max_length=200, help_text=_("The regulation that sets it."))

    class Meta:
        verbose_name = _("policy parameter")
        verbose_name_plural = _("policy parameters")
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="policy_parameter_once_a_day")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} = {self.value:g} ({self.source})"
