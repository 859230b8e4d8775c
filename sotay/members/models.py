from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from sotay.core.fields import CodePointOrderField
from sotay.core.permissions import MEMBERS_VIEW
from sotay.core.scoping import ScopedQuerySet
from sotay.core.text import FOLD_GROWTH, SORT_KEY_GROWTH, fold, normalize_name, search_words, sort_key
from sotay.core.validators import reject_control_characters, validate_id_number, validate_phone
from sotay.members.choices import (
    Category,
    Education,
    Gender,
    PoliticalTheory,
    Professional,
    Religion,
    Status,
)
from sotay.organizations.models import Unit

TEXT = [reject_control_characters]
NAME_LENGTH = 120
# Django's own wording reads, in Vietnamese, as a request to type an address, not that it is wrong.
EMAIL_INVALID = _("This is not an email address; it should look like ten@example.vn.")


class MemberQuerySet(ScopedQuerySet):
    scope_path_field = "unit__path"
    view_permission = MEMBERS_VIEW

    def own_records_q(self, user) -> Q:
        return Q(pk=user.member_id) if user.member_id else Q(pk__in=[])

    def in_subtree(self, unit: Unit) -> MemberQuerySet:
        return self.filter(unit__path__startswith=unit.path)

    def name_matches(self, text: str) -> MemberQuerySet:
        """Names with a word starting with each word of `text`, in any order, ignoring case and
        diacritics: "an", "van an" and "an nguyen" all find Nguyễn Văn An.
        """
        members = self
        for word in search_words(text):
            members = members.filter(Q(name_key__startswith=word) | Q(name_key__contains=" " + word))
        return members

    def with_status_on(self, day: datetime.date) -> MemberQuerySet:
        """Annotate `status_on` and `unit_on`: the values the history gives for `day`.

        Derived from the history rows only, so the answer for a past day never changes.
        """
        status = MemberStatusEvent.objects.filter(member=OuterRef("pk"), valid_from__lte=day).order_by(
            "-valid_from", "-id"
        )
        unit = MemberUnitEvent.objects.filter(member=OuterRef("pk"), valid_from__lte=day).order_by("-valid_from", "-id")
        return self.annotate(
            status_on=Subquery(status.values("status")[:1]),
            unit_on=Subquery(unit.values("unit_id")[:1]),
        )


class Member(models.Model):
    """A member's profile. `status` and `unit` mirror the newest history rows (see services)."""

    full_name = models.CharField(_("full name"), max_length=NAME_LENGTH, validators=TEXT)
    # Sized for the longest key a name of NAME_LENGTH characters can give.
    name_key = models.CharField(max_length=NAME_LENGTH * FOLD_GROWTH, editable=False)
    name_sort = CodePointOrderField(max_length=NAME_LENGTH * SORT_KEY_GROWTH, editable=False)
    other_names = models.CharField(_("other names"), max_length=120, blank=True, validators=TEXT)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    birthplace = models.CharField(_("birthplace"), max_length=200, blank=True, validators=TEXT)
    home_town = models.CharField(_("home town"), max_length=200, blank=True, validators=TEXT)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True, validators=TEXT)
    religion = models.CharField(_("religion"), max_length=20, choices=Religion.choices, default=Religion.NONE)
    family_background = models.TextField(_("family background"), max_length=2000, blank=True, validators=TEXT)
    id_number = models.CharField(_("ID number"), max_length=12, blank=True, validators=[validate_id_number])
    phone = models.CharField(_("phone"), max_length=15, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), max_length=254, blank=True, error_messages={"invalid": EMAIL_INVALID})
    address = models.CharField(_("residence address"), max_length=255, blank=True, validators=TEXT)
    general_education = models.CharField(
        _("general education"), max_length=5, choices=Education.choices, default=Education.UPPER_SECONDARY
    )
    professional_level = models.CharField(
        _("professional qualification"), max_length=20, choices=Professional.choices, default=Professional.NONE
    )
    political_theory = models.CharField(
        _("political theory"), max_length=20, choices=PoliticalTheory.choices, default=PoliticalTheory.NONE
    )
    foreign_languages = models.CharField(_("foreign languages"), max_length=120, blank=True, validators=TEXT)
    occupation = models.CharField(_("occupation and position"), max_length=200, blank=True, validators=TEXT)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    admitted_on = models.DateField(_("admitted on"))
    recognized_on = models.DateField(_("recognized as full member on"), null=True, blank=True)
    card_number = models.CharField(_("card number"), max_length=20, null=True, blank=True, validators=TEXT)
    # Indexed by member_unit_search_idx, which starts with unit_id.
    unit = models.ForeignKey(
        Unit, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="members", db_index=False
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [
            # Lists are in Vietnamese alphabetical order, paged by keyset on (name_sort, id).
            models.Index(fields=["name_sort", "id"], name="member_name_sort_idx"),
            # A name search within a scope reads the scope's members from this index alone
            # (PostgreSQL's index-only scan; SQLite ignores `include`): no wide row is read or
            # sorted until the page's own rows are fetched by id.
            models.Index(
                fields=["unit", "status"], include=["name_key", "name_sort", "id"], name="member_unit_search_idx"
            ),
            models.Index(fields=["phone"], name="member_phone_idx"),
            # The category is the filter committees use most (enterprise owners, students,
            # workers): its pages walk this index in name order instead of every name nationally.
            models.Index(fields=["category", "name_sort", "id"], name="member_category_name_idx"),
        ]
        # A constraint rather than unique=True: on PostgreSQL that would add a second,
        # LIKE-pattern index on card numbers, which no query uses.
        constraints = [models.UniqueConstraint(fields=["card_number"], name="member_card_number_unique")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = normalize_name(self.full_name)
        self.name_key = fold(self.full_name)
        self.name_sort = sort_key(self.full_name)
        super().save(*args, **kwargs)


class HistoryRow(models.Model):
    """A dated fact about a member: when it became true, why, on which document, by whom."""

    # Indexed by each history table's (member, -valid_from, -id) index.
    member = models.ForeignKey(Member, on_delete=models.CASCADE, db_index=False)
    valid_from = models.DateField(_("effective date"))
    reason = models.CharField(_("reason"), max_length=255, blank=True, validators=TEXT)
    document_ref = models.CharField(_("document reference"), max_length=100, blank=True, validators=TEXT)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-valid_from", "-id"]


class MemberStatusEvent(HistoryRow):
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)

    class Meta(HistoryRow.Meta):
        indexes = [models.Index(fields=["member", "-valid_from", "-id"], name="status_event_member_idx")]


class MemberUnitEvent(HistoryRow):
    unit = models.ForeignKey(Unit, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="+")

    class Meta(HistoryRow.Meta):
        indexes = [models.Index(fields=["member", "-valid_from", "-id"], name="unit_event_member_idx")]
