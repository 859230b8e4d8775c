from django.db import models
from django.utils.translation import gettext_lazy as _


class Policy(models.TextChoices):
    """The numbers regulations set that the software applies."""

    MIN_ADMISSION_AGE = "min_admission_age", _("minimum age at admission")


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
