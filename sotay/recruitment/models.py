"""Member development: sources, classes, admission cases with their recorded steps, targets and
the maintained admission counts that progress reports read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sotay.core.fields import CodePointOrderField
from sotay.core.permissions import RECRUITMENT_VIEW
from sotay.core.scoping import ScopedQuerySet
from sotay.core.text import FOLD_GROWTH, SORT_KEY_GROWTH, fold, normalize_name, sort_key
from sotay.core.validators import reject_control_characters, validate_id_number, validate_phone
from sotay.members.choices import Education, Gender, Religion
from sotay.members.models import Member
from sotay.organizations.models import Unit
from sotay.recruitment.choices import (
    CaseAction,
    CourseKind,
    CourseResult,
    MassOrganization,
    SourceCategory,
    SourceStatus,
    Step,
    TallyCategory,
    TargetKind,
)

TEXT = [reject_control_characters]
NAME_LENGTH = 120


class RecruitmentQuerySet(ScopedQuerySet):
    scope_path_field = "unit__path"
    view_permission = RECRUITMENT_VIEW

    def in_subtree(self, unit: Unit):
        return self.filter(self.units_q((unit.path,)))


class CaseQuerySet(RecruitmentQuerySet):
    # A province's open cases through the case's unit index, not a scan of the country's.
    scope_unit_field = "unit"


class Candidate(models.Model):
    """A source (nguồn phát triển đảng): a person the unit is preparing for admission.

    The profile fields mirror a member's, so the decision can create the member from them;
    ethnicity, religion and family background are sensitive as they are for members.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(_("full name"), max_length=NAME_LENGTH, validators=TEXT)
    name_key = models.CharField(max_length=NAME_LENGTH * FOLD_GROWTH, editable=False)
    name_sort = CodePointOrderField(max_length=NAME_LENGTH * SORT_KEY_GROWTH, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    vietnamese_citizen = models.BooleanField(_("Vietnamese citizen"), default=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True, validators=TEXT)
    ethnic_minority = models.BooleanField(_("ethnic minority"), default=False)
    religion = models.CharField(_("religion"), max_length=20, choices=Religion.choices, default=Religion.NONE)
    family_background = models.TextField(_("family background"), max_length=2000, blank=True, validators=TEXT)
    id_number = models.CharField(_("ID number"), max_length=12, blank=True, validators=[validate_id_number])
    phone = models.CharField(_("phone"), max_length=15, blank=True, validators=[validate_phone])
    address = models.CharField(_("residence address"), max_length=255, blank=True, validators=TEXT)
    general_education = models.CharField(
        _("general education"), max_length=5, choices=Education.choices, default=Education.UPPER_SECONDARY
    )
    occupation = models.CharField(_("occupation and position"), max_length=200, blank=True, validators=TEXT)
    category = models.CharField(_("category"), max_length=20, choices=SourceCategory.choices)
    mass_organization = models.CharField(
        _("mass organization"), max_length=20, choices=MassOrganization.choices, blank=True
    )
    helper = models.ForeignKey(
        Member,
        verbose_name=_("full member helping them"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("committee member responsible for the locality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    identified_on = models.DateField(_("identified on"))
    status = models.CharField(_("status"), max_length=20, choices=SourceStatus.choices, default=SourceStatus.ACTIVE)
    notes = models.TextField(_("notes"), max_length=2000, blank=True, validators=TEXT)
    # Set when the unit stops developing the person (status DROPPED), always with the reason.
    dropped_on = models.DateField(_("no longer a source since"), null=True, blank=True)
    drop_reason = models.CharField(_("reason"), max_length=255, blank=True, validators=TEXT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecruitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [
            models.Index(fields=["unit", "status"], name="candidate_unit_status_idx"),
            models.Index(fields=["name_sort", "id"], name="candidate_name_sort_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = normalize_name(self.full_name)
        self.name_key = fold(self.full_name)
        self.name_sort = sort_key(self.full_name)
        super().save(*args, **kwargs)


class Course(models.Model):
    """A class held by a unit: supplementary general education, or the awareness class on the Party."""

    unit = models.ForeignKey(Unit, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    title = models.CharField(_("title"), max_length=200, validators=TEXT)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True, validators=TEXT)
    # The education a passed supplementary class gives (blank for an awareness class).
    grants_education = models.CharField(
        _("education on graduation"), max_length=5, choices=Education.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecruitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="course_dates")]

    def __str__(self) -> str:
        return self.title


class EnrollmentQuerySet(RecruitmentQuerySet):
    scope_path_field = "course__unit__path"


class Enrollment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="enrollments")
    enrolled_on = models.DateField(_("enrolled on"))
    result = models.CharField(_("result"), max_length=10, choices=CourseResult.choices, default=CourseResult.PENDING)
    result_on = models.DateField(_("result on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True, validators=TEXT)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [models.UniqueConstraint(fields=["course", "candidate"], name="enrollment_once")]


class CourseSessionQuerySet(RecruitmentQuerySet):
    scope_path_field = "course__unit__path"


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200, blank=True, validators=TEXT)

    objects = CourseSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ["held_on", "id"]


class Attendance(models.Model):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"], name="attendance_once")]


class AdmissionCase(models.Model):
    """One candidate's way from source to full member. `step` is the last step completed;
    `sotay.recruitment.transitions` says which steps may follow which, and every move is a
    `CaseEvent`."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="cases")
    unit = models.ForeignKey(Unit, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="+")
    step = models.CharField(_("step"), max_length=30, choices=Step.choices, default=Step.OPENED)
    step_on = models.DateField(_("step completed on"))
    due_on = models.DateField(_("next step due on"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Set by the admission decision; the probation guide is a full member of the cell.
    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="admission_case"
    )
    guide = models.ForeignKey(
        Member,
        verbose_name=_("probation guide"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("admission case")
        verbose_name_plural = _("admission cases")
        indexes = [
            models.Index(fields=["unit", "step"], name="case_unit_step_idx"),
            models.Index(fields=["due_on"], name="case_due_idx", condition=Q(closed_on__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate"], condition=Q(closed_on__isnull=True), name="case_one_open_per_candidate"
            )
        ]

    def __str__(self) -> str:
        return str(self.candidate)


class CaseEventQuerySet(RecruitmentQuerySet):
    scope_path_field = "case__unit__path"


class CaseEvent(models.Model):
    """A recorded move of a case: what, when, on which document, by whom, and the checks it ran."""

    case = models.ForeignKey(AdmissionCase, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=CaseAction.choices)
    from_step = models.CharField(_("from step"), max_length=30, choices=Step.choices, blank=True)
    to_step = models.CharField(_("to step"), max_length=30, choices=Step.choices)
    occurred_on = models.DateField(_("date"))
    document_ref = models.CharField(_("document reference"), max_length=100, blank=True, validators=TEXT)
    reason = models.TextField(_("reason"), max_length=2000, blank=True, validators=TEXT)
    # Votes, for the steps decided by one: in favour, against, and the full members entitled to vote.
    votes_for = models.PositiveIntegerField(_("votes in favour"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    voters = models.PositiveIntegerField(_("full members entitled to vote"), null=True, blank=True)
    # Each rule the transition checked: [{"rule", "outcome", "value", "source", "message"}].
    checks = models.JSONField(_("checks"), default=list, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["occurred_on", "id"]


class CaseAttachment(models.Model):
    event = models.ForeignKey(CaseEvent, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="recruitment/%Y/%m/")
    name = models.CharField(_("name"), max_length=200, validators=TEXT)


class Introduction(models.Model):
    """Who introduced the candidate: a full member, or the Youth Union or trade union."""

    case = models.ForeignKey(AdmissionCase, on_delete=models.CASCADE, related_name="introductions")
    introducer = models.ForeignKey(
        Member, verbose_name=_("introducer"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.CharField(
        _("introducing organization"), max_length=20, choices=MassOrganization.choices, blank=True
    )
    shared_months = models.PositiveIntegerField(_("months worked together"), null=True, blank=True)
    introduced_on = models.DateField(_("introduced on"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(introducer__isnull=False, organization="")
                | Q(introducer__isnull=True) & ~Q(organization=""),
                name="introduction_by_member_or_organization",
            )
        ]


class AdmissionTarget(models.Model):
    """A unit's target for a year. `value` is what applies; `default_value` what the policy ratio
    gave, kept so an override shows what it replaced."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("target"), max_length=20, choices=TargetKind.choices)
    value = models.PositiveIntegerField(_("target"))
    default_value = models.PositiveIntegerField(_("default target"), null=True, blank=True)
    reason = models.CharField(_("reason for the change"), max_length=255, blank=True, validators=TEXT)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    objects = RecruitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["unit", "year", "kind"], name="target_once")]


class AdmissionTally(models.Model):
    """Admissions decided on `day` in the unit's subtree, per category, kept up to date by the
    decision (one row per ancestor), so a national progress report is a lookup, not a scan."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    category = models.CharField(max_length=20, choices=TallyCategory.choices)
    subtree_count = models.IntegerField(default=0)

    objects = RecruitmentQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "category", "day"], name="tally_once")]
        # With the count in the index a report reads the index alone, where a unit's rows lie
        # together; in the table they are scattered over a page each (docs/decisions/0009).
        # PostgreSQL only: SQLite has no covering indexes and skips it.
        indexes = [models.Index(fields=["unit", "category", "day"], include=["subtree_count"], name="tally_read_idx")]
