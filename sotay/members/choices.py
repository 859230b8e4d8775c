from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Status(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary")
    FULL = "full", _("Full member")
    EXEMPT = "exempt", _("Exempt from activities")
    AWAY = "away", _("Temporarily transferred away")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    REMOVED = "removed", _("Removed from the rolls")
    EXPELLED = "expelled", _("Expelled")
    RESIGNED = "resigned", _("Resigned")
    DECEASED = "deceased", _("Deceased")


# Statuses of people still counted among a unit's members.
ON_ROLLS = frozenset({Status.PROBATIONARY, Status.FULL, Status.EXEMPT, Status.AWAY})


class Category(models.TextChoices):
    WORKER = "worker", _("Worker")
    FARMER = "farmer", _("Farmer")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    ENTERPRISE_OWNER = "enterprise_owner", _("Enterprise owner or manager")
    STUDENT = "student", _("Student")
    RETIREE = "retiree", _("Retiree")
    OTHER = "other", pgettext_lazy("category", "Other")


class Education(models.TextChoices):
    PRIMARY = "5/12", _("Primary (5/12)")
    LOWER_SECONDARY = "9/12", _("Lower secondary (9/12)")
    UPPER_SECONDARY = "12/12", _("Upper secondary (12/12)")


class Professional(models.TextChoices):
    NONE = "none", _("None")
    VOCATIONAL = "vocational", _("Vocational")
    COLLEGE = "college", _("College")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTOR = "doctor", _("Doctorate")


class PoliticalTheory(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Religion(models.TextChoices):
    NONE = "none", _("No religion")
    BUDDHISM = "buddhism", _("Buddhism")
    CATHOLICISM = "catholicism", _("Catholicism")
    PROTESTANTISM = "protestantism", _("Protestantism")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Hòa Hảo")
    OTHER = "other", pgettext_lazy("religion", "Other")


class AgeBand(models.TextChoices):
    UNDER_31 = "-30", _("30 and under")
    FROM_31_TO_40 = "31-40", _("31 to 40")
    FROM_41_TO_50 = "41-50", _("41 to 50")
    FROM_51_TO_60 = "51-60", _("51 to 60")
    OVER_60 = "61-", _("Over 60")


AGE_BAND_LIMITS: dict[str, tuple[int | None, int | None]] = {
    AgeBand.UNDER_31: (None, 30),
    AgeBand.FROM_31_TO_40: (31, 40),
    AgeBand.FROM_41_TO_50: (41, 50),
    AgeBand.FROM_51_TO_60: (51, 60),
    AgeBand.OVER_60: (61, None),
}

# Fields that only roles with the sensitive-data permission may see or filter by.
SENSITIVE_FIELDS = ("ethnicity", "religion", "family_background")
