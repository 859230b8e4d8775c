from django.contrib import admin

from sotay.organizations.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Read-only: tree changes go through the console, whose services keep history and counts."""

    list_display = ["name", "code", "kind", "sector", "depth", "dissolved_on"]
    list_filter = ["kind", "sector"]
    search_fields = ["code", "name_key"]
    ordering = ["path"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
