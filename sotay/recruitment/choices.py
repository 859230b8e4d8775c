from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceCategory(models.TextChoices):
    """Who a source is, as the committees' reports group them."""

    YOUTH_UNION = "youth_union", _("Youth Union member")
    WORKER = "worker", _("Worker")
    STUDENT = "student", _("Student")
    RELIGIOUS = "religious", _("Religious believer")
    ENTERPRISE_OWNER = "enterprise_owner", _("Enterprise owner or manager")
    VILLAGE_HEAD = "village_head", _("Village or hamlet head")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    OTHER = "other", pgettext_lazy("source category", "Other")


class MassOrganization(models.TextChoices):
    NONE = "", _("None")
    YOUTH_UNION = "youth_union", _("Ho Chi Minh Communist Youth Union")
    WOMENS_UNION = "womens_union", _("Women's Union")
    TRADE_UNION = "trade_union", _("Trade union")
    FARMERS = "farmers", _("Farmers' Association")
    VETERANS = "veterans", _("Veterans' Association")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")


class SourceStatus(models.TextChoices):
    ACTIVE = "active", _("Being developed")
    IN_CASE = "in_case", _("Admission case open")
    ADMITTED = "admitted", _("Admitted")
    DROPPED = "dropped", _("No longer a source")


class CourseKind(models.TextChoices):
    SUPPLEMENTARY = "supplementary", _("Supplementary general education (bổ túc văn hóa)")
    AWARENESS = "awareness", _("Awareness class on the Party")


class CourseResult(models.TextChoices):
    PENDING = "pending", _("In progress")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    LEFT = "left", _("Left the class")


class Step(models.TextChoices):
    """Where an admission case stands: the last step completed (../shared/domain.md)."""

    OPENED = "opened", _("Source identified")
    AWARENESS_CERTIFIED = "awareness_certified", _("Awareness class certified")
    APPLIED = "applied", _("Application submitted")
    INTRODUCED = "introduced", _("Introduced")
    COMMENTS_COLLECTED = "comments_collected", _("Comments collected")
    BACKGROUND_VERIFIED = "background_verified", _("Background verified")
    CELL_VOTED = "cell_voted", _("Cell voted")
    COMMITTEE_RESOLVED = "committee_resolved", _("Grassroots committee resolved")
    ADMITTED = "admitted", _("Admission decided: probationary member")
    SWORN_IN = "sworn_in", _("Admission ceremony held")
    PROBATION_REVIEWED = "probation_reviewed", _("Probation reviewed")
    RECOGNITION_VOTED = "recognition_voted", _("Cell voted on recognition")
    RECOGNIZED = "recognized", _("Recognized as a full member")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REMOVED = "removed", _("Removed after probation")


CLOSED_STEPS = frozenset({Step.RECOGNIZED, Step.REJECTED, Step.WITHDRAWN, Step.REMOVED})


class CaseAction(models.TextChoices):
    ADVANCE = "advance", _("Advanced")
    SEND_BACK = "send_back", _("Sent back")
    REJECT = "reject", _("Rejected")
    WITHDRAW = "withdraw", _("Withdrawn")


class TargetKind(models.TextChoices):
    ADMISSIONS = "admissions", _("Admissions")
    NEW_ORGANIZATIONS = "new_organizations", _("New party organizations in non-state enterprises")
    RELIGIOUS = "religious", _("Religious believers admitted")
    ENTERPRISE_OWNERS = "enterprise_owners", _("Enterprise owners admitted")
    STUDENTS = "students", _("Students admitted")


class TallyCategory(models.TextChoices):
    """What an admission is counted under in the progress report; one admission counts in `ALL`
    and in every other category it belongs to."""

    ALL = "all", _("All admissions")
    RELIGIOUS = "religious", _("Religious believers")
    ENTERPRISE_OWNERS = "enterprise_owners", _("Enterprise owners")
    STUDENTS = "students", _("Students")
    WORKERS = "workers", _("Workers")
    UNDER_30 = "under_30", _("Under 30")
