from django.contrib import admin

from sotay.core.admin import ReadOnlyAdmin
from sotay.organizations.models import Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "sector", "depth", "dissolved_on"]
    list_filter = ["kind", "sector"]
    search_fields = ["code", "name_key"]
    ordering = ["path"]
