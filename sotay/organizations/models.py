from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from sotay.core.permissions import UNITS_VIEW
from sotay.core.scoping import ScopedQuerySet
from sotay.core.text import FOLD_GROWTH, fold
from sotay.core.validators import reject_control_characters


class UnitKind(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Provincial committee")
    DISTRICT = "district", _("District-level committee")
    GRASSROOTS = "grassroots", _("Grassroots organization")
    SUB_COMMITTEE = "sub_committee", _("Sub-committee")
    CELL = "cell", _("Cell")


# A unit sits below units of a higher level; levels may be skipped (the 2025 reform removed one).
LEVEL_ORDER = [UnitKind.CENTRAL, UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.GRASSROOTS, UnitKind.SUB_COMMITTEE,
               UnitKind.CELL]  # fmt: skip


def may_contain(parent_kind: str, child_kind: str) -> bool:
    return LEVEL_ORDER.index(UnitKind(parent_kind)) < LEVEL_ORDER.index(UnitKind(child_kind))


class Sector(models.TextChoices):
    COMMUNE = "commune", _("Commune, ward or town")
    STATE_AGENCY = "state_agency", _("State agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    NON_STATE_ENTERPRISE = "non_state_enterprise", _("Non-state enterprise")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    OTHER = "other", pgettext_lazy("sector", "Other")


class SpecialArea(models.TextChoices):
    """Areas where the admission rules allow exceptions (ethnic-minority candidates with primary education)."""

    NONE = "", _("None")
    REMOTE = "remote", _("Remote area")
    HIGHLAND = "highland", _("Highland")
    BORDER = "border", _("Border area")
    ISLAND = "island", _("Island")


class UnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    scope_path_field = "path"
    view_permission = UNITS_VIEW

    def active(self) -> "UnitQuerySet":
        return self.filter(dissolved_on__isnull=True)


class UnitManager(MP_NodeManager):
    def get_queryset(self) -> UnitQuerySet:
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user, permission: str | None = None) -> UnitQuerySet:
        return self.get_queryset().visible_to(user, permission)


NAME_LENGTH = 200


class Unit(MP_Node):
    """A party organization at any level; its place in the tree is its materialized path."""

    steplen = 4
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                _("Use letters without diacritics, digits, dots, dashes and underscores, such as NB-01-002."),
            )
        ],
        error_messages={"unique": _("This code is already used by another unit.")},
    )
    name = models.CharField(_("name"), max_length=NAME_LENGTH, validators=[reject_control_characters])
    # Sized for the longest key a name of NAME_LENGTH characters can give.
    name_key = models.CharField(max_length=NAME_LENGTH * FOLD_GROWTH, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, default=Sector.OTHER)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    special_area = models.CharField(
        _("special area"), max_length=10, choices=SpecialArea.choices, default=SpecialArea.NONE, blank=True
    )

    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            # Serves `path LIKE 'prefix%'` on PostgreSQL whatever the database collation is.
            models.Index(fields=["path"], name="unit_path_prefix_idx", opclasses=["text_pattern_ops"]),
            # The top of the tree (depth 1) is read for every superuser's list and tree.
            models.Index(fields=["depth"], name="unit_depth_idx"),
            # New party organizations in a sector founded in a year (the recruitment progress report),
            # found without reading every unit of a national subtree.
            models.Index(fields=["sector", "founded_on"], name="unit_sector_founded_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The name with the code: two units can share a name, never a code."""
        return gettext("%(name)s (%(code)s)") % {"name": self.name, "code": self.code}

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None

    @property
    def parent_path(self) -> str:
        return parent_path(self.path)


def parent_path(path: str) -> str:
    """The path of the unit directly above the unit at `path` ("" for a root)."""
    return path[: -Unit.steplen]


class UnitEventKind(models.TextChoices):
    CREATED = "created", _("Created")
    RENAMED = "renamed", _("Renamed")
    MOVED = "moved", _("Moved")
    MERGED_INTO = "merged_into", _("Merged into another unit")
    ABSORBED = "absorbed", _("Absorbed another unit")
    DISSOLVED = "dissolved", _("Dissolved")


class UnitEvent(models.Model):
    """One dated change to a unit, with the values before and after."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=UnitEventKind.choices)
    occurred_on = models.DateField(_("date"))
    details = models.JSONField(default=dict)
    document_ref = models.CharField(_("document reference"), max_length=100, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["unit", "-occurred_on"])]


class UnitMemberCount(models.Model):
    """Members of a unit's whole subtree by status, kept up to date on every change.

    Pages read these rows instead of counting the subtree: a national rollup stays a lookup.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="member_counts")
    status = models.CharField(max_length=20)
    subtree_count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "status"], name="unit_status_count_unique")]
